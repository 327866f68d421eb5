// The demo's items (六单联办), as scripts of real api actions: who does what, how long before the
// seed's clock. Pure: the seed drives them through the api function (drive.ts), so timelines,
// outbox and the sweep's marks are what the product itself writes. Each script ends in the state
// its `expect` says; together they cover every state and every level.
import type { Department, Household, ItemLevel, ItemState, OrgNode, Person, UserDoc } from '../../src/core/types';

export interface DemoStep {
  /** How long before the seed's clock the step happens (ms). */
  ago: number;
  /** OPENID of whoever acts. */
  as: string;
  action: string;
  /** The action's input; the driver adds the item's `id` and `version` to commands. */
  data: Record<string, unknown>;
}

export interface DemoExpect {
  state: ItemState;
  level: ItemLevel;
  /** The sweep marked it overdue (overdueAt). */
  overdue?: boolean;
}

export interface DemoItemScript {
  key: string;
  description: string;
  expect: DemoExpect;
  /** The first step creates the item (item.submit or item.onBehalf); steps go forward in time. */
  steps: DemoStep[];
}

export interface DemoItemsPlan {
  /** Neighbours who post the demo items (resident accounts, not personas). */
  users: UserDoc[];
  items: DemoItemScript[];
}

export interface PlanInput {
  people: Person[];
  households: Household[];
  orgNodes: OrgNode[];
  departments: Department[];
  /** Cadres who must not receive demo items (the cadre personas' inboxes stay as the tests expect). */
  avoidPeople: ReadonlySet<string>;
  /** Households of the resident personas. */
  avoidHouseholds: ReadonlySet<string>;
  now: Date;
}

const M = 60_000;
const H = 60 * M;
const D = 24 * H;

interface Neighbour {
  openid: string;
  household: Household;
  cadre: Person;
}

class Script implements DemoItemScript {
  steps: DemoStep[] = [];
  description = '';
  constructor(readonly key: string, readonly expect: DemoExpect) {}
  at(ago: number, as: string, action: string, data: Record<string, unknown> = {}): this {
    this.steps.push({ ago, as, action, data });
    return this;
  }
  submit(ago: number, n: Neighbour, kind: string, category: string, description: string): this {
    this.description = description;
    // The demo's residents agreed to 回音壁 (it shows their items once closed, redacted).
    return this.at(ago, n.openid, 'item.submit', { clientRequestId: `demo-item-${this.key}`, kind, category, description, photos: [], anonymous: false, echoWall: true });
  }
}

