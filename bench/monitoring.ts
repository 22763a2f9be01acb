/**
 * The monitoring page (issue 6): the loader's server function `monitoringPage` called directly (no HTTP), p50/p95
 * over every breakdown × period, after the roll-ups are up to date; the cost of bringing them up to date after
 * a burst of writes (dirty shops); and the page's JavaScript in Chromium.
 *
 *   npm run bench                                   demo county (from bench/run.ts)
 *   npx tsx bench/monitoring.ts --retailers 20000   a city: seeds 20,000 retailers × 16 weeks into os.tmpdir()
 *                                                   (minutes, a few GB), measures, deletes the file
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { connect } from '../db/connect';
import { migrateToLatest } from '../db/migrate';
import { seedDemo } from '../app/server/seed.server';
import { DIMENSIONS, PERIOD_KINDS } from '../app/domain/indicators';
import { shanghaiDayOf } from '../app/domain/time';
import { monitoringPage } from '../app/server/monitoring.server';
import { markRollupsDirty, refreshRollups } from '../app/server/rollups.server';
import { indicatorTargets } from '../app/server/indicator-targets.server';
import { monitoringRankings, structureBreakdowns } from '../app/server/monitoring-insights.server';
import { cycleDueForMeasure, measureCycle } from '../app/server/suggestions/accuracy.server';
import { percentile, type Figure } from './lib';
import { benchPageJs } from './page-js';

const ROUNDS = 5;

export async function benchMonitoring(databaseUrl: string, label: string, today?: string, measureCycles = 0): Promise<Figure[]> {
  const db = connect({ url: databaseUrl });
  try {
    const staff = await db.selectFrom('users').select('id').where('role', '=', 'staff').orderBy('id').executeTakeFirstOrThrow();
    const user = { userId: staff.id, role: 'staff' as const };
    const now = today ? new Date(`${today}T04:00:00.000Z`) : new Date();
    // 预测准确率 measured for the closed weeks (as the page queues it), so the page reads real forecast measures.
    for (let i = 0; i < measureCycles; i++) {
      const due = await cycleDueForMeasure(db, shanghaiDayOf(now));
      if (!due) break;
      const t0 = performance.now();
      await measureCycle(db, user, due.id, now);
      console.log(`» measured ${due.code} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
    await refreshRollups(db, shanghaiDayOf(now));
    const times: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (const dim of DIMENSIONS) {
        for (const period of PERIOD_KINDS) {
          const t0 = performance.now();
          await monitoringPage(db, user, { dim, period }, now);
          times.push(performance.now() - t0);
        }
      }
    }
    times.sort((a, b) => a - b);

    // The loader's whole database work since issue 17 item 5: the page, the targets, and stations and managers
    // ranked with 环比 and 同比 (the page's own figures read again by station and by manager, and a year earlier
    // where last year has figures). Then the sales structure, read only when staff ask for it (order lines).
    const full: number[] = [];
    const structure: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (const dim of DIMENSIONS) {
        for (const period of PERIOD_KINDS) {
          const t0 = performance.now();
          const query = { dim, period };
          const [page] = await Promise.all([monitoringPage(db, user, query, now, { refresh: false }), indicatorTargets(db, user)]);
          await monitoringRankings(db, user, query, page!, now);
          full.push(performance.now() - t0);
          if (dim === 'county') {
            const t1 = performance.now();
            await structureBreakdowns(db, user, page!.period);
            structure.push(performance.now() - t1);
          }
        }
      }
    }
    full.sort((a, b) => a - b);
    structure.sort((a, b) => a - b);

    // A burst of writes: 50 shops uploaded or ordered since the last read; the next read folds them in.
    const shops = await db.selectFrom('retailers').select('id').where('active', '=', 1).orderBy('id').limit(50).execute();
    const day = shanghaiDayOf(now);
    await db.transaction().execute(async (trx) => {
      for (const s of shops) await markRollupsDirty(trx, s.id, day);
    });
    const t0 = performance.now();
    await monitoringPage(db, user, { dim: 'station', period: 'day' }, now);
    const afterWrites = performance.now() - t0;

    return [
      { name: `monitoring page server time p50 (${label})`, value: percentile(times, 50), unit: 'ms' },
      { name: `monitoring page server time p95 (${label})`, value: percentile(times, 95), unit: 'ms', target: '< 200' },
      { name: `monitoring page with targets and rankings p50 (${label})`, value: percentile(full, 50), unit: 'ms' },
      { name: `monitoring page with targets and rankings p95 (${label})`, value: percentile(full, 95), unit: 'ms', target: '< 200' },
      { name: `sales structure on request p50 / max over day, week, month (${label})`, value: percentile(structure, 50), unit: 'ms' },
      { name: `sales structure on request max (${label})`, value: structure[structure.length - 1] ?? 0, unit: 'ms' },
      { name: `monitoring page right after 50 shops changed (${label})`, value: afterWrites, unit: 'ms' },
    ];
  } finally {
    await db.destroy();
  }
}

/** The monitoring page's JavaScript (the chart library loads after hydration and is counted). */
export async function benchMonitoringPageJs(origin: string): Promise<Figure> {
  const res = await fetch(`${origin}/auth/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
    body: new URLSearchParams({ username: 'staff01', password: 'Demo@2026' }),
  });
  const cookie = res.headers.get('set-cookie')?.split(';')[0];
  if (res.status !== 302 || !cookie) throw new Error(`staff sign-in failed: ${res.status}`);
  return benchPageJs(origin, cookie, '/staff', 'monitoring page JavaScript (with ECharts)', 'reported');
}

/** Seeds a county of `retailers` into a temporary SQLite file, measures, deletes it. */
async function benchCity(retailers: number, weeks: number, measureCycles: number) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'peihuo-bench-city-'));
  const url = path.join(dir, 'city.db');
  const figures: Figure[] = [];
  try {
    const db = connect({ url });
    await migrateToLatest(db);
    console.log(`» seeding ${retailers.toLocaleString('en-US')} retailers × ${weeks} weeks into ${url} (this takes minutes)…`);
    const summary = await seedDemo(db, { retailers, weeks });
    await db.destroy();
    figures.push({ name: `seed incl. roll-ups (${retailers} retailers, ${weeks} weeks)`, value: summary.elapsedMs / 1000, unit: 's' });
    figures.push({ name: `seed rows (${retailers} retailers)`, value: summary.totalRows, unit: 'rows' });
    figures.push({ name: `database file (${retailers} retailers)`, value: fs.statSync(url).size / 1024 / 1024, unit: 'MiB' });
    figures.push(...(await benchMonitoring(url, `${retailers.toLocaleString('en-US')} retailers`, summary.options.today, measureCycles)));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return figures;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // --measure N: measure the forecast accuracy of the N latest closed weeks first (each a county suggestion run).
  const { values } = parseArgs({ options: { retailers: { type: 'string' }, weeks: { type: 'string' }, measure: { type: 'string' } } });
  const figures = await benchCity(Number(values.retailers ?? 20_000), Number(values.weeks ?? 16), Number(values.measure ?? 0));
  // Printed only: bench/results/latest.json belongs to the full `npm run bench`.
  console.table(figures.map((f) => ({ ...f, value: Number(f.value.toFixed(1)) })));
}
