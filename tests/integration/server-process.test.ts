/**
 * The production server as a process (server.js on the built app), on SQLite and on PostgreSQL: security
 * headers on a real page, request ids in the response and in every log line, body limits, /healthz, and a
 * graceful shutdown that lets a slow request in flight finish before the database is closed.
 */
import http from 'node:http';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '~/server/api-tokens.server';
import { shanghaiDayOf } from '~/domain/time';
import { postgresSkipped, useTestDb, type TestDb } from '../support/db';
import { orderingFixture, smallCounty } from '../support/fixtures';
import { serverDatabaseUrl, startAppServer, type AppServer } from '../support/server-process';

/** A raw request whose body the test sends when it likes (fetch cannot hold a body half-sent). */
function openRequest(port: number, path: string, headers: Record<string, string | number>) {
  const req = http.request({ host: '127.0.0.1', port, path, method: 'POST', headers });
  const response = new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
  });
  return { req, response };
}

describe.skipIf(postgresSkipped())('the server process', () => {
  let t: TestDb;
  let server: AppServer;
  let county: Awaited<ReturnType<typeof smallCounty>>;
  let barcode: string;

  beforeAll(async () => {
    t = await useTestDb();
    county = await smallCounty(t.db);
    const fx = await orderingFixture(t.db);
    barcode = (await t.db.selectFrom('specs').select('packBarcode').where('id', '=', fx.specs.plain).executeTakeFirstOrThrow()).packBarcode;
    server = await startAppServer({ databaseUrl: serverDatabaseUrl(t) });
  });
  afterAll(async () => {
    await server?.stop();
    await t?.close();
  });

  it('refuses a cross-site form post before any route sees it, and lets same-site posts and the token API through', async () => {
    const shop = county.retailers[0]!;
    const sessionsBefore = await t.db.selectFrom('sessions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const form = { username: shop.licenceNo, password: 'Secret#123' };
    const post = (headers: Record<string, string>, path = '/auth/login') =>
      fetch(`${server.origin}${path}`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(form) });

    // Another site's page posting the sign-in form (the browser names the origin), or a fetch the browser marks cross-site.
    const crossSite: Array<Record<string, string>> = [{ origin: 'https://evil.example' }, { 'sec-fetch-site': 'cross-site' }, { origin: 'null' }, { referer: 'https://evil.example/page' }];
    for (const headers of crossSite) {
      const res = await post(headers);
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect(res.headers.get('set-cookie')).toBeNull();
      await res.arrayBuffer();
    }
    const sessionsAfter = await t.db.selectFrom('sessions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(sessionsAfter.n)).toBe(Number(sessionsBefore.n));

    // No proof at all (no Origin, no Referer, no Sec-Fetch-Site): refused too, and said in both languages.
    const unproven = await post({});
    expect(unproven.status).toBe(403);
    expect(unproven.headers.get('set-cookie')).toBeNull();
    expect(await unproven.text()).toMatch(/本站[\s\S]*this site/);
    const sessionsAfterAll = await t.db.selectFrom('sessions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(sessionsAfterAll.n)).toBe(Number(sessionsBefore.n));

    // The same post from this site signs in, proved by any one of the headers a browser sends.
    const same = await post({ origin: server.origin, 'sec-fetch-site': 'same-origin' });
    expect(same.status).toBe(302);
    expect(same.headers.get('set-cookie')).toContain('__peihuo_session=');
    const proofs: Array<Record<string, string>> = [{ origin: server.origin }, { 'sec-fetch-site': 'same-origin' }, { referer: `${server.origin}/auth/login` }];
    for (const proof of proofs) {
      const res = await post(proof);
      expect(res.status, JSON.stringify(proof)).toBe(302);
      await res.arrayBuffer();
    }

    // The case from the attack report: a signed-in shop's order post with no proof is refused before the action.
    const cookie = same.headers.get('set-cookie')!.split(';')[0]!;
    const order = (headers: Record<string, string>) =>
      fetch(`${server.origin}/retailer/order.data`, { method: 'POST', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams({ intent: 'save', lines: '[]' }) });
    const refused = await order({});
    expect(refused.status).toBe(403);
    await refused.arrayBuffer();
    const proved = await order({ origin: server.origin });
    expect(proved.status).not.toBe(403);
    await proved.arrayBuffer();
    // The POS API is not cookie-authenticated: a foreign origin reaches it and is judged by its token.
    const api = await fetch(`${server.origin}/api/v1/sales`, { method: 'POST', headers: { origin: 'https://pos.example', 'content-type': 'application/json' }, body: '{}' });
    expect(api.status).toBe(401);
    await api.arrayBuffer();
  });

  it('sends a strict set of security headers, and every script on the page carries the CSP nonce', async () => {
    const res = await fetch(`${server.origin}/auth/login`);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy')!;
    const directives = new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));
    const scriptSrc = directives.get('script-src')!;
    expect(scriptSrc).toContain("'self'");
    expect(scriptSrc).not.toContain("'unsafe-inline'");
    expect(scriptSrc).not.toContain("'unsafe-eval'");
    const nonce = scriptSrc.find((v) => v.startsWith("'nonce-"))!.slice("'nonce-".length, -1);
    expect(nonce.length).toBeGreaterThanOrEqual(16);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('script-src-attr')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'self'"]);
    expect(directives.get('form-action')).toEqual(["'self'"]);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('same-origin');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('permissions-policy')).toContain('camera=(self)');
    expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(res.headers.get('x-powered-by')).toBeNull();

    const html = await res.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    // A fresh nonce per response.
    const again = (await fetch(`${server.origin}/auth/login`)).headers.get('content-security-policy')!;
    expect(again).not.toContain(nonce);
  });

  it('honours a sane X-Request-Id, replaces an unsafe one, echoes it and logs one access line per request', async () => {
    const mine = await fetch(`${server.origin}/auth/login?x=1`, { headers: { 'x-request-id': 'proxy-abc.123' } });
    await mine.arrayBuffer();
    expect(mine.headers.get('x-request-id')).toBe('proxy-abc.123');

    const unsafe = await fetch(`${server.origin}/healthz`, { headers: { 'x-request-id': 'x"} {"level":"fake' } });
    await unsafe.arrayBuffer();
    const replaced = unsafe.headers.get('x-request-id')!;
    expect(replaced).toMatch(/^[0-9a-f-]{36}$/);

    await expect.poll(() => server.logs.filter((l) => l.message === 'request' && l.requestId === 'proxy-abc.123')).toHaveLength(1);
    const line = server.logs.find((l) => l.message === 'request' && l.requestId === 'proxy-abc.123')!;
    expect(line).toMatchObject({ level: 'info', method: 'GET', path: '/auth/login', status: 200 });
    expect(typeof line.ms).toBe('number');
    expect(typeof line.time).toBe('string');
    // The child's log lines arrive on its stdout in their own time: wait for this one as for the first.
    await expect.poll(() => server.logs.some((l) => l.requestId === replaced && l.path === '/healthz')).toBe(true);
    expect(server.otherOutput).toEqual([]);
  });

  it('an error inside route code is logged with the request id, and the request answers 500', async () => {
    const shop = county.retailers[0]!;
    const { token } = (await createApiToken(t.db, { userId: shop.userId, role: 'retailer' }, shop.id, 'till'))!;
    // The database loses a table the API needs, as in a failed deployment.
    await sql`alter table api_tokens rename to api_tokens_gone`.execute(t.db);
    try {
      const res = await fetch(`${server.origin}/api/v1/sales`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'x-request-id': 'broken-1' },
        body: JSON.stringify({ date: shanghaiDayOf(new Date()), lines: [] }),
      });
      await res.arrayBuffer();
      expect(res.status).toBe(500);
    } finally {
      await sql`alter table api_tokens_gone rename to api_tokens`.execute(t.db);
    }
    await expect.poll(() => server.logs.filter((l) => l.requestId === 'broken-1').map((l) => l.level)).toEqual(['error', 'error']);
    const [fromRoute, access] = server.logs.filter((l) => l.requestId === 'broken-1');
    expect(fromRoute!.message).toMatch(/api_tokens/);
    expect((fromRoute!.err as { stack?: string } | undefined)?.stack).toMatch(/\n\s+at /);
    expect(access).toMatchObject({ message: 'request', status: 500, path: '/api/v1/sales' });
  });

  it('a sign-in told to wait carries its Retry-After on the wire, as a page and as a single-fetch answer', async () => {
    // An unknown user name from this test's address: five free failures and a sixth judged, then a wait.
    const attempt = (path: string) =>
      fetch(`${server.origin}${path}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.origin, 'accept-language': 'zh-CN' },
        body: new URLSearchParams({ username: 'nobody-429', password: 'wrong' }),
      });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await attempt('/auth/login');
      statuses.push(res.status);
      await res.arrayBuffer();
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401]);
    const page = await attempt('/auth/login');
    expect(page.status).toBe(429);
    expect(Number(page.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await page.text()).toContain('尝试次数过多');
    const single = await attempt('/auth/login.data');
    expect(single.status).toBe(429);
    expect(Number(single.headers.get('retry-after'))).toBeGreaterThan(0);
    await single.arrayBuffer();
  });

  it('a 404 or a 405 is an answer, not an error: no error line for it, only the access line', async () => {
    const asked: Array<[string, RequestInit]> = [
      ['/no-such-page', {}],
      ['/no-such-page.data', {}],
      ['/healthz', { method: 'POST', headers: { origin: server.origin, 'content-type': 'application/x-www-form-urlencoded' }, body: 'x=1' }],
    ];
    for (const [i, [path, init]] of asked.entries()) {
      const res = await fetch(`${server.origin}${path}`, { ...init, headers: { ...(init.headers as Record<string, string>), 'x-request-id': `answer-${i}` } });
      expect(res.status, path).toBeGreaterThanOrEqual(400);
      expect(res.status, path).toBeLessThan(500);
      await res.arrayBuffer();
      await expect.poll(() => server.logs.some((l) => l.requestId === `answer-${i}` && l.message === 'request')).toBe(true);
      expect(server.logs.filter((l) => l.requestId === `answer-${i}`).map((l) => [l.level, l.message]), path).toEqual([['info', 'request']]);
    }
    expect(server.logs.filter((l) => l.message === '[object Object]')).toEqual([]);
  });

  it('refuses oversized bodies before reading them: 413 for forms and the API, 411 without a length', async () => {
    const form = openRequest(server.port, '/auth/login', { 'content-type': 'application/x-www-form-urlencoded', 'content-length': 5 * 1024 * 1024, origin: server.origin });
    form.req.flushHeaders();
    const formRes = await form.response;
    form.req.destroy();
    expect(formRes.status).toBe(413);

    const api = openRequest(server.port, '/api/v1/sales', { 'content-type': 'application/json', 'content-length': 3 * 1024 * 1024, authorization: 'Bearer ph_x' });
    api.req.flushHeaders();
    const apiRes = await api.response;
    api.req.destroy();
    expect(apiRes.status).toBe(413);
    expect(apiRes.headers['content-type']).toContain('application/problem+json');
    expect(JSON.parse(apiRes.body)).toMatchObject({ status: 413 });

    const chunked = openRequest(server.port, '/auth/login', { 'content-type': 'application/x-www-form-urlencoded', 'transfer-encoding': 'chunked', origin: server.origin });
    chunked.req.write('username=a');
    const chunkedRes = await chunked.response;
    chunked.req.destroy();
    expect(chunkedRes.status).toBe(411);
  });

  it('answers /healthz with the database up and migrations current, and the load it is serving', async () => {
    const res = await fetch(`${server.origin}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, database: 'up', migrations: 'current', load: { work: { serving: 0, waiting: 0 }, upload: { serving: 0, waiting: 0 } } });
  });

  // Last: it stops the server.
  it('on SIGTERM stops accepting, finishes the slow request in flight, closes the database and exits 0', async () => {
    const shop = county.retailers[1]!;
    const { token } = (await createApiToken(t.db, { userId: shop.userId, role: 'retailer' }, shop.id, 'till'))!;
    const day = shanghaiDayOf(new Date());
    const body = JSON.stringify({ date: day, lines: [{ barcode, qtyPacks: 7 }] });
    const half = Math.floor(body.length / 2);
    const slow = openRequest(server.port, '/api/v1/sales', { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${token}`, 'x-request-id': 'slow-1' });
    slow.req.write(body.slice(0, half));
    await new Promise((r) => setTimeout(r, 200));

    server.child.kill('SIGTERM');
    await expect.poll(() => server.logs.some((l) => l.message.startsWith('shutting down'))).toBe(true);
    // No new connections once shutting down.
    await expect(fetch(`${server.origin}/healthz`)).rejects.toThrow();
    await new Promise((r) => setTimeout(r, 300));
    expect(server.child.exitCode).toBeNull();

    slow.req.end(body.slice(half));
    const res = await slow.response;
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ accepted: 1, rejected: [] });
    expect(await server.exited).toEqual({ code: 0, signal: null });

    const messages = server.logs.map((l) => l.message);
    expect(messages.indexOf('stopped: database closed')).toBeGreaterThan(messages.lastIndexOf('request'));
    expect(server.logs.find((l) => l.requestId === 'slow-1' && l.message === 'request')).toMatchObject({ status: 200 });
    const rows = await t.db.selectFrom('posDailySales').select('qtyPacks').where('retailerId', '=', shop.id).where('salesDate', '=', day).execute();
    expect(rows).toEqual([{ qtyPacks: 7 }]);
  });
});
