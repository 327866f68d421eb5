// Deterministic demo community: 河南街道 (蛟河市) with two 社区, their grids, buildings, households,
// "30比1" cadres with contact cards, the 三长, admins, 职能部门 with their staff, demo accounts, and
// the scripts of the demo's items (demoItems.ts). Pure: no I/O, no clock.
import { chinaDateKey } from '../../src/core/calendar';
import type { CardDoc, Department, Household, OrgLevel, OrgNode, Person, UserDoc } from '../../src/core/types';
import { planDemoItems, type DemoItemScript } from './demoItems';
import { Identities } from './identities';
import { CADRE_TITLES, COMMUNITIES, DEPARTMENTS, GRID_ORDINALS, STREET_NAME, STREET_OFFICE, WORK_UNITS } from './names';
import { Rng } from './random';

export interface DemoPersona {
  id: string;
  label: string;
  description: string;
  openid: string;
}

export interface DemoData {
  orgNodes: OrgNode[];
  households: Household[];
  people: Person[];
  cards: CardDoc[];
  users: UserDoc[];
  departments: Department[];
  personas: DemoPersona[];
  /** Driven through the api function by the seed, in time order. */
  items: DemoItemScript[];
}

export interface DemoOptions {
  seed?: number;
  /** Timestamps and the away period derive from this; defaults to a fixed date so output is stable. */
  now?: Date;
}

export const DEFAULT_SEED = 20260301;
export const DEFAULT_NOW = new Date('2026-03-02T09:00:00+08:00');

const STREET_ID = 'JH01';
/** "30比1": one cadre serves about 30 households. */
const CADRE_LOAD = 30;
/** Share of each grid's households left without a cadre, to exercise fallback routing. */
const UNSERVED_SHARE = 0.02;
const BUILDING_LEADER_SHARE = 0.88;
const DAY_MS = 86_400_000;

/** Grids whose cadres and households the personas use. */
const PLAN = {
  /** Resident 1 lives here, served by this grid's first cadre (cadre persona 1). */
  servedGrid: 'JH01-01-01',
  /** This grid's first cadre is away; the second is the B角 persona. Resident 2 lives here. */
  awayGrid: 'JH01-01-02',
  /** Resident 3 lives here in an unserved household whose building has no 楼长, so items reach the 网格长. */
  unservedGrid: 'JH01-01-03',
  /** Cadre persona 2 works here and holds a replaced (revoked) card. */
  secondCadreGrid: 'JH01-02-01',
};

/** What each department persona finds in its inbox (see demoItems.ts). */
const DEPARTMENT_STORY: Record<(typeof DEPARTMENTS)[number]['code'], string> = {
  CG: '报到并办理街道吹哨派来的事项：一件快捷哨待报到，一件办理中已超期；还与住建（物业）办共同报到了一件攻坚哨。',
  SJ: '办理已报到受理的食品安全投诉：开始办理、办结，再由居民评价。',
  ZJ: '牵头办理攻坚哨事项（外墙脱落，已与城管共同报到并会商）；已完成中有一件获好评的物业收费事项。',
  PCS: '一件应急哨已超过报到时限、被标记超时，请尽快报到并办理。',
};

const pad = (n: number, width: number) => String(n).padStart(width, '0');

function orgNode(_id: string, level: OrgLevel, name: string, parent: OrgNode | null): OrgNode {
  return { _id, level, name, parentId: parent ? parent._id : null, path: parent ? [...parent.path, parent._id] : [] };
}

/** Members and 一老一少一困 tags of one household. */
function householdProfile(rng: Rng): { members: number; tags: string[] } {
  const tags: string[] = [];
  if (rng.chance(0.04)) tags.push('独居老人');
  else if (rng.chance(0.025)) tags.push('留守儿童');
  if (rng.chance(0.03)) tags.push('低保');
  else if (rng.chance(0.01)) tags.push('特困');
  if (rng.chance(0.025)) tags.push('残疾');
  let members: number = rng.weighted([[1, 10], [2, 30], [3, 35], [4, 17], [5, 8]] as const);
  if (tags.includes('独居老人')) members = 1;
  if (tags.includes('留守儿童')) members = Math.max(members, 2);
  return { members, tags };
}

interface GridResult {
  grid: OrgNode;
  communityName: string;
  /** "第三网格", for labels without the estate in brackets. */
  ordinal: string;
  cadres: Person[];
  households: Household[];
  unserved: Household[];
}

