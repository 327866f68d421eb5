import { describe, expect, it } from 'vitest';
import { CATEGORIES } from '../labels';
import { ITEM_KINDS } from '../schemas';
import { checkTemplateData } from './fieldRules';
import { BUILDERS, RESIDENT_EVENTS, STAFF_EVENTS, buildNotice, eventOf, type NoticeEvent } from './events';
import { ITEM_ASSIGNED, ITEM_UPDATED, TEMPLATES } from './templates';

const at = new Date('2026-11-20T12:00:00Z');
const due = new Date('2026-11-23T01:30:00Z');
const item = (i = 0, description = '3号楼楼道里堆满了杂物，老人进出很不方便，请尽快清理') => ({
  _id: `item-${i}`, kind: ITEM_KINDS[i % ITEM_KINDS.length], category: CATEGORIES[i % CATEGORIES.length], description, createdAt: at, dueAt: due,
});

/** One request per event, as decide() / createItem make it. */
const REQUESTS: Record<NoticeEvent, { template: 'assigned' | 'updated'; phrase: string; note: string; rejectCode?: 'incomplete' | 'duplicate' }> = {
  newItem: { template: 'assigned', phrase: '新待办', note: '' },
  transferredToYou: { template: 'assigned', phrase: '转办待核单', note: '属于二网格' },
  escalatedToYou: { template: 'assigned', phrase: '超期上报', note: '张三超期未办' },
  dueSoon: { template: 'assigned', phrase: '即将到期', note: '11月23日 09:30到期，请及时办理' },
  overdue: { template: 'assigned', phrase: '已超期', note: '请尽快办理' },
  reopenedForRectify: { template: 'assigned', phrase: '需整改', note: '居民不满意：垃圾还在' },
  whistleReceived: { template: 'assigned', phrase: '待报到', note: '街道吹哨，1小时内报到' },
  returnedByDepartment: { template: 'assigned', phrase: '部门退回', note: '不属于本部门' },
  pauseApproved: { template: 'assigned', phrase: '挂起已批准', note: '等待检修' },
  pauseDenied: { template: 'assigned', phrase: '挂起未批准', note: '请继续办理' },
  resumedStaff: { template: 'assigned', phrase: '已解挂', note: '11月30日前办结' },
  withdrawn: { template: 'assigned', phrase: '居民已撤回', note: '无需办理' },
  appealReopened: { template: 'assigned', phrase: '申诉重办', note: '申诉成立' },
  whistleLate: { template: 'assigned', phrase: '报到超时', note: '城管执法中队未按时报到' },
  repeatedlyUnsatisfied: { template: 'assigned', phrase: '多次不满意', note: '两次不满意' },
  pauseRequested: { template: 'assigned', phrase: '挂起待审批', note: '张三申请挂起：等待停电检修' },
  appealReceived: { template: 'assigned', phrase: '申诉待审核', note: '就是本楼门口，请再核实' },
  accepted: { template: 'updated', phrase: '已受理', note: '张三已受理，11月23日前办结' },
  needsMoreInfo: { template: 'updated', phrase: '已退回', note: '退回原因：信息不全：请写明楼栋，7日内可申诉', rejectCode: 'incomplete' },
  rejected: { template: 'updated', phrase: '已退回', note: '退回原因：重复，7日内可申诉', rejectCode: 'duplicate' },
  resolvedPleaseRate: { template: 'updated', phrase: '已办结', note: '请您评价办理结果' },
  transferred: { template: 'updated', phrase: '已上报社区', note: '需要社区协调物业' },
  paused: { template: 'updated', phrase: '已挂起', note: '等待燃气公司检修' },
  whistled: { template: 'updated', phrase: '已吹哨', note: '街道已召集城管执法中队' },
  departmentsReported: { template: 'updated', phrase: '部门已报到', note: '城管执法中队已报到办理' },
  met: { template: 'updated', phrase: '已会商', note: '联合整治' },
  resumed: { template: 'updated', phrase: '已恢复办理', note: '11月30日前办结' },
  appealUpheld: { template: 'updated', phrase: '申诉未支持', note: '维持退回' },
  appealSucceeded: { template: 'updated', phrase: '申诉成立', note: '重新办理' },
};

/** The issue's list: each must be an event of its own. */
const ISSUE_STAFF = ['newItem', 'transferredToYou', 'dueSoon', 'overdue', 'reopenedForRectify', 'escalatedToYou', 'whistleReceived'];
const ISSUE_RESIDENT = ['accepted', 'needsMoreInfo', 'resolvedPleaseRate', 'rejected', 'transferred', 'paused'];

