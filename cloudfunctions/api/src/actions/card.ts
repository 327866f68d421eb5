import * as v from 'valibot';
import type { CardResult, CardView, QrResult } from '../../../../src/core/api/contract';
import { DomainError, fail } from '../../../../src/core/errors';
import { CardInput, CardQrInput } from '../../../../src/core/schemas';
import type { Person } from '../../../../src/core/types';
import { defineAction } from '../action';
import { personInScope, requireAdmin } from '../adminScope';
import type { Ctx } from '../context';
import { WXACODE_ENV_VERSION } from '../release';
import { limitCardLookups } from '../app/limits';

/** The page a card's Mini Program code opens; `scene` carries the card code. */
export const CARD_PAGE = 'pages/card/index';

async function cardView(ctx: Ctx, code: string, person: Person): Promise<CardView> {
  const nodes = await ctx.repos.nodes.many([person.gridId ?? '', person.communityId ?? ''].filter(Boolean));
  return {
    cardCode: code,
    personId: person._id,
    name: person.name,
    workUnit: person.workUnit,
    title: person.title,
    phone: person.phone,
    gridId: person.gridId ?? '',
    gridName: nodes.get(person.gridId ?? '')?.name ?? '',
    communityName: nodes.get(person.communityId ?? '')?.name ?? '',
  };
}

/** Loads an active card and its cadre, or fails with a message a resident can act on. */
export async function activeCard(ctx: Ctx, code: string): Promise<{ person: Person }> {
  await limitCardLookups(ctx); // found or not is an answer too: household.browse must not be an oracle
  const card = await ctx.repos.cards.get(code);
  if (!card) return fail('NOT_FOUND', '未找到这张联系卡，请核对后重新扫码');
  if (card.status !== 'active') return fail('FORBIDDEN', '这张联系卡已更换，请扫描新卡');
  const person = await ctx.repos.people.get(card.personId);
  if (!person) return fail('NOT_FOUND', '联系卡对应的干部不存在，请联系社区');
  return { person };
}

export const cardResolve = defineAction({
  name: 'card.resolve',
  input: CardInput,
  async run(ctx, { scene }): Promise<CardResult> {
    await limitCardLookups(ctx); // per IP and minute: guessing codes is refused, scanning never is
    const card = await ctx.repos.cards.get(scene);
    if (!card) return fail('NOT_FOUND', '未找到这张联系卡，请核对后重新扫码');
    if (card.status === 'revoked') {
      const next = card.replacedBy ? await ctx.repos.cards.get(card.replacedBy) : null;
      const person = next?.status === 'active' ? await ctx.repos.people.get(next.personId) : null;
      return {
        status: 'replaced',
        current: person && next ? await cardView(ctx, next._id, person) : null,
        message: person ? `此联系卡已更换，现由${person.name}为您服务` : '此联系卡已停用，请联系所在社区',
      };
    }
    const person = await ctx.repos.people.get(card.personId);
    if (!person) return fail('NOT_FOUND', '联系卡对应的干部不存在，请联系社区');
    return { status: 'active', card: await cardView(ctx, scene, person) };
  },
});

/** A cadre's own card with its QR, to show or share (我的联系卡). */
export const cardMine = defineAction({
  name: 'card.mine',
  input: v.object({}),
  async run(ctx): Promise<{ card: CardView; qr: QrResult }> {
    const user = await ctx.user();
    const person = user?.person ? await ctx.repos.people.get(user.person.id) : null;
    if (!person?.cardCode) return fail('NOT_FOUND', '您还没有干部联系卡，请联系社区制卡');
    const [card, qr] = await Promise.all([cardView(ctx, person.cardCode, person), makeQr(ctx, person.cardCode)]);
    return { card, qr };
  },
});

async function makeQr(ctx: Ctx, cardCode: string): Promise<QrResult> {
  const qr = await ctx.cloud.openapi.wxacode.getUnlimited({ scene: cardCode, page: CARD_PAGE, checkPath: false, envVersion: WXACODE_ENV_VERSION, width: 430 });
  const { fileID } = await ctx.cloud.uploadFile({ cloudPath: `cards/${cardCode}.png`, fileContent: qr.buffer });
  const { fileList } = await ctx.cloud.getTempFileURL({ fileList: [fileID] });
  return { fileID, url: fileList[0]?.tempFileURL ?? '', scene: cardCode, page: CARD_PAGE };
}

/** Mini Program code for a card, for the card holder or an admin to print. */
export const cardQrcode = defineAction({
  name: 'card.qrcode',
  input: CardQrInput,
  async run(ctx, { cardCode }): Promise<QrResult> {
    const user = await ctx.user();
    const card = await ctx.repos.cards.get(cardCode);
    if (!card) return fail('NOT_FOUND', '未找到这张联系卡，请核对联系卡编号');
    // The cadre themself, or an admin whose subtree holds the cadre, may fetch the code for printing.
    if (user?.person?.id !== card.personId) {
      const isAdmin = !!user?.roles.some((r) => r.role === 'communityAdmin' || r.role === 'streetAdmin');
      if (!isAdmin) return fail('FORBIDDEN', '只有持卡干部或社区管理员可以获取联系卡二维码');
      await personInScope(ctx, await requireAdmin(ctx), card.personId).catch((e: unknown) =>
        e instanceof DomainError && e.code === 'FORBIDDEN' ? fail('FORBIDDEN', '这张联系卡不在您的管理范围内，请联系该干部所在社区') : Promise.reject(e),
      );
    }
    return makeQr(ctx, cardCode);
  },
});
