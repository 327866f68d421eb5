import { fail } from '../../../../../src/core/errors';
import { SettingsInput, settingsFor, type StreetSettings } from '../../../../../src/core/settings';
import type { OrgNode } from '../../../../../src/core/types';
import { defineAction } from '../../action';
import { departmentScopes, settingsView } from './settingsView';
import { forgetRefusals } from '../../app/limits';

const STALE = '街道设置已被他人修改，请刷新后重新修改';

/** Saves a street's settings; street admins of that street only. Writes nothing unless all is valid. */
export const settingsSave = defineAction({
  name: 'settings.save',
  input: SettingsInput,
  async run(ctx, input) {
    const user = await ctx.user();
    if (!user?.roles.some((r) => r.role === 'streetAdmin' && r.nodeId === input.streetId)) {
      return fail('FORBIDDEN', '只有本街道的街道管理员可以修改街道设置');
    }
    const [street, doc, queues] = await Promise.all([
      ctx.repos.nodes.get(input.streetId),
      ctx.repos.settings.doc(input.streetId),
      ctx.repos.settings.queueNodes(input.streetId),
    ]);
    if (!street || street.level !== 'street') return fail('NOT_FOUND', `未找到编号为 ${input.streetId} 的街道`);
    const current = doc?.version ?? 0;
    if (input.version !== undefined && input.version !== current) return fail('CONFLICT', STALE);

    const handlerIds = Object.values(input.firstHandlers);
    const [departments, people, streetStaff] = await Promise.all([
      ctx.repos.departments.inScopes(departmentScopes(street, queues)),
      ctx.repos.people.many([...handlerIds, user.person?.id ?? '']),
      ctx.repos.settings.streetStaff(street._id),
    ]);
    const errors: Record<string, string> = {};

    const deptIds = new Set(departments.map((d) => d._id));
    input.categoryRules.forEach((r, i) => {
      if (!deptIds.has(r.departmentId)) errors[`categoryRules.${i}.departmentId`] = `未找到编号为 ${r.departmentId} 的职能部门，或它不属于本街道`;
    });

    // 第一经办人: a queue of this street, and a person holding some role at that node or below it.
    const known = new Map<string, OrgNode>([[street._id, street], ...queues.map((n) => [n._id, n] as [string, OrgNode])]);
    const roleNodeIds = [...people.values()].flatMap((p) => p.roles.map((r) => r.nodeId)).filter((id) => !known.has(id));
    if (roleNodeIds.length) for (const [id, n] of await ctx.repos.nodes.many(roleNodeIds)) known.set(id, n);
    for (const [nodeId, personId] of Object.entries(input.firstHandlers)) {
      const key = `firstHandlers.${nodeId}`;
      const node = nodeId === street._id ? street : queues.find((n) => n._id === nodeId);
      if (!node) {
        errors[key] = `编号 ${nodeId} 不是本街道的街道、社区或网格`;
        continue;
      }
      const p = people.get(personId);
      if (!p) {
        errors[key] = `未找到编号为 ${personId} 的人员`;
        continue;
      }
      const holds = p.roles.some((r) => r.nodeId === nodeId || !!known.get(r.nodeId)?.path.includes(nodeId));
      if (!holds) errors[key] = `${p.name}在「${node.name}」及其下级没有任何职务，不能做第一经办人`;
    }
    const first = Object.values(errors)[0];
    if (first) return fail('INVALID_INPUT', first, errors);

    const { version: _v, ...fields } = input;
    void _v;
    // 五考 weights: a form without them keeps what was stored (or the defaults).
    const assessment = fields.assessment ?? settingsFor(street._id, doc).assessment;
    const abuseLimits = fields.abuseLimits ?? settingsFor(street._id, doc).abuseLimits; // likewise 防刷限制
    const photoRetentionDays = fields.photoRetentionDays ?? settingsFor(street._id, doc).photoRetentionDays; // 照片保存期限
    const settings: StreetSettings = { ...fields, assessment, abuseLimits, photoRetentionDays, updatedAt: ctx.now, ...(user.person ? { updatedBy: user.person.id } : {}) };
    if (!(await ctx.repos.settings.save(settings, current))) return fail('CONFLICT', STALE);
    forgetRefusals(ctx.db); // a raised limit applies at once on this instance
    return settingsView({ street, settings, version: current + 1, editable: true, queues, departments, people, streetStaff, now: ctx.now });
  },
});
