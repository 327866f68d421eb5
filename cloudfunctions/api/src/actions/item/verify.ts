import { VerifyInput } from '../../../../../src/core/workflowSchemas';
import { defineAction } from '../../action';
import { runItemCommand } from '../../app/itemCommand';

/** 核单: the first holder confirms the item and sets its class (which sets the deadline) and category. */
export const verify = defineAction({
  name: 'item.verify',
  input: VerifyInput,
  run: (ctx, { id, version, itemClass, category, note }) =>
    runItemCommand(ctx, { id, version }, 'verify', () => ({ type: 'verify', itemClass, category, note: note || undefined })),
});
