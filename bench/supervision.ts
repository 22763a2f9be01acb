/**
 * 按需供货's long work and what the pages read instead (issue 18, decision 0038), on a seeded county:
 * - the market supervision list computed (`refreshSupervision`: the 'supervision' job's work — what the page used to
 *   do inside its request), then the page's read of the stored list (`supervisionList`, staff's county and one
 *   manager's route), p50/p95 over 50 calls;
 * - a cycle's demand estimates computed (`computeDemandEstimates`: the 'demand' job's work, which an allocation
 *   run used to do inside its request) for the latest delivered cycle with a limited supply.
 *
 *   npm run bench -- --parts supervision           demo county (from bench/run.ts)
 *   npx tsx bench/supervision.ts [--db FILE]       an already seeded SQLite file (else the demo county is seeded
 *                                                  into os.tmpdir() and deleted afterwards)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { computeDemandEstimates } from '../app/server/allocation-demand.server';
import { seedDemo } from '../app/server/seed.server';
import { refreshSupervision, supervisionList } from '../app/server/supervision.server';
import { connect } from '../db/connect';
import { migrateToLatest } from '../db/migrate';
import { percentile, type Figure } from './lib';

const READS = 50;

export async function benchSupervision(databaseUrl: string, label: string): Promise<Figure[]> {
  const db = connect({ url: databaseUrl });
  try {
    const shops = await db.selectFrom('retailers').select((eb) => eb.fn.countAll<number>().as('n')).where('active', '=', 1).executeTakeFirstOrThrow();
    const staff = await db.selectFrom('users').select('id').where('role', '=', 'staff').orderBy('id').executeTakeFirstOrThrow();
    const manager = await db.selectFrom('users').select('id').where('role', '=', 'manager').orderBy('id').executeTakeFirstOrThrow();
    const figures: Figure[] = [];
    const t0 = performance.now();
    const stored = await refreshSupervision(db, new Date());
    figures.push({ name: `supervision list computed (the job; ${label}, ${Number(shops.n)} shops, ${stored.cycles} cycles, ${stored.rows} flagged)`, value: (performance.now() - t0) / 1000, unit: 's', target: 'a job' });
    for (const [who, user] of [
      ['staff, county', { userId: staff.id, role: 'staff' as const }],
      ['a manager’s route', { userId: manager.id, role: 'manager' as const }],
    ] as const) {
      const times: number[] = [];
      for (let i = 0; i < READS; i++) {
        const t = performance.now();
        await supervisionList(db, user);
        times.push(performance.now() - t);
      }
      times.sort((a, b) => a - b);
      figures.push({ name: `supervision page read, ${who} (${label}) p50`, value: percentile(times, 50), unit: 'ms' });
      figures.push({ name: `supervision page read, ${who} (${label}) p95`, value: percentile(times, 95), unit: 'ms', target: '< 200' });
    }
    const cycle = await db
      .selectFrom('orderCycles')
      .innerJoin('cycleSupply', 'cycleSupply.cycleId', 'orderCycles.id')
      .select(['orderCycles.id', 'orderCycles.code', 'orderCycles.startsOn', 'orderCycles.endsOn'])
      .where('orderCycles.status', '=', 'delivered')
      .where('cycleSupply.supplyCartons', 'is not', null)
      .orderBy('orderCycles.startsOn', 'desc')
      .executeTakeFirst();
    if (cycle) {
      const t1 = performance.now();
      const r = await computeDemandEstimates(db, cycle, ['delivered']);
      figures.push({ name: `demand estimates computed (the job; ${label}, cycle ${cycle.code}, ${r.shops} shops, ${r.estimates.length} lines)`, value: (performance.now() - t1) / 1000, unit: 's', target: 'a job' });
    }
    return figures;
  } finally {
    await db.destroy();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({ options: { db: { type: 'string' } } });
  let dir: string | null = null;
  let file = values.db;
  if (!file) {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'peihuo-bench-supervision-'));
    file = path.join(dir, 'demo.db');
    const db = connect({ url: file });
    await migrateToLatest(db);
    await seedDemo(db, {});
    await db.destroy();
  }
  try {
    for (const f of await benchSupervision(file, 'demo county')) console.log(`${f.name}: ${f.value.toFixed(f.unit === 's' ? 2 : 1)} ${f.unit}${f.target ? ` (target ${f.target})` : ''}`);
  } finally {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }
}
