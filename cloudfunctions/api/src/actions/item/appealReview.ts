import { AppealReviewInput } from '../../../../../src/core/workflowSchemas';
import { defineAction } from '../../action';
import { runItemCommand } from '../../app/itemCommand';

/** The grid leader (or an admin) upholds the rejection, or reopens the item with its last holder. */
export const appealReview = defineAction({
  name: 'item.appealReview',
  input: AppealReviewInput,
  run: (ctx, { id, version, uphold, note }) =>
    uphold
      ? runItemCommand(ctx, { id, version }, 'appealUphold', () => ({ type: 'appealUphold', note }))
      : runItemCommand(ctx, { id, version }, 'appealReopen', ({ item }) => ({ type: 'appealReopen', note, to: item.holder })),
});
