import type { UserDoc } from '../../../src/core/types';
import type { CloudSdk, Database } from './cloud';
import { Repos, makeRepos } from './repo';

/** Everything one invocation needs; built once per call from the wx-context. */
export interface Ctx {
  cloud: CloudSdk;
  db: Database;
  openid: string;
  /** The caller's IP from the wx-context (CLIENTIP), when the platform gives one. */
  clientIp?: string;
  now: Date;
  repos: Repos;
  /** The caller's users doc, read at most once per invocation. */
  user(): Promise<UserDoc | null>;
}

export function makeContext(cloud: CloudSdk, db: Database, openid: string, now: Date, clientIp?: string): Ctx {
  const shared = makeRepos(db);
  // Routing and notifying read the same people within one call; read each once. (The repos are
  // shared by all calls, so this call gets its own people repo.)
  const people = new Map<string, ReturnType<Repos['people']['get']>>();
  const getPerson = shared.people.get;
  const repos: Repos = {
    ...shared,
    people: {
      ...shared.people,
      get: (id) => {
        if (!people.has(id)) people.set(id, getPerson(id));
        return people.get(id)!;
      },
    },
  };
  let cached: Promise<UserDoc | null> | undefined;
  return {
    cloud,
    db,
    openid,
    ...(clientIp ? { clientIp } : {}),
    now,
    repos,
    user: () => (cached ??= repos.users.get(openid)),
  };
}
