/**
 * Admission control over real HTTP, against the production build (server.js): with one request served and one
 * waiting, the excess is answered at once with 503 and Retry-After (problem+json on the POS API, a self-reloading
 * page for a browser's page load), while /healthz and static files are still answered; a caller that leaves while
 * waiting gives its place up; the requests held are served when the first one finishes; no 500 anywhere.
 * Requests are held open by sending their body only in part, so nothing here depends on timing.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '~/server/api-tokens.server';
import { postgresSkipped, useTestDb, type TestDb } from '../support/db';
import { orderingFixture, smallCounty } from '../support/fixtures';
import { serverDatabaseUrl, signIn, startAppServer, type AppServer } from '../support/server-process';

interface Held {
  req: http.ClientRequest;
  response: Promise<{ status: number; body: string }>;
  /** Sends the rest of the body. */
  finish(): void;
}

/** A POST whose headers and first bytes are sent now and the rest when the test says so. */
function holdOpen(port: number, urlPath: string, headers: Record<string, string>, body: string): Held {
  const req = http.request({ host: '127.0.0.1', port, path: urlPath, method: 'POST', headers: { ...headers, 'content-length': Buffer.byteLength(body) } });
  const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
  });
  req.write(body.slice(0, 5));
  return { req, response, finish: () => req.end(body.slice(5)) };
}

describe.skipIf(postgresSkipped())('admission control', () => {
  let t: TestDb;
  let server: AppServer;
  let cookie: string;
  let token: string;

  beforeAll(async () => {
    t = await useTestDb();
    const county = await smallCounty(t.db);
    await orderingFixture(t.db);
    server = await startAppServer({
      databaseUrl: serverDatabaseUrl(t),
      // The wait limit out of the way: on a busy machine the sign-in alone can make the expected wait look long, and
      // the second request must wait by the queue's size, which is what this test is about.
      env: { ADMISSION_CONCURRENCY: '1', ADMISSION_QUEUE: '1', ADMISSION_MAX_WAIT_MS: '600000', ADMISSION_RETRY_AFTER_S: '2' },
    });
    const shop = county.retailers[0]!;
    cookie = (await signIn(server.origin, shop.licenceNo, 'Secret#123')).cookie!;
    token = (await createApiToken(t.db, { userId: shop.userId, role: 'retailer' }, shop.id, 'admission test'))!.token;
  });
  afterAll(async () => {
    await server?.stop();
    await t?.close();
  });

  const load = async () => {
    const res = await fetch(`${server.origin}/healthz`);
    expect(res.status).toBe(200);
    return ((await res.json()) as { load: { work: { serving: number; waiting: number } } }).load.work;
  };
  /** Polls /healthz until the work lane holds this many requests (the server reads the held requests' headers). */
  const untilLoad = async (serving: number, waiting: number) => {
    for (let i = 0; i < 200; i++) {
      const now = await load();
      if (now.serving === serving && now.waiting === waiting) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(await load()).toEqual({ serving, waiting });
  };
  const orderHeaders = () => ({ cookie, origin: server.origin, 'content-type': 'application/x-www-form-urlencoded' });
  const saveBody = new URLSearchParams({ intent: 'save', lines: '[]' }).toString();

  it('answers the excess at once with 503 and Retry-After, keeps /healthz and static files, and serves what it held', async () => {
    await untilLoad(0, 0);
    const first = holdOpen(server.port, '/retailer/order.data', orderHeaders(), saveBody);
    await untilLoad(1, 0);
    const second = holdOpen(server.port, '/retailer/order.data', orderHeaders(), saveBody);
    await untilLoad(1, 1);

    // The order page's own call (a single-fetch action): refused before anything reads it.
    const refused = await fetch(`${server.origin}/retailer/order.data`, { method: 'POST', headers: orderHeaders(), body: saveBody });
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('2');
    expect(refused.headers.get('content-type')).toContain('text/plain');
    expect(await refused.text()).toMatch(/繁忙[\s\S]*busy/);

    // A browser's page load gets a page that opens again by itself.
    const page = await fetch(`${server.origin}/retailer`, { headers: { cookie, accept: 'text/html' } });
    expect(page.status).toBe(503);
    expect(page.headers.get('retry-after')).toBe('2');
    expect(await page.text()).toMatch(/<meta http-equiv="refresh" content="\d+">/);

    // The POS API says it in its own format.
    const api = await fetch(`${server.origin}/api/v1/sales`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{}' });
    expect(api.status).toBe(503);
    expect(api.headers.get('retry-after')).toBe('2');
    expect(api.headers.get('content-type')).toContain('application/problem+json');
    expect(await api.json()).toMatchObject({ type: 'https://peihuo.example/problems/busy', status: 503 });

    // Health checks and static files are never held nor refused.
    for (let i = 0; i < 3; i++) await untilLoad(1, 1);
    const asset = fs.readdirSync(path.resolve('build/client/assets')).find((f) => f.endsWith('.css'))!;
    const css = await fetch(`${server.origin}/assets/${asset}`);
    expect(css.status).toBe(200);
    await css.arrayBuffer();

    // A caller that leaves while waiting gives its place up: the next one waits instead of being refused.
    second.req.destroy();
    await second.response.catch(() => undefined);
    await untilLoad(1, 0);
    const third = holdOpen(server.port, '/retailer/order.data', orderHeaders(), saveBody);
    await untilLoad(1, 1);

    // When the first finishes, the one waiting is served; then there is room again.
    // (The fixture's cycle is not open on today's date: the save is answered 409, an answer all the same.)
    first.finish();
    expect((await first.response).status).toBe(409);
    await untilLoad(1, 0);
    third.finish();
    expect((await third.response).status).toBe(409);
    await untilLoad(0, 0);
    const again = await fetch(`${server.origin}/retailer/order.data`, { method: 'POST', headers: orderHeaders(), body: saveBody });
    expect(again.status).toBe(409);
    await again.arrayBuffer();

    // Every refusal is logged as a warning, and nothing answered 500.
    const requests = server.logs.filter((l) => l.message === 'request');
    expect(requests.filter((l) => Number(l.status) >= 500 && l.status !== 503)).toEqual([]);
    expect(requests.filter((l) => l.status === 503).map((l) => l.level)).toEqual(['warn', 'warn', 'warn']);
    expect(server.logs.filter((l) => l.level === 'error')).toEqual([]);
  });
});
