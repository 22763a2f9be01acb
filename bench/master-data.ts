/**
 * Master data at county scale: a retailers file listing every seeded shop (a tenth with a new grade) plus 200
 * new ones — staged, previewed and confirmed as staff would — and sign-ins created for the new shops
 * (argon2id, on purpose slow: the figure says how long a county's hand-over takes). Works on a copy of the
 * seeded SQLite file, so the other benchmarks see the county unchanged.
 *   npx tsx bench/master-data.ts [--retailers 1500]   seeds its own county when run alone
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { connect } from '../db/connect';
import { migrateToLatest } from '../db/migrate';
import { seedDemo } from '../app/server/seed.server';
import { createAccounts } from '../app/server/accounts.server';
import { confirmMasterImport, previewMasterFile, stageMasterFile } from '../app/server/master-data.server';
import type { Figure } from './lib';

const NEW_SHOPS = 200;
const ACCOUNTS = 100;

export async function benchMasterData(databaseUrl: string): Promise<Figure[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'peihuo-bench-master-'));
  const copy = path.join(dir, 'master.db');
  fs.copyFileSync(databaseUrl, copy);
  const db = connect({ url: copy });
  try {
    const staffUser = await db.selectFrom('users').select('id').where('role', '=', 'staff').orderBy('id').executeTakeFirstOrThrow();
    const staff = { userId: staffUser.id, role: 'staff' as const };
    const shops = await db
      .selectFrom('retailers')
      .innerJoin('stations', 'stations.id', 'retailers.stationId')
      .innerJoin('accountManagers', 'accountManagers.id', 'retailers.managerId')
      .select(['licenceNo', 'retailers.name', 'ownerName', 'retailers.phone', 'address', 'stations.code as station', 'accountManagers.code as manager', 'businessType', 'marketType', 'grade', 'orderWeekday', 'depositBalanceFen'])
      .orderBy('licenceNo')
      .execute();
    const lines = shops.map((s, i) => [s.licenceNo, s.name, s.ownerName, s.phone, s.address, s.station, s.manager, s.businessType, s.marketType, i % 10 === 0 ? (s.grade % 30) + 1 : s.grade, s.orderWeekday, (s.depositBalanceFen / 100).toFixed(2)].join(','));
    for (let i = 0; i < NEW_SHOPS; i++) lines.push([`4403009${String(i).padStart(5, '0')}`, `新店${i}`, '王', '13800138000', '新街', shops[0]!.station, shops[0]!.manager, 'grocery', 'urban', 5, 3, '0'].join(','));
    const csv = ['licence_no,name,owner,phone,address,station,manager_code,business_type,market_type,grade,order_day,deposit_balance_yuan', ...lines].join('\n');
    const bytes = new TextEncoder().encode(csv);

    let t0 = performance.now();
    const staged = await stageMasterFile(db, staff, 'retailers', 'county.csv', bytes);
    if (!staged.ok) throw new Error(staged.code);
    const stageMs = performance.now() - t0;
    t0 = performance.now();
    const preview = (await previewMasterFile(db, staff, staged.stagedId))!;
    const previewMs = performance.now() - t0;
    t0 = performance.now();
    const done = await confirmMasterImport(db, staff, staged.stagedId, { keepGood: false, deactivateMissing: false, fingerprint: preview.fingerprint });
    const confirmMs = performance.now() - t0;
    if (!done.ok || done.created !== NEW_SHOPS) throw new Error(`confirm: ${JSON.stringify(done)}`);

    const fresh = await db.selectFrom('retailers').select('id').where('userId', 'is', null).limit(ACCOUNTS).execute();
    t0 = performance.now();
    const accounts = await createAccounts(db, staff, 'retailers', { ids: fresh.map((r) => r.id) });
    const accountsMs = performance.now() - t0;
    const rows = lines.length;
    return [
      { name: `master data: stage a ${rows}-row retailers file`, value: stageMs, unit: 'ms' },
      { name: `master data: preview (${preview.changedCount} changed, ${preview.createdCount} new)`, value: previewMs, unit: 'ms', target: '< 2000' },
      { name: 'master data: confirm (same file)', value: confirmMs, unit: 'ms', target: '< 5000' },
      { name: `sign-ins created (${accounts!.created.length}, argon2id)`, value: accounts!.created.length / (accountsMs / 1000), unit: 'accounts/s' },
    ];
  } finally {
    await db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({ options: { retailers: { type: 'string' } } });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'peihuo-bench-'));
  const url = path.join(dir, 'bench.db');
  const db = connect({ url });
  await migrateToLatest(db);
  await seedDemo(db, values.retailers ? { retailers: Number(values.retailers) } : {});
  await db.destroy();
  console.table(await benchMasterData(url));
  fs.rmSync(dir, { recursive: true, force: true });
}
