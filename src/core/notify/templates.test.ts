import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CATEGORIES } from '../labels';
import { ITEM_KINDS } from '../schemas';
import type { Holder, Item, ItemState } from '../types';
import { decide, type Clocks, type Command } from '../workflow/decide';
import { COMMANDS } from '../workflow/table';
import { checkTemplateData } from './fieldRules';
import { eventOf } from './events';
import { ITEM_ASSIGNED, ITEM_UPDATED, TEMPLATES, assignedMessage, formatTime, updatedMessage } from './templates';

/**
 * The phrases the workflow sends, by template: those of a new item (cloudfunctions/api/src/app/
 * createItem.ts) and of every transition (core/workflow/decide.ts). 'the phrases the workflow sends'
 * below checks that these lists are exactly what the code sends.
 */
const NEW_ITEM_PHRASES = ['新待办'];
const ASSIGNED_PHRASES = [
  ...NEW_ITEM_PHRASES, '转办待核单', '已上报社区', '已派至街道', '待报到', '部门退回', '挂起已批准', '挂起未批准', '已解挂',
  '居民已撤回', '申诉重办', '即将到期', '已超期', '报到超时', '超期上报', '需整改', '升级办理', '多次不满意', '挂起待审批', '申诉待审核',
];
const UPDATED_PHRASES = ['已受理', '已退回', '已上报社区', '已派至街道', '已吹哨', '部门已报到', '已会商', '已办结', '已挂起', '已恢复办理', '申诉未支持', '申诉成立'];

/** Deterministic pseudo-random text, so a failure can be reproduced. */
function textOf(length: number, seed: number): string {
  const pool = [...'路灯坏了三号楼单元门口垃圾没人清理噪音扰民 abcXYZ0123，。！？\n\t😀📷'];
  let x = seed + 1; // Park–Miller; products stay below 2^53, so this is exact
  let s = '';
  for (let i = 0; i < length; i++) {
    x = (x * 48271) % 2147483647;
    s += pool[x % pool.length];
  }
  return s;
}

const LENGTHS = [1, 5, 19, 20, 21, 22, 40, 100, 200, 500];
const at = new Date('2026-11-20T12:00:00Z');

