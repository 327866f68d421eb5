import type { FileResult, QueuedJob } from '../../../../../src/core/api/adminContract';
import { CardPdfInput, CardReissueInput } from '../../../../../src/core/adminSchemas';
import { fail } from '../../../../../src/core/errors';
import type { Person } from '../../../../../src/core/types';
import { defineAction } from '../../action';
import { nodeInScope, personInScope, requireAdmin } from '../../adminScope';
import { enqueueJob, fileResult, newJobId, queuedAnswer, runNow, settled } from '../../jobs/client';
import type { StoredFile } from '../../jobs/spec';
import { issueCard } from './people';

/** A new card replaces the old one; the old QR then opens a "this card has been replaced" page. */
export const cardReissue = defineAction({
  name: 'admin.card.reissue',
  input: CardReissueInput,
  async run(ctx, { personId }) {
    const scope = await requireAdmin(ctx);
    const { person } = await personInScope(ctx, scope, personId);
    if (!person.roles.some((r) => r.role === 'cadre')) return fail('INVALID_INPUT', `${person.name}不是包保干部，无需联系卡`);
    const cardCode = await issueCard(ctx, person._id);
    const previous = person.cardCode ?? null;
    await ctx.repos.people.update(person._id, { cardCode });
    if (previous) await ctx.repos.cards.revoke(previous, cardCode);
    return { cardCode, previous };
  },
});

/** Printable cards of a grid or a work group; drawn by the jobs function (pdfkit + CJK font). */
export const cardPdf = defineAction({
  name: 'admin.card.pdf',
  input: CardPdfInput,
  async run(ctx, { gridId, workGroupId }): Promise<(FileResult & { count: number }) | QueuedJob> {
    const scope = await requireAdmin(ctx);
    let people: Person[];
    let title: string;
    if (gridId) {
      const grid = await nodeInScope(ctx, scope, gridId, 'grid');
      people = await ctx.repos.people.cadresOfGrid(gridId);
      title = `${grid.name} 干部联系卡`;
    } else if (workGroupId) {
      const group = await ctx.repos.workGroups.get(workGroupId);
      if (!group) return fail('NOT_FOUND', `未找到工作组 ${workGroupId}`);
      await nodeInScope(ctx, scope, group.communityId);
      people = await ctx.repos.people.inWorkGroup(workGroupId);
      title = `${group.name} 干部联系卡`;
    } else return fail('INVALID_INPUT', '请选择网格或工作组');
    const holders = people.filter((p) => p.cardCode);
    if (!holders.length) return fail('NOT_FOUND', '该范围内还没有持卡的包保干部');
    const id = newJobId('cards');
    const spec = { type: 'cardPdf' as const, title, personIds: holders.map((p) => p._id), scopeId: (gridId ?? workGroupId)! };
    if (!(await enqueueJob(ctx, id, 'cards.pdf', spec))) return fail('CONFLICT', '任务编号冲突，请重试');
    const outcome = await runNow(ctx.cloud, id);
    if (!outcome || outcome.status === 'queued' || outcome.status === 'running') return queuedAnswer(id);
    return (await fileResult(ctx.cloud, settled(outcome) as StoredFile)) as FileResult & { count: number };
  },
});
