import { TransferInput } from '../../../../../src/core/workflowSchemas';
import { defineAction } from '../../action';
import { runItemCommand } from '../../app/itemCommand';
import { transferTarget } from '../../app/targets';

/** 转办: to the right cadre or grid of the community, recorded with who, when and why. */
export const transfer = defineAction({
  name: 'item.transfer',
  input: TransferInput,
  run: (ctx, { id, version, toPersonId, toGridId, reason }) =>
    runItemCommand(ctx, { id, version }, 'transfer', async ({ item }) => ({
      type: 'transfer', to: await transferTarget(ctx, item, { toPersonId, toGridId }), reason,
    })),
});
