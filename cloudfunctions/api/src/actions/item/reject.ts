import { RejectInput } from '../../../../../src/core/schemas';
import { defineAction } from '../../action';
import { runItemCommand } from '../../app/itemCommand';

/** 退回 with a reason from the list and a note; the resident may appeal within 7 days. */
export const reject = defineAction({
  name: 'item.reject',
  input: RejectInput,
  run: (ctx, { id, version, code, note }) =>
    runItemCommand(ctx, { id, version }, 'reject', () => ({ type: 'reject', code, note: note || undefined })),
});
