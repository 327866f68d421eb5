import { AppealInput } from '../../../../../src/core/workflowSchemas';
import { defineAction } from '../../action';
import { runItemCommand } from '../../app/itemCommand';

/** 申诉: the resident appeals a rejection within 7 days; the grid leader reviews it. */
export const appeal = defineAction({
  name: 'item.appeal',
  input: AppealInput,
  run: (ctx, { id, version, reason }) => runItemCommand(ctx, { id, version }, 'appeal', () => ({ type: 'appeal', reason })),
});