describe('notice events (issue 8: each event has a payload builder validated against its template)', () => {
  it("every event of the issue's list is registered for its audience, each with a builder", () => {
    for (const e of ISSUE_STAFF) expect(STAFF_EVENTS as readonly string[]).toContain(e);
    for (const e of ISSUE_RESIDENT) expect(RESIDENT_EVENTS as readonly string[]).toContain(e);
    expect(Object.keys(BUILDERS).sort()).toEqual([...STAFF_EVENTS, ...RESIDENT_EVENTS].sort());
    expect(Object.keys(REQUESTS).sort()).toEqual(Object.keys(BUILDERS).sort());
  });

  it.each(Object.entries(REQUESTS))('%s: named from its request, to its audience\'s template, and passes the field rules', (event, r) => {
    const it0 = { ...item(), rejectCode: r.rejectCode };
    expect(eventOf(it0, r)).toBe(event);
    const n = buildNotice(it0, r, at);
    expect(n.event).toBe(event);
    const tpl = TEMPLATES.find((t) => t.id === n.templateId)!;
    expect(tpl).toBe(r.template === 'assigned' ? ITEM_ASSIGNED : ITEM_UPDATED);
    expect(n.page).toBe(`${tpl.page}?id=item-0`);
    expect(Object.keys(n.data).sort()).toEqual([...tpl.keys].sort());
    expect(checkTemplateData(tpl.keys, n.data)).toEqual({});
  });

  it('passes the field rules whatever the item and note (lengths, emoji, blanks)', () => {
    const texts = ['路', '一'.repeat(20), '一'.repeat(21), '😀'.repeat(30), ' 空 白\n\t', 'a'.repeat(300)];
    let n = 0;
    for (const [event, r] of Object.entries(REQUESTS)) {
      for (const [i, text] of texts.entries()) {
        const built = buildNotice({ ...item(i, text), rejectCode: r.rejectCode }, { ...r, note: i % 2 ? text : '' }, at);
        expect(checkTemplateData(TEMPLATES.find((t) => t.id === built.templateId)!.keys, built.data), `${event} ${JSON.stringify(text)}`).toEqual({});
        n++;
      }
    }
    expect(n).toBe(Object.keys(REQUESTS).length * texts.length);
  });

  it('events differ where it matters: due time, reason first, 请补充信息, 请评价', () => {
    const b = (e: NoticeEvent) => buildNotice({ ...item(), rejectCode: REQUESTS[e].rejectCode }, REQUESTS[e], at);
    // Clock events show the limit, not when the item came in.
    expect(b('dueSoon').data.time3.value).toBe('2026年11月23日 09:30');
    expect(b('overdue').data.time3.value).toBe('2026年11月23日 09:30');
    expect(b('newItem').data.time3.value).toBe('2026年11月20日 20:00');
    // A new item shows what the resident wrote; a transfer or an escalation shows why it came.
    expect(b('newItem').data.thing2.value).toBe('3号楼楼道里堆满了杂物，老人进出很不方…');
    expect(b('transferredToYou').data.thing2.value).toBe('属于二网格');
    expect(b('escalatedToYou').data.thing2.value).toBe('张三超期未办');
    expect(b('reopenedForRectify').data.thing2.value).toBe('居民不满意：垃圾还在');
    // Residents: 信息不全 asks for more, other refusals say why.
    expect(b('needsMoreInfo')).toMatchObject({ phrase: '请补充信息' });
    expect(b('needsMoreInfo').data.thing3.value).toBe('信息不全：请写明楼栋，7日内可申诉');
    expect(b('rejected').data).toMatchObject({ phrase2: { value: '已退回' }, thing3: { value: '退回原因：重复，7日内可申诉' } });
    expect(b('resolvedPleaseRate').data).toMatchObject({ phrase2: { value: '已办结' }, thing3: { value: '请您评价办理结果' } });
    expect(b('paused').data.thing3.value).toBe('暂缓原因：等待燃气公司检修');
  });

  it('an unknown phrase has no event (and still builds, so a notice is never lost)', () => {
    expect(eventOf({}, { template: 'assigned', phrase: '随便' })).toBeNull();
    const n = buildNotice(item(), { template: 'updated', phrase: '随便', note: '' }, at);
    expect(n.event).toBeNull();
    expect(n.templateId).toBe(ITEM_UPDATED.id);
  });
});
