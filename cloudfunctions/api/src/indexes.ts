// Indexes declared in code: the emulator creates them on boot; on CloudBase, create the same ones in
// the console (scripts/print-indexes.mjs prints them). Every list query in repo/ hits one of these.
export interface IndexDecl {
  collection: string;
  fields: string[];
  unique?: boolean;
}

export const INDEXES: IndexDecl[] = [
  { collection: 'items', fields: ['submitterOpenid', 'createdAt'] },
  { collection: 'items', fields: ['holderKey', 'state', 'updatedAt'] },
  { collection: 'outbox', fields: ['status', 'nextAttemptAt'] },
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
  { collection: 'people', fields: ['workGroupId'] },
  { collection: 'workGroups', fields: ['communityId'] },
  { collection: 'users', fields: ['householdId'] },
  // Admin pages.
  { collection: 'people', fields: ['communityId'] },
  { collection: 'invites', fields: ['personId', 'createdAt'] },
  { collection: 'departments', fields: ['scopeNodeId'] },
  // Street settings: people holding a role at the street itself (第一经办人 of the street queue).
  { collection: 'people', fields: ['roles.nodeId'] },
];
