/**
 * Shop data in:
 * - one shop's day (300 lines) through the POS API, one call after another against the production server:
 *   p50/p95 of the server's answer time;
 * - bulk file ingest: a 100,000-row per-transaction sales CSV staged (read, validated, resolved) and imported
 *   for one shop, in rows per second, beside a raw better-sqlite3 loop inserting the same rows in one
 *   transaction, in the same run.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import Papa from 'papaparse';
import { connect } from '../db/connect';
import { addDays } from '../app/domain/time';
import { createApiToken } from '../app/server/api-tokens.server';
import { ingest } from '../app/server/uploads/ingest.server';
import { importStaged, stageFile } from '../app/server/uploads/staging.server';
import { percentile, type Figure } from './lib';

export async function benchApiDay(databaseUrl: string, origin: string, calls = 100): Promise<Figure[]> {
  const db = connect({ url: databaseUrl });
  const specs = await db.selectFrom('specs').select(['packBarcode', 'cartonBarcode']).execute();
  const shop = await db.selectFrom('retailers').select(['id', 'userId']).where('active', '=', 1).orderBy('id', 'desc').executeTakeFirstOrThrow();
  const { token } = (await createApiToken(db, { userId: shop.userId!, role: 'retailer' }, shop.id, 'bench'))!;
  await db.destroy();
  const codes = specs.flatMap((s) => [s.packBarcode, s.cartonBarcode]);
  // One token per 100 calls keeps the run under the API's own limit of 120 calls a minute per token.
  const lines = Array.from({ length: 300 }, (_, i) => ({ barcode: codes[i % codes.length]!, qtyPacks: 1 + (i % 4) }));
  const latencies: number[] = [];
  let failures = 0;
  const today = new Date().toISOString().slice(0, 10);
  for (let i = 0; i < calls; i++) {
    // Days cycle through the last month, so many calls replace an earlier day as a resending till would.
    const body = JSON.stringify({ date: addDays(today, -1 - (i % 30)), lines });
    const t0 = performance.now();
    const res = await fetch(`${origin}/api/v1/sales`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body });
    await res.arrayBuffer();
    const ms = performance.now() - t0;
    if (res.status === 200) latencies.push(ms);
    else failures++;
  }
  latencies.sort((a, b) => a - b);
  return [
    { name: 'POS API day (300 lines) p50', value: percentile(latencies, 50), unit: 'ms' },
    { name: 'POS API day (300 lines) p95', value: percentile(latencies, 95), unit: 'ms', target: '< 50' },
    { name: 'POS API failures', value: failures, unit: 'requests', target: '0' },
  ];
}

export async function benchFileIngest(databaseUrl: string, rowCount = 100_000): Promise<Figure[]> {
  const db = connect({ url: databaseUrl });
  const specs = await db.selectFrom('specs').select(['id', 'packBarcode']).execute();
  const shop = await db.selectFrom('retailers').select(['id', 'userId']).where('active', '=', 1).orderBy('id').executeTakeFirstOrThrow();
  const user = { userId: shop.userId!, role: 'retailer' as const };
  // One row per sale over the last 60 days, as a POS exports transaction lines.
  const today = new Date().toISOString().slice(0, 10);
  const rows = Array.from({ length: rowCount }, (_, i) => [`${addDays(today, -1 - (i % 60))} ${String(8 + (i % 14)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00`, specs[i % specs.length]!.packBarcode, '卷烟', String(1 + (i % 3))]);
  const csv = Papa.unparse({ fields: ['销售时间', '条码', '品名', '数量'], data: rows });
  const bytes = new TextEncoder().encode(csv);

  const t0 = performance.now();
  const staged = await stageFile(db, user, shop.id, 'sales', 'bench.csv', bytes);
  if (!staged.ok) throw new Error(`stage failed: ${staged.code}`);
  const imported = await importStaged(db, user, staged.stagedId, { confirmReplace: true });
  if (!imported.ok) throw new Error(`import failed: ${imported.code}`);
  const ingestSeconds = (performance.now() - t0) / 1000;
  await db.destroy();

  // The same rows, inserted as they are by a bare prepared statement in one transaction.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'peihuo-raw-'));
  const raw = new SQLite(path.join(dir, 'raw.db'));
  raw.pragma('journal_mode = WAL');
  raw.exec('create table sales_lines (sold_at text not null, barcode text not null, name text, qty integer not null)');
  const insert = raw.prepare('insert into sales_lines values (?, ?, ?, ?)');
  const t1 = performance.now();
  raw.transaction(() => {
    for (const r of rows) insert.run(r[0], r[1], r[2], Number(r[3]));
  })();
  const rawSeconds = (performance.now() - t1) / 1000;
  raw.close();
  fs.rmSync(dir, { recursive: true, force: true });

  const ingestRate = rowCount / ingestSeconds;
  const rawRate = rowCount / rawSeconds;
  return [
    { name: `file ingest (${rowCount.toLocaleString('en-US')}-row CSV, read→validate→import)`, value: ingestRate, unit: 'rows/s' },
    { name: 'raw better-sqlite3 insert loop, same rows', value: rawRate, unit: 'rows/s' },
    { name: 'file ingest vs raw insert (end to end)', value: (ingestRate / rawRate) * 100, unit: '%' },
  ];
}

/**
 * The write stage alone: one shop's year of daily sales (specs × 365 days) through `ingest` (replace by day,
 * upload records, quality re-check, one transaction) beside a raw prepared-statement loop inserting the same
 * rows into the same table for a second shop, committed like any durable write (and removed afterwards).
 */
