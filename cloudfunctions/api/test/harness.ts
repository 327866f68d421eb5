import { createGridLinkEmulator } from '../../../emulator/project';
import type { ActionName, ActionInput } from '../../../src/core/api/contract';
import { cards, households, IDS, orgNodes, people, users } from './fixture';

/** A fresh in-memory emulator with the fixture community, and a way to call actions as anyone. */
export async function setup() {
  const emu = await createGridLinkEmulator({ quiet: true });
  const put = (col: string, docs: object[]) => Promise.all(docs.map((d) => emu.db.collection(col).add({ data: d })));
  await Promise.all([put('orgNodes', orgNodes), put('households', households), put('people', people), put('cards', cards), put('users', users)]);
  const call = async <A extends ActionName>(openid: string, action: A, data: ActionInput<A> | Record<string, unknown>) =>
    (await emu.call('api', { action, data }, openid)) as { ok: boolean; data?: any; code?: string; message?: string; details?: Record<string, string> };
  /** Calls and insists on success, returning the data. */
  const ok = async <A extends ActionName>(openid: string, action: A, data: ActionInput<A> | Record<string, unknown>) => {
    const r = await call(openid, action, data);
    if (!r.ok) throw new Error(`${action} failed: ${r.code} ${r.message}`);
    return r.data;
  };
  const count = async (col: string) => (await emu.db.collection(col).count()).total;
  /** A resident of the served household (card CARDA) files an item; answers its id. */
  const submitAs = async (openid: string, form: { kind: 'request' | 'complaint'; category: string; description: string }) => {
    await ok(openid, 'household.confirm', { cardCode: 'CARDA', householdId: IDS.hhServed });
    return (await ok(openid, 'item.submit', { clientRequestId: reqId(), photos: [], anonymous: false, ...form })).item.id as string;
  };
  return { emu, call, ok, count, submitAs };
}

export const OPENID = { A: 'o-pA', B: 'o-pB', C: 'o-pC', BL: 'o-pBL', GL: 'o-pGL', GL2: 'o-pGL2', admin: 'o-pAdmin', X: 'o-pX', admin2: 'o-pAdmin2', street: 'o-pStreet', D1: 'o-pD1', D2: 'o-pD2', D3: 'o-pD3' };

let seq = 0;
export const reqId = () => `req-${Date.now().toString(36)}-${(seq++).toString().padStart(4, '0')}`;

/** An item.submit input a resident would send; `over` changes any field. */
export const submitForm = (over: Record<string, unknown> = {}) => ({
  clientRequestId: reqId(), kind: 'complaint', category: '环境卫生', description: '楼道里堆放杂物，影响通行和消防安全', photos: [], anonymous: false, ...over,
});

export const photoOf = (openid: string, n = 1) => `cloud://local-gridlink/uploads/${openid}/photo${n}.jpg`;
