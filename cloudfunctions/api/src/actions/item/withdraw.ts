import { WithdrawInput } from '../../../../../src/core/workflowSchemas';
import { defineAction } from '../../action';
import { runItemCommand } from '../../app/itemCommand';

/** 撤回: the resident takes the item back before it is accepted. */
export const withdraw = defineAction({
  name: 'item.withdraw',
  input: WithdrawInput,
  run: (ctx, { id, version, reason }) => runItemCommand(ctx, { id, version }, 'withdraw', () => ({ type: 'withdraw', reason: reason || undefined })),
});
