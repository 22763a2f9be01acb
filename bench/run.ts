/**
 * `npm run bench`: the figures the issues name, measured on this machine against the production build on
 * loopback, printed as a table and written to bench/results/latest.json. Builds first.
 *   npm run bench                       default county (1,500 retailers, 120 specs, 16 weeks)
 *   npm run bench -- --retailers 300    a smaller county, for a quick look
 *   npm run bench -- --parts submit     only some parts of the default run: signin, submit (the order submit, the bare
 *                                       ceiling beside it, page JavaScript, the POS API day, uploads under load),
 *                                       overload (open-loop submits at 1×, 2×, 3× capacity), ingest, suggestions,
 *                                       monitoring, route-board, master-data, supervision, grading, allocation, domain (the rule and the
 *                                       data-quality checks for one shop, no database); comma-separated
 *   npm run bench -- --scale city       20,000 retailers × 200 specs × 16 weeks on SQLite and PostgreSQL (bench/city.ts);
 *                                       --only sqlite|postgres, --parts submit,suggestions,monitoring to measure less;
 *                                       --keep-db DIR seeds once into DIR (city.db, and a PostgreSQL database named
 *                                       after DIR) and reuses it on the next run instead of seeding again
 */
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { connect } from '../db/connect';
import { migrateToLatest } from '../db/migrate';
import { seedDemo } from '../app/server/seed.server';
import { ensureChromium } from '../scripts/ensure-chromium.mjs';
import { benchAllocation } from './allocation';
import { benchBareCeiling } from './bare-ceiling';
import { benchCity } from './city';
import { benchDomain } from './domain';
import { benchGrading } from './grading';
import { benchMasterData } from './master-data';
import { benchMonitoring, benchMonitoringPageJs } from './monitoring';
import { machineLoad, printAndSave, processCpuMs, startServer, stopServer, type Figure } from './lib';
import { benchOverload } from './overload';
import { benchOrderSubmit, prepareShoppers } from './order-submit';
import { benchPageJs } from './page-js';
import { benchRouteBoard } from './route-board';
import { benchSignIn } from './sign-in';
import { benchSuggestions } from './suggestions';
import { benchSupervision } from './supervision';
import { benchApiDay, benchFileIngest, benchWriteStage } from './uploads';
import { benchUploadsUnderLoad } from './upload-load';

const { values } = parseArgs({
  options: {
    retailers: { type: 'string' },
    seconds: { type: 'string' },
    scale: { type: 'string' },
    specs: { type: 'string' },
    weeks: { type: 'string' },
    only: { type: 'string' },
    parts: { type: 'string' },
    'keep-db': { type: 'string' },
  },
});
const retailers = values.retailers ? Number(values.retailers) : undefined;
const seconds = Number(values.seconds ?? 10);

// Always build: a stale build/ would measure yesterday's code.
execSync('npx remix vite:build', { stdio: 'ignore' });

if (values.scale === 'city') {
  // The city run is its own set of figures (SQLite and PostgreSQL side by side); see bench/city.ts.
  const only = values.only;
  if (only !== undefined && only !== 'sqlite' && only !== 'postgres') throw new Error(`--only is sqlite or postgres, got ${only}`);
  printAndSave(
    await benchCity({
      retailers: retailers ?? 20_000,
      specs: Number(values.specs ?? 200),
      weeks: Number(values.weeks ?? 16),
      seconds,
      dialects: only ? [only] : ['sqlite', 'postgres'],
      parts: values.parts ? (values.parts.split(',') as Array<'submit' | 'suggestions' | 'monitoring'>) : undefined,
      keepDb: values['keep-db'],
    }),
    'city.json',
  );
  process.exit(0);
} else if (values.scale !== undefined) {
  throw new Error(`--scale is city, got ${values.scale}`);
}

const parts = values.parts?.split(',');
const wants = (part: string) => !parts || parts.includes(part);
// The page-JavaScript figures load pages in Chromium: install it first rather than fail after the submit runs.
if (wants('submit') && !ensureChromium()) process.exit(1);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'peihuo-bench-'));
const databaseUrl = path.join(dir, 'bench.db');
const figures: Figure[] = [];

