import type { Database } from '../cloud';
import { cardsRepo } from './cards';
import { householdsRepo } from './households';
import { itemsRepo } from './items';
import { nodesRepo } from './nodes';
import { outboxRepo } from './outbox';
import { peopleRepo } from './people';
import { usersRepo } from './users';
import { invitesRepo } from './invites';
import { jobsRepo } from './jobs';
import { departmentsRepo, workGroupsRepo } from './registry';
import { settingsRepo } from './settings';
import { subscriptionsRepo } from './subscriptions';
import { countersRepo } from './counters';
import { engageRepo } from './engage';
import { mediaChecksRepo } from './mediaChecks';
import { erasureRepo } from './erasure';
import { auditRepo } from './audit';
import { limitsRepo } from './limits';

export function makeRepos(db: Database) {
  let repos = shared.get(db) as ReturnType<typeof buildRepos> | undefined;
  if (!repos) shared.set(db, (repos = buildRepos(db)));
  return repos;
}

/** Repos hold no state of a call, so one set per database serves every invocation. */
const shared = new WeakMap<object, object>();

function buildRepos(db: Database) {
  return {
    users: usersRepo(db),
    people: peopleRepo(db),
    cards: cardsRepo(db),
    nodes: nodesRepo(db),
    households: householdsRepo(db),
    items: itemsRepo(db),
    outbox: outboxRepo(db),
    invites: invitesRepo(db),
    jobs: jobsRepo(db),
    departments: departmentsRepo(db),
    workGroups: workGroupsRepo(db),
    settings: settingsRepo(db),
    subscriptions: subscriptionsRepo(db),
    counters: countersRepo(db),
    engage: engageRepo(db),
    mediaChecks: mediaChecksRepo(db),
    erasure: erasureRepo(db),
    audit: auditRepo(db),
    limits: limitsRepo(db),
  };
}
export type Repos = ReturnType<typeof makeRepos>;
