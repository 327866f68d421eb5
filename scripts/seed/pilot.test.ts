import { afterEach, describe, expect, it } from 'vitest';
import { createGridLinkEmulator } from '../../emulator/project';
import { seedDemo } from './index';
import { PILOT_ADMIN, PILOT_COMMUNITY, startPilot } from './pilot';

type Emu = Awaited<ReturnType<typeof createGridLinkEmulator>>;

describe('pilot start', () => {
  let emu: Emu | undefined;
  afterEach(async () => {
    await emu?.close();
    emu = undefined;
  });
  const api = (action: string, data: unknown, openid: string) => emu!.call('api', { action, data }, openid) as Promise<any>;

  it('has no demo personas; the first community admin binds through a one-time invite', async () => {
    emu = await createGridLinkEmulator({ quiet: true });
    const first = await startPilot(emu.db);
    expect(first.invite?.code).toMatch(/^[A-Z0-9]{8}$/);
    expect((await emu.db.collection('users').count()).total).toBe(0);
    expect((await emu.db.collection('people').count()).total).toBe(1);

    // Restarting before anyone used it voids the earlier code and gives a new one.
    const second = await startPilot(emu.db);
    expect(second.invite!.code).not.toBe(first.invite!.code);
    expect(await api('invite.accept', { code: first.invite!.code }, 'o-stranger')).toMatchObject({ ok: false, code: 'INVALID_STATE' });

    const accepted = await api('invite.accept', { code: second.invite!.code }, 'o-first-admin');
    expect(accepted).toMatchObject({ ok: true, data: { personId: PILOT_ADMIN, roles: ['communityAdmin'] } });
    expect((await api('auth.whoami', {}, 'o-first-admin')).data.isAdmin).toBe(true);
    const tree = await api('admin.org.children', { parentId: PILOT_COMMUNITY }, 'o-first-admin');
    expect(tree.ok).toBe(true);

    // Used once: nobody else can take it, and later starts print no invite.
    expect(await api('invite.accept', { code: second.invite!.code }, 'o-second')).toMatchObject({ ok: false, code: 'INVALID_STATE' });
    expect((await startPilot(emu.db)).invite).toBeNull();
  });

  it('refuses a data folder that holds the demo community', async () => {
    emu = await createGridLinkEmulator({ quiet: true });
    await seedDemo(emu.db);
    await expect(startPilot(emu.db)).rejects.toThrow(/演示数据/);
  });
});
