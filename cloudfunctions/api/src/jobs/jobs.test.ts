import { beforeEach, describe, expect, it } from 'vitest';
import { createJobs } from '../../../jobs/src/main';
import { IDS } from '../../test/fixture';
import { OPENID, setup } from '../../test/harness';
import type { CloudSdk } from '../cloud';
import { runNow } from './client';
import { LEASE_MS, type QueuedJobDoc } from './spec';
import { crashingBatchAdd } from '../../test/faults';

const ADMIN = OPENID.admin;
const header = ['编号', '单元编号', '房号', '人数', '标签', '包保干部编号'];
const csv = (rows: string[][]) => '\ufeff' + rows.map((r) => r.join(',')).join('\n');
/** 2,500 households in one unit: three batched writes of up to 1,000. */
const bigSheet = () =>
  csv([header, ...Array.from({ length: 2500 }, (_, i) => [`${IDS.unit}-${String(5000 + i)}`, IDS.unit, String(5000 + i), '1', '', ''])]);

describe('background jobs (jobs function)', () => {
  let t: Awaited<ReturnType<typeof setup>>;
  beforeEach(async () => {
    t = await setup();
  });
  const upload = (name: string, content: string) => t.emu.storage.put(`uploads/${ADMIN}/${name}`, Buffer.from(content));
  const job = async (id: string) => (await t.emu.db.collection('jobs').doc(id).get()).data as QueuedJobDoc;
  const householdsInUnit = async () => (await t.emu.db.collection('households').where({ unitId: IDS.unit }).count()).total;

  it('an import that crashes mid-chunk is resumed by the trigger and finishes, writing each row once', async () => {
    const cloud = t.emu.cloud as unknown as CloudSdk;
    const before = await householdsInUnit();
    // The first run dies on its second batch of inserts.
    t.emu.functions.register('jobs', createJobs({ ...cloud, database: () => crashingBatchAdd(cloud.database(), 'households', 2) } as CloudSdk, { log: () => {} }));
    const fileID = await upload('big.csv', bigSheet());
    const r = await t.ok(ADMIN, 'admin.import', { kind: 'households', format: 'csv', fileID, jobId: 'job-crash-0001' });
    expect(r).toMatchObject({ queued: true, jobId: 'job-crash-0001' });
    const crashed = await job('job-crash-0001');
    expect(crashed).toMatchObject({ status: 'running', attempts: 1 });
    const partial = (await householdsInUnit()) - before;
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(2500);
    expect(await t.ok(ADMIN, 'admin.job', { id: 'job-crash-0001' })).toMatchObject({ status: 'running' });

    // The trigger (every minute) picks it up with the real database and finishes it.
    t.emu.functions.register('jobs', createJobs(cloud, { log: () => {} }));
    expect(await t.emu.functions.invoke('jobs', { Type: 'Timer' }, { openid: '', source: 'wx_trigger' })).toMatchObject({ ran: 1 });
    expect(await householdsInUnit()).toBe(before + 2500);
    const done = await t.ok(ADMIN, 'admin.job', { id: 'job-crash-0001' });
    expect(done).toMatchObject({ status: 'done', processed: 2500, total: 2500 });
    expect(done.result).toEqual({ ok: true, created: 2500 - partial, updated: 0, unchanged: partial });
    expect((await job('job-crash-0001')).attempts).toBe(2);
  });

  it('a run killed outright (no error written) is taken over once its lease runs out, not before', async () => {
    const cloud = t.emu.cloud as unknown as CloudSdk;
    const fileID = await upload('small.csv', csv([header, [`${IDS.unit}-0701`, IDS.unit, '701', '1', '', '']]));
    // As if a run had leased the job and then been killed -9: running, lease in the future.
    const now = new Date();
    await t.emu.db.collection('jobs').add({
      data: {
        _id: 'job-killed-0001', kind: 'import.households', ownerOpenid: ADMIN, status: 'running', attempts: 1, total: 0, processed: 0,
        spec: { type: 'import', kind: 'households', format: 'csv', fileID, scopeNodeId: IDS.community },
        leaseUntil: new Date(now.getTime() + LEASE_MS), createdAt: now, updatedAt: now,
      },
    });
    const early = createJobs(cloud, { log: () => {}, now: () => new Date(now.getTime() + 60_000) });
    const src = { openid: '', source: 'wx_trigger' };
    t.emu.functions.register('jobs-early', early);
    expect(await t.emu.functions.invoke('jobs-early', { Type: 'Timer' }, src)).toMatchObject({ ran: 0 });
    const late = createJobs(cloud, { log: () => {}, now: () => new Date(now.getTime() + LEASE_MS + 60_000) });
    t.emu.functions.register('jobs-late', late);
    expect(await t.emu.functions.invoke('jobs-late', { Type: 'Timer' }, src)).toMatchObject({ ran: 1 });
    expect(await job('job-killed-0001')).toMatchObject({ status: 'done', attempts: 2, result: { ok: true, created: 1 } });
  });

  it('an interrupted import shows 已中断 and 继续导入 finishes it; a second import into the same scope meanwhile is refused', async () => {
    const fileID = await upload('small2.csv', csv([header, [`${IDS.unit}-0702`, IDS.unit, '702', '1', '', '']]));
    // As if a run had leased the job and been killed -9 a while ago: running, lease in the past.
    const now = new Date();
    await t.emu.db.collection('jobs').add({
      data: {
        _id: 'job-killed-0002', kind: 'import.households', ownerOpenid: ADMIN, status: 'running', attempts: 1, total: 1, processed: 0,
        spec: { type: 'import', kind: 'households', format: 'csv', fileID, scopeNodeId: IDS.community },
        leaseUntil: new Date(now.getTime() - 1000), message: '正在写入', createdAt: now, updatedAt: now,
      },
    });
    await t.emu.db.collection('importLocks').add({ data: { _id: IDS.community, jobId: 'job-killed-0002', openid: ADMIN, at: now } });
    const view = await t.ok(ADMIN, 'admin.job', { id: 'job-killed-0002' });
    expect(view).toMatchObject({ status: 'running', interrupted: true, message: expect.stringContaining('已中断') });
    // The scope is busy until that import ends.
    const other = await upload('other.csv', csv([header, [`${IDS.unit}-0703`, IDS.unit, '703', '1', '', '']]));
    const refused = await t.call(ADMIN, 'admin.import', { kind: 'households', format: 'csv', fileID: other, jobId: 'job-second-0001' });
    expect(refused).toMatchObject({ ok: false, code: 'CONFLICT', message: expect.stringContaining('另一项导入') });
    expect((await t.emu.db.collection('jobs').where({ _id: 'job-second-0001' }).count()).total).toBe(0);
    // 继续导入 runs it now; afterwards the scope is free again.
    await t.ok(ADMIN, 'admin.job.resume', { id: 'job-killed-0002' });
    expect(await job('job-killed-0002')).toMatchObject({ status: 'done', result: { ok: true, created: 1 } });
    expect(await t.call(ADMIN, 'admin.job.resume', { id: 'job-killed-0002' })).toMatchObject({ ok: false, code: 'INVALID_STATE' });
    expect(await t.ok(ADMIN, 'admin.import', { kind: 'households', format: 'csv', fileID: other, jobId: 'job-second-0001' })).toMatchObject({ ok: true, created: 1 });
  });

  it('a small job answers inline, as before; a slow one answers "queued" and the page polls admin.job', async () => {
    const fileID = await upload('one.csv', csv([header, [`${IDS.unit}-0801`, IDS.unit, '801', '1', '', '']]));
    expect(await t.ok(ADMIN, 'admin.import', { kind: 'households', format: 'csv', fileID, jobId: 'job-inline-01' })).toEqual({ ok: true, created: 1, updated: 0, unchanged: 0 });
    // A jobs function that has not answered within the wait: the api says queued.
    const never = { callFunction: () => new Promise(() => {}) } as unknown as CloudSdk;
    expect(await runNow(never, 'job-x', 20)).toBeNull();
    const absent = {} as CloudSdk;
    expect(await runNow(absent, 'job-x', 20)).toBeNull();
  });

  it('the app cannot start jobs itself', async () => {
    expect(await t.emu.call('jobs', { jobId: 'job-inline-01' }, ADMIN)).toMatchObject({ status: 'failed', code: 'FORBIDDEN' });
  });

  it('finished jobs are deleted after 7 days', async () => {
    const old = new Date(Date.now() - 8 * 86_400_000);
    await t.emu.db.collection('jobs').add({ data: { _id: 'job-old-00001', kind: 'export.households', ownerOpenid: ADMIN, status: 'done', total: 0, processed: 0, createdAt: old, updatedAt: old, finishedAt: old } });
    await t.emu.db.collection('jobs').add({ data: { _id: 'job-new-00001', kind: 'export.households', ownerOpenid: ADMIN, status: 'done', total: 0, processed: 0, createdAt: new Date(), updatedAt: new Date(), finishedAt: new Date() } });
    expect(await t.emu.functions.invoke('jobs', { Type: 'Timer' }, { openid: '', source: 'wx_trigger' })).toMatchObject({ expired: 1 });
    expect((await t.emu.db.collection('jobs').where({ _id: 'job-new-00001' }).count()).total).toBe(1);
  });
});

