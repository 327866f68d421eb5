import { describe, expect, it } from 'vitest';
import { CATEGORIES } from '../labels';
import { ITEM_KINDS } from '../schemas';
import { checkTemplateData } from './fieldRules';
import { ITEM_ASSIGNED, ITEM_UPDATED, TEMPLATES, assignedMessage, formatTime, updatedMessage } from './templates';

/** Phrases the use cases send (cloudfunctions/api/src/actions). */
const PHRASES = ['已受理', '已办结', '已退回', '需整改', '升级办理', '新事项'];

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
    const m = assignedMessage(item('3号楼路灯坏了一周'), '新事项');
    expect(m.templateId).toBe(ITEM_ASSIGNED.id);
    expect(m.page).toBe('packages/cadre/handle/index?id=item-0');
    expect(Object.keys(m.data).sort()).toEqual([...ITEM_ASSIGNED.keys].sort());
    expect(m.data.thing1.value).toBe('微心愿·环境卫生');
    expect(m.data.thing2.value).toBe('3号楼路灯坏了一周');
    expect(m.data.time3.value).toBe('2026年11月20日 20:00');
    expect(m.data.phrase4.value).toBe('新事项');
  });

  it('always passes the field rules, whatever the description', () => {
    let checked = 0;
    for (const len of LENGTHS) {
      for (let seed = 0; seed < 10; seed++) {
        for (const phrase of PHRASES) {
          const description = textOf(len, seed);
          if (description.trim() === '') continue; // the submit schema never lets a blank description through
          const m = assignedMessage(item(description, seed), phrase);
          expect(checkTemplateData(ITEM_ASSIGNED.keys, m.data), JSON.stringify(description)).toEqual({});
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(500);
  });

  it('every kind × category label fits a thing field', () => {
    for (const kind of ITEM_KINDS) {
      for (const category of CATEGORIES) {
        const m = assignedMessage({ _id: 'x', kind, category, description: '描述描述描述', createdAt: at }, '新事项');
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
        for (const phrase of PHRASES) {
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
