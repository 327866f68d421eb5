import { ResumeInput } from '../../../../../src/core/workflowSchemas';
import { defineAction } from '../../action';
import { runItemCommand } from '../../app/itemCommand';

/** 解挂: the clock restarts with the time that remained. */
export const resume = defineAction({
  name: 'item.resume',
  input: ResumeInput,
  run: (ctx, { id, version }) => runItemCommand(ctx, { id, version }, 'resume', () => ({ type: 'resume' })),
});
