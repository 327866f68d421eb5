// Hostile payloads against every action: each field of a valid call (the authorization matrix's
// input, as a persona the matrix lets through) is replaced in turn by values a hostile client
// would send over the wire (JSON), and so is the whole payload. Whatever gets through validation
// or not, the answer must be a success or a coded refusal with a Chinese message a person can act
// on: never INTERNAL (a crash), never a prototype polluted.
import { describe, expect, it } from 'vitest';
import { actionNames } from './main';
import { MATRIX, PERSONA_KEYS, PERSONAS, prepare, type Row, type StateName, type T, type World } from '../test/authzMatrix';
import { setup } from '../test/harness';

/** JSON a client could send: each value stands for a family of mistakes and attacks. */
const HOSTILE: unknown[] = JSON.parse(`[
  null, "", " ", -1, 0, 1.5, 9007199254740993, 1e308, true, [], [null], {}, [[[[[[[[[[]]]]]]]]]],
  {"$gt": ""}, {"$where": "1"}, {"__proto__": {"polluted": "yes"}}, {"constructor": {"prototype": {"polluted": "yes"}}},
  "a.b", "$set", "__proto__", "../../../etc/passwd", "<img src=x onerror=alert(1)>", "\\u0000\\ud800",
  "cloud://local-gridlink/uploads/o-someone-else/x.jpg", "2026-02-30", "9999-12-31T23:59:59Z"
]`);
HOSTILE.push('长'.repeat(20_000));

/** One row per action: the first whose input some persona may send. */
function rowsByAction(): { row: Row; persona: (typeof PERSONA_KEYS)[number] }[] {
  const out = new Map<string, { row: Row; persona: (typeof PERSONA_KEYS)[number] }>();
  for (const row of MATRIX) {
    if (out.has(row.action)) continue;
    const persona = PERSONA_KEYS.find((p) => row.expect[p] === 'ok') ?? PERSONA_KEYS.find((p) => row.expect[p] !== 'UNAUTHENTICATED');
    if (persona) out.set(row.action, { row, persona });
  }
  return [...out.values()];
}

const CHINESE = /[\u4e00-\u9fa5]/;

describe('hostile payloads', () => {
  it('every action answers each hostile field with success or a coded Chinese refusal, never a crash', async () => {
    const envs = new Map<StateName, Promise<{ t: T; w: World }>>();
    const envOf = (state: StateName) => {
      let e = envs.get(state);
      if (!e) envs.set(state, (e = setup().then(async (t) => ({ t, w: await prepare(t, state) }))));
      return e;
    };
    const problems: string[] = [];
    const rows = rowsByAction();
    let calls = 0;
    for (const { row, persona } of rows) {
      const { t, w } = await envOf(row.state);
      const openid = PERSONAS[persona].openid;
      const base = row.input(w, openid);
      const payloads: unknown[] = [...HOSTILE];
      for (const key of Object.keys(base)) for (const h of HOSTILE) payloads.push({ ...base, [key]: h });
      for (const data of payloads) {
        const wire = JSON.parse(JSON.stringify(data ?? null)) as Record<string, unknown>;
        const r = await t.call(openid, row.action, wire);
        calls++;
        const label = `${row.action} as ${persona} with ${JSON.stringify(data).slice(0, 120)}`;
        if (r.ok) continue;
        if (r.code === 'INTERNAL') problems.push(`${label}: INTERNAL`);
        else if (typeof r.code !== 'string' || !CHINESE.test(r.message ?? '')) problems.push(`${label}: ${r.code} ${r.message}`);
      }
    }
    expect(problems).toEqual([]);
    expect(({} as { polluted?: string }).polluted).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
    // Every action the router knows was tried (6,600 calls when written).
    expect(rows.map((r) => r.row.action).sort()).toEqual(actionNames().sort());
    expect(calls).toBeGreaterThan(5000);
  }, 600_000);
});
