// Binds GridLink to the emulator: its functions, message templates and indexes.
// The emulator services themselves know nothing about GridLink.
import { INDEXES } from '../cloudfunctions/api/src/indexes';
import { createMain } from '../cloudfunctions/api/src/main';
import type { CloudSdk } from '../cloudfunctions/api/src/cloud';
import { createTimer } from '../cloudfunctions/timer/src/main';
import { createJobs } from '../cloudfunctions/jobs/src/main';
import { TEMPLATES } from '../src/core/notify/templates';
import { createEmulator } from './emulator';

export function createGridLinkEmulator(opts: { dataDir?: string; quiet?: boolean; sessionTtlMs?: number; mediaCheckDelayMs?: number } = {}) {
  return createEmulator({
    dataDir: opts.dataDir,
    sessionTtlMs: opts.sessionTtlMs,
    mediaCheckDelayMs: opts.mediaCheckDelayMs,
    templates: TEMPLATES,
    indexes: INDEXES,
    functions: {
      api: (cloud) => createMain(cloud as unknown as CloudSdk, opts.quiet ? { log: () => {} } : {}) as (e: unknown) => Promise<unknown>,
      timer: (cloud) => createTimer(cloud as unknown as CloudSdk) as (e: unknown) => Promise<unknown>,
      jobs: (cloud) => createJobs(cloud as unknown as CloudSdk, opts.quiet ? { log: () => {} } : {}) as (e: unknown) => Promise<unknown>,
    },
  });
}