export function generateDemoCommunity(opts: DemoOptions = {}): DemoData {
  const rng = new Rng(opts.seed ?? DEFAULT_SEED);
  const now = opts.now ?? DEFAULT_NOW;
  const ids = new Identities(rng);
  const orgNodes: OrgNode[] = [];
  const households: Household[] = [];
  const people: Person[] = [];
  const gridResults = new Map<string, GridResult>();
  let personSeq = 0;

  const newPerson = (fields: Omit<Person, '_id' | 'name' | 'phone' | 'openid' | 'away'>): Person => {
    const _id = `P${pad(++personSeq, 4)}`;
    const p: Person = { _id, name: ids.name(), phone: ids.phone(), ...fields, away: null, openid: `demo-${_id}` };
    people.push(p);
    return p;
  };

  const street = orgNode(STREET_ID, 'street', STREET_NAME, null);
  orgNodes.push(street);
  newPerson({ workUnit: STREET_OFFICE, title: '党工委副书记', roles: [{ role: 'streetAdmin', nodeId: STREET_ID }] });

  COMMUNITIES.forEach((spec, ci) => {
    const community = orgNode(`${STREET_ID}-${pad(ci + 1, 2)}`, 'community', spec.name, street);
    orgNodes.push(community);
    const communityId = community._id;
    newPerson({
      workUnit: `${spec.name}党委`,
      title: '党委书记',
      // 社区党委书记: runs the office and leads items (书记领办).
      roles: [{ role: 'communityAdmin', nodeId: communityId }, { role: 'secretary', nodeId: communityId }],
      communityId,
    });

    spec.grids.forEach((gridSpec, gi) => {
      const grid = orgNode(`${communityId}-${pad(gi + 1, 2)}`, 'grid', `${GRID_ORDINALS[gi]}（${gridSpec.estate}）`, community);
      grid.gridType = gridSpec.special ? 'special' : 'urban';
      orgNodes.push(grid);
      const gridId = grid._id;

      // 楼栋 → 单元 → 住户, in address order so cadres get contiguous households.
      const buildings: OrgNode[] = [];
      const gridHouseholds: Household[] = [];
      const buildingCount = gridSpec.special ? 4 : rng.int(6, 7);
      for (let b = 1; b <= buildingCount; b++) {
        const building = orgNode(`${gridId}-${pad(b, 2)}`, 'building', `${b}栋`, grid);
        orgNodes.push(building);
        buildings.push(building);
        const unitCount = rng.weighted([[2, 88], [3, 10], [4, 2]] as const);
        const floors = rng.int(5, 7);
        const perFloor = rng.weighted([[2, 95], [3, 5]] as const);
        for (let u = 1; u <= unitCount; u++) {
          const unit = orgNode(`${building._id}-${u}`, 'unit', `${u}单元`, building);
          orgNodes.push(unit);
          for (let floor = 1; floor <= floors; floor++) {
            for (let r = 1; r <= perFloor; r++) {
              const roomNo = floor * 100 + r;
              const room = String(roomNo);
              const { members, tags } = householdProfile(rng);
              gridHouseholds.push({
                _id: `${unit._id}-${pad(roomNo, 4)}`,
                streetId: STREET_ID,
                communityId,
                gridId,
                buildingId: building._id,
                unitId: unit._id,
                room,
                label: `${b}栋${u}单元${room}`,
                members,
                ...(tags.length ? { tags } : {}),
              });
            }
          }
        }
      }
      households.push(...gridHouseholds);

      // 网格长
      const leader = newPerson({
        workUnit: `${spec.name}居民委员会`,
        title: '网格长',
        roles: [{ role: 'gridLeader', nodeId: gridId }],
        gridId,
        communityId,
      });
      grid.leaderId = leader._id;

      // 包保干部: a few households stay unserved, the rest are cut into contiguous runs of ~30.
      const unservedCount = Math.max(1, Math.round(gridHouseholds.length * UNSERVED_SHARE));
      const unservedIdx = new Set(rng.shuffle(gridHouseholds.map((_, i) => i)).slice(0, unservedCount));
      const unserved = gridHouseholds.filter((_, i) => unservedIdx.has(i));
      const served = gridHouseholds.filter((_, i) => !unservedIdx.has(i));
      const cadreCount = Math.max(1, Math.round(served.length / CADRE_LOAD));
      const cadres: Person[] = [];
      for (let k = 0; k < cadreCount; k++) {
        const cadre = newPerson({
          workUnit: rng.pick(WORK_UNITS),
          title: rng.pick(CADRE_TITLES),
          roles: [{ role: 'cadre', nodeId: gridId }],
          gridId,
          communityId,
          cardCode: ids.cardCode(),
        });
        cadres.push(cadre);
        const from = Math.floor((k * served.length) / cadreCount);
        const to = Math.floor(((k + 1) * served.length) / cadreCount);
        for (const h of served.slice(from, to)) h.cadreId = cadre._id;
      }
      // AB岗: pair neighbours; an odd one out is backed by the grid's first cadre.
      cadres.forEach((c, k) => {
        const partner = k % 2 === 0 ? cadres[k + 1] ?? cadres[0] : cadres[k - 1];
        if (partner && partner !== c) c.backupId = partner._id;
      });

      // 楼长 for most buildings; resident 3's building has none so the demo reaches the 网格长.
      const leaderless = gridId === PLAN.unservedGrid ? unserved[0].buildingId : null;
      for (const building of buildings) {
        if (building._id === leaderless || !rng.chance(BUILDING_LEADER_SHARE)) continue;
        const bl = newPerson({
          workUnit: `${spec.name}居民志愿者`,
          title: '楼长',
          roles: [{ role: 'buildingLeader', nodeId: building._id }],
          gridId,
          communityId,
        });
        building.leaderId = bl._id;
      }

      gridResults.set(gridId, { grid, communityName: spec.name, ordinal: GRID_ORDINALS[gi], cadres, households: gridHouseholds, unserved });
    });
  });

  // One cadre is away for a wide window around `now`; their B角 stays present.
  const awayGrid = gridResults.get(PLAN.awayGrid)!;
  const awayCadre = awayGrid.cadres[0];
  const year = Number(chinaDateKey(now).slice(0, 4));
  awayCadre.away = { from: `${year}-01-01`, to: `${year + 1}-12-31` };

  // Contact cards: one active card per cadre, plus one old card replaced by cadre persona 2's new one.
  const cadres = people.filter((p) => p.cardCode);
  const cards: CardDoc[] = cadres.map((p) => ({
    _id: p.cardCode!,
    personId: p._id,
    status: 'active',
    issuedAt: new Date(now.getTime() - 60 * DAY_MS),
  }));
  const secondCadre = gridResults.get(PLAN.secondCadreGrid)!.cadres[0];
  const revokedCode = ids.cardCode();
  cards.push({
    _id: revokedCode,
    personId: secondCadre._id,
    status: 'revoked',
    replacedBy: secondCadre.cardCode!,
    issuedAt: new Date(now.getTime() - 420 * DAY_MS),
  });

  const userOf = (p: Person): UserDoc => ({
    _id: p.openid!,
    roles: p.roles.map((g) => ({ ...g })),
    person: { id: p._id, name: p.name, title: p.title, workUnit: p.workUnit },
    createdAt: now,
    updatedAt: now,
  });
  const users: UserDoc[] = people.map(userOf);

  const byId = new Map(people.map((p) => [p._id, p]));
  const residentUser = (n: number, h: Household): UserDoc => ({
    _id: `demo-resident-${n}`,
    roles: [],
    householdId: h._id,
    household: {
      streetId: h.streetId,
      communityId: h.communityId,
      gridId: h.gridId,
      buildingId: h.buildingId,
      unitId: h.unitId,
      ...(h.cadreId ? { cadreId: h.cadreId } : {}),
      label: h.label,
    },
    createdAt: now,
    updatedAt: now,
  });

  const servedGrid = gridResults.get(PLAN.servedGrid)!;
  const firstCadre = servedGrid.cadres[0];
  const backup = byId.get(awayCadre.backupId!)!;
  const unservedGrid = gridResults.get(PLAN.unservedGrid)!;
  const residents = [
    rng.pick(servedGrid.households.filter((h) => h.cadreId === firstCadre._id)),
    rng.pick(awayGrid.households.filter((h) => h.cadreId === awayCadre._id)),
    unservedGrid.unserved[0],
  ].map((h, i) => ({ h, name: ids.name(), user: residentUser(i + 1, h) }));
  users.push(...residents.map((r) => r.user));

  // 职能部门 of the street, one staff member each. Drawn after everyone else, so adding them
  // changed no earlier name, phone or card code.
  const departments: Department[] = DEPARTMENTS.map((d) => ({
    _id: `${STREET_ID}-${d.code}`, name: d.name, kind: d.kind, scopeNodeId: STREET_ID, phone: d.phone, createdAt: now, updatedAt: now,
  }));
  const staff = DEPARTMENTS.map((d, i) =>
    newPerson({ workUnit: d.name, title: d.title, roles: [{ role: 'departmentStaff', nodeId: STREET_ID, departmentId: departments[i]._id }] }),
  );
  users.push(...staff.map(userOf));

  const plan = planDemoItems({
    people, households, orgNodes, departments, now,
    avoidPeople: new Set([firstCadre._id, secondCadre._id, backup._id]),
    avoidHouseholds: new Set(residents.map((r) => r.h._id)),
  });
  users.push(...plan.users);

  const [r1, r2, r3] = residents;
  const gridLeader = byId.get(unservedGrid.grid.leaderId!)!;
  const communityAdmin = people.find((p) => p.roles.some((g) => g.role === 'communityAdmin' && g.nodeId === 'JH01-01'))!;
  const streetAdmin = people.find((p) => p.roles.some((g) => g.role === 'streetAdmin' && g.nodeId === STREET_ID))!;
  const persona = (openid: string, label: string, description: string): DemoPersona => ({ id: openid, openid, label, description });
  const personas: DemoPersona[] = [
    persona(r1.user._id, `居民 · ${r1.name}（${r1.h.label}）`,
      `提交一件诉求，事项会直接派给本户的包保干部${firstCadre.name}。`),
    persona(r2.user._id, `居民 · ${r2.name}（${r2.h.label}）`,
      `提交一件诉求：包保干部${awayCadre.name}外出（${awayCadre.away.from}至${awayCadre.away.to}），事项会转给B角${backup.name}。`),
    persona(r3.user._id, `居民 · ${r3.name}（${r3.h.label}）`,
      `提交一件诉求：本户暂无包保干部、所在楼栋也没有楼长，事项会派给网格长${gridLeader.name}。`),
    persona(firstCadre.openid!, `包保干部 · ${firstCadre.name}（${firstCadre.workUnit}）`,
      `受理并办结居民${r1.name}提交的事项，再查看和分享自己的干部联系卡。`),
    persona(secondCadre.openid!, `包保干部 · ${secondCadre.name}（${secondCadre.workUnit}）`,
      `查看自己的干部联系卡；旧卡 ${revokedCode} 已作废，扫旧卡会提示“此卡已更换”并指向新卡。`),
    persona(backup.openid!, `包保干部（B角） · ${backup.name}（${backup.workUnit}）`,
      `作为外出干部${awayCadre.name}的B角，接手居民${r2.name}提交的事项。`),
    persona(gridLeader.openid!, `网格长 · ${gridLeader.name}（${unservedGrid.communityName}${unservedGrid.ordinal}）`,
      `接手无包保干部住户（居民${r3.name}）提交的事项，审核本网格的一件申诉和一件挂起申请，并查看本网格的楼栋、住户和干部包保情况。`),
    persona(communityAdmin.openid!, `社区管理员 · ${communityAdmin.name}（${COMMUNITIES[0].name}）`,
      `在调度台查看全社区的事项和办结统计，核单网格刚下单到社区待办的事项，调整住户的包保干部；以党委书记身份领办事项（书记领办），查看五考排名，审核回音壁。`),
    persona(streetAdmin.openid!, `街道管理员 · ${streetAdmin.name}（${STREET_NAME}）`,
      `在调度台查看全街道的事项：街道待办里有待核单和被部门退回、已超期的事项，可向职能部门吹哨、召开会商；还可设置全街道的事项时限、吹哨报到时限、分类派单规则、第一经办人和节假日，管理街道下各社区。`),
    ...staff.map((p, i) => persona(p.openid!, `${DEPARTMENTS[i].name} · ${p.name}（${p.title}）`, DEPARTMENT_STORY[DEPARTMENTS[i].code])),
  ];

  return { orgNodes, households, people, cards, users, departments, personas, items: plan.items };
}
