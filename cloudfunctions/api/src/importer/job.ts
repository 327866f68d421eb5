// jobs/{jobId}: progress of a long import, polled by the admin page. Writes are throttled to one
// per ~2,000 rows and serialised so `processed` never goes backwards.
import type { JobDoc } from '../../../../src/core/types';
import type { Database } from '../cloud';

export const PROGRESS_EVERY = 2000;

export class JobProgress {
  private processed = 0;
  private total = 0;
  private reported = 0;
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly db: Database,
    private readonly jobId: string | undefined,
    private readonly kind: string,
    private readonly ownerOpenid: string,
    private readonly now: Date,
  ) {}

  private write(patch: Partial<JobDoc>, full = false): Promise<unknown> {
    if (!this.jobId) return Promise.resolve();
    const col = this.db.collection('jobs');
    const id = this.jobId;
    const data = { ...patch, total: this.total, processed: this.processed, updatedAt: new Date() };
    this.chain = this.chain.then(async () => {
      if (!full) return col.doc(id).update({ data });
      // A job the api queued keeps its owner, spec and lease: start only patches it.
      const { stats } = await col.doc(id).update({ data });
      if (stats.updated === 0) await col.doc(id).set({ data: { kind: this.kind, ownerOpenid: this.ownerOpenid, createdAt: this.now, ...data } });
    });
    return this.chain;
  }

  start(message: string) {
    return this.write({ status: 'running', message }, true);
  }

  phase(message: string, total?: number) {
    if (total !== undefined) this.total = total;
    return this.write({ message });
  }

  async advance(rows: number) {
    this.processed += rows;
    if (this.processed - this.reported >= PROGRESS_EVERY) {
      this.reported = this.processed;
      await this.write({});
    }
  }

  done(result: unknown) {
    this.processed = this.total;
    return this.write({ status: 'done', message: '导入完成', result });
  }

  failed(message: string, result?: unknown) {
    return this.write({ status: 'failed', message, ...(result === undefined ? {} : { result }) });
  }
}
