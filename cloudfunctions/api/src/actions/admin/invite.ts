import type { InviteView } from '../../../../../src/core/api/adminContract';
import { ROLE_LABEL } from '../../../../../src/core/labels';
import { recordAudit } from '../../audit';
import { InviteCodeInput, InviteCreateInput, InviteListInput } from '../../../../../src/core/adminSchemas';
import { fail } from '../../../../../src/core/errors';
import type { InviteDoc } from '../../../../../src/core/types';
import { defineAction } from '../../action';
import { personInScope, requireAdmin } from '../../adminScope';
import type { Ctx } from '../../context';
import { randomCode } from './people';
import { WXACODE_ENV_VERSION } from '../../release';

export const INVITE_PAGE = 'pages/invite/index';

async function inviteView(ctx: Ctx, d: InviteDoc): Promise<InviteView> {
  const { fileList } = d.qrFileID ? await ctx.cloud.getTempFileURL({ fileList: [d.qrFileID] }) : { fileList: [] };
  const status = d.status === 'open' && new Date(d.expiresAt).getTime() < ctx.now.getTime() ? 'expired' : d.status;
  return { code: d._id, personId: d.personId, status, expiresAt: new Date(d.expiresAt).toISOString(), url: `/${INVITE_PAGE}?scene=${d._id}`, qrUrl: fileList[0]?.tempFileURL ?? '' };
}

export const inviteCreate = defineAction({
  name: 'admin.invite.create',
  input: InviteCreateInput,
  async run(ctx, { personId, ttlHours }) {
    const scope = await requireAdmin(ctx);
    const { home } = await personInScope(ctx, scope, personId);
    const root = scope.roots.find((r) => home._id === r || home.path.includes(r))!;
    const code = randomCode('', 8);
    // A Mini Program code that opens the invite page; locally a QR of the H5 link.
    const png = await ctx.cloud.openapi.wxacode.getUnlimited({ scene: code, page: INVITE_PAGE, checkPath: false, envVersion: WXACODE_ENV_VERSION, width: 430 });
    const { fileID } = await ctx.cloud.uploadFile({ cloudPath: `invites/${code}.png`, fileContent: png.buffer });
    const doc: InviteDoc = {
      _id: code,
      qrFileID: fileID,
      personId,
      issuedBy: scope.user.person?.id ?? scope.user._id,
      scopeNodeId: root,
      status: 'open',
      expiresAt: new Date(ctx.now.getTime() + ttlHours * 3600_000),
      createdAt: ctx.now,
    };
    await ctx.repos.invites.add(doc);
    return inviteView(ctx, doc);
  },
});

export const inviteRevoke = defineAction({
  name: 'admin.invite.revoke',
  input: InviteCodeInput,
  async run(ctx, { code }) {
    const scope = await requireAdmin(ctx);
    const invite = await ctx.repos.invites.get(code);
    if (!invite) return fail('NOT_FOUND', '邀请码不存在');
    await personInScope(ctx, scope, invite.personId);
    if (!(await ctx.repos.invites.transition(code, 'open', { status: 'revoked' }))) return fail('INVALID_STATE', '该邀请码已使用或已撤销');
    return inviteView(ctx, { ...invite, status: 'revoked' });
  },
});

export const inviteList = defineAction({
  name: 'admin.invite.list',
  input: InviteListInput,
  async run(ctx, { personId }) {
    const scope = await requireAdmin(ctx);
    await personInScope(ctx, scope, personId);
    const docs = await ctx.repos.invites.ofPerson(personId);
    return { invites: await Promise.all(docs.map((d) => inviteView(ctx, d))) };
  },
});

/**
 * Binds the caller's WeChat account (OPENID) to the invited person; the roles take effect at once.
 * The invite flips open → used by compare-and-set, so it works exactly once.
 */
export const inviteAccept = defineAction({
  name: 'invite.accept',
  input: InviteCodeInput,
  async run(ctx, { code }) {
    const invite = await ctx.repos.invites.get(code);
    if (!invite) return fail('NOT_FOUND', '邀请码不存在，请核对后重试');
    const resuming = invite.status === 'used' && invite.usedBy === ctx.openid;
    if (!resuming) {
      if (invite.status === 'used') return fail('INVALID_STATE', '该邀请码已被使用，请联系社区重新生成');
      if (invite.status === 'revoked') return fail('INVALID_STATE', '该邀请码已被撤销，请联系社区');
      if (new Date(invite.expiresAt).getTime() < ctx.now.getTime()) return fail('INVALID_STATE', '该邀请码已过期，请联系社区重新生成');
      const won = await ctx.repos.invites.transition(code, 'open', { status: 'used', usedBy: ctx.openid, usedAt: ctx.now });
      // Lost the race to our own double tap: carry on binding, like a repeated call would.
      if (!won && (await ctx.repos.invites.get(code))?.usedBy !== ctx.openid) return fail('INVALID_STATE', '该邀请码已被使用，请联系社区重新生成');
    }
    const person = await ctx.repos.people.get(invite.personId);
    if (!person) return fail('NOT_FOUND', '被邀请的人员已被删除，请联系社区');
    if (person.openid && person.openid !== ctx.openid) await ctx.repos.users.unbindPerson(person.openid, ctx.now);
    await ctx.repos.people.update(person._id, { openid: ctx.openid });
    if (person.openid !== ctx.openid) await ctx.repos.items.rebindHolder(person._id, ctx.openid); // notices follow the new account
    await ctx.repos.users.bindPerson(ctx.openid, { id: person._id, name: person.name, title: person.title, workUnit: person.workUnit }, person.roles, ctx.now);
    // The roles now act through this WeChat account: a role change for the audit log (once per binding).
    if (person.openid !== ctx.openid) {
      await recordAudit(ctx, null, {
        action: 'person.roles.change', target: person._id, scopeNodeId: invite.scopeNodeId,
        detail: `${person.name}通过邀请码绑定微信账号，角色：${person.roles.map((r) => ROLE_LABEL[r.role]).join('、') || '无'}`,
      });
    }
    return { personId: person._id, name: person.name, roles: person.roles.map((r) => r.role) };
  },
});

