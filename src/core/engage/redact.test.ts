// What the 回音壁 may never show, pinned rule by rule (the mutation run found these unpinned).
import { describe, expect, it } from 'vitest';
import { hideWords, leaksPersonalInfo, redactText } from './redact';

describe('redactText', () => {
  it("hides every occurrence of the admin's words, not only the first", () => {
    expect(redactText('物业公司甲说会修，物业公司甲没来', { words: ['物业公司甲'] })).toBe('＊＊＊＊说会修，＊＊＊＊没来');
  });

  it('hides known names everywhere, but ignores one-character names (they would hit ordinary words)', () => {
    expect(redactText('张建国反映，张建国家门口', { names: ['张建国'] })).toBe('＊＊＊反映，＊＊＊家门口');
    expect(redactText('王府井的王先生', { names: ['王'] })).toBe('王府井的某先生');
  });

  it('hides a room number after 单元/栋 and after 家住, keeping the word', () => {
    expect(redactText('3单元 302漏水')).toBe('＊单元＊漏水');
    expect(redactText('家住 1201，门口积水')).toBe('家住＊，门口积水');
  });
});

describe('hideWords', () => {
  it('trims the words, skips empty ones and hides the longest first', () => {
    expect(hideWords('甲乙 甲乙丙 甲乙', [' 甲乙 ', '', '甲乙丙'])).toBe('＊＊ ＊＊＊ ＊＊');
  });
});

describe('leaksPersonalInfo', () => {
  it('flags phone numbers (spaces inside), OPENIDs and unit or room numbers; not plain text', () => {
    expect(leaksPersonalInfo('电话 138 0013 8000')).toBe(true);
    expect(leaksPersonalInfo(`o${'A'.repeat(27)}`)).toBe(true);
    expect(leaksPersonalInfo('住3单元')).toBe(true);
    expect(leaksPersonalInfo('住 301 室')).toBe(true);
    expect(leaksPersonalInfo('路灯坏了')).toBe(false);
  });
});