export async function benchWriteStage(databaseUrl: string): Promise<Figure[]> {
  const db = connect({ url: databaseUrl });
  const specs = await db.selectFrom('specs').select('id').execute();
  const shop = await db.selectFrom('retailers').select(['id', 'userId']).where('active', '=', 1).orderBy('id').limit(1).offset(1).executeTakeFirstOrThrow();
  const today = new Date().toISOString().slice(0, 10);
  const days = Array.from({ length: 365 }, (_, i) => addDays(today, -1 - i));
  const daily = days.flatMap((day, d) => specs.map((s, k) => ({ specId: s.id, day, qtyPacks: 1 + ((d + k) % 7) })));
  const t0 = performance.now();
  await ingest(db, { retailerId: shop.id, kind: 'sales', source: 'file', actorUserId: shop.userId, rowsRead: daily.length, days, daily, rejections: [] });
  const ingestSeconds = (performance.now() - t0) / 1000;
  await db.destroy();

  // The raw loop writes the same rows into the same table (same key and index) for a second shop and commits,
  // as a durable write must; its rows are removed afterwards (not timed), so both sides pay for the same
  // B-trees and the same write-ahead log.
  const raw = new SQLite(databaseUrl);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = NORMAL');
  const other = (raw.prepare('select id from retailers where id != ? and active = 1 order by id limit 1').get(shop.id) as { id: number }).id;
  const from = days.at(-1)!;
  const keep = raw.prepare('select spec_id, sales_date, qty_packs, upload_id from pos_daily_sales where retailer_id = ? and sales_date >= ?').all(other, from) as Array<Record<string, unknown>>;
  raw.prepare('delete from pos_daily_sales where retailer_id = ? and sales_date >= ?').run(other, from);
  const insert = raw.prepare('insert into pos_daily_sales (retailer_id, spec_id, sales_date, qty_packs, upload_id) values (?, ?, ?, ?, null)');
  const t1 = performance.now();
  raw.transaction(() => {
    for (const r of daily) insert.run(other, r.specId, r.day, r.qtyPacks);
  })();
  const rawSeconds = (performance.now() - t1) / 1000;
  raw.prepare('delete from pos_daily_sales where retailer_id = ? and sales_date >= ?').run(other, from);
  const restore = raw.prepare('insert into pos_daily_sales (retailer_id, spec_id, sales_date, qty_packs, upload_id) values (?, ?, ?, ?, ?)');
  raw.transaction(() => {
    for (const r of keep) restore.run(other, r.spec_id, r.sales_date, r.qty_packs, r.upload_id);
  })();
  raw.close();
  const ingestRate = daily.length / ingestSeconds;
  const rawRate = daily.length / rawSeconds;
  return [
    { name: `write stage: ingest ${daily.length.toLocaleString('en-US')} daily rows`, value: ingestRate, unit: 'rows/s' },
    { name: 'write stage: raw insert loop, same rows, same table', value: rawRate, unit: 'rows/s' },
    { name: 'write stage vs raw insert', value: (ingestRate / rawRate) * 100, unit: '%', target: '≥ 50' },
  ];
}
