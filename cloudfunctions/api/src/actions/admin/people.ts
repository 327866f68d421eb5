import { randomInt } from 'node:crypto';
import { PeopleListInput, PersonSaveInput, SetAwayInput, SetBackupInput } from '../../../../../src/core/adminSchemas';
import { fail } from '../../../../../src/core/errors';
import type { Person } from '../../../../../src/core/types';
import { defineAction } from '../../action';
import { type AdminScope, inScope, nodeInScope, personInScope, requireAdmin } from '../../adminScope';
import type { Ctx } from '../../context';
import { personView } from './views';
import { auditScopeOf, recordAudit } from '../../audit';
import { ROLE_LABEL } from '../../../../../src/core/labels';

const ALNUM = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const randomCode = (prefix: string, n: number) => prefix + Array.from({ length: n }, () => ALNUM[randomInt(ALNUM.length)]).join('');

/** Issues a fresh card code for a person; codes are random, so a clash just draws again. */
export async function issueCard(ctx: Ctx, personId: string): Promise<string> {
  for (let i = 0; i < 5; i++) {
    const code = randomCode('C', 6);
    if (await ctx.repos.cards.addIfFree({ _id: code, personId, status: 'active', issuedAt: ctx.now })) return code;
  }
  return fail('INTERNAL', '生成联系卡编号失败，请重试');
}

/** Role changes reach a bound account at once: its users doc carries the roles. */
async function syncAccount(ctx: Ctx, p: Person) {
  if (p.openid) await ctx.repos.users.bindPerson(p.openid, { id: p._id, name: p.name, title: p.title, workUnit: p.workUnit }, p.roles, ctx.now);
}

async function view(ctx: Ctx, p: Person) {
  return personView(p, await ctx.repos.people.many([p.backupId ?? '']));
}

export const peopleList = defineAction({
  name: 'admin.people.list',
  input: PeopleListInput,
  async run(ctx, { nodeId, role, q, page }) {
    const scope = await requireAdmin(ctx);
    const node = await nodeInScope(ctx, scope, nodeId);
    let where: { gridId?: string; communityIds?: string[] };
    if (node.level === 'grid') where = { gridId: node._id };
    else if (node.level === 'community') where = { communityIds: [node._id] };
    else if (node.level === 'street') where = { communityIds: (await ctx.repos.nodes.children(node._id)).map((c) => c._id) };
    else return fail('INVALID_INPUT', '请选择街道、社区或网格查看人员');
    const r = await ctx.repos.people.list({ ...where, role, q }, page);
    const backups = await ctx.repos.people.many(r.people.map((p) => p.backupId ?? ''));
    return { people: r.people.map((p) => personView(p, backups)), hasMore: r.hasMore };
  },
});

export const personSave = defineAction({
  name: 'admin.people.save',
  input: PersonSaveInput,
  async run(ctx, input) {
    const scope = await requireAdmin(ctx);
    const grid = await nodeInScope(ctx, scope, input.gridId, 'grid');
    const roleNodes = await ctx.repos.nodes.many(input.roles.map((r) => r.nodeId));
    for (const r of input.roles) {
      const n = roleNodes.get(r.nodeId);
      if (!n) return fail('NOT_FOUND', `角色的所属组织 ${r.nodeId} 不存在`);
      if (!inScope(scope, n)) return fail('FORBIDDEN', `角色的所属组织 ${r.nodeId} 不在您的管理范围内`);
      // 书记 is a community's or a street's post (书记领办 covers that subtree).
      if (r.role === 'secretary' && n.level !== 'community' && n.level !== 'street') return fail('INVALID_INPUT', '书记角色的所属组织应为社区或街道，请填写社区或街道编号');
      if ((r.role === 'communityAdmin' || r.role === 'streetAdmin') && !scope.roots.some((root) => n.path.includes(root) || n._id === root)) {
        return fail('FORBIDDEN', '只能在自己的管理范围内授予管理员角色');
      }
    }
    const existing = input.id ? (await personInScope(ctx, scope, input.id)).person : null;
    const id = input.id ?? randomCode('P', 8);
    const person: Person = {
      ...(existing ?? { away: null }),
      _id: id,
      name: input.name,
      phone: input.phone,
      workUnit: input.workUnit,
      title: input.title,
      gridId: grid._id,
      communityId: grid.parentId ?? undefined,
      roles: input.roles,
    };
    if (!person.cardCode && input.roles.some((r) => r.role === 'cadre')) person.cardCode = await issueCard(ctx, id);
    await ctx.repos.people.save(person);
    await syncAccount(ctx, person);
    // Every role change is logged: who granted or took what, when and why (audit.ts).
    const roleText = (rs: readonly { role: string; nodeId: string }[]) => rs.map((r) => `${ROLE_LABEL[r.role as keyof typeof ROLE_LABEL] ?? r.role}@${r.nodeId}`).sort().join('、');
    const before = roleText(existing?.roles ?? []);
    const after = roleText(person.roles);
    if (before !== after) {
      await recordAudit(ctx, scope, { action: 'person.roles.change', target: id, scopeNodeId: auditScopeOf(grid), reason: input.reason ?? '', detail: `${person.name}的角色：${before || '无'} → ${after}` });
    }
    return view(ctx, person);
  },
});

/** AB岗: the B角 takes the person's items while they are away. */
export const setBackup = defineAction({
  name: 'admin.people.setBackup',
  input: SetBackupInput,
  async run(ctx, { personId, backupId }) {
    const scope = await requireAdmin(ctx);
    const { person } = await personInScope(ctx, scope, personId);
    if (backupId) {
      if (backupId === personId) return fail('INVALID_INPUT', 'B角不能是本人');
      const { person: backup } = await personInScope(ctx, scope, backupId);
      if (backup.communityId !== person.communityId) return fail('INVALID_INPUT', 'B角应为同一社区的人员');
    }
    await ctx.repos.people.update(personId, { backupId: backupId ?? ctx.db.command.remove() });
    return view(ctx, { ...person, backupId: backupId ?? undefined });
  },
});

export const setAway = defineAction({
  name: 'admin.people.setAway',
  input: SetAwayInput,
  async run(ctx, { personId, away }) {
    const scope: AdminScope = await requireAdmin(ctx);
    const { person } = await personInScope(ctx, scope, personId);
    if (away && away.from > away.to) return fail('INVALID_INPUT', '外出结束日期不能早于开始日期', { to: '结束日期早于开始日期' });
    await ctx.repos.people.update(personId, { away: away ? ctx.db.command.set(away) : null });
    return view(ctx, { ...person, away });
  },
});
