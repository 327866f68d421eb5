// Indexes declared in code: the emulator creates them on boot; scripts/deploy.mjs creates the same
// ones on CloudBase (scripts/print-indexes.mjs prints them). Every list query in repo/ hits one of these.
import type { CollectionName } from './collections';

export interface IndexDecl {
  collection: CollectionName;
  fields: string[];
  unique?: boolean;
}

export const INDEXES: IndexDecl[] = [
  { collection: 'items', fields: ['submitterOpenid', 'createdAt'] },
  { collection: 'items', fields: ['holderKey', 'state', 'updatedAt'] },
  { collection: 'outbox', fields: ['status', 'nextAttemptAt'] },
  // Claims whose sender died (the timer takes them over); dead letters of an admin's subtree.
  { collection: 'outbox', fields: ['status', 'claimedAt'] },
  { collection: 'outbox', fields: ['scope', 'status', 'updatedAt'] },
  // 消息中心: a user's notices (newest first; also 个人信息删除 and 查阅, app/erase.ts), the unread
  // count; the subscription ledger of a user.
  { collection: 'outbox', fields: ['touser', 'createdAt'] },
  { collection: 'outbox', fields: ['touser', 'read'] },
  { collection: 'subscriptions', fields: ['openid'] },
  // The timer's sweep reads only items whose look-in time has come.
  { collection: 'items', fields: ['watchAt'] },
  // 调度台: items of a street, community or grid, newest first.
  { collection: 'items', fields: ['streetId', 'updatedAt'] },
  { collection: 'items', fields: ['communityId', 'updatedAt'] },
  { collection: 'items', fields: ['gridId', 'updatedAt'] },
  { collection: 'items', fields: ['whistle.departments.id', 'updatedAt'] },
  { collection: 'orgNodes', fields: ['parentId'] },
  { collection: 'households', fields: ['unitId'] },
  { collection: 'households', fields: ['cadreId'] },
  { collection: 'people', fields: ['openid'] },
  // Spreadsheet import/export (importer/): subtree walks, member lists and resident sync.
  { collection: 'orgNodes', fields: ['path'] },
  { collection: 'households', fields: ['gridId'] },
  { collection: 'people', fields: ['gridId'] },
  // 包保住户: the cadres a B角 stands in for (cadre.households).
  { collection: 'people', fields: ['backupId'] },
  { collection: 'people', fields: ['workGroupId'] },
  { collection: 'workGroups', fields: ['communityId'] },
  { collection: 'users', fields: ['householdId'] },
  // Admin pages.
  { collection: 'people', fields: ['communityId'] },
  { collection: 'invites', fields: ['personId', 'createdAt'] },
  { collection: 'departments', fields: ['scopeNodeId'] },
  // Street settings: people holding a role at the street itself (第一经办人 of the street queue).
  { collection: 'people', fields: ['roles.nodeId'] },
  // 统计: a street's counter documents of some periods (a community's are read by _id).
  { collection: 'counters', fields: ['streetId', 'period'] },
  // Day documents not yet rolled: readers add a community's or street's; the timer rolls the finished ones.
  { collection: 'counters', fields: ['communityId', 'rolled'] },
  { collection: 'counters', fields: ['streetId', 'rolled'] },
  { collection: 'counters', fields: ['rolled', 'period'] },
  // Pending 统计 tallies: the timer folds the oldest; readers add a street's or community's.
  { collection: 'tallies', fields: ['createdAt'] },
  { collection: 'tallies', fields: ['streetId'] },
  { collection: 'tallies', fields: ['communityId'] },
  // Background jobs (jobs/runner.ts): the jobs trigger picks queued jobs and runs whose lease ran out.
  { collection: 'jobs', fields: ['status', 'leaseUntil'] },
  { collection: 'jobs', fields: ['status', 'finishedAt'] },
  // Audit log (audit.ts, PIPL): one subtree's entries, newest first.
  { collection: 'audit', fields: ['scopeNodeId', 'at'] },
  { collection: 'audit', fields: ['scopeNodeId', 'action', 'at'] }, // audit.list filtered by kind
  // Photo retention (app/retention.ts): a street's closed items whose photos are due, oldest first.
  { collection: 'items', fields: ['streetId', 'photosClosedAt'] },
  // 个人信息删除 (app/erase.ts): a resident's photo checks (their notices: touser, above).
  { collection: 'mediaChecks', fields: ['uploader'] },
  // 回音壁 (repo/engage.ts): the public page (all, or one community), newest closed first; admins' moderation lists.
  { collection: 'echoWall', fields: ['hidden', 'closedAt'] },
  { collection: 'echoWall', fields: ['communityId', 'hidden', 'closedAt'] },
  { collection: 'echoWall', fields: ['streetId', 'closedAt'] },
  { collection: 'echoWall', fields: ['communityId', 'closedAt'] },
  { collection: 'echoWall', fields: ['gridId', 'closedAt'] },
  // 书记领办: a month's led items of a street, community or grid.
  { collection: 'items', fields: ['streetId', 'lead.month', 'lead.at'] },
  { collection: 'items', fields: ['communityId', 'lead.month', 'lead.at'] },
  { collection: 'items', fields: ['gridId', 'lead.month', 'lead.at'] },
  // 五考: a street's 民主测评 totals of some months (a community's are read by _id).
  { collection: 'evaluationTotals', fields: ['streetId', 'month'] },
  // 防刷 per-IP windows (app/limits.ts): the timer deletes those whose minute is over.
  { collection: 'limits', fields: ['expiresAt'] },
];