console.log('» seeding the demo county into a fresh SQLite file…');
{
  const db = connect({ url: databaseUrl });
  await migrateToLatest(db);
  const summary = await seedDemo(db, retailers ? { retailers } : {});
  await db.destroy();
  figures.push({ name: `demo seed (${summary.options.retailers} retailers, SQLite)`, value: summary.elapsedMs / 1000, unit: 's', target: '< 30 (1,500 retailers)' });
  figures.push({ name: 'demo seed rows', value: summary.totalRows, unit: 'rows' });
}

if (wants('signin')) {
  console.log('» sign-in under load…');
  figures.push(...(await benchSignIn(databaseUrl, { connections: 10, seconds, port: 3390 })));
}

if (wants('submit') || wants('overload')) {
  console.log('» order submit under load (50 retailers at once)…');
  const port = 3391;
  const origin = `http://127.0.0.1:${port}`;
  const server = await startServer({ DATABASE_URL: databaseUrl, SESSION_SECRET: 'bench-'.padEnd(40, 'x') }, port);
  try {
    const shoppers = await prepareShoppers(databaseUrl, origin, 50);
    figures.push(machineLoad('before the order submit'));
    const cpuBefore = processCpuMs(server.pid!);
    const submit = await benchOrderSubmit(origin, shoppers, seconds);
    const submitted = submit.find((f) => f.name === 'order submit throughput')!.value * seconds;
    figures.push(...submit, { name: 'server CPU per submit (all its threads)', value: (processCpuMs(server.pid!) - cpuBefore) / submitted, unit: 'ms' });
    console.log('» the bare ceiling beside it: node:http + one SQLite insert, the same load…');
    figures.push(...(await benchBareCeiling(seconds)));
    figures.push(machineLoad('after the bare ceiling'));
    if (wants('submit')) {
      figures.push(await benchPageJs(origin, shoppers[0]!.cookie, '/retailer/order', 'order page JavaScript', '≤ 150'));
      console.log('» POS API: one shop’s day of 300 lines…');
      figures.push(...(await benchApiDay(databaseUrl, origin)));
    }
    if (wants('overload')) {
      console.log('» overload: open-loop submits at 1×, 2× and 3× the capacity just measured…');
      const capacity = submit.find((f) => f.name === 'order submit throughput')!.value;
      figures.push(...(await benchOverload({ databaseUrl, origin, shoppers, capacity, seconds })));
    }
    if (wants('submit')) {
      // After the overload levels, not before: the server spends seconds after a 200,000-row upload storing its
      // staged table and collecting its garbage, which made the 1× level measure that instead (2026-12-07 evening).
      console.log('» order submit while a 200,000-row file and a zip bomb are uploaded…');
      figures.push(...(await benchUploadsUnderLoad({ databaseUrl, origin, serverPid: server.pid!, seconds, format: 'csv' })));
    }
    if (wants('submit')) figures.push(await benchMonitoringPageJs(origin));
  } finally {
    await stopServer(server);
  }
}

if (wants('ingest')) {
  console.log('» bulk file ingest…');
  figures.push(...(await benchFileIngest(databaseUrl)));
  figures.push(...(await benchWriteStage(databaseUrl)));
}
if (wants('suggestions')) {
  console.log('» suggestions…');
  figures.push(...(await benchSuggestions(databaseUrl)));
}
if (wants('monitoring')) {
  console.log('» monitoring page (20,000 retailers: npx tsx bench/monitoring.ts)…');
  figures.push(...(await benchMonitoring(databaseUrl, 'demo county')));
}
if (wants('route-board')) {
  console.log('» route board…');
  figures.push(...(await benchRouteBoard(databaseUrl)));
}
if (wants('master-data')) {
  console.log('» master data import and sign-ins…');
  figures.push(...(await benchMasterData(databaseUrl)));
}
if (wants('domain')) {
  console.log('» the rule and the data-quality checks for one shop (pure domain)…');
  figures.push(...benchDomain());
}
if (wants('supervision')) {
  console.log('» market supervision list and demand estimates (the jobs) and the page’s read…');
  figures.push(...(await benchSupervision(databaseUrl, 'demo county')));
}
if (wants('grading')) {
  console.log('» grade proposal at 20,000 shops…');
  figures.push(...(await benchGrading()));
}
if (wants('allocation')) {
  console.log('» allocation run at 20,000 retailers…');
  figures.push(...(await benchAllocation()));
}

fs.rmSync(dir, { recursive: true, force: true });
printAndSave(figures);
