import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createAuth, newSecret } from './auth';
import { createDatabase, type EmulatedDatabase, type IndexDecl } from './db';
import { createEmulatedCloud, createFunctionsRunner, EMULATED_APPID, type EmulatedCloud } from './functions';
import { createOpenApi, MESSAGES, REFUSALS, type TemplateSpec } from './openapi';
import { createSubscriptions, SUBSCRIPTIONS } from './openapi/subscriptions';
import { createMediaChecks } from './openapi/mediaCheck';
import { createStorage } from './storage';

export const EMULATOR_ENV = 'local-gridlink';

export interface EmulatorOptions {
  /** Persist under this folder (db/, storage/, secret); in memory when absent. */
  dataDir?: string;
  templates: readonly TemplateSpec[];
  indexes: readonly IndexDecl[];
  /** Registers the project's functions against the emulated SDK. */
  functions: Record<string, (cloud: EmulatedCloud) => (event: unknown) => Promise<unknown>>;
  /** Session lifetime (default 7 days). */
  sessionTtlMs?: number;
  /** The function WeChat pushes event messages to (消息推送); default `api`. */
  messagePushFunction?: string;
  /** How long a mediaCheckAsync verdict takes to arrive (ms; WeChat: up to 30 minutes). -1: only on flush(). */
  mediaCheckDelayMs?: number;
}

/** The emulated WeChat Cloud: database, functions, openapi, storage and auth, without HTTP. */
export async function createEmulator(opts: EmulatorOptions) {
  let publicUrl = 'http://127.0.0.1';
  const dataDir = opts.dataDir;
  if (dataDir) await mkdir(dataDir, { recursive: true });

  const db: EmulatedDatabase = createDatabase({ dir: dataDir ? path.join(dataDir, 'db') : undefined });
  await db.ensureIndexes([...opts.indexes]);
  // WeChat's own records (sent messages, refusals) live apart from the project's database, so
  // they neither show up in its collections nor count towards its reads and writes.
  const platformDb: EmulatedDatabase = createDatabase({ dir: dataDir ? path.join(dataDir, 'platform') : undefined });
  await platformDb.ensureIndexes([{ collection: REFUSALS, fields: ['openid', 'templateId'] }, { collection: MESSAGES, fields: ['touser'] }, { collection: SUBSCRIPTIONS, fields: ['openid'] }]);
  const secret = await loadSecret(dataDir);
  const storage = createStorage({ env: EMULATOR_ENV, dir: dataDir ? path.join(dataDir, 'storage') : undefined, publicUrl: () => publicUrl, secret });
  const failNextSends: { count: number; errCode?: number } = { count: 0 };
  const holdNextSends = { count: 0 };
  const subscriptions = createSubscriptions(platformDb, opts.templates);
  const mediaChecks = createMediaChecks({ storage, appid: EMULATED_APPID, delayMs: opts.mediaCheckDelayMs });
  const openapi = createOpenApi({ db: platformDb, templates: opts.templates, h5Base: () => publicUrl, failNextSends, holdNextSends, subscriptions, mediaChecks });
  const cloud = createEmulatedCloud({ env: EMULATOR_ENV, db, openapi, storage });
  const functions = createFunctionsRunner(EMULATOR_ENV);
  for (const [name, make] of Object.entries(opts.functions)) functions.register(name, make(cloud));
  cloud.bindFunctions(functions);
  // 消息推送: WeChat pushes event messages (wxa_media_check) to one function, with no user context.
  const pushTo = opts.messagePushFunction ?? 'api';
  if (functions.has(pushTo)) mediaChecks.bind((event) => functions.invoke(pushTo, event, { openid: '', source: 'wx_push' }));
  const auth = createAuth(secret, opts.sessionTtlMs);

  return {
    db,
    platformDb,
    storage,
    openapi,
    /** WeChat's record of what each user allowed (requestSubscribeMessage answers, grants). */
    subscriptions,
    cloud,
    functions,
    auth,
    failNextSends,
    holdNextSends,
    /** Pending mediaCheckAsync verdicts; `flush()` pushes them now. */
    mediaChecks,
    /** The templates registered in the console (ids, keys, titles). */
    templates: opts.templates,
    setPublicUrl(url: string) {
      publicUrl = url.replace(/\/$/, '');
    },
    get publicUrl() {
      return publicUrl;
    },
    /** Calls a function as the given OPENID (from `clientIp`, if given), the way the HTTP bridge does. */
    call(name: string, event: unknown, openid: string, opts: { clientIp?: string } = {}) {
      return functions.invoke(name, event, { openid, ...(opts.clientIp ? { clientIp: opts.clientIp } : {}) });
    },
    async reset() {
      await Promise.all([db.drop(), platformDb.drop()]);
      await db.ensureIndexes([...opts.indexes]);
      await platformDb.ensureIndexes([{ collection: REFUSALS, fields: ['openid', 'templateId'] }, { collection: MESSAGES, fields: ['touser'] }, { collection: SUBSCRIPTIONS, fields: ['openid'] }]);
    },
    close: async () => {
      await Promise.all([db.close(), platformDb.close()]);
    },
  };
}
export type Emulator = Awaited<ReturnType<typeof createEmulator>>;

/** The session secret persists so sessions survive restarts; in memory it is per process. */
async function loadSecret(dataDir?: string): Promise<string> {
  if (!dataDir) return newSecret();
  const file = path.join(dataDir, 'secret');
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    const s = newSecret();
    await writeFile(file, s, { mode: 0o600 });
    return s;
  }
}
