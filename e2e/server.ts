import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..');

export interface RunningServer {
  url: string;
  /** The server itself (node with tsx as a loader, no wrapper): it holds the port and the data files. */
  proc: ChildProcess;
  pid: number;
  /** The per-run admin token (`X-Admin-Token` on `/admin/*`), as the process printed it. */
  adminToken: string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Admin tokens of the servers this process started, by URL (sessionFor finds them there). */
const adminTokens = new Map<string, string>();

/** Headers for an `/admin/*` request to a server started here (or with the token given). */
export function adminHeaders(base: string, token = adminTokens.get(base) ?? process.env.GRIDLINK_ADMIN_TOKEN ?? ''): Record<string, string> {
  return { 'x-admin-token': token };
}

/**
 * Starts the real emulator process (`emulator/main.ts`) on a free port and waits for its URL line.
 * Node runs it directly with tsx as a loader: the `tsx` CLI would be a wrapper around a second node
 * process, and signals such as SIGKILL sent to the wrapper would leave the server running.
 */
export function startEmulatorProcess(dataDir: string, extra: string[] = [], env: Record<string, string> = {}): Promise<RunningServer> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'emulator/main.ts', '--port', '0', '--data', dataDir, ...extra], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`emulator did not start:\n${out}`)), 60_000);
    const onData = (b: Buffer) => {
      out += b.toString();
      const m = /请在浏览器打开：(http:\/\/[^\s/]+)\//.exec(out);
      if (m) {
        clearTimeout(timer);
        const adminToken = /管理令牌[^：]*：([A-Za-z0-9_-]{43})/.exec(out)?.[1] ?? '';
        adminTokens.set(m[1], adminToken);
        resolve({
          url: m[1],
          proc,
          pid: proc.pid!,
          adminToken,
          stop: (signal = 'SIGTERM') =>
            new Promise<void>((res) => {
              if (proc.exitCode !== null || proc.signalCode) return res();
              proc.once('exit', () => res());
              proc.kill(signal);
            }),
        });
      }
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`emulator exited with ${code}:\n${out}`));
    });
  });
}

/** Minimal HTTP client for the bridge, as an OPENID the admin path signs in. */
export async function sessionFor(base: string, openid: string, adminToken?: string): Promise<string> {
  const r = await fetch(`${base}/admin/session`, { method: 'POST', headers: adminHeaders(base, adminToken), body: JSON.stringify({ openid }) });
  return ((await r.json()) as { token: string }).token;
}

export async function callApi(base: string, token: string, action: string, data: unknown): Promise<any> {
  const r = await fetch(`${base}/api/functions/api`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ action, data }),
  });
  return r.json();
}

/**
 * Load tests and benches submit far more than a person would: the street admin raises the street's
 * 防刷 limits (街道设置) to their maximum first.
 */
export async function raiseAbuseLimits(base: string, streetAdminOpenid: string): Promise<void> {
  const token = await sessionFor(base, streetAdminOpenid);
  const got = await callApi(base, token, 'settings.get', {});
  if (!got.ok) throw new Error(`settings.get: ${got.code} ${got.message}`);
  const { settings, streetId, version } = got.data;
  const abuseLimits = { submitsPerDay: 1000, onBehalfPerDay: 5000, cardLookupsPerMinute: 6000 };
  const r = await callApi(base, token, 'settings.save', { ...settings, streetId, version, abuseLimits });
  if (!r.ok) throw new Error(`settings.save: ${r.code} ${r.message}`);
}
