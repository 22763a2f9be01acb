/**
 * Crash safety, on SQLite (WAL) and PostgreSQL: the server process is killed with SIGKILL — no shutdown code
 * runs, as in a crash or a power cut — in the middle of an order submit, a POS API upload and a file import.
 * After a restart each is either wholly there or wholly absent, and the client's retry completes it exactly
 * once (a second retry, as after a lost response, changes nothing).
 *
 * "In the middle" is made certain rather than hoped for: a test-only trigger (a gate the test opens and
 * closes) holds the server's write transaction open — pg_sleep on PostgreSQL, a long computation on SQLite —
 * and the test waits until the server is inside that transaction (PostgreSQL: its connection has written and
 * sleeps in the trigger; SQLite: the write lock stays taken) before it kills the process.
 */
import fs from 'node:fs';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '~/server/api-tokens.server';
import { addDays, mondayOf, shanghaiDayOf } from '~/domain/time';
import { postgresSkipped, useTestDb, type TestDb } from '../support/db';
import { orderingFixture, PASSWORD, smallCounty } from '../support/fixtures';
import { serverDatabaseUrl, signIn, startAppServer, type AppServer } from '../support/server-process';

const APP = 'peihuo-crash';
const GATED_TABLES = ['order_lines', 'pos_daily_sales'] as const;

