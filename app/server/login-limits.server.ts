/**
 * Sign-in limits, shaped so that nobody can keep a shop's owner out by failing on purpose: shops sign in with
 * their licence number, which is public, so a limit per user name alone would let anyone lock any shop out.
 * The design (docs/security.md, "Sign-in limits"), after OWASP's "device cookies" defence:
 *
 * - An attempt's own key is its known device — when the browser carries the known-device cookie naming this
 *   user name (known-device.server.ts) — or else its (user name, address). Each key has a few free failures;
 *   past them it gets one attempt per wait, and the wait doubles with each failure (1 minute, 2, 4 … at most an
 *   hour), until a success starts it afresh. Past the free failures an attempt is claimed before its password is
 *   checked, atomically in the store, so parallel guesses get no more than one at a time would. (Successes are
 *   never counted, so sign-ins with the right password are never refused for their own sake.)
 * - Unknown devices are also limited per address across user names (one place trying many shops) and per
 *   user name from everywhere together (a campaign from many addresses): much higher limits, counted on
 *   failures. The owner's known device is judged by its own key only, so neither of these keeps it out.
 *
 * A success clears its own key only; the per-address and per-user-name counts run out on their own, so a
 * success in between does not give a guessing campaign a fresh allowance.
 *
 * The waits follow the progressive delay of express-brute, as rate-limiter-flexible's ExpressBruteFlexible
 * builds it (a counter and a block limiter whose penalty() takes the wait as its duration). Counters live where
 * every other limit does (rate-limit.server.ts): Redis when REDIS_URL is set, shared by all instances, with an
 * in-memory fallback during an outage; memory otherwise. (block() is not used: with a key prefix its fallback
 * to memory writes under another key than get() reads.)
 */
