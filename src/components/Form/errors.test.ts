import { describe, expect, it } from 'vitest';
import { afterInput, errorOf, toNumber, withoutField } from './errors';

describe('form errors', () => {
  const errors = { holidays: '最多 200 天', 'holidays.1': '没有这一天', 'classLimits.simple.handleDays': '办理时限应为整数', reminderLeadHours: '请填写提前提醒时间' };

  it('a field shows its own error or the first of its sub-paths', () => {
    expect(errorOf(errors, 'holidays')).toBe('最多 200 天');
    expect(errorOf({ 'holidays.1': '没有这一天' }, 'holidays')).toBe('没有这一天');
    expect(errorOf(errors, 'classLimits.simple')).toBe('办理时限应为整数');
    expect(errorOf(errors, 'workdays')).toBe('');
  });

  it('typing in a field clears its errors and sub-paths, and no other field’s', () => {
    expect(withoutField(errors, 'holidays')).toEqual({ 'classLimits.simple.handleDays': '办理时限应为整数', reminderLeadHours: '请填写提前提醒时间' });
    // "holiday" is not a prefix path of "holidays".
    expect(withoutField(errors, 'holiday')).toEqual(errors);
  });

  it('the headline goes too when it repeated that field’s message', () => {
    expect(afterInput({ errors, headline: '请填写提前提醒时间' }, 'reminderLeadHours')).toEqual({ errors: withoutField(errors, 'reminderLeadHours'), headline: '' });
    expect(afterInput({ errors, headline: '请填写提前提醒时间' }, 'holidays').headline).toBe('请填写提前提醒时间');
    const same = { errors, headline: 'x' };
    expect(afterInput(same, 'workdays')).toBe(same);
  });

  it('numbers typed as text: blank and junk become NaN so the schema refuses them', () => {
    expect(toNumber(' 12 ')).toBe(12);
    expect(toNumber('')).toBeNaN();
    expect(toNumber('abc')).toBeNaN();
  });
});
