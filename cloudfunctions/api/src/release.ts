// Which Mini Program version the functions point people at: the version a subscription message
// opens (miniprogramState) and the version a Mini Program code opens (wxacode envVersion). A trial
// deployment must not send people to the release version, and the other way round.
// scripts/deploy.mjs injects them at build time (esbuild define GRIDLINK_RELEASE, from
// WX_MINIPROGRAM_STATE and WX_ENV_VERSION); a function's environment variables of the same names
// override that; the default is the released version.

declare const GRIDLINK_RELEASE: { miniprogramState?: string; envVersion?: string } | undefined;

export const MINIPROGRAM_STATES = ['developer', 'trial', 'formal'] as const;
export const ENV_VERSIONS = ['develop', 'trial', 'release'] as const;
export type MiniprogramState = (typeof MINIPROGRAM_STATES)[number];
export type EnvVersion = (typeof ENV_VERSIONS)[number];

const injected = typeof GRIDLINK_RELEASE === 'object' && GRIDLINK_RELEASE ? GRIDLINK_RELEASE : {};
const runtime: Record<string, string | undefined> = typeof process === 'object' && process.env ? process.env : {};

function pick<T extends string>(values: readonly T[], fallback: T, ...candidates: (string | undefined)[]): T {
  for (const c of candidates) if (c && (values as readonly string[]).includes(c)) return c as T;
  return fallback;
}

/** subscribeMessage.send: which version the message's page opens. */
export const MINIPROGRAM_STATE: MiniprogramState = pick(MINIPROGRAM_STATES, 'formal', runtime.GRIDLINK_MINIPROGRAM_STATE, injected.miniprogramState);

/** wxacode.getUnlimited: which version a scanned code opens. */
export const WXACODE_ENV_VERSION: EnvVersion = pick(ENV_VERSIONS, 'release', runtime.GRIDLINK_ENV_VERSION, injected.envVersion);
