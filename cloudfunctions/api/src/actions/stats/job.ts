import type { JobView } from '../../../../../src/core/api/adminContract';
import { StatsJobInput } from '../../../../../src/core/stats/schemas';
import { defineAction } from '../../action';
import { statsRoots } from '../../app/stats';
import { jobView } from '../../jobs/client';

/** Progress of one's own 统计分析报告 (grid leaders, who cannot use admin.job, too). */
export const statsJob = defineAction({
  name: 'stats.job',
  input: StatsJobInput,
  async run(ctx, { id }): Promise<JobView> {
    await statsRoots(ctx);
    return jobView(ctx, id, 'stats.');
  },
});
