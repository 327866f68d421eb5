import type { TargetsResult } from '../../../../../src/core/api/contract';
import { ROLE_LABEL } from '../../../../../src/core/labels';
import { ItemRef } from '../../../../../src/core/schemas';
import type { Person } from '../../../../../src/core/types';
import { defineAction } from '../../action';
import { loadItem } from '../../app/itemCommand';

/** Choices for the handling forms: people and grids of the item's community (转办), departments of its street (吹哨). */
export const targets = defineAction({
  name: 'item.targets',
  input: ItemRef,
  async run(ctx, { id }): Promise<TargetsResult> {
    const { item, rel } = await loadItem(ctx, id);
    if (!rel.issuers.has('holder') && !rel.issuers.has('above')) return { people: [], grids: [], departments: [] };
    const [grids, people, departments] = await Promise.all([
      ctx.repos.nodes.children(item.communityId),
      ctx.repos.people.list({ communityIds: [item.communityId] }, 0),
      ctx.repos.departments.inScopes([item.streetId, item.communityId]),
    ]);
    const gridName = new Map(grids.map((g) => [g._id, g.name]));
    const staff = people.people.filter((p: Person) => !(item.holder.kind === 'person' && item.holder.personId === p._id) && p.roles.some((r) => ['cadre', 'gridWorker', 'gridLeader'].includes(r.role)));
    return {
      grids: grids.filter((g) => g.level === 'grid').map((g) => ({ id: g._id, name: g.name })),
      people: staff.map((p) => ({
        id: p._id, name: p.name,
        roleLabel: ROLE_LABEL[(['gridLeader', 'gridWorker', 'cadre'] as const).find((r) => p.roles.some((g) => g.role === r)) ?? 'cadre'],
        gridName: gridName.get(p.gridId ?? '') ?? '',
      })),
      departments: departments.map((d) => ({ id: d._id, name: d.name, kind: d.kind })),
    };
  },
});
