import { PHOTO_RETENTION, PhotoRetentionDays } from './personal/schemas';
import * as v from 'valibot';
import { CATEGORIES, CLASS_LABEL, type Category } from './labels';
import type { ItemClass } from './types';
import { ASSESSMENT_METRICS, ASSESSMENT_PERIOD_KINDS, DEFAULT_WEIGHTS, METRIC_LABEL, type AssessmentPeriodKind, type AssessmentWeights } from './engage/assessment';

// Street settings (街道设置): the policy a street's communities inherit. Stored in `settings/{streetId}`.
// Pure model and validation; the deadline arithmetic over it is in deadlines.ts (server side).

/** 快捷哨 / 应急哨 / 攻坚哨 (the same union as types.ts `WhistleKind`). */
export type WhistleType = 'quick' | 'emergency' | 'tough';
export const WHISTLE_TYPES = ['quick', 'emergency', 'tough'] as const satisfies readonly WhistleType[];
export const ITEM_CLASSES = ['simple', 'general', 'major', 'hard', 'crossRegion'] as const satisfies readonly ItemClass[];

export interface ClassLimit {
  /** 核单 (respond) within this many working hours. */
  responseHours: number;
  /** 办结 within this many working days. */
  handleDays: number;
}

export interface CategoryRule {
  category: Category;
  /** The department that receives items of this category directly (e.g. 物业服务 → the property company). */
  departmentId: string;
  /** '5321': the property response clock in real minutes and hours instead of working days. */
  clock?: '5321';
}

export interface StreetSettings {
  streetId: string;
  classLimits: Record<ItemClass, ClassLimit>;
  /** Minutes a whistled department has to 报到, per whistle type (real time). */
  whistleLimits: Record<WhistleType, number>;
  categoryRules: CategoryRule[];
  /** 第一经办人: nodeId (street, community or grid queue) → personId. */
  firstHandlers: Record<string, string>;
  /** Remind holders this many working hours before a deadline. */
  reminderLeadHours: number;
  /** The sweep escalates overdue items one level up. */
  escalateOverdue: boolean;
  /** Communities may whistle departments themselves. */
  communityMayWhistle: boolean;
  /** Calendar overrides, 'YYYY-MM-DD': extra days off and extra working days (调休). */
  holidays: string[];
  workdays: string[];
  /** 五考: score weights, and how often a resident may rate their 包保干部 (民主测评). */
  assessment: AssessmentSettings;
  /** 防刷: per-user and per-IP limits (cloudfunctions/api/src/app/limits.ts). */
  abuseLimits: AbuseLimits;
  /** Photos of closed items are deleted this many days after closing (app/retention.ts). */
  photoRetentionDays: number;
  updatedAt?: Date;
  /** Person id of the admin who saved last. */
  updatedBy?: string;
}

/** Abuse limits: generous for people, tight for scripts. */
export interface AbuseLimits {
  /** Items a resident may submit per China calendar day (item.submit). */
  submitsPerDay: number;
  /** Items a staff member may register for residents per day (item.onBehalf: a day of visits). */
  onBehalfPerDay: number;
  /** card.resolve lookups per IP (per user when the IP is unknown) per minute. */
  cardLookupsPerMinute: number;
}

/** 五考 settings (core/engage/assessment.ts). */
export interface AssessmentSettings {
  weights: AssessmentWeights;
  /** 民主测评: once per this period per resident and cadre. */
  ratingPeriod: AssessmentPeriodKind;
}

export const DEFAULT_SETTINGS: Omit<StreetSettings, 'streetId'> = {
  classLimits: {
    simple: { responseHours: 4, handleDays: 1 },
    general: { responseHours: 8, handleDays: 3 },
    major: { responseHours: 8, handleDays: 5 },
    hard: { responseHours: 24, handleDays: 10 },
    crossRegion: { responseHours: 24, handleDays: 15 },
  },
  whistleLimits: { quick: 60, emergency: 30, tough: 1440 },
  categoryRules: [],
  firstHandlers: {},
  reminderLeadHours: 24,
  escalateOverdue: true,
  communityMayWhistle: false,
  holidays: [],
  workdays: [],
  assessment: { weights: { ...DEFAULT_WEIGHTS }, ratingPeriod: 'quarter' },
  abuseLimits: { submitsPerDay: 30, onBehalfPerDay: 200, cardLookupsPerMinute: 120 },
  photoRetentionDays: PHOTO_RETENTION.default,
};

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

/**
 * The effective settings of a street: what was stored, over the defaults. Unknown fields (the doc's
 * `_id`, `version`) are dropped; a class or whistle type missing from the stored doc keeps its default.
 */
