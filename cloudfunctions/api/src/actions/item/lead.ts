import type { LeadRow } from '../../../../../src/core/engage/contract';
import { LeadInput } from '../../../../../src/core/engage/schemas';
import { fail } from '../../../../../src/core/errors';
import { mayIssue } from '../../../../../src/core/workflow/table';
import { defineAction } from '../../action';
import { commitCommand, type Planned } from '../../app/apply';
import { relationTo } from '../../app/issuers';
import { leadRow } from '../lead/rows';

/**
 * 书记领办: a community or street secretary takes an open item of their subtree on. A workflow
 * command like any other (core/workflow/table.ts `lead`): the item keeps its holder and state
 * (领办 is oversight, not a hand-off) and gets `lead`, a timeline event and a new version, read
 * and written in one transaction (app/apply.ts). Leading it again changes nothing; another
 * secretary's 领办 stands.
 */
export const itemLead = defineAction({
  name: 'item.lead',
  input: LeadInput,
  async run(ctx, { id, note }): Promise<LeadRow> {
    const user = await ctx.user();
    const me = user?.person;
    if (!me || !user.roles.some((g) => g.role === 'secretary')) return fail('FORBIDDEN', '只有社区或街道书记可以领办事项');
    const r = await commitCommand({ cloud: ctx.cloud, db: ctx.db, repos: ctx.repos, now: ctx.now }, id, (item): Planned => {
      // Outside the secretary's subtree looks like a missing item, so ids cannot be probed.
      const post = item && user.roles.find((g) => g.role === 'secretary' && (g.nodeId === item.communityId || g.nodeId === item.streetId));
      if (!item || !post) return fail('NOT_FOUND', '事项不存在或不在您的管理范围内');
      if (item.lead?.personId === me.id) return { done: item };
      if (!mayIssue('lead', item.state, relationTo(user, ctx.openid, item).issuers)) return fail('INVALID_STATE', '该事项已结束，不能再领办');
      return { cmd: { type: 'lead', nodeId: post.nodeId, ...(note ? { note } : {}) }, actor: { name: me.name, role: 'secretary', by: me.id } };
    });
    return leadRow('done' in r ? r.done : r.item, ctx.now);
  },
});
