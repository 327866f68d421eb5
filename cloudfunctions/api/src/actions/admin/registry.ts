import type { DepartmentView, WorkGroupView } from '../../../../../src/core/api/adminContract';
import { DepartmentSaveInput, DepartmentsListInput, WorkGroupSaveInput, WorkGroupsListInput } from '../../../../../src/core/adminSchemas';
import { fail } from '../../../../../src/core/errors';
import type { Department, Person, WorkGroup } from '../../../../../src/core/types';
import { defineAction } from '../../action';
import { nodeInScope, requireAdmin } from '../../adminScope';

const deptView = (d: Department): DepartmentView => ({ id: d._id, name: d.name, kind: d.kind, scopeNodeId: d.scopeNodeId, phone: d.phone ?? null });

const groupView = (g: WorkGroup, people: Map<string, Person>): WorkGroupView => ({
  id: g._id,
  name: g.name,
  communityId: g.communityId,
  leaderId: g.leaderId,
  leaderName: people.get(g.leaderId)?.name ?? null,
  deputyIds: g.deputyIds,
  deputyNames: g.deputyIds.map((id) => people.get(id)?.name ?? id),
  memberIds: g.memberIds,
  areaNodeIds: g.areaNodeIds,
});

/** 职能部门 registry of a street or community. */
export const departmentsList = defineAction({
  name: 'admin.departments.list',
  input: DepartmentsListInput,
  async run(ctx, { nodeId }) {
    const scope = await requireAdmin(ctx);
    const node = await nodeInScope(ctx, scope, nodeId);
    const scopes = [node._id, ...node.path];
    return { departments: (await ctx.repos.departments.inScopes(scopes)).map(deptView) };
  },
});

export const departmentSave = defineAction({
  name: 'admin.departments.save',
  input: DepartmentSaveInput,
  async run(ctx, input) {
    const scope = await requireAdmin(ctx);
    await nodeInScope(ctx, scope, input.scopeNodeId);
    const existing = await ctx.repos.departments.get(input.id);
    if (existing) await nodeInScope(ctx, scope, existing.scopeNodeId);
    const d: Department = { ...input, createdAt: existing?.createdAt ?? ctx.now, updatedAt: ctx.now, _id: input.id };
    delete (d as { id?: string }).id;
    await ctx.repos.departments.save(d);
    return deptView(d);
  },
});

/** 工作组: a leader, two deputies and about 40 cadres. */
export const workGroupsList = defineAction({
  name: 'admin.workGroups.list',
  input: WorkGroupsListInput,
  async run(ctx, { communityId }) {
    const scope = await requireAdmin(ctx);
    await nodeInScope(ctx, scope, communityId, 'community');
    const groups = await ctx.repos.workGroups.ofCommunity(communityId);
    const people = await ctx.repos.people.many(groups.flatMap((g) => [g.leaderId, ...g.deputyIds]));
    return { groups: groups.map((g) => groupView(g, people)) };
  },
});

export const workGroupSave = defineAction({
  name: 'admin.workGroups.save',
  input: WorkGroupSaveInput,
  async run(ctx, input) {
    const scope = await requireAdmin(ctx);
    await nodeInScope(ctx, scope, input.communityId, 'community');
    const ids = [input.leaderId, ...input.deputyIds, ...input.memberIds];
    const people = await ctx.repos.people.many(ids);
    const missing = ids.filter((id) => !people.has(id));
    if (missing.length) return fail('NOT_FOUND', `未找到人员：${missing.slice(0, 5).join('、')}`);
    const outside = ids.filter((id) => people.get(id)!.communityId !== input.communityId);
    if (outside.length) return fail('FORBIDDEN', `以下人员不属于该社区：${outside.slice(0, 5).map((id) => people.get(id)!.name).join('、')}`);
    const areas = await ctx.repos.nodes.many(input.areaNodeIds);
    if (input.areaNodeIds.some((id) => !areas.get(id)?.path.includes(input.communityId))) return fail('INVALID_INPUT', '片区只能选择本社区的网格或楼栋');
    const existing = await ctx.repos.workGroups.get(input.id);
    if (existing && existing.communityId !== input.communityId) return fail('CONFLICT', `工作组编号 ${input.id} 已属于其他社区`);
    const { id, ...rest } = input;
    const g: WorkGroup = { _id: id, ...rest, createdAt: existing?.createdAt ?? ctx.now, updatedAt: ctx.now };
    await ctx.repos.workGroups.save(g);
    await ctx.repos.workGroups.setMembers(id, input.memberIds, (existing?.memberIds ?? []).filter((m) => !input.memberIds.includes(m)));
    return groupView(g, people);
  },
});
