// Fault injection for tests: the real database, except for a few methods of one collection that
// die (as a killed process would) or run a hook first (to stage a race).

type Fn = (...args: never[]) => unknown;

/** `obj`, except for the members `over` replaces. */
export function overriding<T extends object>(obj: T, over: Record<string, Fn>): T {
  return new Proxy(obj, { get: (o, p, r) => (typeof p === 'string' && p in over ? over[p] : Reflect.get(o, p, r)) });
}

/** `db`, except that `collection(name)` goes through `wrap`. */
export function withCollection<D extends { collection(name: string): unknown }>(db: D, name: string, wrap: (col: any) => object): D {
  return overriding(db, { collection: (n: string) => (n === name ? wrap(db.collection(n)) : db.collection(n)) });
}

/** `db`, except that the `failAt`-th batched add (an array of documents) into `name` dies. */
export function crashingBatchAdd<D extends { collection(name: string): unknown }>(db: D, name: string, failAt: number, message = 'killed'): D {
  let adds = 0;
  return withCollection(db, name, (col) =>
    overriding(col, { add: (opts: { data: object | object[] }) => (Array.isArray(opts.data) && ++adds === failAt ? Promise.reject(new Error(message)) : col.add(opts)) }),
  );
}

/**
 * `db`, except that `before(n)` runs before the n-th update of `name`, through `doc(id).update`
 * and `where(…).update` alike; it may throw (a crash) or wait (a race).
 */
export function beforeUpdates<D extends { collection(name: string): unknown }>(db: D, name: string, before: (n: number) => unknown): D {
  let calls = 0;
  const hooked = (ref: any) => overriding(ref, { update: async (o: never) => (await before(++calls), ref.update(o)) });
  return withCollection(db, name, (col) => overriding(col, { doc: (id: string) => hooked(col.doc(id)), where: (cond: object) => hooked(col.where(cond)) }));
}

/**
 * Until the returned undo is called, `after` runs right after each transaction of `db` commits,
 * before its caller goes on (to stage what happens between a commit and the steps after it); it
 * may throw, as a process killed there would stop.
 */
export function afterCommits<D extends { runTransaction: (fn: never) => Promise<unknown> }>(db: D, after: () => Promise<unknown>): () => void {
  const run = db.runTransaction.bind(db);
  db.runTransaction = (async (fn: never) => {
    const r = await run(fn);
    await after();
    return r;
  }) as D['runTransaction'];
  return () => {
    db.runTransaction = run as D['runTransaction'];
  };
}
