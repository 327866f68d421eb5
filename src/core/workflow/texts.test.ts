import { describe, expect, it } from 'vitest';
import { freeTextOf } from './texts';

describe('freeTextOf', () => {
  it('collects every typed text of a command and nothing else', () => {
    expect(freeTextOf({ type: 'reject', code: 'outOfArea', note: '不是本网格' })).toEqual(['不是本网格']);
    expect(freeTextOf({ type: 'resolve', note: '已修好', photos: ['cloud://x/a.png'] })).toEqual(['已修好']);
    expect(freeTextOf({ type: 'rate', stars: 2, solved: false, comment: '没修好' })).toEqual(['没修好']);
    expect(freeTextOf({ type: 'meet', attendees: ['D-CG'], plan: '周三联合整治' })).toEqual(['周三联合整治']);
    expect(freeTextOf({ type: 'pause', reason: '等待停电检修' })).toEqual(['等待停电检修']);
    expect(freeTextOf({ type: 'verify', itemClass: 'general', category: '公共设施' })).toEqual([]);
    expect(freeTextOf({ type: 'withdraw', reason: '  ' })).toEqual([]);
  });
});
