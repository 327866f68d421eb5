import { EscalateInput } from '../../../../../src/core/workflowSchemas';
import { defineAction } from '../../action';
import { runItemCommand } from '../../app/itemCommand';
import { upTarget } from '../../app/targets';

/** 下单 (grid → community) and 派单 (community → street): up one level, with a reason. */
export const escalate = defineAction({
  name: 'item.escalate',
  input: EscalateInput,
  run: (ctx, { id, version, reason }) =>
    runItemCommand(ctx, { id, version }, 'sendUp', async ({ item }) => ({ type: 'sendUp', to: await upTarget(ctx, item), reason })),
});
