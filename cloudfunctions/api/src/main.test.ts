// The router's last line: an error no action anticipated answers the generic Chinese message and
// nothing of the error itself (no stack, no database address, no internal message); the error
// goes to the log, under the action's name.
import { describe, expect, it } from 'vitest';
import { setup } from '../test/harness';
import type { CloudSdk } from './cloud';
import { createMain } from './main';

const INTERNAL_DETAIL = 'MongoNetworkError: connect ECONNREFUSED 10.0.3.7:27017 (user=gridlink_rw)';

describe('an unexpected error', () => {
  it('answers INTERNAL with 服务暂时不可用, leaks no stack or internal detail, and is logged with the action', async () => {
    const t = await setup();
    const logged: [string, unknown][] = [];
    t.emu.functions.register('api', createMain(t.emu.cloud as unknown as CloudSdk, { log: (msg, err) => logged.push([msg, err]) }));
    // The database breaks under the action: any use of the items collection throws.
    const boom = new Error(INTERNAL_DETAIL);
    const collection = t.emu.db.collection.bind(t.emu.db);
    t.emu.db.collection = ((name: string) => {
      if (name === 'items') throw boom;
      return collection(name);
    }) as typeof t.emu.db.collection;

    const res = await t.call('o-resident', 'item.mine', {});
    expect(res).toEqual({ ok: false, code: 'INTERNAL', message: '服务暂时不可用，请稍后重试' });
    const text = JSON.stringify(res);
    for (const leak of ['ECONNREFUSED', '10.0.3.7', 'gridlink_rw', 'Error', 'main.ts', '    at ']) expect(text).not.toContain(leak);
    expect(logged).toEqual([['action item.mine failed', boom]]);
  });
});
