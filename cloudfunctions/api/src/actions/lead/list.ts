import type { LeadList } from '../../../../../src/core/engage/contract';
import { LeadListInput } from '../../../../../src/core/engage/schemas';
import { fail } from '../../../../../src/core/errors';
import { monthKey } from '../../../../../src/core/stats/buckets';
import type { ItemState } from '../../../../../src/core/types';
import { STATES } from '../../../../../src/core/workflow/table';
import { defineAction } from '../../action';
import { engageScope } from '../../app/engageScope';
import { leadRow } from './rows';

/** Who sees 领办 lists: secretaries, and the community and street admins of the same subtree. */
export const LEAD_VIEWERS = ['secretary', 'communityAdmin', 'streetAdmin'] as const;

const ALL_STATES = Object.keys(STATES) as ItemState[];
const FINISHED = ALL_STATES.filter((s) => STATES[s].group === 'closed');
const OPEN = ALL_STATES.filter((s) => STATES[s].group !== 'closed');

/**
 * 书记领办 monthly list of a street, community or grid: the month's 领办 items with their state and
 * days open (one page, index scope + lead.month + lead.at), with the month's totals; or ('open')
 * the scope's open items a secretary may take on.
 */
export const leadList = defineAction({
  name: 'lead.list',
  input: LeadListInput,
  async run(ctx, { view, month, nodeId, page }): Promise<LeadList> {
    const s = await engageScope(ctx, LEAD_VIEWERS, nodeId, '书记领办仅对书记和社区、街道管理员开放');
    const current = monthKey(ctx.now);
    const m = month ?? current;
    if (m > current) return fail('INVALID_INPUT', '月份不能晚于本月', { month: '月份不能晚于本月' });
    const repo = ctx.repos.engage;
    const canLead = s.user.roles.some((g) => g.role === 'secretary' && (g.nodeId === s.node._id || s.node.path.includes(g.nodeId)));
    if (view === 'open') {
      const r = await repo.lead.open(s.where, OPEN, page);
      return { view, month: m, scope: { id: s.node._id, name: s.node.name }, rows: r.items.map((i) => leadRow(i, ctx.now)), hasMore: r.hasMore, counts: null, canLead };
    }
    const [r, counts] = await Promise.all([repo.lead.ofMonth(s.where, m, page), repo.lead.countsOf(s.where, m, FINISHED)]);
    return { view, month: m, scope: { id: s.node._id, name: s.node.name }, rows: r.items.map((i) => leadRow(i, ctx.now)), hasMore: r.hasMore, counts, canLead };
  },
});
