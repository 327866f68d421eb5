import { RateInput } from '../../../../../src/core/schemas';
import { defineAction } from '../../action';
import { runItemCommand } from '../../app/itemCommand';

/** 群众评单: satisfied closes; unsatisfied reopens for 整改, again unsatisfied goes one level up. */
export const rate = defineAction({
  name: 'item.rate',
  input: RateInput,
  run: (ctx, { id, version, stars, solved, comment }) =>
    runItemCommand(ctx, { id, version }, 'rate', () => ({ type: 'rate', stars, solved, comment: comment || undefined })),
});
