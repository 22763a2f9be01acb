/**
 * Rate limits: how a limiter is made (here), the sign-in limits (login-limits.server.ts: past them the form
 * answers "too many attempts, try again in N min" without checking the password), and POS API calls per token.
 *
 * Where the counters live: in Redis when REDIS_URL is set, so every instance behind a proxy counts against
 * the same limit (five failures spread over two instances are still five); in memory otherwise (one
 * instance). A Redis outage does not lock anyone out or let everyone in: each limiter falls back to an
 * in-memory twin (per instance) until Redis answers again.
 */
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Redis } from 'ioredis';
import { redis, redisKeyPrefix } from './redis.server';

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

const shared = globalThis as unknown as { __peihuoApiLimiters?: ApiLimiters };

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
