// Wire types of 回音壁 (echo wall), 书记领办 and 五考 (assessment). Dates travel as ISO strings.
import type * as v from 'valibot';
import type { FileResult, QueuedJob } from '../api/adminContract';
import type { ItemKind, ItemState } from '../types';
import type { AssessmentMetric, AssessmentPeriod, AssessmentPeriodKind, AssessmentWeights } from './assessment';
import type * as S from './schemas';

export type EchoPhotoStatus = 'pending' | 'approved' | 'hidden';

/** A public 回音壁 entry: redacted; photos only once approved. */
export interface EchoEntryView {
  id: string;
  kind: ItemKind;
  kindLabel: string;
  category: string;
  communityName: string;
  gridName: string;
  text: string;
  resolution: string;
  rating: { stars: number; solved: boolean; satisfied: boolean; comment: string };
  submittedAt: string;
  closedAt: string;
  /** Whole days from submission to closing. */
  days: number;
  photos: { key: string; url: string; stage: 'before' | 'after' }[];
}

export interface EchoPhotoView {
  key: string;
  stage: 'before' | 'after';
  status: EchoPhotoStatus;
  /** A short-lived link (the original for pending and hidden photos: admins only). */
  url: string;
}

export interface EchoLogView {
  at: string;
  name: string;
  action: string;
  detail: string;
}

/** The admin's view of an entry: hidden ones too, every photo with its status, the moderation log. */
export interface EchoReviewView extends Omit<EchoEntryView, 'photos'> {
  version: number;
  hidden: boolean;
  photos: EchoPhotoView[];
  log: EchoLogView[];
}

export interface EchoWallList {
  entries: EchoEntryView[];
  hasMore: boolean;
}

export interface EchoWallReview {
  entries: EchoReviewView[];
  hasMore: boolean;
  scope: { id: string; name: string };
}

export interface LeadRow {
  id: string;
  kindLabel: string;
  category: string;
  description: string;
  state: ItemState;
  stateLabel: string;
  finished: boolean;
  gridId: string;
  holderName: string;
  createdAt: string;
  /** Whole days open: to the close (or now, while open). */
  daysOpen: number;
  overdue: boolean;
  lead: { name: string; at: string; note: string } | null;
}

export interface LeadList {
  view: 'led' | 'open';
  month: string;
  scope: { id: string; name: string };
  rows: LeadRow[];
  hasMore: boolean;
  /** The month's 领办 items: all, finished, still open, overdue (led view only). */
  counts: { total: number; finished: number; open: number } | null;
  /** The caller may mark items as 领办 (holds the secretary role over the scope). */
  canLead: boolean;
}

export interface AssessmentRow {
  rank: number | null;
  personId: string;
  name: string;
  roleLabel: string;
  gridName: string;
  score: number | null;
  metrics: Record<AssessmentMetric, number | null>;
  /** The counts behind the rates (as holder) and the 民主测评. */
  handled: number;
  evaluations: number;
  avgStars: number | null;
}

export interface AssessmentResult {
  period: AssessmentPeriod;
  /** Choices for the period picker, newest first. */
  periods: { key: string; label: string }[];
  scope: { id: string; name: string; level: 'street' | 'community' | 'grid' };
  weights: AssessmentWeights;
  rows: AssessmentRow[];
  note: string;
}

export interface AssessmentMine {
  /** The resident's own 包保干部, or null (no household, or nobody serves it). */
  cadre: { id: string; name: string; title: string } | null;
  period: { kind: AssessmentPeriodKind; key: string; label: string };
  /** This period's rating, when already given. */
  rated: { stars: number; at: string } | null;
}

export interface AssessmentRated {
  personId: string;
  name: string;
  stars: number;
  period: { key: string; label: string };
}

export interface EngageActions {
  'echoWall.list': [v.InferInput<typeof S.EchoWallListInput>, EchoWallList];
  'echoWall.review': [v.InferInput<typeof S.EchoWallReviewInput>, EchoWallReview];
  'echoWall.moderate': [v.InferInput<typeof S.EchoWallModerateInput>, EchoReviewView];
  'item.lead': [v.InferInput<typeof S.LeadInput>, LeadRow];
  'lead.list': [v.InferInput<typeof S.LeadListInput>, LeadList];
  'assessment.list': [v.InferInput<typeof S.AssessmentListInput>, AssessmentResult];
  'assessment.export': [v.InferInput<typeof S.AssessmentExportInput>, FileResult | QueuedJob];
  'assessment.rate': [v.InferInput<typeof S.AssessmentRateInput>, AssessmentRated];
  'assessment.mine': [v.InferInput<typeof S.AssessmentMineInput>, AssessmentMine];
}
