import { describe, expect, it } from 'vitest';
import {
  DEFAULT_WEIGHTS, parsePeriodKey, periodKeyOf, rankByScore, recentPeriodKeys, resolveAssessmentPeriod, scorePerson,
} from './assessment';
import { echoEntryOf, knownNames, moderate } from './echo';
import { hideWords, leaksPersonalInfo, redactText } from './redact';
import { EchoWallModerateInput } from './schemas';
import { parse } from '../schemas';
import type { Item } from '../types';

describe('回音壁 redaction', () => {
  it.each([
    ['电话13912345678请回电', '13912345678'],
    ['座机 0432-6512 3456 找我', '6512'],
    ['身份证220281199001011234', '220281199001011234'],
    ['我家3栋2单元301室漏水', '301'],
    ['住5号楼402', '402'],
    ['3-2-301 门口', '301'],
    ['王建国先生反映', '王建国'],
    ['老李家门口', '李'],
    ['我叫张晓明，住这里', '张晓明'],
    ['我是王建国，反映个事', '王建国'],
    ['账号 oAbCdEfGhIjKlMnOpQrStUvWxYz1 的人', 'oAbCdEfGhIjKlMnOpQrStUvWxYz1'],
  ])('hides what names a person, a phone, a room or an account: %s', (text, secret) => {
    const out = redactText(text);
    expect(out).not.toContain(secret);
    expect(out).toMatch(/[＊某]/);
    expect(leaksPersonalInfo(out)).toBe(false);
  });

  it('keeps the substance of the text', () => {
    expect(redactText('小区路灯坏了两个月，晚上很黑')).toBe('小区路灯坏了两个月，晚上很黑');
    expect(redactText('请物业在3天内修好，老人小孩出入不便')).toBe('请物业在3天内修好，老人小孩出入不便');
    expect(redactText('我是本楼住户，楼道灯坏了')).toBe('我是本楼住户，楼道灯坏了');
  });

  it('hides known names (handlers, the household label) wherever they appear', () => {
    expect(redactText('张三已上门维修，1栋1单元101住户满意', { names: ['张三', '1栋1单元101'] })).toBe('＊＊已上门维修，＊＊＊＊住户满意');
  });

  it('hides an admin’s words, longest first, and only those', () => {
    expect(hideWords('东门口的东门路灯', ['东门', '东门口'])).toBe('＊＊＊的＊＊路灯');
    expect(hideWords('路灯', ['  ', ''])).toBe('路灯');
    expect(hideWords('a.b*c', ['.b*'])).toBe('a＊＊＊c');
  });
});

const item = (over: Partial<Item> = {}): Item =>
  ({
    _id: 'I1', kind: 'request', category: '公共设施', itemClass: 'general', description: '我是王建国，1栋1单元101，电话13912345678', photos: ['cloud://e/uploads/o-r/a.png'],
    anonymous: false, submitterOpenid: 'o-resident-openid-123456789', clientRequestId: 'x', householdId: 'H', householdLabel: '1栋1单元101',
    streetId: 'S', communityId: 'C', gridId: 'G', buildingId: 'B', holder: { kind: 'person', personId: 'pA', name: '张三', role: 'cadre' }, holderKey: 'pA',
    handlerIds: ['pA'], state: 'closed', version: 3, rectifyCount: 0,
    ratings: [{ stars: 4, solved: true, satisfied: true, comment: '张三很好', at: new Date('2026-11-05T02:00:00Z') }],
    resolution: { note: '张三已修好', photos: ['cloud://e/uploads/o-a/b.png'], at: new Date('2026-11-04T02:00:00Z') },
    timeline: [
      { at: new Date('2026-11-01T02:00:00Z'), actor: '1栋1单元101', actorRole: 'resident', action: 'submit', from: null, to: 'submitted' },
      { at: new Date('2026-11-02T02:00:00Z'), actor: '张三', actorRole: 'cadre', action: 'verify', from: 'submitted', to: 'accepted' },
    ],
    createdAt: new Date('2026-11-01T02:00:00Z'), updatedAt: new Date('2026-11-05T02:00:00Z'), dueAt: new Date('2026-11-08T02:00:00Z'),
    echoWall: true, ...over,
  }) as Item;

describe('回音壁 entries and moderation', () => {
  const now = new Date('2026-11-05T02:00:00Z');
  it('an entry holds no name, phone, room or OPENID; photos wait for approval', () => {
    const e = echoEntryOf(item(), { communityName: '河南社区', gridName: '第一网格' }, now);
    const text = JSON.stringify({ ...e, photos: [] });
    for (const s of ['王建国', '张三', '101', '13912345678', 'o-resident']) expect(text).not.toContain(s);
    expect(e.photos.map((p) => `${p.key}:${p.stage}:${p.status}`)).toEqual(['a0:before:pending', 'b0:after:pending']);
    expect(e.rating).toMatchObject({ stars: 4, solved: true, satisfied: true });
    expect(knownNames(item())).toEqual(expect.arrayContaining(['张三', '1栋1单元101']));
  });

  it('moderation: hide, show, redact and photos, each refusing what makes no sense', () => {
    const e = echoEntryOf(item({ description: '东门路灯坏了' }), { communityName: 'C', gridName: 'G' }, now);
    expect(moderate(e, 'hide', {})).toMatchObject({ set: { hidden: true } });
    expect(moderate({ ...e, hidden: true }, 'hide', {})).toEqual({ error: '该条已隐藏' });
    expect(moderate(e, 'show', {})).toEqual({ error: '该条正在显示，无需恢复' });
    expect(moderate(e, 'redact', { words: ['东门'] })).toMatchObject({ set: { text: '＊＊路灯坏了', hiddenWords: ['东门'] } });
    expect(moderate(e, 'redact', { words: ['西门'] })).toHaveProperty('error');
    expect(moderate(e, 'photoApprove', { photo: 'b0', publicFileID: 'cloud://e/echo/I1/b0.png' })).toMatchObject({
      set: { photos: [{ key: 'a0', status: 'pending' }, { key: 'b0', status: 'approved', publicFileID: 'cloud://e/echo/I1/b0.png' }] },
    });
    expect(moderate(e, 'photoApprove', { photo: 'b0' })).toEqual({ error: '照片复制失败，请稍后重试' });
    expect(moderate(e, 'photoHide', { photo: 'z9' })).toEqual({ error: '照片不存在，请刷新后重试' });
  });

  it('the moderation schema asks for words and a photo in Chinese', () => {
    const r = parse(EchoWallModerateInput, { id: 'I1', version: 0, op: 'redact' });
    expect(r).toMatchObject({ ok: false, fields: { words: '请填写要隐去的词' } });
    expect(parse(EchoWallModerateInput, { id: 'I1', version: 0, op: 'photoHide' })).toMatchObject({ ok: false, fields: { photo: '请选择照片' } });
    expect(parse(EchoWallModerateInput, { id: 'I1', version: 0, op: 'hide' })).toMatchObject({ ok: true });
  });
});

