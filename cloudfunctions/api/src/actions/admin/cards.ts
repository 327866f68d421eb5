import { CardPdfInput, CardReissueInput } from '../../../../../src/core/adminSchemas';
import { fail } from '../../../../../src/core/errors';
import type { Person } from '../../../../../src/core/types';
import { defineAction } from '../../action';
import { nodeInScope, personInScope, requireAdmin } from '../../adminScope';
import { renderCardsPdf, type PrintableCard } from '../../cards/pdf';
import { CARD_PAGE } from '../card';
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

export const cardPdf = defineAction({
  name: 'admin.card.pdf',
  input: CardPdfInput,
  async run(ctx, { gridId, workGroupId }) {
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
    const nodes = await ctx.repos.nodes.many(holders.flatMap((p) => [p.gridId ?? '', p.communityId ?? '']));
    const cards: PrintableCard[] = await Promise.all(
      holders.map(async (p) => {
        const qr = await ctx.cloud.openapi.wxacode.getUnlimited({ scene: p.cardCode!, page: CARD_PAGE, checkPath: false, width: 280 });
        return {
          name: p.name, workUnit: p.workUnit, title: p.title, phone: p.phone, cardCode: p.cardCode!,
          gridName: nodes.get(p.gridId ?? '')?.name ?? '', communityName: nodes.get(p.communityId ?? '')?.name ?? '', qrPng: qr.buffer,
        };
      }),
    );
    const pdf = await renderCardsPdf(cards, { title });
    const name = `cards-${gridId ?? workGroupId}-${ctx.now.getTime()}.pdf`;
    const { fileID } = await ctx.cloud.uploadFile({ cloudPath: `exports/${name}`, fileContent: pdf });
    const { fileList } = await ctx.cloud.getTempFileURL({ fileList: [fileID] });
    return { url: fileList[0]?.tempFileURL ?? '', fileID, name, count: cards.length };
  },
});
