import { describe, expect, it } from 'vitest';
import { CLASS_DEADLINE_DAYS } from './calendar';
import { PROPERTY_5321, clocksFor } from './deadlines';
import { CLASS_LABEL, WHISTLE_LABEL } from './labels';
import { parse } from './schemas';
import { DEFAULT_SETTINGS, ITEM_CLASSES, SettingsGetInput, SettingsInput, WHISTLE_TYPES, settingsFor } from './settings';

const cst = (local: string) => new Date(`${local.replace(' ', 'T')}:00+08:00`);
const valid = () => ({ streetId: 'T01', version: 0, ...structuredClone(DEFAULT_SETTINGS) });

describe('defaults', () => {
  it('handling days are the suggested 1 / 3 / 5 / 10 / 15 working days', () => {
    for (const c of ITEM_CLASSES) expect(DEFAULT_SETTINGS.classLimits[c].handleDays).toBe(CLASS_DEADLINE_DAYS[c]);
  });

  it('has a label for every class and whistle type', () => {
    expect(ITEM_CLASSES.map((c) => CLASS_LABEL[c])).toEqual(['简单', '一般', '较大', '疑难', '跨区域']);
    expect(WHISTLE_TYPES.map((w) => WHISTLE_LABEL[w])).toEqual(['快捷哨', '应急哨', '攻坚哨']);
  });

  it('the defaults pass their own schema', () => {
    expect(parse(SettingsInput, valid())).toMatchObject({ ok: true });
  });
});

describe('settingsFor merges what was stored over the defaults', () => {
  it('nothing stored → the defaults, for that street', () => {
    expect(settingsFor('T01', null)).toEqual({ streetId: 'T01', ...DEFAULT_SETTINGS });
  });

  it('keeps stored values, fills missing classes and whistle types, drops foreign fields', () => {
    const s = settingsFor('T01', {
      classLimits: { hard: { responseHours: 12, handleDays: 8 } } as never,
      whistleLimits: { emergency: 20 } as never,
      holidays: ['2027-01-01'],
      updatedBy: 'pStreet',
      ...({ _id: 'T01', version: 3 } as object),
    });
    expect(s.classLimits.hard).toEqual({ responseHours: 12, handleDays: 8 });
    expect(s.classLimits.general).toEqual(DEFAULT_SETTINGS.classLimits.general);
    expect(s.whistleLimits).toEqual({ quick: 60, emergency: 20, tough: 1440 });
    expect(s.holidays).toEqual(['2027-01-01']);
    expect(s.updatedBy).toBe('pStreet');
    expect(s).not.toHaveProperty('_id');
    expect(s).not.toHaveProperty('version');
  });

  it('never shares the defaults’ arrays and objects', () => {
    const s = settingsFor('T01');
    s.holidays.push('2027-01-01');
    s.classLimits.simple.handleDays = 9;
    s.firstHandlers.T01 = 'p';
    expect(DEFAULT_SETTINGS.holidays).toEqual([]);
    expect(DEFAULT_SETTINGS.classLimits.simple.handleDays).toBe(1);
    expect(DEFAULT_SETTINGS.firstHandlers).toEqual({});
  });
});

