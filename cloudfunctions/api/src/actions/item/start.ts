import { StartInput } from '../../../../../src/core/schemas';
import { defineAction } from '../../action';
import { runItemCommand } from '../../app/itemCommand';

export const start = defineAction({
  name: 'item.start',
  input: StartInput,
  run: (ctx, { id, version }) => runItemCommand(ctx, { id, version }, 'start', () => ({ type: 'start' })),
});
