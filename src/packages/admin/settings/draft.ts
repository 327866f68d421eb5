// The settings form's editable copy: numbers are kept as typed (strings) and parsed on save.
import type * as v from 'valibot';
import type { SettingsView } from '../../../core/api/adminContract';
import type { Category } from '../../../core/labels';
import { ITEM_CLASSES, WHISTLE_TYPES, type SettingsInput, type WhistleType } from '../../../core/settings';
import type { ItemClass } from '../../../core/types';
import { toNumber } from '../../../components/Form/errors';
import type { AbuseLimits } from '../../../core/settings';
import { ASSESSMENT_METRICS, type AssessmentMetric, type AssessmentPeriodKind } from '../../../core/engage/assessment';

export interface Draft {
  classLimits: Record<ItemClass, { responseHours: string; handleDays: string }>;
  whistleLimits: Record<WhistleType, string>;
  categoryRules: { category: Category; departmentId: string; clock?: '5321' }[];
  firstHandlers: Record<string, string>;
  reminderLeadHours: string;
  escalateOverdue: boolean;
  communityMayWhistle: boolean;
  holidays: string[];
  workdays: string[];
  /** 五考: weights as typed, and the 民主测评 period. */
  assessment: { weights: Record<AssessmentMetric, string>; ratingPeriod: AssessmentPeriodKind };
  /** 防刷限制, as typed. */
  abuseLimits: Record<keyof AbuseLimits, string>;
  /** 照片保存期限 (days), as typed. */
  photoRetentionDays: string;
}

export function draftOf(s: SettingsView['settings']): Draft {
  return {
    classLimits: Object.fromEntries(
      ITEM_CLASSES.map((c) => [c, { responseHours: String(s.classLimits[c].responseHours), handleDays: String(s.classLimits[c].handleDays) }]),
    ) as Draft['classLimits'],
    whistleLimits: Object.fromEntries(WHISTLE_TYPES.map((w) => [w, String(s.whistleLimits[w])])) as Draft['whistleLimits'],
    categoryRules: s.categoryRules.map((r) => ({ ...r })),
    firstHandlers: { ...s.firstHandlers },
    reminderLeadHours: String(s.reminderLeadHours),
    escalateOverdue: s.escalateOverdue,
    communityMayWhistle: s.communityMayWhistle,
    holidays: [...s.holidays],
    workdays: [...s.workdays],
    assessment: {
      weights: Object.fromEntries(ASSESSMENT_METRICS.map((k) => [k, String(s.assessment?.weights[k] ?? 0)])) as Draft['assessment']['weights'],
      ratingPeriod: s.assessment?.ratingPeriod ?? 'quarter',
    },
    abuseLimits: {
      submitsPerDay: String(s.abuseLimits.submitsPerDay),
      onBehalfPerDay: String(s.abuseLimits.onBehalfPerDay),
      cardLookupsPerMinute: String(s.abuseLimits.cardLookupsPerMinute),
    },
    photoRetentionDays: String(s.photoRetentionDays ?? 180),
  };
}

/** What settings.save takes (checked by the same schema before it is sent). */
export function inputOf(d: Draft, streetId: string, version: number): v.InferInput<typeof SettingsInput> {
  return {
    streetId,
    version,
    classLimits: Object.fromEntries(
      ITEM_CLASSES.map((c) => [c, { responseHours: toNumber(d.classLimits[c].responseHours), handleDays: toNumber(d.classLimits[c].handleDays) }]),
    ) as v.InferInput<typeof SettingsInput>['classLimits'],
    whistleLimits: { quick: toNumber(d.whistleLimits.quick), emergency: toNumber(d.whistleLimits.emergency), tough: toNumber(d.whistleLimits.tough) },
    categoryRules: d.categoryRules.map((r) => ({ category: r.category, departmentId: r.departmentId, ...(r.clock ? { clock: r.clock } : {}) })),
    firstHandlers: { ...d.firstHandlers },
    reminderLeadHours: toNumber(d.reminderLeadHours),
    escalateOverdue: d.escalateOverdue,
    communityMayWhistle: d.communityMayWhistle,
    holidays: [...d.holidays],
    workdays: [...d.workdays],
    assessment: {
      weights: Object.fromEntries(ASSESSMENT_METRICS.map((k) => [k, toNumber(d.assessment.weights[k])])) as Record<AssessmentMetric, number>,
      ratingPeriod: d.assessment.ratingPeriod,
    },
    abuseLimits: {
      submitsPerDay: toNumber(d.abuseLimits.submitsPerDay),
      onBehalfPerDay: toNumber(d.abuseLimits.onBehalfPerDay),
      cardLookupsPerMinute: toNumber(d.abuseLimits.cardLookupsPerMinute),
    },
    photoRetentionDays: toNumber(d.photoRetentionDays),
  };
}