export function planDemoItems(input: PlanInput): DemoItemsPlan {
  const { people, households, orgNodes, now } = input;
  const byId = new Map(people.map((p) => [p._id, p]));
  const nodes = new Map(orgNodes.map((n) => [n._id, n]));
  const openid = (p: Person | undefined) => p!.openid!;
  const withRole = (role: string, nodeId: string) => people.find((p) => p.roles.some((r) => r.role === role && r.nodeId === nodeId));
  const street = orgNodes.find((n) => n.level === 'street')!;
  const streetAdmin = openid(withRole('streetAdmin', street._id));
  const communityAdmin = (communityId: string) => openid(withRole('communityAdmin', communityId));
  const gridLeader = (gridId: string) => openid(byId.get(nodes.get(gridId)!.leaderId!));
  const dept = (code: string) => {
    const d = input.departments.find((x) => x._id === `${street._id}-${code}`)!;
    const staff = people.find((p) => p.roles.some((r) => r.role === 'departmentStaff' && r.departmentId === d._id))!;
    return { id: d._id, name: d.name, staff: staff.openid! };
  };
  const CG = dept('CG');
  const SJ = dept('SJ');
  const ZJ = dept('ZJ');
  const PCS = dept('PCS');

  // Neighbours: the k-th present, non-persona cadre of a grid serves each one's household.
  const users: UserDoc[] = [];
  const used = new Set(input.avoidHouseholds);
  const cadreOf = (gridId: string, k: number): Person => {
    const list = people.filter((p) => p.gridId === gridId && !p.away && !input.avoidPeople.has(p._id) && p.roles.some((r) => r.role === 'cadre'));
    return list[k % list.length];
  };
  const neighbour = (gridId: string, k: number): Neighbour => {
    const cadre = cadreOf(gridId, k);
    const household = households.find((h) => h.cadreId === cadre._id && !used.has(h._id))!;
    used.add(household._id);
    const id = `demo-neighbour-${String(users.length + 1).padStart(2, '0')}`;
    users.push({
      _id: id,
      roles: [],
      householdId: household._id,
      household: {
        streetId: household.streetId, communityId: household.communityId, gridId: household.gridId,
        buildingId: household.buildingId, unitId: household.unitId, cadreId: household.cadreId, label: household.label,
      },
      createdAt: now,
      updatedAt: now,
    });
    return { openid: id, household, cadre };
  };
  const grid = (c: number, g: number) => `${street._id}-0${c}-0${g}`;

  /** 核单 by the cadre, 下单 to the community, 派单 to the street: the first two hours after `t`. */
  const upToStreet = (s: Script, t: number, n: Neighbour, itemClass: string, category: string, why: { down: string; up: string }) =>
    s.at(t - 30 * M, n.cadre.openid!, 'item.verify', { itemClass, category })
      .at(t - 60 * M, n.cadre.openid!, 'item.escalate', { reason: why.down })
      .at(t - 90 * M, communityAdmin(n.household.communityId), 'item.escalate', { reason: why.up });

  const items: Script[] = [];
  const script = (key: string, expect: DemoExpect) => {
    const s = new Script(key, expect);
    items.push(s);
    return s;
  };

  // ── 待核单 (submitted): at a cadre, at a grid queue, at the community, at the street (twice).
  {
    const n = neighbour(grid(2, 2), 0);
    script('fresh', { state: 'submitted', level: 'grid' })
      .submit(40 * M, n, 'complaint', '环境卫生', '小区垃圾站周边异味很大，垃圾经常满溢到地面，希望增加清运次数');
  }
  {
    const n = neighbour(grid(1, 4), 1);
    script('transferred', { state: 'submitted', level: 'grid' })
      .submit(3 * H, n, 'request', '公共设施', '小区西侧公共绿地的路灯连续几晚不亮，晚上散步看不清路')
      .at(2 * H, n.cadre.openid!, 'item.transfer', { toGridId: grid(1, 2), reason: '该绿地由第二网格（拉法新村）负责管理，转交核实' });
  }
  {
    const n = neighbour(grid(1, 1), 1);
    script('sentUp', { state: 'submitted', level: 'community' })
      .submit(70 * M, n, 'complaint', '物业服务', '家里暖气片不热，室温只有十四五度，找物业多次都没有解决')
      .at(60 * M, n.cadre.openid!, 'item.verify', { itemClass: 'major', category: '物业服务', note: '涉及供热管网' })
      .at(40 * M, n.cadre.openid!, 'item.escalate', { reason: '供热问题需社区协调供热公司和物业共同处理' });
  }
  {
    const n = neighbour(grid(2, 2), 1);
    upToStreet(
      script('atStreet', { state: 'submitted', level: 'street' })
        .submit(150 * M, n, 'complaint', '治安消防', '小区旁边工地每天夜里施工到十二点以后，噪音大，影响休息'),
      150 * M, n, 'general', '治安消防', { down: '工地不在小区内，网格无法处理', up: '需街道协调城管执法' },
    );
  }
  {
    // Whistled to the police, who took it and sent it back; back at the street its response limit
    // ran out. Twelve days back, so even a 9-day holiday leaves a working day for the limit to pass.
    const n = neighbour(grid(2, 1), 1);
    const s = script('returned', { state: 'submitted', level: 'street', overdue: true })
      .submit(12 * D, n, 'complaint', '邻里纠纷', '楼上住户在楼道里私搭储物间，占用公共空间，多次协商都不肯拆');
    upToStreet(s, 12 * D, n, 'general', '邻里纠纷', { down: '协商无果，需社区出面', up: '社区调解未果，申请街道协调' })
      .at(12 * D - 2 * H, streetAdmin, 'item.whistle', { kind: 'quick', departmentIds: [PCS.id], note: '请派出所协助调解' })
      .at(12 * D - 2 * H - 20 * M, PCS.staff, 'item.report')
      .at(12 * D - 4 * H, PCS.staff, 'item.return', { reason: '楼道私搭属物业管理和城管执法范畴，不是治安案件，请街道改派' });
  }

  // ── 待报到 (whistled): one within its limit, one late (flagged by the sweep).
  {
    const n = neighbour(grid(1, 4), 2);
    const s = script('whistled', { state: 'whistled', level: 'department' })
      .submit(3 * H, n, 'complaint', '公共设施', '小区门口商铺占道经营，摊位摆到人行道上，行人只能走机动车道');
    upToStreet(s, 3 * H, n, 'general', '公共设施', { down: '商铺不听劝阻，需社区协调', up: '需城管执法' })
      .at(10 * M, streetAdmin, 'item.whistle', { kind: 'quick', departmentIds: [CG.id], note: '请城管执法中队到场处理占道经营' });
  }
  {
    const n = neighbour(grid(1, 2), 2);
    const s = script('whistleLate', { state: 'whistled', level: 'department', overdue: true })
      .submit(D + 3 * H, n, 'report', '治安消防', '小区东门的烧烤摊每天深夜聚集喝酒吵闹，昨晚还有人打架');
    upToStreet(s, D + 3 * H, n, 'major', '治安消防', { down: '涉及治安，网格无法处理', up: '夜间治安隐患，需派出所处置' })
      .at(D, streetAdmin, 'item.whistle', { kind: 'emergency', departmentIds: [PCS.id], note: '夜间治安隐患，请派出所立即出警' });
  }

  // ── 已受理 (accepted): a cadre, a staff member's 代居民登记, a department after 报到.
  {
    const n = neighbour(grid(2, 3), 0);
    script('accepted', { state: 'accepted', level: 'grid' })
      .submit(D, n, 'request', '公共设施', '单元门禁对讲坏了，外卖快递进不来，老人下楼开门很不方便')
      .at(23 * H, n.cadre.openid!, 'item.verify', { itemClass: 'major', category: '公共设施', note: '已报物业，需更换对讲主机' });
  }
  {
    const cadre = cadreOf(grid(1, 3), 2);
    const household = households.find((h) => h.cadreId === cadre._id && !used.has(h._id))!;
    used.add(household._id);
    const s = script('onBehalf', { state: 'accepted', level: 'grid' });
    s.description = '独居老人电话反映家中水管漏水，自己无力维修，请求帮助';
    s.at(2 * H, cadre.openid!, 'item.onBehalf', {
      clientRequestId: `demo-item-${s.key}`, householdId: household._id, channel: 'phone', kind: 'request',
      category: '帮扶救助', description: s.description, photos: [],
    }).at(90 * M, cadre.openid!, 'item.verify', { itemClass: 'simple', category: '帮扶救助', note: '已联系社区志愿者上门维修' });
  }
  {
    const n = neighbour(grid(2, 2), 2);
    const s = script('deptAccepted', { state: 'accepted', level: 'department' })
      .submit(22 * H, n, 'complaint', '其他', '小区门口超市卖过期牛奶，找店家理论拒不退换');
    upToStreet(s, 22 * H, n, 'general', '其他', { down: '涉及食品安全，网格无权处理', up: '需市场监管部门执法' })
      .at(20 * H, streetAdmin, 'item.whistle', { kind: 'quick', departmentIds: [SJ.id], note: '请市场监管所核查食品安全问题' })
      .at(19 * H + 30 * M, SJ.staff, 'item.report');
  }

  // ── 办理中 (inProgress): a cadre; a department past its deadline; the 攻坚哨 after its 会商 (the
  // last department to report, 住建（物业）办, holds it).
  {
    const n = neighbour(grid(1, 1), 2);
    script('inProgress', { state: 'inProgress', level: 'grid' })
      .submit(2 * D, n, 'request', '公共设施', '3栋楼前的井盖松动，踩上去会晃，担心孩子踩空')
      .at(2 * D - H, n.cadre.openid!, 'item.verify', { itemClass: 'major', category: '公共设施' })
      .at(D, n.cadre.openid!, 'item.start');
  }
  {
    const n = neighbour(grid(2, 1), 2);
    const s = script('deptOverdue', { state: 'inProgress', level: 'department', overdue: true })
      .submit(14 * D, n, 'complaint', '治安消防', '小区消防通道被一辆废弃面包车长期占用，轮胎都瘪了，车主联系不上');
    upToStreet(s, 14 * D, n, 'simple', '治安消防', { down: '车主联系不上，需社区协调', up: '需城管依法清拖' })
      .at(14 * D - 2 * H, streetAdmin, 'item.whistle', { kind: 'quick', departmentIds: [CG.id], note: '消防通道占用，请尽快清拖' })
      .at(14 * D - 2 * H - 25 * M, CG.staff, 'item.report')
      .at(14 * D - 3 * H, CG.staff, 'item.start');
  }
  {
    const n = neighbour(grid(2, 2), 3);
    const s = script('tough', { state: 'inProgress', level: 'department' })
      .submit(5 * D, n, 'report', '公共设施', '3栋外墙保温层大面积脱落，大风天有碎块往下掉，楼下就是小区主通道');
    upToStreet(s, 5 * D, n, 'hard', '公共设施', { down: '涉及外墙维修资金和高空坠物隐患', up: '需住建、城管多部门联合处置' })
      .at(5 * D - 3 * H, streetAdmin, 'item.whistle', { kind: 'tough', departmentIds: [ZJ.id, CG.id], note: '请住建（物业）、城管共同研究处置方案' })
      .at(5 * D - 5 * H, CG.staff, 'item.report')
      .at(5 * D - 7 * H, ZJ.staff, 'item.report')
      .at(4 * D, streetAdmin, 'item.meet', {
        attendees: [ZJ.name, CG.name, '长安社区', '南山丽景物业公司'],
        plan: '物业当天设置警戒区并搭设防护棚，城管清理坠落物；住建（物业）办牵头申请使用专项维修资金，十个工作日内完成外墙修复',
      })
      .at(4 * D - 2 * H, ZJ.staff, 'item.start');
  }

  // ── 挂起待批 and 已挂起 (pausePending, paused).
  {
    const n = neighbour(grid(1, 3), 0);
    script('pausePending', { state: 'pausePending', level: 'grid' })
      .submit(3 * D, n, 'request', '公共设施', '单元楼顶防水层开裂，顶楼住户家里渗水')
      .at(3 * D - H, n.cadre.openid!, 'item.verify', { itemClass: 'major', category: '公共设施' })
      .at(2 * D, n.cadre.openid!, 'item.start')
      .at(3 * H, n.cadre.openid!, 'item.pause', { reason: '屋面防水需晴天连续施工，近期雨雪天气，申请挂起待天气好转后施工' });
  }
  {
    const n = neighbour(grid(2, 3), 1);
    script('paused', { state: 'paused', level: 'grid' })
      .submit(10 * D, n, 'request', '公共设施', '小区主干道下的供水管线老化，冬天多次爆管，需要整体更换')
      .at(10 * D - 2 * H, n.cadre.openid!, 'item.verify', { itemClass: 'hard', category: '公共设施', note: '需供水公司制定更换方案' })
      .at(9 * D, n.cadre.openid!, 'item.start')
      .at(8 * D, n.cadre.openid!, 'item.pause', { reason: '冻土期无法开挖更换地下管线，待开春化冻后施工' })
      .at(8 * D - 3 * H, gridLeader(n.household.gridId), 'item.pauseReview', { approve: true, note: '' });
  }

  // ── 已办结待评价 (resolved): by a cadre, and by the community after 下单.
  {
    const n = neighbour(grid(1, 4), 3);
    script('resolved', { state: 'resolved', level: 'grid' })
      .submit(4 * D, n, 'complaint', '环境卫生', '2单元楼道堆满纸箱杂物，存在火灾隐患')
      .at(4 * D - H, n.cadre.openid!, 'item.verify', { itemClass: 'general', category: '环境卫生' })
      .at(4 * D - 2 * H, n.cadre.openid!, 'item.start')
      .at(2 * D, n.cadre.openid!, 'item.resolve', { note: '已联系保洁清理楼道杂物，并张贴禁止堆放提示', photos: [] });
  }
  {
    const n = neighbour(grid(1, 2), 3);
    const admin = communityAdmin(n.household.communityId);
    script('communityResolved', { state: 'resolved', level: 'community' })
      .submit(4 * D, n, 'suggestion', '公共设施', '小区健身器材有两件坏了，希望维修更换')
      .at(4 * D - 30 * M, n.cadre.openid!, 'item.verify', { itemClass: 'general', category: '公共设施' })
      .at(4 * D - H, n.cadre.openid!, 'item.escalate', { reason: '更换器材需社区申请经费' })
      .at(4 * D - 3 * H, admin, 'item.verify', { itemClass: 'major', category: '公共设施', note: '社区申请更换经费' })
      .at(3 * D, admin, 'item.start')
      .at(D, admin, 'item.resolve', { note: '社区已申请经费，更换损坏的健身器材两件', photos: [] });
  }

  // ── 整改中 (rectifying): the resident was not satisfied.
  {
    const n = neighbour(grid(2, 1), 3);
    script('rectifying', { state: 'rectifying', level: 'grid' })
      .submit(6 * D, n, 'complaint', '物业服务', '单元电梯经常停运，老人上下楼很困难')
      .at(6 * D - H, n.cadre.openid!, 'item.verify', { itemClass: 'general', category: '物业服务' })
      .at(5 * D, n.cadre.openid!, 'item.start')
      .at(4 * D, n.cadre.openid!, 'item.resolve', { note: '已联系物业维修电梯', photos: [] })
      .at(2 * D, n.openid, 'item.rate', { stars: 2, solved: false, comment: '修好两天又坏了' });
  }

  // ── 申诉中 (appealing): rejected, and the resident appealed; the grid leader reviews.
  {
    const n = neighbour(grid(1, 3), 1);
    script('appealing', { state: 'appealing', level: 'grid' })
      .submit(2 * D, n, 'request', '公共设施', '小区大门内侧的路灯不亮，晚上进出很黑')
      .at(2 * D - 2 * H, n.cadre.openid!, 'item.reject', { code: 'outOfArea', note: '该路灯属市政道路照明，不在小区范围' })
      .at(D, n.openid, 'item.appeal', { reason: '路灯就在小区大门内侧，属于小区公共区域，不是市政道路' });
  }

  // ── 已完结 (closed, rated): the whole ladder to a department; a cadre; a cadre after 整改.
  {
    const n = neighbour(grid(1, 2), 4);
    const s = script('closedLadder', { state: 'closed', level: 'department' })
      .submit(9 * D, n, 'complaint', '物业服务', '物业擅自提高停车费，没有经过业主大会表决');
    upToStreet(s, 9 * D, n, 'major', '物业服务', { down: '涉及物业收费，网格无法处理', up: '需住建（物业）部门约谈物业' })
      .at(9 * D - 2 * H, streetAdmin, 'item.whistle', { kind: 'quick', departmentIds: [ZJ.id] })
      .at(9 * D - 2 * H - 20 * M, ZJ.staff, 'item.report')
      .at(8 * D, ZJ.staff, 'item.start')
      .at(6 * D, ZJ.staff, 'item.resolve', { note: '已约谈物业公司，停车费恢复原标准，调价须经业主大会表决', photos: [] })
      .at(5 * D, n.openid, 'item.rate', { stars: 5, solved: true, comment: '问题解决了，谢谢' });
  }
  {
    const n = neighbour(grid(2, 2), 4);
    script('closed', { state: 'closed', level: 'grid' })
      .submit(8 * D, n, 'request', '帮扶救助', '家中老人行动不便，想申请居家养老上门服务')
      .at(8 * D - H, n.cadre.openid!, 'item.verify', { itemClass: 'general', category: '帮扶救助' })
      .at(8 * D - 2 * H, n.cadre.openid!, 'item.start')
      .at(7 * D, n.cadre.openid!, 'item.resolve', { note: '已协助办理居家养老服务申请，每周上门服务两次', photos: [] })
      .at(6 * D, n.openid, 'item.rate', { stars: 5, solved: true, comment: '干部很热心' });
  }
  {
    const n = neighbour(grid(1, 1), 3);
    script('closedAfterRectify', { state: 'closed', level: 'grid' })
      .submit(12 * D, n, 'complaint', '环境卫生', '单元门口的垃圾桶破了，垃圾散落一地')
      .at(12 * D - H, n.cadre.openid!, 'item.verify', { itemClass: 'simple', category: '环境卫生' })
      .at(12 * D - 2 * H, n.cadre.openid!, 'item.start')
      .at(12 * D - 5 * H, n.cadre.openid!, 'item.resolve', { note: '已清理散落垃圾', photos: [] })
      .at(11 * D, n.openid, 'item.rate', { stars: 2, solved: false, comment: '只清理了垃圾，垃圾桶还是坏的' })
      .at(11 * D - 4 * H, n.cadre.openid!, 'item.resolve', { note: '已更换新垃圾桶', photos: [] })
      .at(10 * D, n.openid, 'item.rate', { stars: 4, solved: true });
  }

  // ── 已退回 (rejected, the appeal window long past) and 已撤回 (withdrawn).
  {
    const n = neighbour(grid(2, 3), 2);
    script('rejected', { state: 'rejected', level: 'grid' })
      .submit(12 * D, n, 'suggestion', '其他', '希望小区里增设快递柜，取快递太不方便')
      .at(12 * D - H, n.cadre.openid!, 'item.reject', { code: 'duplicate', note: '同楼栋居民已反映，快递柜已在安装中' });
  }
  {
    const n = neighbour(grid(1, 4), 4);
    script('withdrawn', { state: 'withdrawn', level: 'grid' })
      .submit(D, n, 'request', '公共设施', '家门口的下水道有点堵，排水很慢')
      .at(D - H, n.openid, 'item.withdraw', { reason: '已自行疏通' });
  }

  return { users, items };
}
