import type { DocRef, Transaction } from '../cloud';

/** doc().get() throws when the document is missing; treat only that as null. */
export async function getOrNull<T>(ref: DocRef): Promise<T | null> {
  try {
    return (await ref.get()).data as T;
  } catch (err) {
    const msg = String((err as { errMsg?: string; message?: string }).errMsg ?? (err as Error).message ?? '');
    if (/does not exist|not exist|cannot find/i.test(msg)) return null;
    throw err;
  }
}

/** The same inside a transaction: a document as of its snapshot, or null when it does not exist. */
export async function txGetOrNull<T>(tx: Transaction, collection: string, id: string): Promise<T | null> {
  try {
    return ((await tx.collection(collection).doc(id).get()).data as T) ?? null;
  } catch (err) {
    const msg = String((err as { errMsg?: string; message?: string }).errMsg ?? (err as Error).message ?? '');
    if (/does not exist|not exist|cannot find/i.test(msg)) return null;
    throw err;
  }
}

/**
 * How many documents an update changed: a query's update answers `stats.updated`, a document's
 * update inside a transaction answers `updated` (wx-server-sdk and the emulator alike).
 */
export const updatedOf = (res: unknown): number => {
  const r = res as { updated?: number; stats?: { updated?: number } } | null;
  return r?.updated ?? r?.stats?.updated ?? 0;
};

export function isDuplicateKey(err: unknown): boolean {
  const msg = String((err as { errMsg?: string; message?: string }).errMsg ?? (err as Error).message ?? '');
  return /duplicate key/i.test(msg);
}
