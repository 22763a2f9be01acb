/**
 * The rate limiters on Redis, as two instances see them (two limiter sets on two connections, one key
 * prefix unique to this run, removed afterwards): counts are shared; and when Redis cannot be reached the
 * limits still hold, per instance, from memory — nobody is locked out and nobody gets unlimited tries.
 * Needs no database, so it runs once (in the SQLite project).
 */
import crypto from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiLimiters, createLoginLimiter, loginBlockedFor, recordLoginFailure, recordLoginSuccess, tryConsume, type LimitStore } from '~/server/rate-limit.server';
import { testDialect } from '../support/db';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

describe.skipIf(testDialect() !== 'sqlite')('rate limits shared through Redis', () => {
  const prefix = `peihuo-test-${crypto.randomBytes(6).toString('hex')}`;
  let a: Redis;
  let b: Redis;
  let dead: Redis;
  const store = (client: Redis): LimitStore => ({ client, prefix });

  beforeAll(async () => {
    const options = { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: true };
    a = new Redis(REDIS_URL, options);
    b = new Redis(REDIS_URL, options);
    await Promise.all([a.connect(), b.connect()]);
    // Nothing listens on port 1: every command fails at once.
    dead = new Redis('redis://127.0.0.1:1', { ...options, retryStrategy: () => null });
    dead.on('error', () => {});
    await dead.connect().catch(() => {});
  });
  afterAll(async () => {
    const keys = await a.keys(`${prefix}:*`);
    if (keys.length) await a.del(...keys);
    await Promise.all([a.quit(), b.quit()]);
    dead.disconnect();
  });

  it('sign-in failures on two instances add up, and a success on either clears the user name', async () => {
    const onA = createLoginLimiter({ perUsername: 5, perAddress: 100 }, store(a));
    const onB = createLoginLimiter({ perUsername: 5, perAddress: 100 }, store(b));
    for (let i = 0; i < 3; i++) await recordLoginFailure(onA, 'mgr01', '10.0.0.1');
    expect(await loginBlockedFor(onB, 'MGR01', '10.0.0.2')).toBe(0);
    for (let i = 0; i < 2; i++) await recordLoginFailure(onB, 'mgr01', '10.0.0.2');
    expect(await loginBlockedFor(onA, 'mgr01', '10.0.0.3')).toBeGreaterThan(60);
    expect(await loginBlockedFor(onB, 'mgr01', '10.0.0.3')).toBeGreaterThan(60);
    expect(await a.keys(`${prefix}:rl:login_user:*`)).toHaveLength(1);

    await recordLoginSuccess(onB, 'mgr01');
    expect(await loginBlockedFor(onA, 'mgr01', '10.0.0.3')).toBe(0);
  });

  it('API calls per token add up across instances', async () => {
    const onA = createApiLimiters({ perToken: 4 }, store(a));
    const onB = createApiLimiters({ perToken: 4 }, store(b));
    const results = [await tryConsume(onA.perToken, '7'), await tryConsume(onB.perToken, '7'), await tryConsume(onA.perToken, '7'), await tryConsume(onB.perToken, '7')];
    expect(results).toEqual([true, true, true, true]);
    expect(await tryConsume(onA.perToken, '7')).toBe(false);
    expect(await tryConsume(onB.perToken, '7')).toBe(false);
    expect(await tryConsume(onB.perToken, '8')).toBe(true);
  });

  it('with Redis down, limits still hold from memory on each instance', async () => {
    const limiter = createLoginLimiter({ perUsername: 3, perAddress: 100 }, store(dead));
    expect(await loginBlockedFor(limiter, 'staff01', '10.0.0.9')).toBe(0);
    for (let i = 0; i < 3; i++) await recordLoginFailure(limiter, 'staff01', '10.0.0.9');
    expect(await loginBlockedFor(limiter, 'staff01', '10.0.0.9')).toBeGreaterThan(60);
    const api = createApiLimiters({ perToken: 2 }, store(dead));
    expect([await tryConsume(api.perToken, '1'), await tryConsume(api.perToken, '1'), await tryConsume(api.perToken, '1')]).toEqual([true, true, false]);
  });
});
