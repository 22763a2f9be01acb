/**
 * Rate limits: sign-in failures per user name and per client address (past the limit the form answers "too
 * many attempts, try again in N minutes" without checking the password), and POS API calls per token.
 *
 * Where the counters live: in Redis when REDIS_URL is set, so every instance behind a proxy counts against
 * the same limit (five failures spread over two instances are still five); in memory otherwise (one
 * instance). A Redis outage does not lock anyone out or let everyone in: each limiter falls back to an
 * in-memory twin (per instance) until Redis answers again.
 */
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Redis } from 'ioredis';
import { redis, redisKeyPrefix } from './redis.server';

const LOGIN_WINDOW_SECONDS = 15 * 60;

export interface LimitSpec {
  keyPrefix: string;
  points: number;
  /** Window in seconds. */
  duration: number;
  /** Seconds a key stays blocked once it passes the limit (0: until the window ends). */
  blockDuration?: number;
}

/** Where counters are kept: a Redis client with the deployment's key prefix, or null for memory. */
export interface LimitStore {
  client: Redis;
  prefix: string;
}

export function defaultStore(): LimitStore | null {
  const client = redis();
  return client ? { client, prefix: redisKeyPrefix() } : null;
}

export function createLimiter(spec: LimitSpec, store: LimitStore | null = defaultStore()): RateLimiterAbstract {
  const options = { points: spec.points, duration: spec.duration, blockDuration: spec.blockDuration ?? 0 };
  if (!store) return new RateLimiterMemory({ ...options, keyPrefix: spec.keyPrefix });
  return new RateLimiterRedis({
    ...options,
    storeClient: store.client,
    keyPrefix: `${store.prefix}:rl:${spec.keyPrefix}`,
    // Not connected: answer from memory at once rather than wait for a reconnect.
    rejectIfRedisNotReady: true,
    insuranceLimiter: new RateLimiterMemory({ ...options, keyPrefix: `${spec.keyPrefix}_fallback` }),
  });
}

export interface LoginLimiter {
  byUsername: RateLimiterAbstract;
  byAddress: RateLimiterAbstract;
}

export function createLoginLimiter(opts: { perUsername?: number; perAddress?: number } = {}, store: LimitStore | null = defaultStore()): LoginLimiter {
  const window = { duration: LOGIN_WINDOW_SECONDS, blockDuration: LOGIN_WINDOW_SECONDS };
  return {
    byUsername: createLimiter({ keyPrefix: 'login_user', points: opts.perUsername ?? 5, ...window }, store),
    byAddress: createLimiter({ keyPrefix: 'login_ip', points: opts.perAddress ?? 30, ...window }, store),
  };
}

const shared = globalThis as unknown as { __peihuoLoginLimiter?: LoginLimiter; __peihuoApiLimiters?: ApiLimiters };

export function loginLimiter(): LoginLimiter {
  shared.__peihuoLoginLimiter ??= createLoginLimiter();
  return shared.__peihuoLoginLimiter;
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

export interface ApiLimiters {
  /** Calls per minute per API token. */
  perToken: RateLimiterAbstract;
  /** Calls per minute per address with a missing, unknown or revoked token (token guessing). */
  unauthenticated: RateLimiterAbstract;
}

export function createApiLimiters(opts: { perToken?: number; unauthenticated?: number } = {}, store: LimitStore | null = defaultStore()): ApiLimiters {
  return {
    perToken: createLimiter({ keyPrefix: 'api_token', points: opts.perToken ?? 120, duration: 60 }, store),
    unauthenticated: createLimiter({ keyPrefix: 'api_bad', points: opts.unauthenticated ?? 30, duration: 60 }, store),
  };
}

export function apiLimiters(): ApiLimiters {
  shared.__peihuoApiLimiters ??= createApiLimiters();
  return shared.__peihuoApiLimiters;
}

/** True when the key may go ahead (one point consumed), false when it is over its limit. */
export function tryConsume(limiter: RateLimiterAbstract, key: string): Promise<boolean> {
  return limiter.consume(key).then(
    () => true,
    (rejection: unknown) => {
      // rate-limiter-flexible rejects with a RateLimiterRes when over the limit, with an Error when the store
      // failed and there is no fallback; the latter must not lock a shop out.
      return rejection instanceof Error;
    },
  );
}
