// Background jobs: what the `api` function hands to the `jobs` function. The api authorizes and
// writes the job (jobs/{id}); the jobs function does the work with its own timeout and memory, and
// with the heavy libraries (exceljs, pdfkit and the CJK font) that the api never loads.
import type { ErrorCode } from '../../../../src/core/errors';
import type { FileFormat, ImportKind } from '../../../../src/core/importing/columns';
import type { Period } from '../../../../src/core/stats/periods';

export type JobSpec =
  | { type: 'import'; kind: ImportKind; format: FileFormat; fileID: string; scopeNodeId: string }
  | { type: 'export'; kind: ImportKind; format: FileFormat; nodeId: string; withTags?: boolean } // withTags: the admin gave a reason
  | { type: 'template'; kind: ImportKind; format: FileFormat }
  | { type: 'cardPdf'; title: string; personIds: string[]; scopeId: string }
  /** 统计分析报告 (jobs/statsReport.ts): a scope the caller may see, a resolved period. */
  | { type: 'statsReport'; nodeId: string; root: string; period: Period }
  /** 五考 考核排名 (jobs/assessmentReport.ts): a scope the caller may see, a checked period. */
  | { type: 'assessmentReport'; nodeId: string; key: string; months: string[] };

export type JobStatus = 'queued' | 'running' | 'done' | 'failed';

/** A generated file as the job stores it; a fresh download link is made each time it is read. */
export interface StoredFile {
  fileID: string;
  name: string;
  count?: number;
}

/** jobs/{id} once the api has queued it (progress fields are shared with importer/job.ts). */
export interface QueuedJobDoc {
  _id: string;
  kind: string;
  ownerOpenid: string;
  status: JobStatus;
  spec?: JobSpec;
  /** The jobs function may (re)start the job once this has passed; a crashed run's lease runs out. */
  leaseUntil?: Date;
  attempts?: number;
  total: number;
  processed: number;
  message?: string;
  code?: ErrorCode;
  result?: unknown;
  createdAt: Date;
  updatedAt: Date;
  finishedAt?: Date;
}

/** What a run of the jobs function answers for one job. */
export interface JobOutcome {
  id: string;
  status: JobStatus;
  result?: unknown;
  message?: string;
  /** Why a failed job failed, as an action error code (a refused file, a missing person …). */
  code?: ErrorCode;
}

/** One run may take this long before the job counts as crashed and is started again. */
export const JOB_TIMEOUT_S = 300;
export const LEASE_MS = (JOB_TIMEOUT_S + 30) * 1000;
export const MAX_ATTEMPTS = 3;
/** Jobs and the files they made are deleted after this long (PIPL: no longer than needed). */
export const JOB_RETENTION_DAYS = 7;
