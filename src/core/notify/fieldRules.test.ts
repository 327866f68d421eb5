import { describe, expect, it } from 'vitest';
import { checkTemplateData, fieldType, fitThing } from './fieldRules';

/** The problem WeChat would have with one field, or undefined when it may be sent. */
const problem = (key: string, value: string): string | undefined => checkTemplateData([key], { [key]: { value } })[key];

const ok = (key: string, values: string[]) =>
  it.each(values)(`${key} accepts %j`, (value) => expect(problem(key, value)).toBeUndefined());
const bad = (key: string, values: string[]) =>
  it.each(values)(`${key} rejects %j`, (value) => expect(problem(key, value)).toMatch(/[\u4e00-\u9fff]/));

describe('fieldType', () => {
  it.each([
    ['thing1', 'thing'],
    ['thing12', 'thing'],
    ['phrase4', 'phrase'],
    ['time3', 'time'],
    ['name2', 'name'],
    ['character_string5', 'character_string'],
    ['phone_number7', 'phone_number'],
    ['car_number1', 'car_number'],
  ])('%s → %s', (key, type) => expect(fieldType(key)).toBe(type));

  it.each(['thing', 'foo1', 'Thing1', '1thing', 'thing1a', ''])('%j → null', (key) => expect(fieldType(key)).toBeNull());
});

describe('field rules', () => {
  describe('thing: up to 20 characters', () => {
    ok('thing1', ['路灯坏了', '一'.repeat(20), 'a'.repeat(20), '3号楼 路灯', '😀'.repeat(20)]);
    bad('thing1', ['一'.repeat(21), 'a'.repeat(21)]);
    it('says why in Chinese', () => expect(problem('thing1', '一'.repeat(21))).toBe('超过 20 个字'));
  });

  describe('phrase: 1–5 Chinese characters only', () => {
    ok('phrase2', ['已受理', '需整改', '升级办理', '一二三四五', '办']);
    bad('phrase2', ['一二三四五六', '第2次', '已 受理', 'done', '已办结！', '已办结待评价']);
  });

  describe('name: ≤ 10 Chinese characters, or ≤ 20 letters', () => {
    ok('name1', ['张三', '欧阳'.repeat(5), 'Li Ming', 'A'.repeat(20)]);
    bad('name1', ['欧阳'.repeat(5) + '娜', 'A'.repeat(21), 'Li3', 'li_ming']);
  });

  describe('time: 24-hour time, optionally with a date', () => {
    ok('time3', ['2026年11月20日 20:00', '2026年1月2日 8:05', '20:00', '20:00:59', '2026-11-20 20:00', '2026-11-20 20:00:59']);
    bad('time3', ['2026/11/20 20:00', '8点', '2026-11-20', '2026年11月20日', '20时00分', '2026-11-20T20:00']);
  });

  describe('date', () => {
    ok('date1', ['2026年11月20日', '2026-11-20']);
    bad('date1', ['11月20日', '2026/11/20', '2026-11-20 20:00']);
  });

  describe('character_string: 1–32 printable ASCII characters', () => {
    ok('character_string1', ['ABC-123_x', 'a'.repeat(32), 'T01-01-01#2']);
    bad('character_string1', ['a'.repeat(33), '编号1', 'a b', 'tab\there']);
  });

  describe('number: digits, optional decimal, ≤ 32', () => {
    ok('number1', ['0', '42', '3.14', '1'.repeat(32)]);
    bad('number1', ['-1', '1e3', '12a', '1.', '.5', '1'.repeat(33), '一']);
  });

  describe('the remaining types', () => {
    ok('letter1', ['abc', 'A'.repeat(32)]);
    bad('letter1', ['ab1', 'A'.repeat(33)]);
    ok('amount1', ['12', '¥12.50', '12元']);
    bad('amount1', ['12.345', '十二元']);
    ok('phone_number1', ['13800000000', '+86 431-1234567']);
    bad('phone_number1', ['电话13800000000', '1'.repeat(18)]);
    ok('car_number1', ['吉B12345']);
    bad('car_number1', ['吉B123456789']);
    ok('symbol1', ['#', '※★']);
    bad('symbol1', ['a', '#'.repeat(6)]);
  });
});

describe('checkTemplateData', () => {
  const KEYS = ['thing1', 'phrase2', 'time3'];
  const good = { thing1: { value: '路灯坏了' }, phrase2: { value: '已受理' }, time3: { value: '2026年11月20日 20:00' } };

  it('a payload that keeps every rule has no problems', () => {
    expect(checkTemplateData(KEYS, good)).toEqual({});
  });

  it('flags a missing key', () => {
    const { phrase2: _drop, ...rest } = good;
    expect(checkTemplateData(KEYS, rest)).toEqual({ phrase2: '缺少值' });
  });

  it('flags an undefined entry and an empty value as missing', () => {
    expect(checkTemplateData(KEYS, { ...good, thing1: undefined })).toEqual({ thing1: '缺少值' });
    expect(checkTemplateData(KEYS, { ...good, thing1: { value: '' } })).toEqual({ thing1: '缺少值' });
  });

  it('flags a key the template does not have', () => {
    expect(checkTemplateData(KEYS, { ...good, thing9: { value: 'x' } })).toEqual({ thing9: '模板中没有这个字段' });
  });

  it('flags a template key of an unknown type', () => {
    expect(checkTemplateData(['foo1'], { foo1: { value: 'x' } })).toEqual({ foo1: '未知字段类型' });
  });

  it('lists every problem at once, each in Chinese', () => {
    const problems = checkTemplateData(KEYS, {
      thing1: { value: '一'.repeat(21) },
      phrase2: { value: '已受理了吗？' },
      extra1: { value: 'x' },
    });
    expect(Object.keys(problems).sort()).toEqual(['extra1', 'phrase2', 'thing1', 'time3']);
    for (const msg of Object.values(problems)) expect(msg).toMatch(/[\u4e00-\u9fff]/);
  });
});

describe('fitThing', () => {
  it('leaves short text alone', () => {
    expect(fitThing('路灯坏了')).toBe('路灯坏了');
    expect(fitThing('一'.repeat(20))).toBe('一'.repeat(20));
  });

  it('cuts 21+ characters to 19 and an ellipsis', () => {
    const s = '一二三四五六七八九十'.repeat(3);
    const fitted = fitThing(s);
    expect([...fitted]).toHaveLength(20);
    expect(fitted).toBe(s.slice(0, 19) + '…');
  });

  it('collapses whitespace and trims before measuring', () => {
    expect(fitThing('  3号楼\n\n  路灯\t坏了  ')).toBe('3号楼 路灯 坏了');
    expect(fitThing(`  ${'一'.repeat(20)}  `)).toBe('一'.repeat(20));
  });

  it('counts characters, not UTF-16 units, so emoji are never split', () => {
    const fitted = fitThing('😀'.repeat(25));
    expect([...fitted]).toHaveLength(20);
    expect(fitted).toBe('😀'.repeat(19) + '…');
  });

  it('honours a custom maximum', () => {
    expect(fitThing('abcdefgh', 5)).toBe('abcd…');
  });

  it('always yields a valid thing value for any non-blank text', () => {
    for (let n = 1; n <= 60; n++) {
      for (const unit of ['字', 'a', '😀', '字 ', '\n字']) {
        const value = fitThing(unit.repeat(n));
        expect(problem('thing1', value), JSON.stringify(value)).toBeUndefined();
      }
    }
  });
});
