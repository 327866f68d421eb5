import * as v from 'valibot';
import type { OrgChildren } from '../../../../../src/core/api/adminContract';
import { HouseholdSaveInput, OrgChildrenInput, OrgRemoveInput, OrgSaveInput } from '../../../../../src/core/adminSchemas';
import { fail } from '../../../../../src/core/errors';
import { isChildCode } from '../../../../../src/core/orgCodes';
import { householdCode, householdLabel, roomCode } from '../../../../../src/core/rooms';
import type { Household, OrgNode } from '../../../../../src/core/types';
import { defineAction } from '../../action';
import { CHILD_LEVEL, LEVEL_LABEL, inScope, nodeInScope, requireAdmin } from '../../adminScope';
import { householdView, nodeView } from './views';
import { auditScopeOf, recordAudit, tagChangeDetail } from '../../audit';
import { consentAfter, hasSensitiveTags, sensitiveTagsChanged } from '../../../../../src/core/privacy';
import { isDuplicateKey } from '../../repo/getOrNull';
import { relabelBelow } from './relabel';

export const adminScope = defineAction({
  name: 'admin.scope',
  input: v.object({}),
  async run(ctx) {
    const scope = await requireAdmin(ctx);
    const nodes = await ctx.repos.nodes.many(scope.roots);
    return { roots: scope.roots.map((id) => nodes.get(id)).filter(Boolean).map((n) => nodeView(n!)), roles: scope.user.roles.map((r) => r.role) };
  },
});

export const orgChildren = defineAction({
  name: 'admin.org.children',
  input: OrgChildrenInput,
  async run(ctx, { parentId }): Promise<OrgChildren> {
    const scope = await requireAdmin(ctx);
    if (!parentId) {
      const roots = await ctx.repos.nodes.many(scope.roots);
      const list = [...roots.values()];
      const leaders = await ctx.repos.people.many(list.map((n) => n.leaderId ?? ''));
      return { parent: null, trail: [], children: list.map((n) => nodeView(n, leaders)), households: [] };
    }
    const parent = await nodeInScope(ctx, scope, parentId);
    const [children, households, trailNodes] = await Promise.all([
      ctx.repos.nodes.children(parentId),
      parent.level === 'unit' ? ctx.repos.households.inUnit(parentId) : Promise.resolve([] as Household[]),
      ctx.repos.nodes.many(parent.path),
    ]);
    const people = await ctx.repos.people.many([...children.map((n) => n.leaderId ?? ''), ...households.map((h) => h.cadreId ?? ''), parent.leaderId ?? '']);
    // Breadcrumbs start at the admin's own root, never above it.
    const trail = [...parent.path.map((id) => trailNodes.get(id)).filter((n): n is OrgNode => !!n), parent].filter((n) => inScope(scope, n));
    // Every read of household files is logged (PIPL Art. 28): who, when, which unit, which tagged ones.
    const tagged = households.filter((h) => hasSensitiveTags(h.tags));
    if (households.length) {
      const which = tagged.length ? `，其中 ${tagged.length} 户有敏感标签：${tagged.map((h) => h._id).join('、')}` : '，均无敏感标签';
      await recordAudit(ctx, scope, { action: 'household.view', target: parentId, scopeNodeId: auditScopeOf(parent), detail: `查看单元住户 ${households.length} 户${which}` });
    }
    return {
      parent: nodeView(parent, people),
      trail: trail.map((n) => nodeView(n)),
      children: children.map((n) => nodeView(n, people)),
      households: households.map((h) => householdView(h, people)),
    };
  },
});

/**
 * Adds a node ('add': an existing code is refused, never overwritten), or renames one ('edit': it
 * must exist where the page says). Its code (统一编号) never changes. A building or unit rename
 * relabels the households below it (relabel.ts).
 */
export const orgSave = defineAction({
  name: 'admin.org.save',
  input: OrgSaveInput,
  async run(ctx, input) {
    const scope = await requireAdmin(ctx);
    const parent = await nodeInScope(ctx, scope, input.parentId);
    if (CHILD_LEVEL[parent.level] !== input.level) {
      return fail('INVALID_INPUT', `${LEVEL_LABEL[parent.level]}下只能添加${LEVEL_LABEL[CHILD_LEVEL[parent.level] ?? 'household']}`);
    }
    if (!isChildCode(parent._id, input.id)) {
      return fail('INVALID_INPUT', `编号应为上级编号“${parent._id}-”加本级序号（字母或数字，不含“-”）`, { id: '编号格式不对' });
    }
    if (input.level === 'grid' && !input.gridType) return fail('INVALID_INPUT', '请选择网格类型（城市、农村或专属）', { gridType: '请选择网格类型' });
    const existing = await ctx.repos.nodes.get(input.id);
    if (existing && (existing.parentId !== parent._id || existing.level !== input.level)) {
      return fail('CONFLICT', `编号 ${input.id} 已被其他组织使用`);
    }
    const base = { _id: input.id, level: input.level, name: input.name, parentId: parent._id, path: [...parent.path, parent._id], ...(input.level === 'grid' ? { gridType: input.gridType } : {}) };
    if (input.mode === 'add') {
      if (existing) return fail('CONFLICT', `编号 ${input.id} 已存在（${existing.name}），不能重复添加；如需改名，请点该${LEVEL_LABEL[existing.level]}的“改名”`, { id: `编号已存在：${existing.name}` });
      const node: OrgNode = base;
      // add, not set: a concurrent add of the same code fails instead of overwriting.
      try {
        await ctx.repos.nodes.create(node);
      } catch (err) {
        if (isDuplicateKey(err)) return fail('CONFLICT', `编号 ${input.id} 已存在，不能重复添加`, { id: '编号已存在' });
        throw err;
      }
      return nodeView(node);
    }
    if (!existing) return fail('NOT_FOUND', `没有编号为 ${input.id} 的${LEVEL_LABEL[input.level]}，可能已被删除，请刷新`);
    const relabel = (input.level === 'building' || input.level === 'unit') && (existing.name !== input.name || !!existing.relabelPending);
    const node: OrgNode = { ...existing, ...base, ...(relabel ? { relabelPending: true } : {}) };
    await ctx.repos.nodes.save(node);
    if (relabel) {
      await relabelBelow(ctx, node);
      delete node.relabelPending;
    }
    return nodeView(node);
  },
});

