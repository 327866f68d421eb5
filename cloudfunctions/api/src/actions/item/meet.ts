import { MeetInput } from '../../../../../src/core/workflowSchemas';
import { defineAction } from '../../action';
import { runItemCommand } from '../../app/itemCommand';

/** 会商 of a 攻坚哨: who attended and the agreed plan. */
export const meet = defineAction({
  name: 'item.meet',
  input: MeetInput,
  run: (ctx, { id, version, attendees, plan }) => runItemCommand(ctx, { id, version }, 'meet', () => ({ type: 'meet', attendees, plan })),
});
