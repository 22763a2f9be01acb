/**
 * Sign-in throttling: failed attempts are counted per user name and per client address; past the limit the
 * form answers "too many attempts, try again in N minutes" without checking the password. In memory for one
 * instance; a shared store (Redis) comes with running several instances.
 */
import { RateLimiterMemory, type RateLimiterAbstract } from 'rate-limiter-flexible';

const WINDOW_SECONDS = 15 * 60;

export interface LoginLimiter {
  byUsername: RateLimiterAbstract;
  byAddress: RateLimiterAbstract;
}

export function createLoginLimiter(opts: { perUsername?: number; perAddress?: number } = {}): LoginLimiter {
  return {
    byUsername: new RateLimiterMemory({ keyPrefix: 'login_user', points: opts.perUsername ?? 5, duration: WINDOW_SECONDS, blockDuration: WINDOW_SECONDS }),
    byAddress: new RateLimiterMemory({ keyPrefix: 'login_ip', points: opts.perAddress ?? 30, duration: WINDOW_SECONDS, blockDuration: WINDOW_SECONDS }),
  };
}

let shared: LoginLimiter | undefined;
export function loginLimiter(): LoginLimiter {
  shared ??= createLoginLimiter();
  return shared;
}

/** Seconds until this user name / address may try again, or 0 when it may try now. */
export async function loginBlockedFor(limiter: LoginLimiter, username: string, address: string): Promise<number> {
  const [u, a] = await Promise.all([limiter.byUsername.get(username.toLowerCase()), limiter.byAddress.get(address)]);
  const blocked = [
    { res: u, points: limiter.byUsername.points },
    { res: a, points: limiter.byAddress.points },
  ].filter(({ res, points }) => res !== null && res.consumedPoints >= points);
  return blocked.length ? Math.max(...blocked.map(({ res }) => Math.ceil((res?.msBeforeNext ?? 0) / 1000))) : 0;
}

export async function recordLoginFailure(limiter: LoginLimiter, username: string, address: string): Promise<void> {
  // consume() rejects once the limit is passed; the block is what we want, so the rejection is not an error.
  await Promise.allSettled([limiter.byUsername.consume(username.toLowerCase()), limiter.byAddress.consume(address)]);
}

export async function recordLoginSuccess(limiter: LoginLimiter, username: string): Promise<void> {
  await limiter.byUsername.delete(username.toLowerCase());
}
