import type { InviteDoc } from '../../../../src/core/types';
import type { Database } from '../cloud';
import { getOrNull } from './getOrNull';

export const invitesRepo = (db: Database) => {
  const col = db.collection('invites');
  return {
    get: (code: string) => getOrNull<InviteDoc>(col.doc(code)),
    add: (d: InviteDoc) => col.add({ data: d }),
    async ofPerson(personId: string): Promise<InviteDoc[]> {
      const { data } = await col.where({ personId }).orderBy('createdAt', 'desc').limit(20).get();
      return data as InviteDoc[];
    },
    /** Compare-and-set on status: an invite is used (or revoked) exactly once. */
    async transition(code: string, from: InviteDoc['status'], patch: Partial<InviteDoc>): Promise<boolean> {
      const r = await col.where({ _id: code, status: from }).update({ data: patch });
      return r.stats.updated === 1;
    },
  };
};