export function settingsFor(streetId: string, stored?: Partial<StreetSettings> | null): StreetSettings {
  const d = clone(DEFAULT_SETTINGS);
  const s = stored ?? {};
  const classLimits = { ...d.classLimits };
  for (const c of ITEM_CLASSES) if (s.classLimits?.[c]) classLimits[c] = { ...d.classLimits[c], ...s.classLimits[c] };
  const whistleLimits = { ...d.whistleLimits };
  for (const w of WHISTLE_TYPES) if (typeof s.whistleLimits?.[w] === 'number') whistleLimits[w] = s.whistleLimits[w];
  const out: StreetSettings = {
    streetId,
    classLimits,
    whistleLimits,
    categoryRules: s.categoryRules ? s.categoryRules.map((r) => ({ ...r })) : d.categoryRules,
    firstHandlers: s.firstHandlers ? { ...s.firstHandlers } : d.firstHandlers,
    reminderLeadHours: s.reminderLeadHours ?? d.reminderLeadHours,
    escalateOverdue: s.escalateOverdue ?? d.escalateOverdue,
    communityMayWhistle: s.communityMayWhistle ?? d.communityMayWhistle,
    holidays: s.holidays ? [...s.holidays] : d.holidays,
    workdays: s.workdays ? [...s.workdays] : d.workdays,
    assessment: {
      weights: { ...d.assessment.weights, ...(s.assessment?.weights ?? {}) },
      ratingPeriod: s.assessment?.ratingPeriod ?? d.assessment.ratingPeriod,
    },
    abuseLimits: { ...d.abuseLimits, ...(s.abuseLimits ?? {}) },
    photoRetentionDays: s.photoRetentionDays ?? d.photoRetentionDays,
  };
  if (s.updatedAt) out.updatedAt = s.updatedAt;
  if (s.updatedBy) out.updatedBy = s.updatedBy;
  return out;
}

/** The category rule of a category, if the street has one. */
export function categoryRule(s: Pick<StreetSettings, 'categoryRules'>, category: string): CategoryRule | undefined {
  return s.categoryRules.find((r) => r.category === category);
}

// ---- validation (client form and the settings.save action) ----

const code = v.pipe(
  v.string('缺少编号'),
  v.trim(),
  v.regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,47}$/, '编号只能由字母、数字和“-”组成，最长 48 位'),
);

const int = (what: string, min: number, max: number, unit: string) =>
  v.pipe(
    v.number(`请填写${what}`),
    v.integer(`${what}应为整数`),
    v.minValue(min, `${what}应为 ${min}–${max} ${unit}`),
    v.maxValue(max, `${what}应为 ${min}–${max} ${unit}`),
  );

export const LIMITS = {
  responseHours: { min: 1, max: 168 },
  handleDays: { min: 1, max: 60 },
  whistleMinutes: { min: 5, max: 10_080 },
  reminderLeadHours: { min: 1, max: 168 },
  calendarDays: 200,
  firstHandlers: 500,
  submitsPerDay: { min: 1, max: 1000 },
  onBehalfPerDay: { min: 1, max: 5000 },
  cardLookupsPerMinute: { min: 5, max: 6000 },
} as const;

const classLimit = (c: ItemClass) =>
  v.pipe(
    v.object({
      responseHours: int(`${CLASS_LABEL[c]}事项响应时限`, LIMITS.responseHours.min, LIMITS.responseHours.max, '小时'),
      handleDays: int(`${CLASS_LABEL[c]}事项办理时限`, LIMITS.handleDays.min, LIMITS.handleDays.max, '个工作日'),
    }),
    v.forward(
      v.partialCheck(
        [['responseHours'], ['handleDays']],
        // Only once handling days are valid, so one mistake gives one message.
        (l) => !(l.handleDays >= LIMITS.handleDays.min) || l.responseHours <= l.handleDays * 24,
        `${CLASS_LABEL[c]}事项的响应时限不能长于办理时限`,
      ),
      ['responseHours'],
    ),
  );

const whistleMinutes = (label: string) => int(`${label}报到时限`, LIMITS.whistleMinutes.min, LIMITS.whistleMinutes.max, '分钟');

function realDate(s: string): boolean {
  const [y, m, d] = s.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

/** One calendar day, 'YYYY-MM-DD' (the settings form checks a day before adding it). */
export const CalendarDay = v.pipe(
  v.string('日期应为文字'),
  v.trim(),
  v.regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 2027-01-01'),
  v.check(realDate, '没有这一天，请检查日期'),
  v.check((s) => s >= '2000-01-01' && s <= '2099-12-31', '日期应在 2000 到 2099 年之间'),
);

const dayList = (what: string) =>
  v.pipe(
    v.array(CalendarDay, `${what}格式不正确`),
    v.maxLength(LIMITS.calendarDays, `${what}最多 ${LIMITS.calendarDays} 天`),
    v.transform((days) => [...new Set(days)].sort()),
  );

const categoryRuleInput = v.object({
  category: v.picklist(CATEGORIES, '请选择事项分类'),
  departmentId: v.pipe(v.string('请选择接单部门'), v.trim(), v.minLength(1, '请选择接单部门'), v.regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,47}$/, '部门编号无效，请重新选择')),
  clock: v.optional(v.picklist(['5321'], '时限规则无效')),
});

