/**
 * The log of a real server process (server.js on the built app) at LOG_LEVEL=debug: every line of a request
 * carries its id — the `request received` line, a line server.js writes while serving it, the access line — and
 * no secret the request carried (session cookie, bearer token, password, a token in the query) is written
 * anywhere; the headers that held them read `[redacted]`. (That route code's lines carry the id too, after
 * admission control, is shown in server-process.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresSkipped, useTestDb, type TestDb } from '../support/db';
import { PASSWORD, smallCounty } from '../support/fixtures';
import { serverDatabaseUrl, signIn, startAppServer, type AppServer, type LogLine } from '../support/server-process';

describe.skipIf(postgresSkipped())('the log of a request', () => {
  let t: TestDb;
  let server: AppServer;
  let county: Awaited<ReturnType<typeof smallCounty>>;

  beforeAll(async () => {
    t = await useTestDb();
    county = await smallCounty(t.db);
    server = await startAppServer({ databaseUrl: serverDatabaseUrl(t), env: { LOG_LEVEL: 'debug' } });
  });
  afterAll(async () => {
    await server?.stop();
    await t?.close();
  });

  const linesOf = (requestId: string) => server.logs.filter((l) => l.requestId === requestId);

  it('carries the request id on every line, in one format, with cookies, tokens and passwords redacted', async () => {
    const shop = county.retailers[0]!;
    const signedIn = await signIn(server.origin, shop.licenceNo, PASSWORD, { 'x-request-id': 'log-sign-in' });
    expect(signedIn.status).toBe(302);
    const cookie = signedIn.cookie!;
    const sessionValue = cookie.slice(cookie.indexOf('=') + 1);
    expect(sessionValue.length).toBeGreaterThan(10);

    const bearer = 'ph_not-a-real-token-5f3a9c';
    const queryToken = 'query-token-81c2e4';
    const page = await fetch(`${server.origin}/retailer?token=${queryToken}&view=1`, {
      headers: { cookie, authorization: `Bearer ${bearer}`, 'x-request-id': 'log-page' },
      redirect: 'manual',
    });
    await page.arrayBuffer();
    expect(page.headers.get('x-request-id')).toBe('log-page');

    // A write without proof of its origin: refused by server.js, which logs why while serving the request.
    const refused = await fetch(`${server.origin}/auth/login`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', 'x-request-id': 'log-refused' },
      body: new URLSearchParams({ username: shop.licenceNo, password: PASSWORD }),
    });
    await refused.arrayBuffer();
    expect(refused.status).toBe(403);

    await expect.poll(() => linesOf('log-refused').map((l) => l.message).sort()).toEqual(['cross-site write refused', 'request', 'request received']);
    await expect.poll(() => linesOf('log-page').map((l) => l.message)).toEqual(['request received', 'request']);
    await expect.poll(() => linesOf('log-sign-in').map((l) => l.message)).toEqual(['request received', 'request']);

    const [received, access] = linesOf('log-page') as [LogLine, LogLine];
    expect(received).toMatchObject({ level: 'debug', method: 'GET', url: '/retailer?token=[redacted]&view=1' });
    expect(received.headers).toMatchObject({ cookie: '[redacted]', authorization: '[redacted]', 'x-request-id': 'log-page' });
    expect(access).toMatchObject({ level: 'info', method: 'GET', path: '/retailer', status: 200 });
    expect(typeof access.ms).toBe('number');
    expect(linesOf('log-refused').find((l) => l.message === 'cross-site write refused')).toMatchObject({ level: 'warn', path: '/auth/login' });

    // One shape for every line, whoever wrote it: a level name, an ISO time, the message last.
    for (const line of server.logs) {
      expect(typeof line.level, JSON.stringify(line)).toBe('string');
      expect(new Date(line.time as string).toISOString()).toBe(line.time);
      expect(typeof line.message).toBe('string');
      expect(Object.keys(line).at(-1)).toBe('message');
    }
    expect(server.otherOutput).toEqual([]);

    const everything = server.logs.map((l) => JSON.stringify(l)).join('\n');
    for (const secret of [sessionValue, bearer, queryToken, PASSWORD]) expect(everything).not.toContain(secret);
  });
});
