// kill -9 of the emulator process, checked: the killed pid must be the one holding the port and
// the data files, and afterwards nothing may hold either. Otherwise a "survives kill -9" test can
// pass while the real server (e.g. behind a wrapper process) keeps running and flushing.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { RunningServer } from './server';

const HAS_PROC = (() => {
  try {
    readdirSync('/proc/self/fd');
    return true;
  } catch {
    return false;
  }
})();

/** Targets of the open descriptors of `pid` (empty when they cannot be read). */
function openFiles(pid: number | string): string[] {
  const dir = `/proc/${pid}/fd`;
  let fds: string[];
  try {
    fds = readdirSync(dir);
  } catch {
    return []; // gone, or another user's process
  }
  const out: string[] = [];
  for (const fd of fds) {
    try {
      out.push(readlinkSync(path.join(dir, fd)));
    } catch {
      // closed meanwhile
    }
  }
  return out;
}

/** Socket inodes listening on TCP `port` (IPv4 and IPv6). */
function listeningInodes(port: number): Set<string> {
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 10) continue;
      const localPort = parseInt(f[1].split(':').pop()!, 16);
      if (localPort === port && f[3] === '0A') inodes.add(f[9]); // 0A = LISTEN
    }
  }
  return inodes;
}

/** Pids of this user's processes that hold a file under `dir` or a socket listening on `port`. */
export function holders(dir: string, port: number): number[] {
  const sockets = [...listeningInodes(port)].map((i) => `socket:[${i}]`);
  const prefix = path.resolve(dir) + path.sep;
  const pids: number[] = [];
  for (const p of readdirSync('/proc')) {
    if (!/^\d+$/.test(p)) continue;
    if (openFiles(p).some((t) => t.startsWith(prefix) || sockets.includes(t))) pids.push(Number(p));
  }
  return pids;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw e;
  }
}

function connectionRefused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve(false);
    });
    s.once('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'ECONNREFUSED'));
  });
}

/**
 * Sends SIGKILL to the server and returns once it is really gone. Before the kill, asserts (on
 * Linux) that the pid is the one listening on the port; after it, that the pid no longer exists,
 * no process holds the port or a file under `dataDir`, and the port refuses connections.
 */
export async function killHard(server: RunningServer, dataDir: string): Promise<void> {
  const port = Number(new URL(server.url).port);
  const { pid, proc } = server;
  if (HAS_PROC) {
    const mine = openFiles(pid);
    if (![...listeningInodes(port)].some((i) => mine.includes(`socket:[${i}]`))) {
      throw new Error(`pid ${pid} is not the process listening on port ${port}`);
    }
  }
  const exited = new Promise<void>((res) => (proc.exitCode !== null || proc.signalCode ? res() : proc.once('exit', () => res())));
  process.kill(pid, 'SIGKILL');
  await exited; // node has reaped it, so the pid cannot linger as a zombie
  if (proc.signalCode !== 'SIGKILL') throw new Error(`server ended with ${proc.exitCode ?? proc.signalCode}, not SIGKILL`);
  if (isAlive(pid)) throw new Error(`pid ${pid} still exists after SIGKILL`);
  if (HAS_PROC) {
    const left = holders(dataDir, port);
    if (left.length) throw new Error(`processes ${left.join(', ')} still hold port ${port} or files in ${dataDir}`);
  }
  if (!(await connectionRefused(port))) throw new Error(`port ${port} still accepts connections after the kill`);
}
