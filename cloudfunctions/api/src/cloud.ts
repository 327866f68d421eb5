// The slice of wx-server-sdk this function uses. The real SDK and the local emulator both satisfy it;
// the entry file passes one in, so nothing here requires wx-server-sdk.

export interface WxContext {
  OPENID: string;
  APPID: string;
  UNIONID?: string;
  ENV?: string;
  SOURCE?: string;
  /** The caller's IP (CloudBase sets it for calls from a client; absent for triggers). */
  CLIENTIP?: string;
}

export interface DbCommand {
  eq(v: unknown): unknown;
  neq(v: unknown): unknown;
  in(v: unknown[]): unknown;
  nin(v: unknown[]): unknown;
  gt(v: unknown): unknown;
  gte(v: unknown): unknown;
  lt(v: unknown): unknown;
  lte(v: unknown): unknown;
  exists(v: boolean): unknown;
  size?(n: number): unknown;
  or(...v: unknown[]): unknown;
  and(...v: unknown[]): unknown;
  inc(n: number): unknown;
  push(v: unknown): unknown;
  set(v: unknown): unknown;
  remove(): unknown;
}

export interface Query {
  where(cond: object): Query;
  orderBy(field: string, order: 'asc' | 'desc'): Query;
  skip(n: number): Query;
  limit(n: number): Query;
  field(p: Record<string, boolean>): Query;
  get(): Promise<{ data: any[] }>;
  count(): Promise<{ total: number }>;
  update(opts: { data: object }): Promise<{ stats: { updated: number } }>;
  remove(): Promise<{ stats: { removed: number } }>;
}

export interface DocRef {
  get(): Promise<{ data: any }>;
  update(opts: { data: object }): Promise<{ stats: { updated: number } }>;
  set(opts: { data: object }): Promise<unknown>;
  remove(): Promise<{ stats: { removed: number } }>;
}

export interface Collection extends Query {
  doc(id: string): DocRef;
  /** Many documents in one call (one write); the cloud and the emulator both accept an array. */
  add(opts: { data: object[] }): Promise<{ _ids: string[] }>;
  add(opts: { data: object }): Promise<{ _id: string }>;
  aggregate(): Aggregate;
}

export interface Aggregate {
  match(cond: object): Aggregate;
  group(spec: object): Aggregate;
  sort(spec: object): Aggregate;
  lookup(spec: { from: string; localField: string; foreignField: string; as: string }): Aggregate;
  limit(n: number): Aggregate;
  end(): Promise<{ list: any[] }>;
}

/** Single-document operations inside a transaction (wx-server-sdk: no where/aggregate there). */
export interface TransactionDoc {
  get(): Promise<{ data: any }>;
  update(opts: { data: object }): Promise<unknown>;
  set(opts: { data: object }): Promise<unknown>;
  remove(): Promise<unknown>;
}

export interface Transaction {
  collection(name: string): { doc(id: string): TransactionDoc; add(opts: { data: object }): Promise<unknown> };
  rollback(reason?: unknown): Promise<unknown>;
}

export interface Database {
  collection(name: string): Collection;
  /** Runs `fn` in a transaction, committed when it resolves; retried on a write conflict. */
  runTransaction<T>(fn: (tx: Transaction) => Promise<T>, times?: number): Promise<T>;
  command: DbCommand & { aggregate: Record<string, (...args: unknown[]) => unknown> };
  serverDate(): unknown;
  RegExp(opts: { regexp: string; options?: string }): unknown;
}

export interface SubscribeSendInput {
  touser: string;
  templateId: string;
  page?: string;
  data: Record<string, { value: string }>;
  miniprogramState?: 'developer' | 'trial' | 'formal';
}

export interface OpenApi {
  subscribeMessage: { send(input: SubscribeSendInput): Promise<{ errCode?: number; errcode?: number; errMsg?: string }> };
  wxacode: {
    getUnlimited(input: { scene: string; page?: string; checkPath?: boolean; envVersion?: string; width?: number }): Promise<{
      buffer: Uint8Array;
      contentType: string;
    }>;
  };
  security: {
    msgSecCheck(input: { openid: string; scene: number; version: number; content: string }): Promise<{
      errCode?: number;
      result?: { suggest: 'pass' | 'review' | 'risky'; label: number };
    }>;
    /** Asynchronous photo check; the verdict arrives as a 消息推送 event (app/mediaCheck.ts). */
    mediaCheckAsync?(input: { media_url: string; media_type: number; version: number; openid: string; scene: number }): Promise<{ errCode?: number; traceId?: string; trace_id?: string }>;
  };
}

export interface CloudSdk {
  getWXContext(): WxContext;
  database(): Database;
  openapi: OpenApi;
  uploadFile(input: { cloudPath: string; fileContent: Uint8Array }): Promise<{ fileID: string }>;
  downloadFile(input: { fileID: string }): Promise<{ fileContent: Buffer }>;
  getTempFileURL(input: { fileList: string[] }): Promise<{ fileList: { fileID: string; tempFileURL: string; status: number }[] }>;
  /** Calls another function of the same environment (the api starts background jobs with it). */
  callFunction?(input: { name: string; data: object }): Promise<{ result?: unknown }>;
  /** Deletes stored files (the jobs function removes generated files after 7 days). */
  deleteFile?(input: { fileList: string[] }): Promise<unknown>;
}