export const orgRemove = defineAction({
  name: 'admin.org.remove',
  input: OrgRemoveInput,
  async run(ctx, { id }) {
    const scope = await requireAdmin(ctx);
    const node = await nodeInScope(ctx, scope, id);
    if (scope.roots.includes(id)) return fail('FORBIDDEN', '不能删除您管理范围的根节点');
    const field = `${node.level}Id`;
    const [children, households] = await Promise.all([
      ctx.repos.nodes.countChildren(id),
      ['community', 'grid', 'building', 'unit'].includes(node.level) ? ctx.repos.households.countWhere({ [field]: id }) : 0,
    ]);
    if (children || households) return fail('INVALID_STATE', `请先移除其下的 ${children} 个下级和 ${households} 户住户`);
    await ctx.repos.nodes.remove(id);
    return { removed: true as const };
  },
});

export const householdSave = defineAction({
  name: 'admin.household.save',
  input: HouseholdSaveInput,
  async run(ctx, input) {
    const scope = await requireAdmin(ctx);
    const unit = await nodeInScope(ctx, scope, input.unitId, 'unit');
    if (!isChildCode(unit._id, input.id)) return fail('INVALID_INPUT', `住户编号应为单元编号“${unit._id}-”加房屋序号（字母或数字）`, { id: '编号格式不对' });
    const [streetId, communityId, gridId, buildingId] = unit.path;
    const [building, existing, neighbours] = await Promise.all([ctx.repos.nodes.get(buildingId), ctx.repos.households.get(input.id), ctx.repos.households.inUnit(unit._id)]);
    if (existing && existing.unitId !== unit._id) return fail('CONFLICT', `住户编号 ${input.id} 已属于其他单元`);
    if (input.mode === 'add') {
      if (existing) return fail('CONFLICT', `住户编号 ${input.id}（${existing.room} 室）已存在，不能重复添加；如需修改，请点该住户`, { id: '编号已存在' });
      // Seed and import number a room "301" as "<unit>-0301": one code per room (src/core/rooms.ts).
      const expected = householdCode(unit._id, input.room);
      if (input.id !== expected) return fail('INVALID_INPUT', `${input.room} 室的住户编号应为 ${expected}`, { id: `应为 ${expected}` });
    } else if (!existing) {
      return fail('NOT_FOUND', `没有编号为 ${input.id} 的住户，可能已被删除，请刷新`);
    }
    const twin = neighbours.find((h) => h._id !== input.id && roomCode(h.room) === roomCode(input.room));
    if (twin) return fail('CONFLICT', `${unit.name}已有 ${twin.room} 室（编号 ${twin._id}），同一房号不能登记两户`, { room: `已有 ${twin.room} 室` });
    // 敏感标签 (低保, 残疾 …) only with a consent note: a newly added one needs it (PIPL Art. 29).
    const after = consentAfter(existing, input.tags, input.consent, { recordedBy: scope.user.person?.name ?? null, recordedAt: ctx.now });
    if ('missing' in after) {
      return fail('INVALID_INPUT', `录入“${after.missing.join('、')}”等敏感标签，须记录本人（或监护人）的同意：同意人、同意日期和用途`, { 'consent.by': '请填写同意人（本人或监护人姓名）' });
    }
    const tagConsent = after.consent;
    const h: Household = {
      ...(existing ?? {}),
      _id: input.id,
      streetId,
      communityId,
      gridId,
      buildingId,
      unitId: unit._id,
      room: input.room,
      label: householdLabel(building?.name ?? '', unit.name, input.room),
      members: input.members,
      tags: input.tags,
    };
    // No sensitive tag left: the consent note goes with it.
    if (tagConsent) h.tagConsent = tagConsent;
    else delete h.tagConsent;
    if (existing) await ctx.repos.households.save(h);
    else {
      try {
        await ctx.repos.households.create(h);
      } catch (err) {
        if (isDuplicateKey(err)) return fail('CONFLICT', `住户编号 ${input.id} 已存在，不能重复添加`, { id: '编号已存在' });
        throw err;
      }
    }
    if (sensitiveTagsChanged(existing?.tags, input.tags)) {
      const detail = tagChangeDetail(existing?.tags ?? [], input.tags ?? [], tagConsent);
      await recordAudit(ctx, scope, { action: 'household.tags.change', target: h._id, scopeNodeId: auditScopeOf(unit), reason: tagConsent?.purpose ?? '', detail });
    }
    const people = await ctx.repos.people.many([h.cadreId ?? '']);
    return householdView(h, people);
  },
});
