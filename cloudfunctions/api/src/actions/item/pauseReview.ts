import { PauseReviewInput } from '../../../../../src/core/workflowSchemas';
import { defineAction } from '../../action';
import { runItemCommand } from '../../app/itemCommand';

/** The level above approves a pause (the clock stops) or denies it (back to work). */
export const pauseReview = defineAction({
  name: 'item.pauseReview',
  input: PauseReviewInput,
  run: (ctx, { id, version, approve, note }) =>
    approve
      ? runItemCommand(ctx, { id, version }, 'pauseApprove', () => ({ type: 'pauseApprove' }))
      : runItemCommand(ctx, { id, version }, 'pauseDeny', () => ({ type: 'pauseDeny', note: note || undefined })),
});
