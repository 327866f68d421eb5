import { PingInput } from '../../../../../src/core/notify/schemas';
import { defineAction } from '../../action';

/**
 * Does nothing, for anyone signed in: the floor every action stands on (bridge, session, router,
 * input check, context). `npm run bench:loop` sets submit against it (issue 8's floor benchmark).
 */
export const ping = defineAction({
  name: 'system.ping',
  input: PingInput,
  async run(): Promise<{ pong: true }> {
    return { pong: true };
  },
});
