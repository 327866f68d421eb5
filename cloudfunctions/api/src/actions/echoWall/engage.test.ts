// 回音壁, 书记领办 and 五考 through the real handlers against the in-memory emulator: what the
// public sees of a closed item, moderation with its log and audit, a secretary's 领办 on the
// timeline and the monthly list, 民主测评 once per period, the ranking and its xlsx.
import ExcelJS from 'exceljs';
import { PNG } from 'pngjs';
import { beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../../../src/core/settings';
import { IDS } from '../../../test/fixture';
import { OPENID, reqId, setup } from '../../../test/harness';

const R = 'o-resident-echo';
const R2 = 'o-resident-echo2';
const SEC = 'o-pSec';
const SEC2 = 'o-pSec2';
const stamp = new Date('2026-11-20T02:00:00Z');

type T = Awaited<ReturnType<typeof setup>>;

const png = (() => {
  const p = new PNG({ width: 4, height: 4 });
  p.data.fill(200);
  return PNG.sync.write(p);
})();

async function addSecretaries(t: T) {
  const posts = [
    { _id: 'pSec', name: '梁书记', openid: SEC, nodeId: IDS.community },
    { _id: 'pSec2', name: '韩书记', openid: SEC2, nodeId: IDS.community2 },
  ];
  for (const p of posts) {
    const roles = [{ role: 'secretary', nodeId: p.nodeId }];
    await t.emu.db.collection('people').add({ data: { _id: p._id, name: p.name, phone: '13800000009', workUnit: '社区党委', title: '书记', roles, communityId: p.nodeId, openid: p.openid } });
    await t.emu.db.collection('users').add({ data: { _id: p.openid, roles, person: { id: p._id, name: p.name, title: '书记', workUnit: '社区党委' }, createdAt: stamp, updatedAt: stamp } });
  }
}

/** Submit (with or without 回音壁 consent), verify, resolve with a photo, rate 5: closed. */
async function closedItem(t: T, opts: { echoWall: boolean; description: string; note?: string }) {
  const before = await t.emu.storage.put(`uploads/${R}/before-${reqId()}.png`, png);
  const after = await t.emu.storage.put(`uploads/${OPENID.A}/after-${reqId()}.png`, png);
  const { item } = await t.ok(R, 'item.submit', {
    clientRequestId: reqId(), kind: 'request', category: '公共设施', description: opts.description, photos: [before], anonymous: false, echoWall: opts.echoWall,
  });
  await t.ok(OPENID.A, 'item.verify', { id: item.id, version: 0, itemClass: 'general', category: '公共设施' });
  await t.ok(OPENID.A, 'item.resolve', { id: item.id, version: 1, note: opts.note ?? '张三已联系物业更换灯泡，电话13812345678', photos: [after] });
  const v = await t.ok(R, 'item.rate', { id: item.id, version: 2, stars: 5, solved: true, comment: '张三很负责' });
  expect(v.state).toBe('closed');
  return item.id as string;
}

describe('回音壁 (echo wall)', () => {
  let t: T;
  beforeEach(async () => {
    t = await setup();
    await t.ok(R, 'household.confirm', { cardCode: 'CARDA', householdId: IDS.hhServed });
  });

  it('shows a closed item the resident agreed to, redacted, to anyone; not one without consent', async () => {
    const id = await closedItem(t, { echoWall: true, description: '我家1栋1单元101门口路灯坏了，我叫王建国，电话13912345678，请尽快修' });
    await closedItem(t, { echoWall: false, description: '楼道里的灯坏了好几天，晚上上楼很黑' });

    const r = await t.ok('o-a-stranger', 'echoWall.list', {});
    expect(r.entries.map((e: { id: string }) => e.id)).toEqual([id]);
    const e = r.entries[0];
    expect(e).toMatchObject({ category: '公共设施', gridName: '第一网格', communityName: '测试社区', rating: { stars: 5, solved: true, satisfied: true }, photos: [] });
    // Everything shown but the random id (hex, which may contain "101" by chance).
    const shown = JSON.stringify({ ...e, id: undefined });
    for (const secret of ['13912345678', '13812345678', '王建国', '张三', '101', '1栋1单元', R, OPENID.A, 'uploads/']) expect(shown, secret).not.toContain(secret);
    expect(e.text).toContain('路灯坏了');
    expect(e.resolution).toContain('更换灯泡');
    // One page at a time.
    expect(r.hasMore).toBe(false);
  });

  it('an admin approves a photo (a public copy, without the uploader in its path), hides words and the entry; each step is logged and audited', async () => {
    const id = await closedItem(t, { echoWall: true, description: '小区东门路灯不亮，晚上很黑，老李差点摔倒' });
    let review = await t.ok(OPENID.admin, 'echoWall.review', {});
    let entry = review.entries[0];
    expect(entry.photos.map((p: { key: string; status: string }) => `${p.key}:${p.status}`)).toEqual(['a0:pending', 'b0:pending']);
    expect(entry.text).toContain('老某');

    entry = await t.ok(OPENID.admin, 'echoWall.moderate', { id, version: 0, op: 'photoApprove', photo: 'b0' });
    expect(entry.photos.find((p: { key: string }) => p.key === 'b0').status).toBe('approved');
    let pub = (await t.ok(R2, 'echoWall.list', {})).entries[0];
    expect(pub.photos).toHaveLength(1);
    expect(pub.photos[0].url).toContain('/echo/');
    expect(pub.photos[0].url).not.toContain(OPENID.A);

    entry = await t.ok(OPENID.admin, 'echoWall.moderate', { id, version: 1, op: 'redact', words: ['东门'], reason: '位置过细' });
    expect(entry.text).not.toContain('东门');
    pub = (await t.ok(R2, 'echoWall.list', {})).entries[0];
    expect(pub.text).toContain('小区＊＊路灯');

    // Words that are not there, a stale version, someone else's community: refused, nothing changes.
    expect(await t.call(OPENID.admin, 'echoWall.moderate', { id, version: 2, op: 'redact', words: ['不存在的词'] })).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    expect(await t.call(OPENID.admin, 'echoWall.moderate', { id, version: 2, op: 'redact' })).toMatchObject({ ok: false, code: 'INVALID_INPUT', message: '请填写要隐去的词' });
    expect(await t.call(OPENID.admin, 'echoWall.moderate', { id, version: 0, op: 'hide' })).toMatchObject({ ok: false, code: 'CONFLICT' });
    expect(await t.call(OPENID.admin2, 'echoWall.moderate', { id, version: 2, op: 'hide' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await t.call(OPENID.A, 'echoWall.moderate', { id, version: 2, op: 'hide' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await t.call(OPENID.admin, 'echoWall.moderate', { id, version: 2, op: 'dance' })).toMatchObject({ ok: false, code: 'INVALID_INPUT' });

    // Two moderators at the same moment: one hides it, the other is told it moved (never INTERNAL).
    const both = await Promise.all([OPENID.street, OPENID.admin].map((o) => t.call(o, 'echoWall.moderate', { id, version: 2, op: 'hide', reason: '居民要求撤下' })));
    expect(both.map((r) => (r.ok ? 'ok' : r.code)).sort()).toEqual(['CONFLICT', 'ok']);
    entry = both.find((r) => r.ok)!.data;
    const hider = both[0].ok ? '冯街道' : '孙管理员';
    expect(entry.hidden).toBe(true);
    expect((await t.ok(R2, 'echoWall.list', {})).entries).toEqual([]);
    expect(await t.call(OPENID.street, 'echoWall.moderate', { id, version: 3, op: 'hide' })).toMatchObject({ ok: false, code: 'INVALID_STATE', message: '该条已隐藏' });

    review = await t.ok(OPENID.admin, 'echoWall.review', { filter: 'hidden' });
    expect(review.entries.map((e: { id: string }) => e.id)).toEqual([id]);
    expect(review.entries[0].log.map((l: { name: string; action: string }) => `${l.name} ${l.action}`)).toEqual([
      '系统 公开', '孙管理员 照片审核通过', '孙管理员 隐去文字', `${hider} 隐藏`,
    ]);
    const audit = (await t.emu.db.collection('audit').where({ action: 'echoWall.moderate' }).get()).data;
    expect((audit as { actorName: string; target: string }[]).map((a) => `${a.actorName}:${a.target}`)).toEqual([`孙管理员:${id}`, `孙管理员:${id}`, `${hider}:${id}`]);
    // The other community's admin sees none of it.
    expect((await t.ok(OPENID.admin2, 'echoWall.review', {})).entries).toEqual([]);
    expect(await t.call(OPENID.admin2, 'echoWall.review', { nodeId: IDS.community })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });
});

describe('书记领办', () => {
  let t: T;
  let id: string;
  beforeEach(async () => {
    t = await setup();
    await addSecretaries(t);
    await t.ok(R, 'household.confirm', { cardCode: 'CARDA', householdId: IDS.hhServed });
    id = (await t.ok(R, 'item.submit', { clientRequestId: reqId(), kind: 'complaint', category: '环境卫生', description: '垃圾站周边异味很大，希望增加清运', photos: [], anonymous: false })).item.id;
  });

  it('a secretary leads an open item of the community: on the timeline, in the month list with days open; the holder works on', async () => {
    const open = await t.ok(SEC, 'lead.list', { view: 'open' });
    expect(open.rows.map((r: { id: string }) => r.id)).toEqual([id]);
    expect(open.canLead).toBe(true);

    const row = await t.ok(SEC, 'item.lead', { id, note: '本月重点督办' });
    expect(row).toMatchObject({ id, lead: { name: '梁书记', note: '本月重点督办' }, finished: false, daysOpen: 0 });
    // Again by the same secretary: nothing more; by another: refused; outside the subtree: looks missing.
    await t.ok(SEC, 'item.lead', { id });
    expect(await t.call(SEC2, 'item.lead', { id })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(await t.call(OPENID.admin, 'item.lead', { id })).toMatchObject({ ok: false, code: 'FORBIDDEN' });

    const v = await t.ok(OPENID.A, 'item.detail', { id });
    expect(v.timeline.filter((e: { actionLabel: string }) => e.actionLabel === '书记领办')).toHaveLength(1);
    expect(v.timeline.at(-1)).toMatchObject({ actor: '梁书记', actorRoleLabel: '书记', note: '书记领办：本月重点督办' });
    // 领办 is oversight: the holder keeps the item and works on (every timeline event is a version).
    expect(v).toMatchObject({ version: 1, holderName: '张三', state: 'submitted' });
    expect(v.timeline).toHaveLength(v.version + 1);
    await t.ok(OPENID.A, 'item.verify', { id, version: 1, itemClass: 'simple', category: '环境卫生' });

    const list = await t.ok(OPENID.admin, 'lead.list', {});
    expect(list.rows.map((r: { id: string; stateLabel: string }) => `${r.id}:${r.stateLabel}`)).toEqual([`${id}:已受理`]);
    expect(list.counts).toEqual({ total: 1, finished: 0, open: 1 });
    expect(list.canLead).toBe(false);
    expect((await t.ok(OPENID.admin2, 'lead.list', {})).rows).toEqual([]);
    expect(await t.call(SEC, 'lead.list', { month: '2026-13' })).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
  });

  it('a finished item cannot be led', async () => {
    await t.ok(R, 'item.withdraw', { id, version: 0, reason: '已自行解决' });
    expect(await t.call(SEC, 'item.lead', { id })).toMatchObject({ ok: false, code: 'INVALID_STATE', message: '该事项已结束，不能再领办' });
  });

  it('the secretary role is only for a community or a street', async () => {
    const person = { name: '新书记', phone: '13900000000', workUnit: '测试社区', title: '书记', gridId: IDS.grid };
    expect(await t.call(OPENID.admin, 'admin.people.save', { ...person, roles: [{ role: 'secretary', nodeId: IDS.grid }] })).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    const saved = await t.ok(OPENID.admin, 'admin.people.save', { ...person, roles: [{ role: 'secretary', nodeId: IDS.community }] });
    expect(saved.roleLabels).toContain('书记');
  });
});

describe('五考 and 民主测评', () => {
  let t: T;
  beforeEach(async () => {
    t = await setup();
    await addSecretaries(t);
    await t.ok(R, 'household.confirm', { cardCode: 'CARDA', householdId: IDS.hhServed });
    await t.ok(R2, 'household.confirm', { cardCode: 'CARDA', householdId: IDS.hhAway });
  });

  it('a resident rates their own 包保干部 once per period; a second time is refused in Chinese, a retried tap is not', async () => {
    let mine = await t.ok(R, 'assessment.mine', {});
    expect(mine).toMatchObject({ cadre: { id: 'pA', name: '张三' }, rated: null, period: { kind: 'quarter' } });
    const req = reqId();
    expect(await t.ok(R, 'assessment.rate', { personId: 'pA', stars: 4, clientRequestId: req })).toMatchObject({ name: '张三', stars: 4 });
    expect(await t.ok(R, 'assessment.rate', { personId: 'pA', stars: 4, clientRequestId: req })).toMatchObject({ stars: 4 });
    const again = await t.call(R, 'assessment.rate', { personId: 'pA', stars: 1, clientRequestId: reqId() });
    expect(again).toMatchObject({ ok: false, code: 'CONFLICT' });
    expect(again.message).toMatch(/已为张三进行过民主测评（4星），每个考核期只能测评一次/);
    mine = await t.ok(R, 'assessment.mine', {});
    expect(mine.rated).toMatchObject({ stars: 4 });
    // Someone else's cadre, no household, bad stars.
    expect(await t.call(R2, 'assessment.rate', { personId: 'pA', stars: 5, clientRequestId: reqId() })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await t.call('o-nobody', 'assessment.rate', { personId: 'pA', stars: 5, clientRequestId: reqId() })).toMatchObject({ ok: false, code: 'NO_HOUSEHOLD' });
    expect(await t.call(R, 'assessment.rate', { personId: 'pA', stars: 6, clientRequestId: reqId() })).toMatchObject({ ok: false, code: 'INVALID_INPUT', message: '请选择 1 到 5 星' });
    expect((await t.emu.db.collection('evaluations').count()).total).toBe(1);
  });

  it('a double tap sent twice at once rates once: one rating, the month totals counted once', async () => {
    const req = reqId();
    const both = await Promise.all([0, 1].map(() => t.call(R, 'assessment.rate', { personId: 'pA', stars: 4, clientRequestId: req })));
    // Both answer success: the loser's transaction conflicts, runs again and finds the rating of its own tap.
    for (const r of both) expect(r).toMatchObject({ ok: true, data: { personId: 'pA', stars: 4 } });
    expect((await t.emu.db.collection('evaluations').count()).total).toBe(1);
    const totals = (await t.emu.db.collection('evaluationTotals').get()).data as { p: Record<string, { n: number; sum: number }> }[];
    expect(totals.map((d) => d.p.pA)).toEqual([{ n: 1, sum: 4 }]);
  });

  it('ranks cadres by the weighted score of their counters and 民主测评; weights come from street settings; xlsx export', async () => {
    await closedItem(t, { echoWall: false, description: '单元门禁坏了，外卖进不来' });
    await t.ok(R, 'assessment.rate', { personId: 'pA', stars: 5, clientRequestId: reqId() });

    const r = await t.ok(OPENID.admin, 'assessment.list', { kind: 'month' });
    expect(r.scope).toMatchObject({ id: IDS.community, level: 'community' });
    const a = r.rows.find((x: { personId: string }) => x.personId === 'pA');
    expect(a).toMatchObject({ rank: 1, name: '张三', handled: 1, evaluations: 1, avgStars: 5 });
    expect(a.metrics).toMatchObject({ response: 1, onTime: 1, satisfaction: 1, close: 1, democratic: 1 });
    expect(a.score).toBe(100);
    // Cadres with nothing measured are listed, unranked.
    expect(r.rows.find((x: { personId: string }) => x.personId === 'pB')).toMatchObject({ rank: null, score: null });

    // The street weighs only 民主测评 now: a 3-star rating of another cadre gives 50.
    await t.ok(OPENID.street, 'settings.save', { streetId: IDS.street, ...DEFAULT_SETTINGS, assessment: { weights: { response: 0, onTime: 0, satisfaction: 0, close: 0, democratic: 100 }, ratingPeriod: 'month' } });
    await t.emu.db.collection('households').doc(IDS.hhAway).update({ data: { cadreId: 'pC' } });
    await t.ok(R2, 'assessment.rate', { personId: 'pC', stars: 3, clientRequestId: reqId() });
    const w = await t.ok(SEC, 'assessment.list', { kind: 'year' });
    expect(w.weights.democratic).toBe(100);
    expect(w.rows.map((x: { name: string; score: number | null }) => `${x.name}:${x.score}`).slice(0, 2)).toEqual(['张三:100', '王五:50']);
    expect((await t.ok(R2, 'assessment.mine', {})).period.kind).toBe('month');

    // Bad input and refused scopes.
    expect(await t.call(OPENID.admin, 'assessment.list', { kind: 'quarter', key: '2026-11' })).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    expect(await t.call(OPENID.admin, 'assessment.list', { kind: 'year', key: '2999' })).toMatchObject({ ok: false, code: 'INVALID_INPUT', message: '该考核期还没有开始，请选择本期或以前的考核期' });
    expect(await t.call(OPENID.admin, 'assessment.list', { kind: 'month', nodeId: IDS.community2 })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await t.call(OPENID.GL, 'assessment.list', {})).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await t.call(OPENID.street, 'settings.save', { streetId: IDS.street, ...DEFAULT_SETTINGS, assessment: { weights: { response: 0, onTime: 0, satisfaction: 0, close: 0, democratic: 0 }, ratingPeriod: 'month' } }))
      .toMatchObject({ ok: false, code: 'INVALID_INPUT', message: '考核权重不能全部为 0' });

    const file = await t.ok(OPENID.admin, 'assessment.export', { kind: 'year' });
    expect((await t.emu.db.collection('audit').where({ action: 'report.export', actorOpenid: OPENID.admin }).count()).total).toBe(1);
    const stored = await t.emu.storage.get(file.fileID.replace(/^cloud:\/\/[^/]+\//, ''));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(stored!.content as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('考核排名')!;
    expect(ws.getRow(2).getCell(1).value).toBe('排名');
    expect([ws.getRow(3).getCell(2).value, ws.getRow(3).getCell(5).value]).toEqual(['张三', 100]);
    expect([ws.getRow(4).getCell(2).value, ws.getRow(4).getCell(5).value]).toEqual(['王五', 50]);
  });
});
