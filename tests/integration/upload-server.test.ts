/**
 * Uploads against the production server (server.js on the built app, whose upload reader runs from
 * build/server/read-table.worker.js): zip bombs are answered 422 archive_too_large in the user's language at
 * once, /healthz keeps answering while a heavy workbook is read, which is then 422 too_complex for the reader's
 * heap (never a 500, and the server lives on), and a body over the server's limit gets a page in the user's
 * language.
 *
 * No timings are asserted: "answers while the uploads are in flight" is an ordering of events.
 */
import http from 'node:http';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresSkipped, useTestDb, type TestDb } from '../support/db';
import { PASSWORD, smallCounty } from '../support/fixtures';
import { serverDatabaseUrl, signIn, startAppServer, type AppServer } from '../support/server-process';
import { zipBombXlsx } from '../support/zip-bomb';

describe.skipIf(postgresSkipped())('uploads on the production server', () => {
  let t: TestDb;
  let server: AppServer;
  let cookie: string;
  let county: Awaited<ReturnType<typeof smallCounty>>;

  beforeAll(async () => {
    t = await useTestDb();
    county = await smallCounty(t.db);
    // A small heap for the readers, so an ordinary but large workbook runs one out of memory; two readers, so
    // other files are read while it works.
    server = await startAppServer({ databaseUrl: serverDatabaseUrl(t), env: { UPLOAD_READ_HEAP_MB: '64', UPLOAD_READ_THREADS: '2', UPLOAD_READ_QUEUE: '8' } });
    const signedIn = await signIn(server.origin, county.retailers[0]!.licenceNo, PASSWORD);
    if (!signedIn.cookie) throw new Error(`sign-in failed: ${signedIn.status}`);
    cookie = signedIn.cookie;
  });
  afterAll(async () => {
    await server?.stop();
    await t?.close();
  });

  const upload = async (name: string, bytes: Uint8Array) => {
    const form = new FormData();
    form.set('kind', 'sales');
    form.set('file', new File([new Uint8Array(bytes)], name));
    const res = await fetch(`${server.origin}/resources/uploads/stage`, {
      method: 'POST',
      headers: { cookie, 'accept-language': 'en', origin: server.origin, accept: 'application/json' },
      body: form,
    });
    return { status: res.status, body: (await res.json()) as { ok: boolean; code?: string; message?: string } };
  };

  /** An ordinary workbook too large for the reader's 64 MB heap: seconds of work in the reader, then refused. */
  async function heavyWorkbook(): Promise<Uint8Array> {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('销售');
    sheet.addRow(['条码', '品名', '数量', '日期', '备注']);
    for (let i = 0; i < 60_000; i++) sheet.addRow([`69010280${String(i).padStart(5, '0')}`, `卷烟 ${i}`, 1 + (i % 5), '2026-11-23', `第 ${i} 行`]);
    return new Uint8Array(await book.xlsx.writeBuffer());
  }

  it('zip bombs are refused in English at once; /healthz answers while a heavy workbook is being read; that one is 422 too_complex', async () => {
    const [bomb, liar, heavy] = await Promise.all([zipBombXlsx(300), zipBombXlsx(300, { lie: true }), heavyWorkbook()]);
    const events: string[] = [];
    const reading = upload('heavy.xlsx', heavy).then((r) => (events.push('heavy'), r));
    const bombs = await Promise.all([bomb, liar, bomb, liar].map((b, i) => upload(`bomb-${i}.xlsx`, b)));
    events.push('bombs');
    const health = await fetch(`${server.origin}/healthz`);
    await health.arrayBuffer();
    events.push(`healthz ${health.status}`);
    const heavyResult = await reading;
    // The bombs were answered, and /healthz too, while the heavy workbook was still being read.
    expect(events).toEqual(['bombs', 'healthz 200', 'heavy']);
    bombs.forEach((r, i) => {
      expect(r.status).toBe(422);
      expect(r.body).toMatchObject({ ok: false, code: 'archive_too_large' });
      expect(r.body.message).toContain(`“bomb-${i}.xlsx” unpacks to too much`);
    });
    expect(heavyResult.status).toBe(422);
    expect(heavyResult.body).toMatchObject({ ok: false, code: 'too_complex' });
    expect(heavyResult.body.message).toContain('Reading “heavy.xlsx” took more memory or time than allowed');
    // The server lives on and reads the next file; nothing was logged as an error.
    const fine = await upload('ok.csv', new TextEncoder().encode('条码,数量,日期\r\n6901028075817,3,2026-11-23\r\n'));
    expect(fine).toMatchObject({ status: 200, body: { ok: true } });
    expect(server.logs.filter((l) => l.level === 'error')).toEqual([]);
  });

  it('a body over the server’s limit gets a page in the user’s language, not a line of text', async () => {
    for (const [lng, words] of [
      ['en', 'the file is too large (limit 20 MB)'],
      ['zh-CN', '文件太大（上限 20 MB）'],
    ] as const) {
      const req = http.request({
        host: '127.0.0.1',
        port: server.port,
        path: '/staff/master-data?index',
        method: 'POST',
        headers: { 'content-type': 'multipart/form-data; boundary=x', 'content-length': 25 * 1024 * 1024, origin: server.origin, 'accept-language': lng, referer: `${server.origin}/staff/master-data` },
      });
      const answer = new Promise<{ status: number; type: string; body: string }>((resolve, reject) => {
        req.on('response', (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (body += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body }));
        });
        req.on('error', reject);
      });
      req.flushHeaders();
      const res = await answer;
      req.destroy();
      expect(res.status).toBe(413);
      expect(res.type).toContain('text/html');
      expect(res.body).toContain(`lang="${lng}"`);
      expect(res.body).toContain(words);
      expect(res.body).toContain('href="/staff/master-data"');
    }
  });
  it('without JavaScript, a manager’s upload for a shop is answered on that shop’s page, in words', async () => {
    const manager = await signIn(server.origin, 'mgr01', PASSWORD);
    const shop = county.retailers[0]!;
    const form = new FormData();
    form.set('kind', 'sales');
    form.set('retailerId', String(shop.id));
    form.set('file', new File([new Uint8Array(await zipBombXlsx(300))], '炸弹.xlsx'));
    const res = await fetch(`${server.origin}/resources/uploads/stage`, { method: 'POST', redirect: 'manual', headers: { cookie: manager.cookie!, origin: server.origin }, body: form });
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('location')!, server.origin);
    expect(location.pathname).toBe(`/manager/retailers/${shop.id}/data`);
    expect(location.searchParams.get('error')).toBe('archive_too_large');
    const page = await fetch(new URL(location, server.origin), { headers: { cookie: manager.cookie!, 'accept-language': 'zh-CN' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('「炸弹.xlsx」解压后太大：其中的 xl/worksheets/sheet1.xml 超过 128 MB');
  });

  it('shuts down cleanly with a reader thread still warm from the last file', async () => {
    expect((await upload('last.csv', new TextEncoder().encode('条码,数量,日期\r\n6901028075817,1,2026-11-23\r\n'))).status).toBe(200);
    expect(await server.stop()).toEqual({ code: 0, signal: null });
    expect(server.logs.some((l) => l.message === 'stopped: database closed')).toBe(true);
  });
});
