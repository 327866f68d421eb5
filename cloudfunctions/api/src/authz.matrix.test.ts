// The authorization matrix (test/authzMatrix.ts) through the real router: every cell is called as
// its persona; a refused call must answer the expected code and leave every collection of the
// project's database and of the platform's (messages sent), and the storage, exactly as they were.
// Refused calls write nothing, so all refused cells of one state share one prepared emulator; an
// allowed call that writes gets a fresh one.
import { describe, expect, it } from 'vitest';
import { actionNames } from './main';
import { MATRIX, PERSONA_KEYS, PERSONAS, prepare, READ_ONLY, type Expect, type Persona, type Row, type StateName, type T, type World } from '../test/authzMatrix';
import { setup } from '../test/harness';
import { COLLECTIONS, type CollectionDecl } from './collections';

const bookkeeping = (kind: 'always' | 'import') =>
  (COLLECTIONS as readonly CollectionDecl[]).filter((c) => c.bookkeeping === 'always' || c.bookkeeping === kind).map((c) => c.name);
const ALWAYS_BOOKKEEPING = bookkeeping('always');
const IMPORT_BOOKKEEPING = bookkeeping('import');

interface Env {
  t: T;
  w: World;
  puts: string[];
}

async function fresh(state: StateName): Promise<Env> {
  const t = await setup();
  const puts: string[] = [];
  const put = t.emu.storage.put.bind(t.emu.storage);
  t.emu.storage.put = (p, c, ct) => (puts.push(p), put(p, c, ct));
  const w = await prepare(t, state);
  puts.length = 0;
  return { t, w, puts };
}

type Db = T['emu']['db'];
async function readAll(db: Db, name: string): Promise<unknown[]> {
  const out: unknown[] = [];
  for (let skip = 0; ; skip += 1000) {
    const { data } = await db.collection(name).orderBy('_id', 'asc').skip(skip).limit(1000).get();
    out.push(...data);
    if (data.length < 1000) return out;
  }
}

/** Every document of every collection (empty ones left out: merely reading one creates it), and what was stored. */
async function snapshot(env: Env, except: string[] = []): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const [prefix, db] of [['', env.t.emu.db], ['platform.', env.t.emu.platformDb]] as const) {
    for (const name of await db.collectionNames()) {
      // 防刷 counters count every lookup, refused or read-only ones too: not a change (collections.ts).
      if (except.includes(name) || ALWAYS_BOOKKEEPING.includes(name)) continue;
      const docs = await readAll(db, name);
      if (docs.length) out[prefix + name] = docs;
    }
  }
  if (env.puts.length) out['storage.puts'] = [...env.puts];
  return out;
}

/** One shared, prepared emulator per state for calls that must change nothing; dropped once dirtied. */
const shared = new Map<StateName, Promise<{ env: Env; before: Record<string, unknown[]> }>>();
function sharedEnv(state: StateName) {
  let p = shared.get(state);
  if (!p) {
    p = fresh(state).then(async (env) => ({ env, before: await snapshot(env) }));
    shared.set(state, p);
  }
  return p;
}

const changedCollections = (a: Record<string, unknown[]>, b: Record<string, unknown[]>) =>
  [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));

const cellName = (r: Row, p: Persona) => `${r.action} [${r.state}, ${r.target}] as ${p} (${PERSONAS[p].label})`;

/** Runs one cell; answers what is wrong with it, or null. */
async function runCell(r: Row, p: Persona): Promise<string | null> {
  const want: Expect = r.expect[p];
  const openid = PERSONAS[p].openid;
  const mustNotWrite = (want !== 'ok' && want !== 'IMPORT_ERRORS') || (want === 'ok' && READ_ONLY.has(r.action));
  if (mustNotWrite) {
    const { env, before } = await sharedEnv(r.state);
    const res = await env.t.call(openid, r.action, r.input(env.w, openid));
    const after = await snapshot(env);
    const changed = changedCollections(before, after);
    const problems: string[] = [];
    if (want === 'ok') {
      if (!res.ok) problems.push(`expected ok, got ${res.code} ${res.message}`);
      else {
        const bad = r.check?.(res.data, env.w, p);
        if (bad) problems.push(bad);
      }
    } else if (res.ok || res.code !== want) problems.push(`expected ${want}, got ${res.ok ? 'ok' : `${res.code} ${res.message}`}`);
    else if (!/[\u4e00-\u9fff]/.test(res.message ?? '')) problems.push(`message not in Chinese: ${res.message}`);
    if (changed.length) {
      problems.push(`changed ${changed.join(', ')}`);
      shared.delete(r.state); // dirtied: later cells get a clean one
    }
    return problems.length ? problems.join('; ') : null;
  }
  const env = await fresh(r.state);
  // The job and its scope lock are the import's own bookkeeping (collections.ts).
  const before = want === 'IMPORT_ERRORS' ? await snapshot(env, IMPORT_BOOKKEEPING) : undefined;
  const res = await env.t.call(openid, r.action, r.input(env.w, openid));
  if (!res.ok) return `expected ${want}, got ${res.code} ${res.message}`;
  if (want === 'IMPORT_ERRORS') {
    if (res.data.ok !== false || !res.data.errors?.length) return `expected row errors, got ${JSON.stringify(res.data)}`;
    const changed = changedCollections(before!, await snapshot(env, IMPORT_BOOKKEEPING));
    return changed.length ? `changed ${changed.join(', ')}` : null;
  }
  return r.check?.(res.data, env.w, p) ?? null;
}

const byAction = new Map<string, Row[]>();
for (const r of MATRIX) byAction.set(r.action, [...(byAction.get(r.action) ?? []), r]);

describe('authorization matrix', () => {
  it('has rows for every registered action, and only for those; every row names every persona', () => {
    const registered = actionNames();
    expect(registered.filter((a) => !byAction.has(a)), 'actions without rows in test/authzMatrix.ts').toEqual([]);
    expect([...byAction.keys()].filter((a) => !registered.includes(a)), 'rows for unknown actions').toEqual([]);
    for (const r of MATRIX) expect(Object.keys(r.expect).sort(), `${r.action} [${r.target}]`).toEqual([...PERSONA_KEYS].sort());
    const keys = MATRIX.map((r) => `${r.action}|${r.state}|${r.target}`);
    expect(keys.filter((k, i) => keys.indexOf(k) !== i), 'duplicate rows').toEqual([]);
  });

  for (const [action, rows] of byAction) {
    it(`${action}: every cell answers as the matrix says; refused calls change nothing`, async () => {
      const problems: string[] = [];
      for (const r of rows) {
        for (const p of PERSONA_KEYS) {
          if (r.bugs?.[p]) continue; // known bug: see the it.fails below
          const bad = await runCell(r, p);
          if (bad) problems.push(`${cellName(r, p)}: ${bad}`);
        }
      }
      expect(problems).toEqual([]);
    });
  }

  // Known authorization bugs: the matrix holds the correct answer; these fail until the product is fixed.
  for (const r of MATRIX) {
    for (const p of PERSONA_KEYS) {
      if (!r.bugs?.[p]) continue;
      it.fails(`BUG ${cellName(r, p)}: ${r.bugs[p]}`, async () => {
        shared.delete(r.state);
        expect(await runCell(r, p)).toBeNull();
      });
    }
  }
});
