import { fail } from '../../../../../src/core/errors';
import { levelOf } from '../../../../../src/core/workflow/decide';
import { WhistleInput } from '../../../../../src/core/workflowSchemas';
import { defineAction } from '../../action';
import { runItemCommand } from '../../app/itemCommand';
import { whistleTargets } from '../../app/targets';

/** 吹哨: the street calls one department (快捷哨 / 应急哨) or several to a 会商 (攻坚哨); each must 报到 in time. */
export const whistle = defineAction({
  name: 'item.whistle',
  input: WhistleInput,
  run: (ctx, { id, version, kind, departmentIds, note }) =>
    runItemCommand(ctx, { id, version }, 'whistle', async ({ item }) => {
      if (levelOf(item.holder) !== 'street') return fail('FORBIDDEN', '请先派单到街道，由街道向职能部门吹哨');
      const depts = await whistleTargets(ctx, item, departmentIds);
      return { type: 'whistle', kind, departments: depts.map((d) => ({ id: d._id, name: d.name })), note: note || undefined };
    }),
});
