import { PauseInput } from '../../../../../src/core/workflowSchemas';
import { defineAction } from '../../action';
import { runItemCommand } from '../../app/itemCommand';

/** 申请挂起: the holder asks; the level above approves (item.pauseReview) before the clock stops. */
export const pause = defineAction({
  name: 'item.pause',
  input: PauseInput,
  run: (ctx, { id, version, reason }) => runItemCommand(ctx, { id, version }, 'pause', () => ({ type: 'pause', reason })),
});