describe.skipIf(postgresSkipped())('crash safety (SIGKILL mid-write, restart, retry)', () => {
  let t: TestDb;
  let server: AppServer;
  let databaseUrl: string;
  let county: Awaited<ReturnType<typeof smallCounty>>;
  let fx: Awaited<ReturnType<typeof orderingFixture>>;
  let barcodes: { plain: string; scarce: string };
  const yesterday = addDays(shanghaiDayOf(new Date()), -1);

  beforeAll(async () => {
    t = await useTestDb();
    county = await smallCounty(t.db);
    fx = await orderingFixture(t.db);
    // The server runs on the real clock: a cycle open now, and shops whose order day is its last day.
    const startsOn = mondayOf(addDays(shanghaiDayOf(new Date()), 1));
    await t.db
      .updateTable('orderCycles')
      .set({ startsOn, endsOn: addDays(startsOn, 6), opensAt: new Date(Date.now() - 3600_000).toISOString(), cutoffLocalTime: '23:59:59', status: 'open' })
      .where('id', '=', fx.cycleId)
      .execute();
    await t.db.updateTable('retailers').set({ orderWeekday: 7 }).execute();
    const specs = await t.db.selectFrom('specs').select(['id', 'packBarcode']).execute();
    const packOf = (id: number) => specs.find((s) => s.id === id)!.packBarcode;
    barcodes = { plain: packOf(fx.specs.plain), scarce: packOf(fx.specs.scarce) };
    await installGate(t);
    // PostgreSQL notices a vanished client only when it next talks to it; this setting makes a backend check
    // every half second even while it runs a statement, so a dead instance's transaction is rolled back at once.
    databaseUrl = serverDatabaseUrl(t, APP, { client_connection_check_interval: 500 });
    server = await startAppServer({ databaseUrl });
  });

  afterAll(async () => {
    await server?.stop();
    await t?.close();
  });

  const setGate = (slow: 0 | 1) => sql`update crash_gate set slow = ${slow}`.execute(t.db);

  /** Resolves once the server is inside its gated write transaction. */
  async function midTransaction(): Promise<void> {
    const deadline = Date.now() + 20_000;
    let busyInARow = 0;
    const probe = t.dialect === 'sqlite' ? new SQLite(t.url, { timeout: 0 }) : null;
    try {
      while (Date.now() < deadline) {
        if (probe) {
          try {
            probe.exec('BEGIN IMMEDIATE');
            probe.exec('ROLLBACK');
            busyInARow = 0;
          } catch (error) {
            if ((error as { code?: string }).code !== 'SQLITE_BUSY') throw error;
            // Held across several probes: the long transaction, not a passing write.
            if (++busyInARow >= 3) return;
          }
        } else {
          const { rows } = await sql<{ n: number }>`select count(*) as n from pg_stat_activity where application_name = ${APP} and backend_xid is not null and wait_event = 'PgSleep'`.execute(t.db);
          if (Number(rows[0]!.n) > 0) return;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error('the server never reached the gated transaction');
    } finally {
      probe?.close();
    }
  }

  /** Sends a request, kills the server while it is inside the write, restarts it with the gate open. */
  async function crashDuring(send: () => Promise<Response>): Promise<void> {
    await setGate(1);
    const inFlight = send().then(
      (res) => ({ answered: res.status }),
      () => ({ answered: null }),
    );
    await midTransaction();
    await server.crash();
    expect(await inFlight).toEqual({ answered: null });
    await setGate(0);
    server = await startAppServer({ databaseUrl });
  }

  // ── order submit ─────────────────────────────────────────────────────────────────────────────────────

  const orderLines = () => [
    { specId: fx.specs.plain, qtyCartons: 2 },
    { specId: fx.specs.scarce, qtyCartons: 1 },
  ];
  const submit = (cookie: string) =>
    fetch(`${server.origin}/retailer/order.data`, {
      method: 'POST',
      headers: { cookie, origin: server.origin, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ intent: 'submit', lines: JSON.stringify(orderLines()) }),
    });
  const orderState = async (retailerId: number) => {
    const orders = await t.db.selectFrom('orders').select(['id', 'status', 'totalCartons']).where('retailerId', '=', retailerId).where('cycleId', '=', fx.cycleId).execute();
    const ids = orders.map((o) => o.id);
    const lines = ids.length ? await t.db.selectFrom('orderLines').select(['specId', 'qtyRequestedCartons']).where('orderId', 'in', ids).orderBy('specId').execute() : [];
    const events = ids.length ? await t.db.selectFrom('orderEvents').select('kind').where('orderId', 'in', ids).execute() : [];
    return { orders: orders.map(({ status, totalCartons }) => ({ status, totalCartons })), lines, events: events.map((e) => e.kind) };
  };
  const submittedOnce = (specs: typeof fx.specs) => ({
    orders: [{ status: 'submitted', totalCartons: 3 }],
    lines: [
      { specId: specs.scarce, qtyRequestedCartons: 1 },
      { specId: specs.plain, qtyRequestedCartons: 2 },
    ].sort((x, y) => x.specId - y.specId),
    events: ['submitted'],
  });

  it('an order submit killed mid-transaction is wholly absent; the retry submits it once', async () => {
    const shop = county.retailers[0]!;
    const { cookie } = await signIn(server.origin, shop.licenceNo, PASSWORD);
    expect(cookie).toBeTruthy();

    await crashDuring(() => submit(cookie!));
    expect(await orderState(shop.id)).toEqual({ orders: [], lines: [], events: [] });

    // The session lives in the database, so the same cookie works on the restarted server.
    const retry = await submit(cookie!);
    await retry.arrayBuffer();
    expect(retry.status).toBe(200);
    expect(await orderState(shop.id)).toEqual(submittedOnce(fx.specs));
    // The answer to the retry was lost too: the next retry changes nothing.
    expect((await submit(cookie!)).status).toBe(200);
    expect(await orderState(shop.id)).toEqual(submittedOnce(fx.specs));
  });

  it('an order submit that committed just before the crash is wholly there; the retry changes nothing', async () => {
    const shop = county.retailers[1]!;
    const { cookie } = await signIn(server.origin, shop.licenceNo, PASSWORD);
    const abort = new AbortController();
    // The client gives up at once; the server carries on and commits.
    const sent = fetch(`${server.origin}/retailer/order.data`, {
      method: 'POST',
      signal: abort.signal,
      headers: { cookie: cookie!, origin: server.origin, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ intent: 'submit', lines: JSON.stringify(orderLines()) }),
    }).catch(() => null);
    await expect.poll(async () => (await orderState(shop.id)).orders, { timeout: 10_000 }).toEqual([{ status: 'submitted', totalCartons: 3 }]);
    abort.abort();
    await sent;
    await server.crash();
    server = await startAppServer({ databaseUrl });

    expect(await orderState(shop.id)).toEqual(submittedOnce(fx.specs));
    expect((await submit(cookie!)).status).toBe(200);
    expect(await orderState(shop.id)).toEqual(submittedOnce(fx.specs));
  });

  // ── uploads ──────────────────────────────────────────────────────────────────────────────────────────

  const uploadState = async (retailerId: number, day: string) => ({
    batches: Number((await t.db.selectFrom('uploadBatches').select((e) => e.fn.countAll().as('n')).where('retailerId', '=', retailerId).executeTakeFirstOrThrow()).n),
    uploads: (await t.db.selectFrom('uploads').select(['kind', 'businessDate']).where('retailerId', '=', retailerId).execute()).map((u) => `${u.kind} ${u.businessDate}`),
    sales: await t.db.selectFrom('posDailySales').select(['specId', 'qtyPacks']).where('retailerId', '=', retailerId).where('salesDate', '=', day).orderBy('specId').execute(),
  });
  const salesOnce = () =>
    [
      { specId: fx.specs.plain, qtyPacks: 7 },
      { specId: fx.specs.scarce, qtyPacks: 4 },
    ].sort((x, y) => x.specId - y.specId);

  it('a POS API upload killed mid-transaction is wholly absent; the terminal’s resend stores it once', async () => {
    const shop = county.retailers[2]!;
    const { token } = (await createApiToken(t.db, { userId: shop.userId, role: 'retailer' }, shop.id, 'till'))!;
    const send = () =>
      fetch(`${server.origin}/api/v1/sales`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ date: yesterday, lines: [{ barcode: barcodes.plain, qtyPacks: 7 }, { barcode: barcodes.scarce, qtyPacks: 4 }] }),
      });

    await crashDuring(send);
    expect(await uploadState(shop.id, yesterday)).toEqual({ batches: 0, uploads: [], sales: [] });

    const retry = await send();
    expect(retry.status).toBe(200);
    expect(await retry.json()).toMatchObject({ accepted: 2, replaced: false });
    expect(await uploadState(shop.id, yesterday)).toEqual({ batches: 1, uploads: [`sales ${yesterday}`], sales: salesOnce() });
    // A resend of the same day replaces it: the data is not doubled (the batch log records both calls).
    const again = await send();
    expect(await again.json()).toMatchObject({ accepted: 2, replaced: true });
    expect(await uploadState(shop.id, yesterday)).toEqual({ batches: 2, uploads: [`sales ${yesterday}`], sales: salesOnce() });
  });

  it('a file import killed mid-transaction is wholly absent and the staged file stays; importing again stores it once', async () => {
    const shop = county.retailers[3]!;
    const { cookie } = await signIn(server.origin, shop.licenceNo, PASSWORD);
    const csv = `date,barcode,qty\n${yesterday},${barcodes.plain},3\n${yesterday},${barcodes.plain},4\n${yesterday},${barcodes.scarce},4\n`;
    const stage = async () => {
      const form = new FormData();
      form.set('kind', 'sales');
      form.set('file', new File([csv], 'pos.csv', { type: 'text/csv' }));
      const res = await fetch(`${server.origin}/resources/uploads/stage`, { method: 'POST', headers: { cookie: cookie!, origin: server.origin, accept: 'application/json' }, body: form });
      const body = (await res.json()) as { ok: boolean; previewUrl: string };
      expect(body.ok).toBe(true);
      return body.previewUrl;
    };
    const importStaged = (previewUrl: string, confirmReplace = false) =>
      fetch(`${server.origin}${previewUrl}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie: cookie!, origin: server.origin, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ intent: 'import', ...(confirmReplace ? { confirmReplace: 'on' } : {}) }),
      });
    const staged = () => t.db.selectFrom('stagedUploads').select('id').where('retailerId', '=', shop.id).execute();

    const previewUrl = await stage();
    await crashDuring(() => importStaged(previewUrl));
    expect(await uploadState(shop.id, yesterday)).toEqual({ batches: 0, uploads: [], sales: [] });
    expect(await staged()).toHaveLength(1);

    const retry = await importStaged(previewUrl);
    expect(retry.status).toBe(302);
    expect(await uploadState(shop.id, yesterday)).toEqual({ batches: 1, uploads: [`sales ${yesterday}`], sales: salesOnce() });
    expect(await staged()).toHaveLength(0);
    // A second click after a lost answer is told the file was already imported, and nothing is written twice.
    const again = await importStaged(previewUrl);
    expect(again.status).toBe(302);
    expect(again.headers.get('Location')).toBe('/retailer/uploads?imported=3&rejected=0&already=1');
    expect(await uploadState(shop.id, yesterday)).toEqual({ batches: 1, uploads: [`sales ${yesterday}`], sales: salesOnce() });

    // The same file uploaded and imported again replaces its day: still once.
    const second = await stage();
    expect((await importStaged(second)).status).toBe(409); // days that have data need the tick
    expect((await importStaged(second, true)).status).toBe(302);
    expect(await uploadState(shop.id, yesterday)).toEqual({ batches: 2, uploads: [`sales ${yesterday}`], sales: salesOnce() });
  });

  it('a file import that committed just before the crash is wholly there and no longer staged; the retry answers “already imported”', async () => {
    // The first test's shop: it ordered, and has no shop data yet.
    const shop = county.retailers[0]!;
    const { cookie } = await signIn(server.origin, shop.licenceNo, PASSWORD);
    const csv = `date,barcode,qty\n${yesterday},${barcodes.plain},7\n${yesterday},${barcodes.scarce},4\n`;
    const form = new FormData();
    form.set('kind', 'sales');
    form.set('file', new File([csv], 'pos.csv', { type: 'text/csv' }));
    const staging = await fetch(`${server.origin}/resources/uploads/stage`, { method: 'POST', headers: { cookie: cookie!, origin: server.origin, accept: 'application/json' }, body: form });
    const { previewUrl } = (await staging.json()) as { previewUrl: string };
    const confirm = (signal?: AbortSignal) =>
      fetch(`${server.origin}${previewUrl}`, {
        method: 'POST',
        redirect: 'manual',
        signal,
        headers: { cookie: cookie!, origin: server.origin, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ intent: 'import' }),
      });
    const staged = () => t.db.selectFrom('stagedUploads').select('id').where('retailerId', '=', shop.id).execute();
    // The client gives up at once; the server carries on and commits. Then the process dies.
    const abort = new AbortController();
    const sent = confirm(abort.signal).catch(() => null);
    await expect.poll(async () => (await uploadState(shop.id, yesterday)).batches, { timeout: 10_000 }).toBe(1);
    abort.abort();
    await sent;
    await server.crash();
    server = await startAppServer({ databaseUrl });

    // Committed means no longer staged: the two are one transaction, so no crash can leave the file staged.
    expect(await staged()).toHaveLength(0);
    expect(await uploadState(shop.id, yesterday)).toEqual({ batches: 1, uploads: [`sales ${yesterday}`], sales: salesOnce() });
    // The client's retry of the same confirm (no replace ticked) is answered as the import was, not with 409.
    const retry = await confirm();
    expect(retry.status).toBe(302);
    expect(retry.headers.get('Location')).toBe('/retailer/uploads?imported=2&rejected=0&already=1');
    expect(await uploadState(shop.id, yesterday)).toEqual({ batches: 1, uploads: [`sales ${yesterday}`], sales: salesOnce() });
  });

  it('the database is consistent after the crashes', async () => {
    if (t.dialect === 'sqlite') {
      const db = new SQLite(t.url, { readonly: true });
      try {
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        expect(db.pragma('foreign_key_check')).toEqual([]);
      } finally {
        db.close();
      }
      expect(fs.existsSync(t.url)).toBe(true);
    } else {
      // No transaction of a killed instance is left holding locks.
      const { rows } = await sql<{ n: number }>`select count(*) as n from pg_stat_activity where application_name = ${APP} and state like 'idle in transaction%'`.execute(t.db);
      expect(Number(rows[0]!.n)).toBe(0);
    }
  });
});

/**
 * The test-only gate: while crash_gate.slow = 1, every insert into a gated table holds its transaction open
 * for a long time (PostgreSQL: 30 s of pg_sleep; SQLite: a billion-row count, which has no sleep).
 */
async function installGate(t: TestDb) {
  await sql`create table crash_gate (slow integer not null)`.execute(t.db);
  await sql`insert into crash_gate (slow) values (0)`.execute(t.db);
  if (t.dialect === 'postgres') {
    await sql`create function crash_gate_hold() returns trigger language plpgsql as $$
      begin
        if (select slow from crash_gate) = 1 then perform pg_sleep(30); end if;
        return null;
      end $$`.execute(t.db);
    for (const table of GATED_TABLES) {
      await sql`create trigger ${sql.raw(`${table}_crash_gate`)} after insert on ${sql.table(table)} for each statement execute function crash_gate_hold()`.execute(t.db);
    }
    return;
  }
  await sql`create table crash_gate_n (x integer not null)`.execute(t.db);
  await sql`insert into crash_gate_n (x) select value from json_each(${JSON.stringify(Array.from({ length: 1000 }, (_, i) => i))})`.execute(t.db);
  for (const table of GATED_TABLES) {
    await sql`create trigger ${sql.raw(`${table}_crash_gate`)} after insert on ${sql.table(table)} when (select slow from crash_gate) = 1
      begin select count(*) from crash_gate_n a, crash_gate_n b, crash_gate_n c; end`.execute(t.db);
  }
}