describe('五考 periods', () => {
  it('keys of a day', () => {
    expect(['month', 'quarter', 'halfYear', 'year'].map((k) => periodKeyOf(k as 'month', '2026-11-05'))).toEqual(['2026-11', '2026-Q4', '2026-H2', '2026']);
    expect(periodKeyOf('quarter', '2026-03-31')).toBe('2026-Q1');
    expect(periodKeyOf('halfYear', '2026-06-30')).toBe('2026-H1');
  });

  it('parses keys to months and labels', () => {
    expect(parsePeriodKey('2026-Q4')).toEqual({ kind: 'quarter', key: '2026-Q4', label: '2026年第四季度', months: ['2026-10', '2026-11', '2026-12'] });
    expect(parsePeriodKey('2026-H1')?.months).toHaveLength(6);
    expect(parsePeriodKey('2026')?.label).toBe('2026年度');
    expect(parsePeriodKey('2026-02')?.label).toBe('2026年2月');
    for (const bad of ['2026-13', '2026-Q5', '2026-H3', '26', '2026-1']) expect(parsePeriodKey(bad)).toBeNull();
  });

  it('resolves the current period up to today; refuses the future, a mismatched kind and a bad key', () => {
    expect(resolveAssessmentPeriod('year', undefined, '2026-11-05')).toMatchObject({ key: '2026', months: ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11'] });
    expect(resolveAssessmentPeriod('month', '2026-12', '2026-11-05')).toEqual({ error: '该考核期还没有开始，请选择本期或以前的考核期' });
    expect(resolveAssessmentPeriod('quarter', '2026-11', '2026-11-05')).toHaveProperty('error');
    expect(resolveAssessmentPeriod('month', 'x', '2026-11-05')).toHaveProperty('error');
    expect(resolveAssessmentPeriod('quarter', '2025-Q1', '2026-11-05')).toMatchObject({ months: ['2025-01', '2025-02', '2025-03'] });
  });

  it('recent keys, newest first, across a year', () => {
    expect(recentPeriodKeys('quarter', '2026-02-10', 3)).toEqual(['2026-Q1', '2025-Q4', '2025-Q3']);
    expect(recentPeriodKeys('month', '2026-01-31', 2)).toEqual(['2026-01', '2025-12']);
    expect(recentPeriodKeys('year', '2026-01-01', 2)).toEqual(['2026', '2025']);
  });
});

describe('五考 score', () => {
  it('weighs the rates and 民主测评; a metric without data drops out', () => {
    const c = { responseDue: 4, respondedOnTime: 3, resolved: 2, resolvedOnTime: 2, rated: 2, ratedSatisfied: 1, accepted: 4, closed: 2 };
    const s = scorePerson(c, { n: 2, sum: 8 }, DEFAULT_WEIGHTS);
    expect(s.metrics).toEqual({ response: 0.75, onTime: 1, satisfaction: 0.5, close: 0.5, democratic: 0.75 });
    // (0.75·20 + 1·20 + 0.5·25 + 0.5·15 + 0.75·20) / 100
    expect(s.score).toBe(70);
    const noEval = scorePerson(c, undefined, DEFAULT_WEIGHTS);
    expect(noEval.metrics.democratic).toBeNull();
    expect(noEval.score).toBe(Math.round(((0.75 * 20 + 20 + 0.5 * 25 + 0.5 * 15) / 80) * 1000) / 10);
    expect(scorePerson({}, undefined, DEFAULT_WEIGHTS).score).toBeNull();
    expect(scorePerson({}, { n: 1, sum: 1 }, DEFAULT_WEIGHTS).score).toBe(0);
    // A zero weight ignores its metric.
    expect(scorePerson(c, { n: 1, sum: 5 }, { response: 0, onTime: 0, satisfaction: 0, close: 0, democratic: 10 }).score).toBe(100);
  });

  it('ranks by score, ties share a rank, no score is unranked and last', () => {
    const r = rankByScore([
      { name: '乙', score: 80 }, { name: '甲', score: 90 }, { name: '丙', score: 80 }, { name: '丁', score: null }, { name: '戊', score: 70 },
    ]);
    expect(r.map((x) => `${x.rank}:${x.row.name}`)).toEqual(['1:甲', '2:丙', '2:乙', '4:戊', 'null:丁']);
  });
});
