// Every text a person types into a workflow command passes content security (issue 10 item 7):
// a risky note, reason, plan or comment is refused and nothing is written.
import { beforeEach, describe, expect, it } from 'vitest';
import { OPENID, setup } from '../../test/harness';

const R = 'o-resident-content';
// Split by a space and a zero-width space: the word list matches the normalised text.
const RISKY = '楼下有人 组织赌\u200B博';

describe('content security on workflow texts', () => {
  let t: Awaited<ReturnType<typeof setup>>;
  let id: string;

  beforeEach(async () => {
    t = await setup();
    id = await t.submitAs(R, { kind: 'request', category: '公共设施', description: '楼道灯坏了，晚上看不见' });
  });

  const snapshot = async () => JSON.stringify([(await t.emu.db.collection('items').doc(id).get()).data, await t.count('outbox')]);

  it('refuses a risky reject note, resolve note and rating comment, writing nothing', async () => {
    let before = await snapshot();
    expect(await t.call(OPENID.A, 'item.reject', { id, version: 0, code: 'invalid', note: RISKY })).toMatchObject({ ok: false, code: 'CONTENT_RISKY' });
    expect(await snapshot()).toBe(before);

    await t.ok(OPENID.A, 'item.verify', { id, version: 0, itemClass: 'general', category: '公共设施' });
    before = await snapshot();
    expect(await t.call(OPENID.A, 'item.resolve', { id, version: 1, note: RISKY, photos: [] })).toMatchObject({ ok: false, code: 'CONTENT_RISKY' });
    expect(await t.call(OPENID.A, 'item.pause', { id, version: 1, reason: RISKY })).toMatchObject({ ok: false, code: 'CONTENT_RISKY' });
    expect(await snapshot()).toBe(before);

    await t.ok(OPENID.A, 'item.resolve', { id, version: 1, note: '已更换灯泡', photos: [] });
    before = await snapshot();
    const r = await t.call(R, 'item.rate', { id, version: 2, stars: 1, solved: false, comment: RISKY });
    expect(r).toMatchObject({ ok: false, code: 'CONTENT_RISKY' });
    expect(r.message).toContain('请修改后再提交');
    expect(await snapshot()).toBe(before);
    // The same texts without the word pass.
    expect((await t.ok(R, 'item.rate', { id, version: 2, stars: 5, solved: true, comment: '修好了，谢谢' })).state).toBe('closed');
  });
});