describe('assignedMessage', () => {
  const item = (description: string, i = 0) => ({
    _id: `item-${i}`,
    kind: ITEM_KINDS[i % ITEM_KINDS.length],
    category: CATEGORIES[i % CATEGORIES.length],
    description,
    createdAt: at,
  });

  it('fills exactly the template keys, with the item page', () => {
    const m = assignedMessage(item('3号楼路灯坏了一周'), '新待办');
    expect(m.templateId).toBe(ITEM_ASSIGNED.id);
    expect(m.page).toBe('packages/cadre/handle/index?id=item-0');
    expect(Object.keys(m.data).sort()).toEqual([...ITEM_ASSIGNED.keys].sort());
    expect(m.data.thing1.value).toBe('微心愿·环境卫生');
    expect(m.data.thing2.value).toBe('3号楼路灯坏了一周');
    expect(m.data.time3.value).toBe('2026年11月20日 20:00');
    expect(m.data.phrase4.value).toBe('新待办');
  });

  it('always passes the field rules, whatever the description', () => {
    let checked = 0;
    for (const len of LENGTHS) {
      for (let seed = 0; seed < 10; seed++) {
        for (const phrase of ASSIGNED_PHRASES) {
          const description = textOf(len, seed);
          if (description.trim() === '') continue; // the submit schema never lets a blank description through
          const m = assignedMessage(item(description, seed), phrase);
          expect(checkTemplateData(ITEM_ASSIGNED.keys, m.data), JSON.stringify(description)).toEqual({});
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it('every kind × category label fits a thing field', () => {
    for (const kind of ITEM_KINDS) {
      for (const category of CATEGORIES) {
        const m = assignedMessage({ _id: 'x', kind, category, description: '描述描述描述', createdAt: at }, '新待办');
        expect(checkTemplateData(ITEM_ASSIGNED.keys, m.data)).toEqual({});
      }
    }
  });

  it('the check is not vacuous: a bad phrase is caught', () => {
    const m = assignedMessage(item('路灯坏了'), '已办结待评价');
    expect(Object.keys(checkTemplateData(ITEM_ASSIGNED.keys, m.data))).toEqual(['phrase4']);
  });
});

describe('updatedMessage', () => {
  const item = { _id: 'item-9', kind: 'wish' as const, category: '帮扶救助' };

  it('fills exactly the template keys, with the resident page', () => {
    const m = updatedMessage(item, '已受理', '王五已受理', at);
    expect(m.templateId).toBe(ITEM_UPDATED.id);
    expect(m.page).toBe('pages/item/index?id=item-9');
    expect(Object.keys(m.data).sort()).toEqual([...ITEM_UPDATED.keys].sort());
    expect(m.data).toEqual({
      thing1: { value: '微心愿·帮扶救助' },
      phrase2: { value: '已受理' },
      thing3: { value: '王五已受理' },
      time4: { value: '2026年11月20日 20:00' },
    });
  });

  it('an empty note becomes 请查看详情', () => {
    expect(updatedMessage(item, '已办结', '', at).data.thing3.value).toBe('请查看详情');
  });

  it('always passes the field rules, whatever the note', () => {
    for (const len of LENGTHS) {
      for (let seed = 0; seed < 10; seed++) {
        const note = `退回原因：${textOf(len, seed)}`;
        for (const phrase of UPDATED_PHRASES) {
          const m = updatedMessage(item, phrase, note, at);
          expect(checkTemplateData(ITEM_UPDATED.keys, m.data), JSON.stringify(note)).toEqual({});
        }
      }
    }
  });
});

describe('templates', () => {
  it('every template key has a known field type', () => {
    for (const t of TEMPLATES) {
      const blank = Object.fromEntries(t.keys.map((k) => [k, { value: 'x' }]));
      for (const msg of Object.values(checkTemplateData(t.keys, blank))) expect(msg).not.toBe('未知字段类型');
    }
  });
});

describe('formatTime', () => {
  it.each([
    ['2026-11-20T12:00:00Z', '2026年11月20日 20:00'],
    ['2026-11-20T16:30:00Z', '2026年11月21日 00:30'],
    ['2026-01-01T00:05:00Z', '2026年01月01日 08:05'],
    ['2026-12-31T16:00:00Z', '2027年01月01日 00:00'],
  ])('%s → %s (China time)', (iso, text) => {
    expect(formatTime(new Date(iso))).toBe(text);
  });

  it('is a valid time field', () => {
    const v = formatTime(new Date('2026-03-05T01:02:00Z'));
    expect(checkTemplateData(['time1'], { time1: { value: v } })).toEqual({});
  });
});

describe('the phrases the workflow sends', () => {
  const T0 = new Date('2026-11-23T02:00:00Z');
  const HOUR = 3_600_000;
  const clocks: Clocks = {
    handleDue: (_c, from) => new Date(from.getTime() + 72 * HOUR),
    responseDue: (_c, from) => new Date(from.getTime() + 8 * HOUR),
    whistleDue: (_k, from) => new Date(from.getTime() + HOUR),
    resumeDue: (due, paused, now) => new Date(now.getTime() + due.getTime() - paused.getTime()),
  };
  const cadre: Holder = { kind: 'person', personId: 'pA', name: '张三', role: 'cadre' };
  const other: Holder = { kind: 'person', personId: 'pB', name: '李四', role: 'cadre' };
  const community: Holder = { kind: 'queue', nodeId: 'C1', name: '一社区社区待办', level: 'community' };
  const street: Holder = { kind: 'queue', nodeId: 'S1', name: '河南街道街道待办', level: 'street' };
  const dept: Holder = { kind: 'department', departmentId: 'D1', name: '城管执法中队' };
  const whistle = (kind: 'quick' | 'tough') => ({ kind, by: '街道', at: T0, reportDueAt: new Date(T0.getTime() + HOUR), departments: [{ id: 'D1', name: '城管执法中队' }] });
  const pause = { fromState: 'accepted' as ItemState, reason: '等待检修', requestedAt: T0, requestedBy: '张三' };
  const item = (state: ItemState, over: Partial<Item> = {}): Item => ({
    _id: 'i1', kind: 'complaint', category: '公共设施', itemClass: 'general', description: '路灯坏了', photos: [], anonymous: false,
    submitterOpenid: 'o-r', clientRequestId: 'req-00000001', householdId: 'h1', householdLabel: '1栋101', streetId: 'S1', communityId: 'C1',
    gridId: 'G1', buildingId: 'B1', holder: cadre, holderKey: 'pA', handlerIds: ['pA'], state, version: 0, rectifyCount: 0,
    ratings: [], timeline: [], createdAt: T0, updatedAt: T0, dueAt: new Date(T0.getTime() + 72 * HOUR), responseDueAt: new Date(T0.getTime() + 8 * HOUR),
    level: 'grid', ...over,
  });
  // Every command, from a state it may start in; sendUp from both levels, rate with each outcome.
  const cases: [Item, Command][] = [
    [item('submitted'), { type: 'verify', itemClass: 'simple', category: '公共设施' }],
    [item('submitted'), { type: 'accept' }],
    [item('submitted'), { type: 'reject', code: 'duplicate' }],
    [item('submitted'), { type: 'transfer', to: other, reason: '换人' }],
    [item('submitted'), { type: 'sendUp', to: community, reason: '上报' }],
    [item('submitted', { holder: community, holderKey: 'queue:C1', level: 'community' }), { type: 'sendUp', to: street, reason: '派单' }],
    [item('submitted', { holder: street, holderKey: 'queue:S1', level: 'street' }), { type: 'whistle', kind: 'quick', departments: [{ id: 'D1', name: '城管执法中队' }] }],
    [item('whistled', { holder: dept, holderKey: 'dept:D1', whistle: whistle('quick') }), { type: 'report', departmentId: 'D1' }],
    [item('accepted', { holder: dept, holderKey: 'dept:D1', whistle: whistle('tough') }), { type: 'meet', attendees: ['城管执法中队'], plan: '联合整治' }],
    [item('whistled', { holder: dept, holderKey: 'dept:D1', whistle: whistle('quick') }), { type: 'return', reason: '不属于本部门', to: street }],
    [item('accepted'), { type: 'start' }],
    [item('accepted'), { type: 'resolve', note: '已修好', photos: [] }],
    [item('resolved'), { type: 'rate', stars: 5, solved: true }],
    [item('resolved'), { type: 'rate', stars: 1, solved: false }],
    [item('resolved', { rectifyCount: 1 }), { type: 'rate', stars: 1, solved: false }],
    [item('accepted'), { type: 'pause', reason: '等待检修' }],
    [item('pausePending', { pause }), { type: 'pauseApprove' }],
    [item('pausePending', { pause }), { type: 'pauseDeny' }],
    [item('paused', { pause: { ...pause, pausedAt: T0 } }), { type: 'resume' }],
    [item('submitted'), { type: 'withdraw' }],
    [item('rejected', { rejectedAt: T0 }), { type: 'appeal', reason: '请再核实一下' }],
    [item('appealing', { appeal: { at: T0, reason: '请再核实' } }), { type: 'appealUphold', note: '维持' }],
    [item('appealing', { appeal: { at: T0, reason: '请再核实' } }), { type: 'appealReopen', note: '重办', to: cadre }],
    [item('accepted'), { type: 'lead', nodeId: 'C1', note: '跟踪督办' }],
    [item('accepted'), { type: 'remind' }],
    [item('accepted'), { type: 'overdue' }],
    [item('whistled', { holder: dept, holderKey: 'dept:D1', whistle: whistle('quick') }), { type: 'whistleOverdue' }],
    [item('accepted'), { type: 'escalateOverdue', to: community }],
  ];

  it('are exactly the lists above: every command decided, and a new item', () => {
    expect(new Set(cases.map(([, c]) => c.type)), 'a command without a case here').toEqual(new Set(Object.keys(COMMANDS)));
    const sent = { assigned: new Set<string>(), updated: new Set<string>() };
    for (const [i, c] of cases) {
      const d = decide(i, c, { name: '张三', role: 'cadre', by: 'pA' }, { now: new Date(T0.getTime() + HOUR), clocks, escalateTo: community });
      for (const e of d.effects) if (e.kind === 'notify') sent[e.template].add(e.phrase);
    }
    const createItem = readFileSync(new URL('../../../cloudfunctions/api/src/app/createItem.ts', import.meta.url), 'utf8');
    for (const m of createItem.matchAll(/template: '(assigned|updated)'(?: as const)?, phrase: '([^']+)'/g)) sent[m[1] as 'assigned' | 'updated'].add(m[2]);
    expect([...sent.assigned].sort()).toEqual([...ASSIGNED_PHRASES].sort());
    expect([...sent.updated].sort()).toEqual([...UPDATED_PHRASES].sort());
  });

  it('each names a notice event with its own builder (events.ts)', () => {
    for (const p of ASSIGNED_PHRASES) expect(eventOf({}, { template: 'assigned', phrase: p }), p).not.toBeNull();
    for (const p of UPDATED_PHRASES) expect(eventOf({}, { template: 'updated', phrase: p }), p).not.toBeNull();
  });

  it('each fits its template\'s phrase field (at most 5 Chinese characters)', () => {
    for (const p of ASSIGNED_PHRASES) expect(checkTemplateData(['phrase4'], { phrase4: { value: p } }), p).toEqual({});
    for (const p of UPDATED_PHRASES) expect(checkTemplateData(['phrase2'], { phrase2: { value: p } }), p).toEqual({});
  });
});
