/**
 * The rate limiters on Redis, as two instances see them (two limiter sets on two connections, one key
 * prefix unique to this run, removed afterwards): counts are shared; and when Redis cannot be reached the
 * limits still hold, per instance, from memory — nobody is locked out and nobody gets unlimited tries.
 * Needs no database, so it runs once (in the SQLite project).
 */
import crypto from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimLoginAttempt, createLoginLimiter, recordLoginFailure, recordLoginSuccess, type LoginAttempt, type LoginLimiter } from '~/server/login-limits.server';
import { createApiLimiters, tryConsume, type LimitStore } from '~/server/rate-limit.server';
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

  it('sign-in failures on two instances add up (per user name and address, and per user name), and a success on either clears its own', async () => {
    const onA = createLoginLimiter({ freeFailures: 5, perUsername: 8, perAddress: 100 }, store(a));
    const onB = createLoginLimiter({ freeFailures: 5, perUsername: 8, perAddress: 100 }, store(b));
    const from = (address: string): LoginAttempt => ({ username: 'mgr01', address, knownDeviceId: null });
    const wrongPassword = async (limiter: LoginLimiter, attempt: LoginAttempt) => {
      const wait = await claimLoginAttempt(limiter, attempt);
      if (wait === 0) await recordLoginFailure(limiter, attempt);
      return wait;
    };
    for (let i = 0; i < 3; i++) expect(await wrongPassword(onA, from('10.0.0.1'))).toBe(0);
    for (let i = 0; i < 3; i++) expect(await wrongPassword(onB, from('10.0.0.1'))).toBe(0);
    // Five free failures and the sixth judged, three on each instance: the seventh waits, on both, from that address only.
    expect(await claimLoginAttempt(onA, from('10.0.0.1'))).toBeGreaterThan(0);
    expect(await claimLoginAttempt(onB, { ...from('10.0.0.1'), username: 'MGR01' })).toBeGreaterThan(0);
    expect(await claimLoginAttempt(onA, from('10.0.0.2'))).toBe(0);
    expect(await a.keys(`${prefix}:rl:login_wait:*`)).toHaveLength(1);

    await recordLoginSuccess(onB, from('10.0.0.1'));
    expect(await claimLoginAttempt(onA, from('10.0.0.1'))).toBe(0);
    // Two more failures from elsewhere reach the per-user-name limit (8) on both instances; the owner's known device passes.
    await wrongPassword(onA, from('10.0.0.5'));
    await wrongPassword(onB, from('10.0.0.6'));
    expect(await claimLoginAttempt(onA, from('10.0.0.7'))).toBeGreaterThan(60);
    expect(await claimLoginAttempt(onB, from('10.0.0.7'))).toBeGreaterThan(60);
    expect(await claimLoginAttempt(onB, { ...from('10.0.0.7'), knownDeviceId: 'phone' })).toBe(0);
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
    const limiter = createLoginLimiter({ freeFailures: 3, perUsername: 100, perAddress: 100 }, store(dead));
    const attempt: LoginAttempt = { username: 'staff01', address: '10.0.0.9', knownDeviceId: null };
    for (let i = 0; i < 4; i++) {
      expect(await claimLoginAttempt(limiter, attempt)).toBe(0);
      await recordLoginFailure(limiter, attempt);
    }
    expect(await claimLoginAttempt(limiter, attempt)).toBeGreaterThan(0);
    const api = createApiLimiters({ perToken: 2 }, store(dead));
    expect([await tryConsume(api.perToken, '1'), await tryConsume(api.perToken, '1'), await tryConsume(api.perToken, '1')]).toEqual([true, true, false]);
  });
});
