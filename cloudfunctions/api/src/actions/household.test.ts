import { beforeEach, describe, expect, it } from 'vitest';
import { IDS } from '../../test/fixture';
import { setup } from '../../test/harness';

describe('cards and households', () => {
  let t: Awaited<ReturnType<typeof setup>>;
  beforeEach(async () => {
    t = await setup();
  });

  it("resolves a card's scene to the cadre's public card", async () => {
    const r = await t.ok('o-any', 'card.resolve', { scene: 'CARDA' });
    expect(r).toMatchObject({ status: 'active', card: { name: '张三', gridName: '第一网格', communityName: '测试社区', phone: '13800000000' } });
  });

  it('a revoked card points to the current cadre', async () => {
    const r = await t.ok('o-any', 'card.resolve', { scene: 'CARDOLD' });
    expect(r.status).toBe('replaced');
    expect(r.current.name).toBe('张三');
    expect(r.message).toContain('已更换');
  });

  it('unknown and malformed scenes get clear errors', async () => {
    expect(await t.call('o-any', 'card.resolve', { scene: 'NOPE' })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    const bad = await t.call('o-any', 'card.resolve', { scene: 'x'.repeat(33) });
    expect(bad).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    expect(bad.message).toContain('联系卡');
  });

  it('browses buildings → units → rooms of the card’s grid only', async () => {
    const b = await t.ok('o-any', 'household.browse', { cardCode: 'CARDA' });
    expect(b.children.map((c: { id: string }) => c.id)).toEqual([IDS.building]);
    const u = await t.ok('o-any', 'household.browse', { cardCode: 'CARDA', parentId: IDS.building });
    expect(u.children.map((c: { id: string }) => c.id)).toEqual([IDS.unit]);
    const h = await t.ok('o-any', 'household.browse', { cardCode: 'CARDA', parentId: IDS.unit });
    expect(h.children.map((c: { name: string }) => c.name)).toEqual(['101室', '102室', '201室']);
    const other = await t.call('o-any', 'household.browse', { cardCode: 'CARDA', parentId: 'T01-01-02-01' });
    expect(other).toMatchObject({ ok: false, code: 'NOT_FOUND' });
  });

  it('confirms a household in the card’s grid and refuses one elsewhere', async () => {
    const r = await t.ok('o-r', 'household.confirm', { cardCode: 'CARDA', householdId: IDS.hhServed });
    expect(r.label).toBe('1栋1单元101');
    const me = await t.ok('o-r', 'auth.whoami', {});
    expect(me.household).toMatchObject({ id: IDS.hhServed, label: '1栋1单元101' });
    expect(me.canHandle).toBe(false);
    const bad = await t.call('o-r', 'household.confirm', { cardCode: 'CARDA', householdId: IDS.hhOther });
    expect(bad).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    const me2 = await t.ok('o-r', 'auth.whoami', {});
    expect(me2.household.id).toBe(IDS.hhServed);
  });

  it('only the card holder or an admin can fetch the card QR, which encodes the H5 card URL', async () => {
    expect(await t.call('o-any', 'card.qrcode', { cardCode: 'CARDA' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    const r = await t.ok('o-pA', 'card.qrcode', { cardCode: 'CARDA' });
    expect(r).toMatchObject({ scene: 'CARDA', page: 'pages/card/index' });
    const file = await t.emu.storage.get('cards/CARDA.png');
    expect(file?.content.subarray(1, 4).toString()).toBe('PNG');
  });

  it("a cadre sees their own card and its QR; a resident has none", async () => {
    const r = await t.ok('o-pA', 'card.mine', {});
    expect(r).toMatchObject({ card: { cardCode: 'CARDA', name: '张三' }, qr: { scene: 'CARDA' } });
    expect(await t.call('o-resident', 'card.mine', {})).toMatchObject({ ok: false, code: 'NOT_FOUND' });
  });

  it('unknown actions and missing identity are refused', async () => {
    expect(await t.call('o-any', 'item.destroyAll' as never, {})).toMatchObject({ ok: false, code: 'UNKNOWN_ACTION' });
    expect(await t.call('', 'auth.whoami', {})).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' });
  });
});
