/**
 * Two app instances (two `node server.js` processes from the production build) behind no proxy, sharing one
 * PostgreSQL schema and one Redis (a key prefix unique to this run, removed afterwards): a session started on
 * A works on B and ends on both; sign-in failures and POS API calls count against one limit whichever
 * instance they reach. Several instances on one SQLite file is not a supported set-up, so this runs on
 * PostgreSQL only.
 */
import crypto from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '~/server/api-tokens.server';
import { postgresSkipped, testDialect, useTestDb, type TestDb } from '../support/db';
import { PASSWORD, smallCounty } from '../support/fixtures';
import { serverDatabaseUrl, signIn, startAppServer, type AppServer } from '../support/server-process';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

describe.skipIf(testDialect() !== 'postgres' || postgresSkipped())('several instances on one PostgreSQL', () => {
  let t: TestDb;
  let county: Awaited<ReturnType<typeof smallCounty>>;
  let a: AppServer;
  let b: AppServer;
  let redis: Redis;
  const prefix = `peihuo-test-${crypto.randomBytes(6).toString('hex')}`;

  beforeAll(async () => {
    t = await useTestDb();
    county = await smallCounty(t.db);
    redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await redis.connect();
    const env = { REDIS_URL, REDIS_KEY_PREFIX: prefix };
    [a, b] = await Promise.all([
      startAppServer({ databaseUrl: serverDatabaseUrl(t, 'peihuo-a'), env }),
      startAppServer({ databaseUrl: serverDatabaseUrl(t, 'peihuo-b'), env }),
    ]);
  });

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    if (redis) {
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length) await redis.del(...keys);
      await redis.quit();
    }
    await t?.close();
  });

  const page = (server: AppServer, path: string, cookie: string) => fetch(`${server.origin}${path}`, { headers: { cookie }, redirect: 'manual' });

  it('both instances say Redis is connected', () => {
    for (const server of [a, b]) expect(server.logs.some((l) => l.message.startsWith('redis connected'))).toBe(true);
  });

  it('a session started on A works on B, and signing out on B ends it on A', async () => {
    const { status, cookie } = await signIn(a.origin, 'staff01', PASSWORD);
    expect(status).toBe(302);
    expect((await page(b, '/staff', cookie!)).status).toBe(200);
    expect((await page(a, '/staff', cookie!)).status).toBe(200);

    const out = await fetch(`${b.origin}/auth/logout`, { method: 'POST', redirect: 'manual', headers: { cookie: cookie!, origin: b.origin } });
    expect(out.status).toBe(302);
    const after = await page(a, '/staff', cookie!);
    expect(after.status).toBe(302);
    expect(after.headers.get('location')).toContain('/auth/login');
  });

  it('sign-in attempts on A count against the limit on B', async () => {
    for (let i = 0; i < 3; i++) expect((await signIn(a.origin, 'mgr01', 'wrong-password')).status).toBe(401);
    for (let i = 0; i < 3; i++) expect((await signIn(b.origin, 'mgr01', 'wrong-password')).status).toBe(401);
    // Five free failures and a sixth judged from this address, over both instances: now even the right password
    // waits, on either instance, without a check.
    const onB = await signIn(b.origin, 'mgr01', PASSWORD);
    expect(onB.status).toBe(429);
    expect((await signIn(a.origin, 'mgr01', PASSWORD)).status).toBe(429);
    // Another user name is not affected.
    expect((await signIn(b.origin, 'mgr02', PASSWORD)).status).toBe(302);
    expect(await redis.keys(`${prefix}:rl:login_wait*`)).not.toHaveLength(0);
    expect(await redis.keys(`${prefix}:rl:login_user*`)).not.toHaveLength(0);
  });

  it('POS API calls on A and B count against one per-token limit (120 a minute)', async () => {
    const shop = county.retailers[0]!;
    const { token } = (await createApiToken(t.db, { userId: shop.userId, role: 'retailer' }, shop.id, 'till'))!;
    // Not JSON: answered 400 after the token and its limit are checked, without writing anything.
    const call = (server: AppServer) =>
      fetch(`${server.origin}/api/v1/sales`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: 'not json' }).then(async (r) => {
        await r.arrayBuffer();
        return r.status;
      });
    const statuses: number[] = [];
    for (let i = 0; i < 60; i++) statuses.push(await call(a), await call(b));
    expect(statuses.every((s) => s === 400)).toBe(true);
    expect(await call(a)).toBe(429);
    expect(await call(b)).toBe(429);
  });

  it('every request line of both instances carries a request id', () => {
    for (const server of [a, b]) {
      const requests = server.logs.filter((l) => l.message === 'request');
      expect(requests.length).toBeGreaterThan(10);
      expect(requests.every((l) => typeof l.requestId === 'string' && l.requestId.length > 0)).toBe(true);
      expect(server.otherOutput).toEqual([]);
    }
  });
});
