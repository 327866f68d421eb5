import { fail } from '../../../../../src/core/errors';
import { ReportInput } from '../../../../../src/core/workflowSchemas';
import { defineAction } from '../../action';
import { deptIdsOf } from '../../app/issuers';
import { runItemCommand } from '../../app/itemCommand';

/** 报到: a whistled department takes the item. */
export const report = defineAction({
  name: 'item.report',
  input: ReportInput,
  run: (ctx, { id, version }) =>
    runItemCommand(ctx, { id, version }, 'report', ({ item, user }) => {
      const mine = deptIdsOf(user);
      const dept = item.whistle?.departments.find((d) => mine.includes(d.id) && !d.reportedAt) ?? item.whistle?.departments.find((d) => mine.includes(d.id));
      if (!dept) return fail('FORBIDDEN', '您的部门不在本次吹哨名单中');
      return { type: 'report', departmentId: dept.id };
    }),
});
