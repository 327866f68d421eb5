import { AcceptInput } from '../../../../../src/core/schemas';
import { defineAction } from '../../action';
import { runItemCommand } from '../../app/itemCommand';

/** 受理 without changing class or category (kept for older clients; the page uses item.verify). */
export const accept = defineAction({
  name: 'item.accept',
  input: AcceptInput,
  run: (ctx, { id, version }) => runItemCommand(ctx, { id, version }, 'accept', () => ({ type: 'accept' })),
});
