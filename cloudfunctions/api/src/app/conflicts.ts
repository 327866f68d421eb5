// Write conflicts of transactions (the cloud's DATABASE_TRANSACTION_CONFLICT): how to recognise
// one, and running a transaction again after one, within a time budget, with a jittered pause.
/** A re-run pauses a little (jittered, growing to 100 ms); the budget is time, not tries. */
export const CONFLICT_BUDGET_MS = 10_000;
export const conflictPause = (attempt: number): Promise<void> =>
  new Promise((r) => setTimeout(r, Math.random() * Math.min(5 * 1.5 ** attempt, 100)));

/** Whether a conflicted transaction that started at `since` may run again. */
export const mayRetryConflict = (since: number): boolean => Date.now() - since < CONFLICT_BUDGET_MS;

/** A transaction lost a write conflict (the cloud's DATABASE_TRANSACTION_CONFLICT). */
export const isWriteConflict = (err: unknown): boolean => {
  const e = err as { code?: string; errMsg?: string; message?: string } | null;
  return !!e && (e.code === 'DATABASE_TRANSACTION_CONFLICT' || /TransactionConflict/.test(`${e.errMsg ?? ''} ${e.message ?? ''}`));
};

/** Runs a transaction, again after a write conflict; other errors go to the caller. */
export async function retryOnConflict<T>(run: () => Promise<T>): Promise<T> {
  const since = Date.now();
  for (let attempt = 0; ; attempt++) {
    try {
      return await run();
    } catch (err) {
      if (!isWriteConflict(err) || !mayRetryConflict(since)) throw err;
      await conflictPause(attempt);
    }
  }
}