import type { RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import { createLimiter, defaultStore, type LimitStore } from './rate-limit.server';

const MINUTE = 60;
const HOUR = 60 * MINUTE;

export interface LoginLimits {
  /** Failures per (user name, address) from an unknown device before the waits begin. */
  freeFailures: number;
  /** Failures from a known device before the waits begin (it is the owner's, most likely mistyping). */
  knownDeviceFreeFailures: number;
  /** Failures per address across all user names, per 15 minutes (then that address waits 15 minutes). */
  perAddress: number;
  /** Failures per user name from all unknown devices together, per hour (then they wait an hour). */
  perUsername: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = { freeFailures: 5, knownDeviceFreeFailures: 10, perAddress: 30, perUsername: 50 };

/** The longest wait between two attempts of one key. */
export const MAX_WAIT_SECONDS = HOUR;
/** How long a key's failures are remembered when nothing succeeds. */
const MEMORY_SECONDS = 24 * HOUR;

export interface LoginLimiter {
  limits: LoginLimits;
  /** Failures per own key: whether waits apply, and how long the next one is (a success starts afresh). */
  failures: RateLimiterAbstract;
  /** The current wait per own key: present while the key must wait, with its time left. */
  waits: RateLimiterAbstract;
  byAddress: RateLimiterAbstract;
  byUsername: RateLimiterAbstract;
}

export interface LoginAttempt {
  username: string;
  address: string;
  /** The id this browser's known-device cookie holds for this user name, or null when it holds none. */
  knownDeviceId: string | null;
}

export function createLoginLimiter(limits: Partial<LoginLimits> = {}, store: LimitStore | null = defaultStore()): LoginLimiter {
  const all = { ...DEFAULT_LOGIN_LIMITS, ...limits };
  return {
    limits: all,
    // Only counts (penalty() never refuses); one limiter for both kinds of own key, judged against its kind's limit.
    failures: createLimiter({ keyPrefix: 'login_fail', points: 1_000_000, duration: MEMORY_SECONDS }, store),
    waits: createLimiter({ keyPrefix: 'login_wait', points: 1, duration: MAX_WAIT_SECONDS }, store),
    byAddress: createLimiter({ keyPrefix: 'login_ip', points: all.perAddress, duration: 15 * MINUTE, blockDuration: 15 * MINUTE }, store),
    byUsername: createLimiter({ keyPrefix: 'login_user', points: all.perUsername, duration: HOUR, blockDuration: HOUR }, store),
  };
}

/** The wait claimed by the n-th attempt past the free failures (1, 2, 3 …): 1 minute, doubling, at most an hour. */
export function waitAfterAttemptSeconds(attemptBeyondFree: number): number {
  if (attemptBeyondFree < 1) return 0;
  return Math.min(MINUTE * 2 ** Math.min(attemptBeyondFree - 1, 20), MAX_WAIT_SECONDS);
}

const normalised = (username: string) => username.trim().toLowerCase();

/**
 * The key an attempt's own allowance is counted by: its known device, or its (address, user name). An address
 * never contains '|', so the first '|' after the kind separates it from the user name unambiguously.
 */
function ownKey(attempt: LoginAttempt): string {
  const username = normalised(attempt.username);
  return attempt.knownDeviceId ? `device|${attempt.knownDeviceId}|${username}` : `addr|${attempt.address}|${username}`;
}

const secondsOf = (res: RateLimiterRes) => Math.max(1, Math.ceil(res.msBeforeNext / 1000));

/** Seconds an unknown device must wait because of its address or its user name's campaign count; 0 if none. */
async function sharedLimitWait(limiter: LoginLimiter, attempt: LoginAttempt): Promise<number> {
  const [address, username] = await Promise.all([limiter.byAddress.get(attempt.address), limiter.byUsername.get(normalised(attempt.username))]);
  const waits = [
    address && address.consumedPoints >= limiter.byAddress.points ? secondsOf(address) : 0,
    username && username.consumedPoints >= limiter.byUsername.points ? secondsOf(username) : 0,
  ];
  return Math.max(...waits);
}

/**
 * Whether this sign-in may have its password checked now: 0 when it may (past the free failures, the attempt is
 * claimed: the next one of its key waits), otherwise the seconds to wait.
 */
export async function claimLoginAttempt(limiter: LoginLimiter, attempt: LoginAttempt): Promise<number> {
  if (!attempt.knownDeviceId) {
    const wait = await sharedLimitWait(limiter, attempt);
    if (wait > 0) return wait;
  }
  const key = ownKey(attempt);
  const freeFailures = attempt.knownDeviceId ? limiter.limits.knownDeviceFreeFailures : limiter.limits.freeFailures;
  const failures = (await limiter.failures.get(key))?.consumedPoints ?? 0;
  if (failures < freeFailures) return 0;
  // Past the free failures: one attempt per wait. The penalty that creates the wait is the claim; a parallel
  // attempt that finds the wait already there (or loses the race to create it) is refused.
  const current = await limiter.waits.get(key);
  if (current) return secondsOf(current);
  const claimed = await limiter.waits.penalty(key, 1, { customDuration: waitAfterAttemptSeconds(failures - freeFailures + 1) });
  return claimed.consumedPoints > 1 ? secondsOf(claimed) : 0;
}

/** A wrong password (or unknown user): counted on its own key, and per address and user name for unknown devices. */
export async function recordLoginFailure(limiter: LoginLimiter, attempt: LoginAttempt): Promise<void> {
  // consume() rejects once the limit is passed; the block that follows is the point, not an error.
  await Promise.allSettled([
    limiter.failures.penalty(ownKey(attempt)),
    ...(attempt.knownDeviceId ? [] : [limiter.byAddress.consume(attempt.address), limiter.byUsername.consume(normalised(attempt.username))]),
  ]);
}

/** The right password: the attempt's own key starts afresh. */
export async function recordLoginSuccess(limiter: LoginLimiter, attempt: LoginAttempt): Promise<void> {
  const key = ownKey(attempt);
  await Promise.all([limiter.failures.delete(key), limiter.waits.delete(key)]);
}