describe('SettingsInput: bad values get a Chinese message on their field', () => {
  type Mutate = (s: ReturnType<typeof valid>) => void;
  const cases: [string, Mutate, string, RegExp][] = [
    ['response 0 h', (s) => (s.classLimits.simple.responseHours = 0), 'classLimits.simple.responseHours', /简单事项响应时限应为 1–168 小时/],
    ['handling 61 days', (s) => (s.classLimits.hard.handleDays = 61), 'classLimits.hard.handleDays', /疑难事项办理时限应为 1–60 个工作日/],
    ['handling left blank (NaN from the form)', (s) => (s.classLimits.general.handleDays = Number.NaN), 'classLimits.general.handleDays', /请填写一般事项办理时限/],
    ['handling 2.5 days', (s) => (s.classLimits.general.handleDays = 2.5), 'classLimits.general.handleDays', /整数/],
    ['response longer than handling', (s) => (s.classLimits.simple = { responseHours: 48, handleDays: 1 }), 'classLimits.simple.responseHours', /简单事项的响应时限不能长于办理时限/],
    ['a 2-minute whistle', (s) => (s.whistleLimits.emergency = 2), 'whistleLimits.emergency', /应急哨报到时限应为 5–10080 分钟/],
    ['a text whistle limit', (s) => ((s.whistleLimits as Record<string, unknown>).quick = '60'), 'whistleLimits.quick', /请填写快捷哨报到时限/],
    ['an unknown category', (s) => (s.categoryRules = [{ category: '物业' as never, departmentId: 'T01-WY' }]), 'categoryRules.0.category', /请选择事项分类/],
    ['two rules for one category', (s) => (s.categoryRules = [{ category: '物业服务', departmentId: 'A' }, { category: '物业服务', departmentId: 'B' }]), 'categoryRules', /只能设一条规则/],
    ['an unknown clock', (s) => (s.categoryRules = [{ category: '物业服务', departmentId: 'A', clock: '123' as never }]), 'categoryRules.0.clock', /时限规则无效/],
    ['a bad department code', (s) => (s.categoryRules = [{ category: '物业服务', departmentId: '物业公司' }]), 'categoryRules.0.departmentId', /部门编号无效/],
    ['a bad node code', (s) => (s.firstHandlers = { '第一网格': 'pA' }), 'firstHandlers.第一网格', /编号只能/],
    ['reminder 0 h', (s) => (s.reminderLeadHours = 0), 'reminderLeadHours', /提前提醒时间应为 1–168 小时/],
    ['a day that does not exist', (s) => (s.holidays = ['2027-02-30']), 'holidays.0', /没有这一天/],
    ['a slashed date', (s) => (s.workdays = ['2027/01/09']), 'workdays.0', /日期格式应为 2027-01-01/],
    ['a day in both lists', (s) => ((s.holidays = ['2027-01-01', '2027-01-02']), (s.workdays = ['2027-01-02'])), 'workdays', /2027-01-02 不能既是节假日又是调休上班日/],
    ['too many holidays', (s) => (s.holidays = Array.from({ length: 201 }, (_, i) => new Date(Date.UTC(2027, 0, 1 + i)).toISOString().slice(0, 10))), 'holidays', /最多 200 天/],
    ['a text toggle', (s) => ((s as Record<string, unknown>).escalateOverdue = 'yes'), 'escalateOverdue', /逾期/],
  ];
  it.each(cases)('%s', (_label, mutate, field, msg) => {
    const s = valid();
    mutate(s);
    const r = parse(SettingsInput, s);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.fields[field]).toMatch(msg);
    expect(r.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('out-of-range handling days give one message, not also "response too long"', () => {
    const s = valid();
    s.classLimits.simple.handleDays = 0;
    const r = parse(SettingsInput, s);
    expect(r.ok ? {} : r.fields).toEqual({ 'classLimits.simple.handleDays': '简单事项办理时限应为 1–60 个工作日' });
  });

  it('sorts and de-duplicates calendar days', () => {
    const s = valid();
    s.holidays = ['2027-01-01', ' 2026-12-31 ', '2027-01-01'];
    const r = parse(SettingsInput, s);
    expect(r.ok && r.value.holidays).toEqual(['2026-12-31', '2027-01-01']);
  });

  it('accepts a 5321 property rule', () => {
    const s = valid();
    s.categoryRules = [{ category: '物业服务', departmentId: 'T01-WY', clock: '5321' }];
    expect(parse(SettingsInput, s).ok).toBe(true);
  });

  it('settings.get takes an optional node', () => {
    expect(parse(SettingsGetInput, {}).ok).toBe(true);
    expect(parse(SettingsGetInput, { nodeId: 'T01-01' }).ok).toBe(true);
    expect(parse(SettingsGetInput, { nodeId: '../x' }).ok).toBe(false);
  });
});

describe('clocksFor: a street’s deadlines', () => {
  const base = settingsFor('T01');

  it('handling deadlines in working days of the class', () => {
    const c = clocksFor(base, '环境卫生');
    expect(c.kind).toBe('workingDays');
    expect(c.handleDue('general', cst('2026-11-20 10:00'))).toEqual(cst('2026-11-25 10:00')); // Fri + 3 → Wed
    const quick = clocksFor({ ...base, classLimits: { ...base.classLimits, general: { responseHours: 8, handleDays: 1 } } });
    expect(quick.handleDue('general', cst('2026-11-20 10:00'))).toEqual(cst('2026-11-23 10:00'));
  });

  it('response limits in working hours: 8 h from Friday 20:00 end Monday 04:00', () => {
    expect(clocksFor(base).responseDue('general', cst('2026-11-20 20:00'))).toEqual(cst('2026-11-23 04:00'));
  });

  it('uses the street’s own holidays', () => {
    const s = settingsFor('T01', { holidays: ['2027-01-01'] });
    expect(clocksFor(s).handleDue('simple', cst('2026-12-31 10:00'))).toEqual(cst('2027-01-04 10:00'));
  });

  it('whistles count real minutes, even on Saturday', () => {
    expect(clocksFor(base).whistleDue('emergency', cst('2026-11-21 10:00'))).toEqual(cst('2026-11-21 10:30'));
    expect(clocksFor(base).whistleDue('tough', cst('2026-11-21 10:00'))).toEqual(cst('2026-11-22 10:00'));
  });

  it('a 5321 category runs on real time', () => {
    const s = settingsFor('T01', { categoryRules: [{ category: '物业服务', departmentId: 'T01-WY', clock: '5321' }] });
    const c = clocksFor(s, '物业服务');
    const sat = cst('2026-11-21 10:00');
    expect(c.kind).toBe('5321');
    expect(c.responseDue('general', sat)).toEqual(new Date(sat.getTime() + PROPERTY_5321.responseMinutes * 60_000));
    expect(c.handleDue('general', sat)).toEqual(cst('2026-11-21 10:30'));
    expect(c.handleDue('major', sat)).toEqual(cst('2026-11-21 12:00'));
    expect(c.handleDue('hard', sat)).toEqual(cst('2026-11-22 10:00'));
    // Paused 10 minutes in, resumed the next morning: 20 minutes left.
    expect(c.resumeDue(cst('2026-11-21 10:30'), cst('2026-11-21 10:10'), cst('2026-11-22 08:00'))).toEqual(cst('2026-11-22 08:20'));
    // Other categories of the same street keep working days.
    expect(clocksFor(s, '环境卫生').kind).toBe('workingDays');
  });

  it('resumes working-day clocks across the weekend', () => {
    const c = clocksFor(base);
    expect(c.resumeDue(cst('2026-11-19 10:00'), cst('2026-11-18 10:00'), cst('2026-11-20 15:00'))).toEqual(cst('2026-11-23 15:00'));
  });

  it('reminds the lead time of working hours ahead, never before the start', () => {
    const c = clocksFor(base); // 24 h
    expect(c.remindAt(cst('2026-11-23 10:00'), cst('2026-11-18 10:00'))).toEqual(cst('2026-11-20 10:00')); // Monday due → Friday
    expect(c.remindAt(cst('2026-11-23 10:00'), cst('2026-11-21 09:00'))).toEqual(cst('2026-11-21 09:00'));
    const p = clocksFor(settingsFor('T01', { categoryRules: [{ category: '物业服务', departmentId: 'X', clock: '5321' }] }), '物业服务');
    expect(p.remindAt(cst('2026-11-21 10:30'), cst('2026-11-21 10:00'))).toEqual(cst('2026-11-21 10:15'));
  });
});