/** 五考 weights: whole numbers 0–100, at least one above 0. */
export const AssessmentSettingsInput = v.object({
  weights: v.pipe(
    v.object(Object.fromEntries(ASSESSMENT_METRICS.map((k) => [k, int(`${METRIC_LABEL[k]}权重`, 0, 100, '之间')])) as Record<keyof AssessmentWeights, ReturnType<typeof int>>),
    v.check((w) => Object.values(w).some((x) => x > 0), '考核权重不能全部为 0'),
  ),
  ratingPeriod: v.picklist(ASSESSMENT_PERIOD_KINDS, '请选择民主测评周期'),
});

/** 防刷限制. */
export const AbuseLimitsInput = v.object({
  submitsPerDay: int('每位居民每天提交诉求上限', LIMITS.submitsPerDay.min, LIMITS.submitsPerDay.max, '件'),
  onBehalfPerDay: int('每位工作人员每天代登记上限', LIMITS.onBehalfPerDay.min, LIMITS.onBehalfPerDay.max, '件'),
  cardLookupsPerMinute: int('同一网络每分钟查询联系卡上限', LIMITS.cardLookupsPerMinute.min, LIMITS.cardLookupsPerMinute.max, '次'),
});

type SettingsDays = Pick<StreetSettings, 'holidays' | 'workdays'>;
/** The dates that are in both calendar lists. */
export function clashingDays(s: SettingsDays): string[] {
  return s.workdays.filter((d) => s.holidays.includes(d));
}

/** Input of settings.get: a street or any node below it; empty means the caller's own street. */
export const SettingsGetInput = v.object({ nodeId: v.optional(code) });

/** Input of settings.save (and the settings form): every editable field, plus the version read. */
export const SettingsInput = v.pipe(
  v.object({
    streetId: code,
    /** The version the form loaded; a save over a newer one is refused (CONFLICT). */
    version: v.optional(v.pipe(v.number('版本号无效，请刷新后重试'), v.integer('版本号无效，请刷新后重试'), v.minValue(0, '版本号无效，请刷新后重试'))),
    classLimits: v.object({
      simple: classLimit('simple'),
      general: classLimit('general'),
      major: classLimit('major'),
      hard: classLimit('hard'),
      crossRegion: classLimit('crossRegion'),
    }),
    whistleLimits: v.object({
      quick: whistleMinutes('快捷哨'),
      emergency: whistleMinutes('应急哨'),
      tough: whistleMinutes('攻坚哨'),
    }),
    categoryRules: v.pipe(
      v.array(categoryRuleInput, '分类规则格式不正确'),
      v.maxLength(CATEGORIES.length, `分类规则最多 ${CATEGORIES.length} 条`),
      v.check((rules) => new Set(rules.map((r) => r.category)).size === rules.length, '每个事项分类只能设一条规则'),
    ),
    firstHandlers: v.pipe(
      v.record(code, code, '第一经办人格式不正确'),
      v.check((m) => Object.keys(m).length <= LIMITS.firstHandlers, `第一经办人最多设 ${LIMITS.firstHandlers} 个`),
    ),
    reminderLeadHours: int('提前提醒时间', LIMITS.reminderLeadHours.min, LIMITS.reminderLeadHours.max, '小时'),
    escalateOverdue: v.boolean('请选择逾期是否自动上报'),
    communityMayWhistle: v.boolean('请选择社区能否吹哨'),
    holidays: dayList('节假日'),
    workdays: dayList('调休上班日'),
    // 五考 (optional: a form that predates it keeps the stored or default weights)
    assessment: v.optional(AssessmentSettingsInput),
    // 防刷 (optional: a form that predates it keeps the stored or default limits)
    abuseLimits: v.optional(AbuseLimitsInput),
    // 照片保存期限 (optional: a form that predates it keeps the stored or default period)
    photoRetentionDays: v.optional(PhotoRetentionDays),
  }),
  v.forward(
    v.partialCheck(
      [['holidays'], ['workdays']],
      (s) => clashingDays(s).length === 0,
      (i) => `${clashingDays(i.input as SettingsDays).join('、')} 不能既是节假日又是调休上班日`,
    ),
    ['workdays'],
  ),
);
export type SettingsInput = v.InferOutput<typeof SettingsInput>;