describe('audit log of sensitive household tags (PIPL Art. 28)', () => {
  let t: Awaited<ReturnType<typeof setup>>;
  beforeEach(async () => {
    t = await setup();
  });
  const audit = async () => (await t.emu.db.collection('audit').orderBy('at', 'asc').get()).data;

  it('records who changed a tag, who viewed tagged households, and who exported them and why', async () => {
    await t.ok(ADMIN, 'admin.household.save', { id: `${IDS.unit}-0901`, unitId: IDS.unit, room: '901', members: 1, tags: ['独居老人', '低保'], consent: { by: '王大爷本人', at: '2026-11-01', purpose: '独居老人关怀走访' } });
    await t.ok(ADMIN, 'admin.org.children', { parentId: IDS.unit });
    await t.ok(ADMIN, 'admin.export', { kind: 'households', format: 'csv', nodeId: IDS.grid, reason: '走访慰问名单' });
    const log = await audit();
    expect(log.map((e) => e.action)).toEqual(['household.tags.change', 'household.view', 'household.export']);
    for (const e of log) expect(e).toMatchObject({ actorOpenid: ADMIN, at: expect.any(Date) });
    expect(log[0]).toMatchObject({ target: `${IDS.unit}-0901`, detail: expect.stringContaining('独居老人') });
    expect(log[1]).toMatchObject({ target: IDS.unit, detail: expect.stringContaining(`${IDS.unit}-0901`) });
    expect(log[2]).toMatchObject({ target: IDS.grid, reason: '走访慰问名单' });
    // Filed under the community, so its admins read their subtree's log with one query.
    for (const e of log) expect(e.scopeNodeId).toBe(IDS.community);
  });

  it('an import’s tag changes are logged like page edits (who, consent purpose), and audit.list shows them', async () => {
    const head = [...header, '标签同意人', '标签同意日期', '标签用途'];
    const refused = await t.emu.storage.put(`uploads/${ADMIN}/tags0.csv`, Buffer.from(csv([header, [`${IDS.unit}-0903`, IDS.unit, '903', '1', '留守儿童', '']])));
    const no = await t.ok(ADMIN, 'admin.import', { kind: 'households', format: 'csv', fileID: refused, jobId: 'job-tags-00000' });
    expect(no).toMatchObject({ ok: false, errors: [{ row: 2, column: '标签同意人', message: expect.stringContaining('留守儿童') }] });
    const fileID = await t.emu.storage.put(`uploads/${ADMIN}/tags.csv`, Buffer.from(csv([head, [`${IDS.unit}-0903`, IDS.unit, '903', '1', '留守儿童', '', '李华（监护人）', '2026/11/2', '留守儿童关爱']])));
    expect(await t.ok(ADMIN, 'admin.import', { kind: 'households', format: 'csv', fileID, jobId: 'job-tags-00001' })).toMatchObject({ ok: true, created: 1 });
    expect(await t.ok(ADMIN, 'admin.import', { kind: 'households', format: 'csv', fileID, jobId: 'job-tags-00002' })).toMatchObject({ ok: true, unchanged: 1 });
    const log = (await audit()).filter((e) => e.action === 'household.tags.change');
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ actorOpenid: ADMIN, target: `${IDS.unit}-0903`, scopeNodeId: IDS.community, reason: '留守儿童关爱', detail: expect.stringContaining('标签：无 → 留守儿童；同意人 李华（监护人）（2026-11-02）') });
    const { entries } = await t.ok(ADMIN, 'audit.list', { action: 'household.tags.change' });
    expect(entries).toEqual([expect.objectContaining({ target: expect.stringContaining('0903'), reason: '留守儿童关爱', detail: expect.stringContaining('表格导入') })]);
  });

  it('browsing households without sensitive tags, and other exports, leave no entry', async () => {
    await t.ok(ADMIN, 'admin.household.save', { id: `${IDS.unit}-0902`, unitId: IDS.unit, room: '902', members: 2, tags: [] });
    await t.ok(ADMIN, 'admin.export', { kind: 'cadres', format: 'csv', nodeId: IDS.grid });
    const log = await audit();
    expect(log.filter((e) => e.action === 'household.tags.change' || e.action === 'household.export')).toEqual([]);
  });
});
