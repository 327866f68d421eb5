// Plays the demo's item scripts through the real api function and the real timer, on a clock
// that runs from two weeks ago up to the seed's `now`. Between steps the timer fires whenever an
// item's watchAt comes (reminders, overdue marks, late whistles, escalations), as it would have.
// Notices go through the real sender and subscription ledger; the seed's stand-in for WeChat
// accepts every send it gets, and none leaves the seed.
import { createMain } from '../../cloudfunctions/api/src/main';
import type { CloudSdk, Database } from '../../cloudfunctions/api/src/cloud';
import { createTimer } from '../../cloudfunctions/timer/src/main';
import type { DemoItemScript } from './demoItems';

const CREATE = new Set(['item.submit', 'item.onBehalf']);

/** wx-server-sdk's shape over a database, for one caller at a time on a given clock. */
export function seedCloud(db: Database, caller: { openid: string }): CloudSdk {
  const none = () => Promise.reject(new Error('the demo seed stores no files'));
  return {
    getWXContext: () => ({ OPENID: caller.openid, APPID: 'demo-seed' }),
    database: () => db,
    openapi: {
      subscribeMessage: { send: async () => ({ errCode: 0, errMsg: 'openapi.subscribeMessage.send:ok' }) },
      wxacode: { getUnlimited: none },
      security: { msgSecCheck: async () => ({ errCode: 0, result: { suggest: 'pass', label: 100 } }) },
    },
    uploadFile: none,
    downloadFile: none,
    getTempFileURL: async ({ fileList }) => ({ fileList: fileList.map((fileID) => ({ fileID, tempFileURL: '', status: -1 })) }),
  };
}

export class DemoItemError extends Error {}

/** Runs every script; returns the item ids by script key. */
export async function driveDemoItems(db: Database, scripts: DemoItemScript[], now: Date): Promise<Map<string, string>> {
  const caller = { openid: '' };
  let clock = new Date(0);
  const cloud = seedCloud(db, caller);
  let failure: unknown;
  const api = createMain(cloud, { now: () => clock, log: (_msg, err) => (failure = err) });
  const timer = createTimer(cloud, { now: () => clock });
  const items = db.collection('items');
  const _ = db.command;

  /** Fire the timer at each watchAt that comes before `t`, in order. */
  const timerUntil = async (t: Date) => {
    for (let runs = 0; ; runs++) {
      const { data } = await items.where({ watchAt: _.lte(t) }).orderBy('watchAt', 'asc').limit(1).get();
      if (!data.length) return;
      if (runs > 500) throw new DemoItemError(`演示事项：定时任务未能处理完到期事项（${data[0]._id}）`);
      const at = new Date(data[0].watchAt);
      if (at > clock) clock = at;
      caller.openid = '';
      await timer();
    }
  };

  const steps = scripts
    .flatMap((s, si) => s.steps.map((step, i) => ({ s, si, i, step, at: now.getTime() - step.ago })))
    .sort((a, b) => a.at - b.at || a.si - b.si || a.i - b.i);
  const ids = new Map<string, string>();
  for (const { s, i, step, at } of steps) {
    await timerUntil(new Date(at));
    clock = new Date(Math.max(at, clock.getTime()));
    caller.openid = step.as;
    let data = step.data;
    if (!CREATE.has(step.action)) {
      const id = ids.get(s.key)!;
      const { data: item } = await items.doc(id).get();
      data = { ...data, id, version: item.version };
    }
    failure = undefined;
    const r = (await api({ action: step.action, data })) as { ok: boolean; code?: string; message?: string; data?: { item: { id: string } } };
    if (!r.ok) {
      throw new DemoItemError(`演示事项「${s.key}」第 ${i + 1} 步 ${step.action} 失败：${r.code} ${r.message}`, { cause: failure });
    }
    if (CREATE.has(step.action)) ids.set(s.key, r.data!.item.id);
  }
  await timerUntil(now);
  return ids;
}
