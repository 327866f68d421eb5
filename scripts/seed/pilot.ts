// Pilot start: no demo personas. A street and one community, a placeholder community admin with
// no WeChat account, and a one-time invite that binds the first real admin (the app's invite flow).
import { randomCode } from '../../cloudfunctions/api/src/actions/admin/people';
import type { InviteDoc, OrgNode, Person } from '../../src/core/types';

/** The slice of the wx-server-sdk database API the pilot start needs. */
export interface PilotDb {
  collection(name: string): {
    add(o: { data: object }): Promise<unknown>;
    count(): Promise<{ total: number }>;
    where(q: object): {
      count(): Promise<{ total: number }>;
      get(): Promise<{ data: any[] }>;
      update(o: { data: object }): Promise<unknown>;
    };
  };
}

export interface PilotOptions {
  streetName?: string;
  communityName?: string;
  /** How long the invite stays valid (hours, default 72). */
  ttlHours?: number;
  now?: Date;
}

export interface PilotResult {
  communityId: string;
  /** Set when no admin is bound yet: a fresh invite; every older open one is revoked. */
  invite: { code: string; expiresAt: Date } | null;
}

export const PILOT_STREET = 'PL01';
export const PILOT_COMMUNITY = 'PL01-01';
export const PILOT_ADMIN = 'PL-ADMIN';
/** The demo seed's street: its presence means the data folder holds the demo community. */
const DEMO_STREET = 'JH01';

export class DemoDataError extends Error {}

export async function startPilot(db: PilotDb, opts: PilotOptions = {}): Promise<PilotResult> {
  const now = opts.now ?? new Date();
  const nodes = db.collection('orgNodes');
  if ((await nodes.where({ _id: DEMO_STREET }).count()).total > 0) {
    throw new DemoDataError('该数据目录中有演示数据，试点模式请使用新的数据目录（--data 新目录）');
  }
  if ((await nodes.count()).total === 0) {
    const street: OrgNode = { _id: PILOT_STREET, level: 'street', name: opts.streetName ?? '试点街道', parentId: null, path: [] };
    const community: OrgNode = { _id: PILOT_COMMUNITY, level: 'community', name: opts.communityName ?? '试点社区', parentId: PILOT_STREET, path: [PILOT_STREET] };
    await nodes.add({ data: street });
    await nodes.add({ data: community });
  }

  const people = db.collection('people');
  const [admin] = (await people.where({ _id: PILOT_ADMIN }).get()).data as Person[];
  if (!admin) {
    const p: Person = {
      _id: PILOT_ADMIN,
      name: '社区管理员',
      phone: '',
      workUnit: opts.communityName ?? '试点社区',
      title: '社区管理员',
      roles: [{ role: 'communityAdmin', nodeId: PILOT_COMMUNITY }],
      communityId: PILOT_COMMUNITY,
      away: null,
    };
    await people.add({ data: p });
  } else if (admin.openid) {
    return { communityId: PILOT_COMMUNITY, invite: null };
  }

  // Only the newest invite works: one printed on an earlier start and never used is void now.
  const invites = db.collection('invites');
  await invites.where({ personId: PILOT_ADMIN, status: 'open' }).update({ data: { status: 'revoked' } });
  const invite: InviteDoc = {
    _id: randomCode('', 8),
    personId: PILOT_ADMIN,
    issuedBy: 'pilot-start',
    scopeNodeId: PILOT_COMMUNITY,
    status: 'open',
    expiresAt: new Date(now.getTime() + (opts.ttlHours ?? 72) * 3600_000),
    createdAt: now,
  };
  await invites.add({ data: invite });
  return { communityId: PILOT_COMMUNITY, invite: { code: invite._id, expiresAt: invite.expiresAt } };
}
