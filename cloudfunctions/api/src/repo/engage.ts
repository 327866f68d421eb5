import { createHash } from 'node:crypto';
// Queries of 回音壁, 书记领办 and 五考. Every one is bounded (a page, or a capped loop of pages)
// and hits an index of indexes.ts.
import { ECHO_COLLECTION, type EchoEntry, type EchoLog } from '../../../../src/core/engage/echo';
import { evaluationTotalsId } from '../../../../src/core/engage/assessment';
import type { Item, ItemState, Person } from '../../../../src/core/types';
import type { Database } from '../cloud';
import { getOrNull } from './getOrNull';

export const ECHO_PAGE = 10;
export const LEAD_PAGE = 20;
const PAGE = 100;

export type ScopeWhere = { streetId: string } | { communityId: string } | { gridId: string };

/** evaluationTotals/e:<communityId>:<month>: a community's 民主测评 of a month, per person. */
export interface EvaluationTotalsDoc {
  _id: string;
  streetId: string;
  communityId: string;
  month: string;
  p: Record<string, { n: number; sum: number }>;
}

/** evaluations/<periodKey>:<personId>:<resident>: one resident's rating of their cadre in a period. */
export interface EvaluationDoc {
  _id: string;
  /** The rater's key (a hash of their OPENID, as in the id): erasing their data finds their ratings by it. */
  rater?: string;
  personId: string;
  period: string;
  month: string;
  streetId: string;
  communityId: string;
  gridId: string;
  householdId: string;
  stars: number;
  comment: string;
  clientRequestId: string;
  at: Date;
}

export const EVALUATIONS_COLLECTION = 'evaluations';

/** A resident's key in 民主测评: their ratings' ids and `rater` carry it instead of the OPENID. */
export const raterKey = (openid: string) => createHash('sha256').update(`evaluation\n${openid}`).digest('hex').slice(0, 24);
export const EVALUATION_TOTALS_COLLECTION = 'evaluationTotals';

/** What the public list reads: never the photo sources, the log or the hidden words. */
const PUBLIC_FIELDS = {
  kind: true, category: true, communityName: true, gridName: true, text: true, resolution: true, rating: true,
  submittedAt: true, closedAt: true, photos: true,
};

const LEAD_FIELDS = {
  kind: true, category: true, description: true, state: true, holder: true, gridId: true, createdAt: true, updatedAt: true,
  dueAt: true, overdueAt: true, lead: true, timeline: true,
};

