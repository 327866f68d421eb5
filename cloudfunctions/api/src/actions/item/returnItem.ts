import { ReturnInput } from '../../../../../src/core/workflowSchemas';
import { defineAction } from '../../action';
import { runItemCommand } from '../../app/itemCommand';
import { returnTarget } from '../../app/targets';

/** 退回上级: a department hands the item back to whoever whistled it, with a reason. */
export const returnItem = defineAction({
  name: 'item.return',
  input: ReturnInput,
  run: (ctx, { id, version, reason }) =>
    runItemCommand(ctx, { id, version }, 'return', async ({ item }) => ({ type: 'return', reason, to: await returnTarget(ctx, item) })),
});
