import { AsyncLocalStorage } from 'node:async_hooks';
import type { EmulatedDatabase } from '../db';
import type { EmulatedOpenApi } from '../openapi';
import type { Storage } from '../storage';

export interface WxContext {
  OPENID: string;
  APPID: string;
  UNIONID?: string;
  ENV: string;
  SOURCE: string;
  /** The caller's IP, as CloudBase gives it for client calls (the HTTP bridge's remote address). */
  CLIENTIP?: string;
}

/** Per-invocation wx-context, like WeChat gives each function call its own caller. */
const invocation = new AsyncLocalStorage<WxContext>();

export const EMULATED_APPID = 'wx0000000000local';

/** A wx-server-sdk-shaped object; function handlers receive it instead of requiring the SDK. */
export function createEmulatedCloud(deps: { env: string; db: EmulatedDatabase; openapi: EmulatedOpenApi; storage: Storage }) {
  let runner: Pick<FunctionsRunner, 'invoke'> | undefined;
  return {
    /** Lets functions call functions (cloud.callFunction); bound once the runner exists. */
    bindFunctions(r: Pick<FunctionsRunner, 'invoke'>) {
      runner = r;
    },
    /**
     * wx-server-sdk's cloud.callFunction from inside a function: the callee runs under the same
     * user, and its SOURCE records the hop through a function ("wx_client,scf"), as in the cloud.
     */
    async callFunction({ name, data }: { name: string; data?: unknown }) {
      if (!runner) throw new Error('cloud.callFunction:fail no functions are registered');
      const caller = invocation.getStore();
      const result = await runner.invoke(name, data ?? {}, { openid: caller?.OPENID ?? '', source: `${caller?.SOURCE || 'wx_unknown'},scf` });
      return { result, errMsg: 'cloud.callFunction:ok' };
    },
    DYNAMIC_CURRENT_ENV: Symbol.for('DYNAMIC_CURRENT_ENV'),
    init() {},
    getWXContext(): WxContext {
      return invocation.getStore() ?? { OPENID: '', APPID: '', ENV: deps.env, SOURCE: '' };
    },
    // `cloud.database({ throwOnNotFound: false })` is honoured; other options (env) do not apply here.
    database: (opts?: { throwOnNotFound?: boolean }) =>
      opts?.throwOnNotFound === false ? deps.db.withOptions({ throwOnNotFound: false }) : deps.db,
    openapi: deps.openapi,
    async uploadFile({ cloudPath, fileContent }: { cloudPath: string; fileContent: Uint8Array }) {
      return { fileID: await deps.storage.put(cloudPath, fileContent), statusCode: 200, errMsg: 'uploadFile:ok' };
    },
    async downloadFile({ fileID }: { fileID: string }) {
      const p = deps.storage.fileIdToPath(fileID);
      const f = p ? await deps.storage.get(p) : null;
      // Same shape of failure as the cloud: an error carrying errCode.
      if (!f) throw Object.assign(new Error(`downloadFile:fail file not found: ${fileID}`), { errCode: -503003 });
      return { fileContent: f.content, statusCode: 200, errMsg: 'downloadFile:ok' };
    },
    // As the cloud answers: one entry per file; a missing file has a non-zero status, not an error.
    async deleteFile({ fileList }: { fileList: string[] }) {
      const out = [];
      for (const fileID of fileList) {
        const p = deps.storage.fileIdToPath(fileID);
        const removed = p ? await deps.storage.remove(p) : false;
        out.push({ fileID, status: removed ? 0 : -1, errMsg: removed ? 'ok' : 'file not found' });
      }
      return { fileList: out };
    },
    async getTempFileURL({ fileList }: { fileList: string[] }) {
      return {
        fileList: fileList.map((fileID) => {
          const url = deps.storage.tempUrl(fileID);
          return { fileID, tempFileURL: url ?? '', status: url ? 0 : -1, errMsg: url ? 'ok' : 'file not found' };
        }),
      };
    },
  };
}
export type EmulatedCloud = ReturnType<typeof createEmulatedCloud>;

export type Handler = (event: unknown, context?: unknown) => Promise<unknown>;

/** Runs real function handlers in-process, each call under its caller's wx-context. */
export function createFunctionsRunner(env: string) {
  const handlers = new Map<string, Handler>();
  return {
    register(name: string, handler: Handler) {
      handlers.set(name, handler);
    },
    has: (name: string) => handlers.has(name),
    names: () => [...handlers.keys()],
    async invoke(name: string, event: unknown, caller: { openid: string; source?: string; clientIp?: string }): Promise<unknown> {
      const h = handlers.get(name);
      if (!h) throw new Error(`function not found: ${name}`);
      const ctx: WxContext = { OPENID: caller.openid, APPID: EMULATED_APPID, ENV: env, SOURCE: caller.source ?? 'wx_client', ...(caller.clientIp ? { CLIENTIP: caller.clientIp } : {}) };
      return invocation.run(ctx, () => h(event, { function_name: name }));
    },
  };
}
export type FunctionsRunner = ReturnType<typeof createFunctionsRunner>;