export const engageRepo = (db: Database) => {
  const _ = db.command;
  const echo = db.collection(ECHO_COLLECTION);
  const items = db.collection('items');
  /** The entries of these items (one bounded batch), whole. One read. */
  const ofItems = async (ids: readonly string[]): Promise<EchoEntry[]> => {
    if (!ids.length) return [];
    const { data } = await echo.where({ _id: _.in([...ids]) }).limit(ids.length).get();
    return data as EchoEntry[];
  };
  return {
    echo: {
      get: (id: string) => getOrNull<EchoEntry>(echo.doc(id)),
      /** The public page: shown entries, newest closed first (index hidden + closedAt, or communityId + hidden + closedAt). */
      async shown(communityId: string | undefined, page: number): Promise<{ entries: EchoEntry[]; hasMore: boolean }> {
        const { data } = await echo
          .where({ hidden: false, ...(communityId ? { communityId } : {}) })
          .orderBy('closedAt', 'desc')
          .skip(page * ECHO_PAGE)
          .limit(ECHO_PAGE + 1)
          .field(PUBLIC_FIELDS)
          .get();
        return { entries: data.slice(0, ECHO_PAGE) as EchoEntry[], hasMore: data.length > ECHO_PAGE };
      },
      ofItems,
      /** Of these entries (one bounded batch), those still holding photos. One read. */
      withPhotos: async (ids: readonly string[]): Promise<EchoEntry[]> => (await ofItems(ids)).filter((e) => e.photos?.length),
      /** Removes these entries. One write. */
      async remove(ids: readonly string[]): Promise<void> {
        if (ids.length) await echo.where({ _id: _.in([...ids]) }).remove();
      },
      /** Empties an entry's photo list with a log line, if its version has not moved; false if it has. */
      async clearPhotos(e: EchoEntry, log: EchoLog, now: Date): Promise<boolean> {
        const { stats } = await echo.where({ _id: e._id, version: e.version }).update({
          data: { photos: _.set([]), version: e.version + 1, updatedAt: now, log: _.push(log) },
        });
        return stats.updated > 0;
      },
      /** The admin's list of a subtree (index streetId/communityId/gridId + closedAt). */
      async inScope(scope: ScopeWhere, filter: 'all' | 'pendingPhotos' | 'hidden', page: number) {
        const cond: Record<string, unknown> = { ...scope };
        if (filter === 'hidden') cond.hidden = true;
        if (filter === 'pendingPhotos') cond['photos.status'] = 'pending';
        const { data } = await echo.where(cond).orderBy('closedAt', 'desc').skip(page * ECHO_PAGE).limit(ECHO_PAGE + 1).get();
        return { entries: data.slice(0, ECHO_PAGE) as EchoEntry[], hasMore: data.length > ECHO_PAGE };
      },
    },
    lead: {
      /** A month's 领办 items of a scope, latest led first (index scope + lead.month + lead.at). */
      async ofMonth(scope: ScopeWhere, month: string, page: number) {
        const { data } = await items
          .where({ ...scope, 'lead.month': month })
          .orderBy('lead.at', 'desc')
          .skip(page * LEAD_PAGE)
          .limit(LEAD_PAGE + 1)
          .field(LEAD_FIELDS)
          .get();
        return { items: data.slice(0, LEAD_PAGE) as Item[], hasMore: data.length > LEAD_PAGE };
      },
      /** How many of the month's 领办 items there are, and how many are finished (two counts). */
      async countsOf(scope: ScopeWhere, month: string, finished: ItemState[]) {
        const [all, done] = await Promise.all([
          items.where({ ...scope, 'lead.month': month }).count(),
          items.where({ ...scope, 'lead.month': month, state: _.in(finished) }).count(),
        ]);
        return { total: all.total, finished: done.total, open: all.total - done.total };
      },
      /** Open items of a scope a secretary may take on, newest first (index scope + updatedAt). */
      async open(scope: ScopeWhere, states: ItemState[], page: number) {
        const { data } = await items
          .where({ ...scope, state: _.in(states) })
          .orderBy('updatedAt', 'desc')
          .skip(page * LEAD_PAGE)
          .limit(LEAD_PAGE + 1)
          .field(LEAD_FIELDS)
          .get();
        return { items: data.slice(0, LEAD_PAGE) as Item[], hasMore: data.length > LEAD_PAGE };
      },
    },
    assessment: {
      /** 民主测评 totals of these months (by _id for a community; index streetId + month for a street). */
      async evaluationTotals(scope: { streetId: string } | { communityId: string }, months: string[]): Promise<EvaluationTotalsDoc[]> {
        const col = db.collection(EVALUATION_TOTALS_COLLECTION);
        if ('communityId' in scope) {
          const { data } = await col.where({ _id: _.in(months.map((m) => evaluationTotalsId(scope.communityId, m))) }).limit(PAGE).get();
          return data as EvaluationTotalsDoc[];
        }
        const out: EvaluationTotalsDoc[] = [];
        for (let page = 0; page < 50; page++) {
          const { data } = await col.where({ streetId: scope.streetId, month: _.in(months) }).orderBy('_id', 'asc').skip(page * PAGE).limit(PAGE).get();
          out.push(...(data as EvaluationTotalsDoc[]));
          if (data.length < PAGE) break;
        }
        return out;
      },
      /** Cadres and grid workers of these communities (index communityId), at most 2,000. */
      async assessed(communityIds: string[]): Promise<Person[]> {
        const out: Person[] = [];
        for (let page = 0; page < 2; page++) {
          const { data } = await db
            .collection('people')
            .where({ communityId: _.in(communityIds), 'roles.role': _.in(['cadre', 'gridWorker']) })
            .orderBy('_id', 'asc')
            .skip(page * 1000)
            .limit(1000)
            .get();
          out.push(...(data as Person[]));
          if (data.length < 1000) break;
        }
        return out;
      },
      evaluation: (id: string) => getOrNull<EvaluationDoc>(db.collection(EVALUATIONS_COLLECTION).doc(id)),
    },
  };
};
export type EngageRepo = ReturnType<typeof engageRepo>;
