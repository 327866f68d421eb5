import type { BrowseResult, ConfirmResult, OrgChoice } from '../../../../src/core/api/contract';
import { fail } from '../../../../src/core/errors';
import { BrowseInput, ConfirmHouseholdInput } from '../../../../src/core/schemas';
import { defineAction } from '../action';
import { activeCard } from './card';

/** Drill down building → unit → room inside the grid of the card the resident scanned. */
export const householdBrowse = defineAction({
  name: 'household.browse',
  input: BrowseInput,
  async run(ctx, { cardCode, parentId }): Promise<BrowseResult> {
    const { person } = await activeCard(ctx, cardCode);
    const gridId = person.gridId;
    if (!gridId) return fail('NOT_FOUND', '该干部尚未分配网格，请联系社区');
    const grid = await ctx.repos.nodes.get(gridId);
    if (!grid) return fail('NOT_FOUND', '网格不存在，请联系社区');
    const gridRef = { id: grid._id, name: grid.name };
    if (!parentId) {
      const buildings = await ctx.repos.nodes.children(gridId);
      return { grid: gridRef, parent: null, children: buildings.map((n) => ({ id: n._id, name: n.name, level: 'building' })) };
    }
    const parent = await ctx.repos.nodes.get(parentId);
    if (!parent || !parent.path.includes(gridId)) return fail('NOT_FOUND', '只能选择本网格内的楼栋和单元');
    let children: OrgChoice[];
    if (parent.level === 'building') {
      children = (await ctx.repos.nodes.children(parentId)).map((n) => ({ id: n._id, name: n.name, level: 'unit' }));
    } else if (parent.level === 'unit') {
      children = (await ctx.repos.households.inUnit(parentId)).map((h) => ({ id: h._id, name: `${h.room}室`, level: 'household' }));
    } else {
      return fail('INVALID_INPUT', '请选择楼栋或单元');
    }
    return { grid: gridRef, parent: { id: parent._id, name: parent.name, level: parent.level }, children };
  },
});

export const householdConfirm = defineAction({
  name: 'household.confirm',
  input: ConfirmHouseholdInput,
  async run(ctx, { cardCode, householdId }): Promise<ConfirmResult> {
    const [{ person }, household] = await Promise.all([activeCard(ctx, cardCode), ctx.repos.households.get(householdId)]);
    if (!household || household.gridId !== person.gridId) return fail('NOT_FOUND', '未找到该住户，请重新选择楼栋、单元和房号');
    await ctx.repos.users.setHousehold(
      ctx.openid,
      {
        id: household._id,
        streetId: household.streetId,
        communityId: household.communityId,
        gridId: household.gridId,
        buildingId: household.buildingId,
        unitId: household.unitId,
        cadreId: household.cadreId,
        label: household.label,
      },
      ctx.now,
    );
    return { householdId: household._id, label: household.label };
  },
});
