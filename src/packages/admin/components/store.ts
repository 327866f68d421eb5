import { makeAutoObservable, runInAction } from 'mobx';
import type { NodeView, PersonView } from '../../../core/api/adminContract';
import type { Role } from '../../../core/types';
import { call } from '../../../services/api';
import { session } from '../../../stores/session';
import { errorText } from '../../../components/lib';

/** The admin's scope (loaded once per session) and the people rows the list pages have seen. */
class AdminStore {
  roots: NodeView[] = [];
  roles: Role[] = [];
  loaded = false;
  loading = false;
  error = '';
  private scopeOf = '';
  /** Rows from people lists, so the person page opens without another search. Not observed. */
  people = new Map<string, PersonView>();

  constructor() {
    makeAutoObservable<AdminStore, 'scopeOf'>(this, { people: false, scopeOf: false });
  }

  get root(): NodeView | null {
    return this.roots[0] ?? null;
  }

  async loadScope(force = false): Promise<NodeView[]> {
    const me = await session.ensure();
    if (!me?.isAdmin) return [];
    // A different sign-in (demo persona switch) has a different scope.
    if (this.loaded && !force && this.scopeOf === me.openid) return this.roots;
    runInAction(() => {
      this.loading = true;
      this.error = '';
    });
    try {
      const res = await call('admin.scope', {});
      runInAction(() => {
        this.roots = res.roots;
        this.roles = res.roles;
        this.loaded = true;
        this.loading = false;
        this.scopeOf = me.openid;
      });
      return res.roots;
    } catch (e) {
      runInAction(() => {
        this.error = errorText(e);
        this.loading = false;
      });
      return [];
    }
  }

  remember(list: PersonView[]) {
    for (const p of list) this.people.set(p.id, p);
  }
}

export const adminStore = new AdminStore();

/** Finds one person by id: from a list page seen before, else by searching the grid (or the scope). */
export async function findPerson(id: string, nodeId: string): Promise<PersonView | null> {
  const known = adminStore.people.get(id);
  if (known) return known;
  const scope = nodeId || (await adminStore.loadScope())[0]?.id;
  if (!scope) return null;
  const bySearch = await call('admin.people.list', { nodeId: scope, q: id.slice(0, 20) }).catch(() => null);
  const hit = bySearch?.people.find((p) => p.id === id);
  if (hit) return hit;
  for (let page = 0; page < 20; page++) {
    const res = await call('admin.people.list', { nodeId: scope, page });
    adminStore.remember(res.people);
    const p = res.people.find((x) => x.id === id);
    if (p) return p;
    if (!res.hasMore) break;
  }
  return null;
}
