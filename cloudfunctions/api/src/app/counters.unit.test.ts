// Conflict detection for GridLink's own retry loops: the emulator (and the node SDK) give a
// transaction conflict its `code`; wx-server-sdk 4 wraps an operation's error inside a transaction
// into errCode -501001 with the message text and no `code` (emulator/db/README.md).
import { describe, expect, it } from 'vitest';
import { isWriteConflict } from './conflicts';

const TEXT = '[ResourceUnavailable.TransactionConflict] Transaction is conflict, maybe resource operated by others. Please check your request, but if the problem persists, contact us.';

describe('isWriteConflict', () => {
  it('knows a conflict by its code or by its text, whichever SDK shaped it', () => {
    expect(isWriteConflict({ code: 'DATABASE_TRANSACTION_CONFLICT', message: TEXT })).toBe(true);
    const wrapped = Object.assign(new Error(`document.update:fail -501001 . ${TEXT}`), { errCode: -501001, errMsg: `document.update:fail -501001 . ${TEXT}` });
    expect(isWriteConflict(wrapped)).toBe(true);
  });

  it('does not take other errors for conflicts', () => {
    expect(isWriteConflict({ code: 'DATABASE_TRANSACTION_FAIL', message: 'Transaction does not exist' })).toBe(false);
    expect(isWriteConflict(Object.assign(new Error('E11000 duplicate key error'), { errCode: -502001 }))).toBe(false);
    expect(isWriteConflict(null)).toBe(false);
  });
});
