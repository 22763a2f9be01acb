/**
 * Backtest of the sales-driven purchasing rule against baselines, on a freshly generated county.
 *
 *   npx tsx scripts/backtest.ts [--county demo|shapes] [--retailers 300] [--weeks 20] [--test-weeks 8] [--lead-days 1]
 *
 * 1. Seeds a county into a temp SQLite file (deleted afterwards), with no injected scan errors: the backtest
 *    judges the ordering decision, and a ×10 scan read as real demand would be a spike no policy could meet.
 * 2. Reads, for shops that uploaded sales every day of the window, each carried spec's daily POS sales, and
 *    rebuilds the shop's real shelf stock from its weekly counts, receipts and sales so that days the real shop
 *    was sold out are known: in the warm-up history they are `censored`, as the rule's wiring prescribes.
 * 3. Replays the last --test-weeks weeks for every policy (app/domain/backtest), the earlier weeks being the
 *    warm-up history; prints the comparison and the trade-off tables and the target check, and writes
 *    bench/results/backtest-<county>.json.
 *
 * Demand proxy: the recorded sales. On a test day the real shop was sold out, the true demand is unknown and
 * its recorded sales are only a lower bound; the same lower bound is used for every policy (their share is
 * printed). See app/domain/backtest/simulate.ts for the day's order of events and what is measured.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connect, type DB } from '../db/connect';
import { migrateToLatest } from '../db/migrate';
import { seedDemoCounty } from '../db/seed/write';
import type { SeedOptions } from '../db/seed/generate';
import {
  addMetrics,
  checkTarget,
  emptyMetrics,
  movingAveragePolicy,
  observedMeanPacks,
  reorderSoldPolicy,
  rulePolicy,
  simulateSeries,
  staticMinMaxPolicy,
  summarize,
  type Policy,
  type PolicySummary,
  type SeriesMetrics,
  type TargetCheck,
} from '../app/domain/backtest';
import type { SalesDay } from '../app/domain/replenishment/types';
import { resolveReplenishmentParams, type ReplenishmentParams } from '../app/domain/replenishment';
import { addDays, daysBetween, shanghaiDayOf } from '../app/domain/time';

type County = 'demo' | 'shapes';

interface Args {
  county: County;
  retailers: number;
  weeks: number;
  testWeeks: number;
  leadDays: number;
  /** The rule's roundDownThresholdCartons (0 = always round up). */
  roundDownCartons: number;
  /** Other rule parameters to try (`--param sesAlpha=0.2`), checked by resolveReplenishmentParams. */
  ruleParams: Partial<ReplenishmentParams>;
}

// Below 0.85 too, so the curve reaches down to B1's fill rate and the target can be read off without extrapolating.
const RULE_SERVICE_LEVELS = [0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 0.98] as const;
const MAIN_RULE_SERVICE_LEVEL = 0.95;
const B1_MULTIPLIERS = [1.0, 1.2, 1.5] as const;
/** Starting shelf for every policy: two weeks of the warm-up average (a typical shop's cover; see the seed's assortment). */
const INITIAL_STOCK_DAYS = 14;

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { county: 'demo', retailers: 300, weeks: 20, testWeeks: 8, leadDays: 1, roundDownCartons: 0, ruleParams: {} };
  for (let k = 0; k < argv.length; k += 2) {
    const [flag, value] = [argv[k], argv[k + 1]];
    if (value === undefined) throw new Error(`missing value for ${flag}`);
    const int = () => {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} needs a positive integer, got ${value}`);
      return n;
    };
    if (flag === '--county') {
      if (value !== 'demo' && value !== 'shapes') throw new Error(`--county is demo or shapes, got ${value}`);
      args.county = value;
    } else if (flag === '--retailers') args.retailers = int();
    else if (flag === '--weeks') args.weeks = int();
    else if (flag === '--test-weeks') args.testWeeks = int();
    else if (flag === '--lead-days') args.leadDays = int();
    else if (flag === '--round-down') {
      const n = Number(value);
      if (!(n >= 0 && n < 1)) throw new Error(`--round-down needs a number of cartons from 0 to below 1, got ${value}`);
      args.roundDownCartons = n;
    }
    else if (flag === '--param') {
      const [key, raw] = value.split('=');
      if (!key || raw === undefined) throw new Error(`--param needs name=value, got ${value}`);
      const parsed = raw === 'sba' || raw === 'tsb' ? raw : Number(raw);
      (args.ruleParams as Record<string, unknown>)[key] = parsed;
    }
    else throw new Error(`unknown option ${flag}`);
  }
  if (args.testWeeks >= args.weeks) throw new Error('--test-weeks must leave at least one week of warm-up (< --weeks)');
  return args;
}

/**
 * The two counties. The generator has no knob for demand shapes, so "shapes" differs by what it does expose:
 * another seed (other shops, assortments and popularity), twice the specs (the long tail of slow, intermittent
 * specs grows), and a `today` whose test window covers the Spring Festival (春节 2027-02-06): the gift surge of
 * the three weeks before, the holiday week, and the post-festival dip — when real shops run out most.
 */
function seedOptionsFor(args: Args): Partial<SeedOptions> {
  const common = { retailers: args.retailers, weeks: args.weeks, errorRatePerRetailerWeek: 0 };
  return args.county === 'demo'
    ? { ...common, seed: 20261123, specs: 60, today: '2026-11-24' }
    : { ...common, seed: 20270222, specs: 120, today: '2027-02-22' };
}

interface ShopSpecSeries {
  retailerId: number;
  specId: number;
  packsPerCarton: number;
  orderWeekday: number;
  warmupHistory: SalesDay[];
  demandPacks: number[];
  /** Test days on which the real shop was sold out (demand is a lower bound there). */
  lowerBoundDays: number;
  capCartonsOn: (orderDayIndex: number) => number | null;
}

interface LoadedCounty {
  series: ShopSpecSeries[];
  testFirstDay: string;
  windowFirstDay: string;
  shops: number;
  shopsUploadingDaily: number;
  skippedSpecs: number;
}

/** Per key, the values by day index (a dense array per retailer × spec). */
function dayArray(map: Map<string, number[]>, key: string, length: number): number[] {
  let values = map.get(key);
  if (!values) {
    values = new Array<number>(length).fill(0);
    map.set(key, values);
  }
  return values;
}

async function loadCounty(db: DB, today: string, testWeeks: number): Promise<LoadedCounty> {
  const windowEnd = addDays(today, -1);
  const salesUploads = await db
    .selectFrom('uploads')
    .where('kind', '=', 'sales')
    .select(['retailerId', (eb) => eb.fn.countAll<number>().as('days'), (eb) => eb.fn.min('businessDate').as('firstDay')])
    .groupBy('retailerId')
    .execute();
  const windowFirstDay = salesUploads.reduce((min, u) => (u.firstDay < min ? u.firstDay : min), windowEnd);
  const windowDays = daysBetween(windowFirstDay, windowEnd) + 1;
  const dailyShops = new Set(salesUploads.filter((u) => Number(u.days) === windowDays).map((u) => u.retailerId));
  const testFirstDay = addDays(today, -7 * testWeeks);
  const testOffset = daysBetween(windowFirstDay, testFirstDay);

  const retailers = (await db.selectFrom('retailers').select(['id', 'orderWeekday', 'grade']).execute()).filter((r) => dailyShops.has(r.id));
  const specs = new Map(
    (await db.selectFrom('specs').select(['id', 'packsPerCarton', 'isNew', 'isDiscontinued', 'isOrderable']).execute()).map((s) => [s.id, s])
  );
  const cycles = await db.selectFrom('orderCycles').select(['id', 'startsOn', 'endsOn']).execute();
  const caps = await db.selectFrom('caps').selectAll().execute();

  const sales = new Map<string, number[]>();
  for (const row of await db
    .selectFrom('posDailySales')
    .select(['retailerId', 'specId', 'salesDate', 'qtyPacks'])
    .where('salesDate', '>=', windowFirstDay)
    .where('salesDate', '<=', windowEnd)
    .execute()) {
    if (!dailyShops.has(row.retailerId)) continue;
    dayArray(sales, `${row.retailerId}:${row.specId}`, windowDays)[daysBetween(windowFirstDay, row.salesDate)]! += row.qtyPacks;
  }
  const receipts = new Map<string, number[]>();
  for (const row of await db.selectFrom('receipts').select(['retailerId', 'specId', 'receivedOn', 'qtyPacks']).execute()) {
    const t = daysBetween(windowFirstDay, row.receivedOn);
    if (!dailyShops.has(row.retailerId) || t < 0 || t >= windowDays) continue;
    dayArray(receipts, `${row.retailerId}:${row.specId}`, windowDays)[t]! += row.qtyPacks;
  }
  // Counts are taken on the order-day morning, before trade: the stock at the start of that day.
  const counts = new Map<string, Map<number, number>>();
  const countRows = await db
    .selectFrom('stockCountLines')
    .innerJoin('stockCounts', 'stockCounts.id', 'stockCountLines.stockCountId')
    .select(['stockCounts.retailerId', 'stockCountLines.specId', 'stockCounts.countedAt', 'stockCountLines.qtyPacks'])
    .execute();
  for (const row of countRows) {
    const t = daysBetween(windowFirstDay, shanghaiDayOf(row.countedAt));
    if (!dailyShops.has(row.retailerId) || t < 0 || t >= windowDays) continue;
    const key = `${row.retailerId}:${row.specId}`;
    if (!counts.has(key)) counts.set(key, new Map());
    counts.get(key)!.set(t, row.qtyPacks);
  }

  const capFor = (grade: number, specId: number, day: string): number | null => {
    const cycle = cycles.find((c) => c.startsOn <= day && day <= c.endsOn);
    if (!cycle) return null;
    const cap = caps.find((c) => c.cycleId === cycle.id && c.specId === specId && c.gradeFrom <= grade && grade <= c.gradeTo);
    return cap ? cap.capCartons : null;
  };

  const series: ShopSpecSeries[] = [];
  let skippedSpecs = 0;
  const retailerById = new Map(retailers.map((r) => [r.id, r]));
  // Every carried spec of a daily uploader is in its weekly counts, so the counts list the shop-specs.
  for (const [key, countByDay] of counts) {
    const [retailerPart, specPart] = key.split(':');
    const retailer = retailerById.get(Number(retailerPart));
    if (!retailer) continue;
    const specId = Number(specPart);
    const spec = specs.get(specId);
    const daySales = sales.get(key) ?? new Array<number>(windowDays).fill(0);
    // Ordinary specs the shop carried all along: new specs are adopted mid-window, discontinued ones stop.
    const carried = spec && spec.isNew === 0 && spec.isDiscontinued === 0 && spec.isOrderable === 1;
    const soldInWarmup = daySales.slice(0, testOffset).some((q) => q > 0);
    if (!carried || !soldInWarmup) {
      skippedSpecs++;
      continue;
    }
    const soldOut = realSoldOutDays(countByDay, receipts.get(key) ?? new Array<number>(windowDays).fill(0), daySales);
    const warmupHistory: SalesDay[] = [];
    for (let t = 0; t < testOffset; t++) {
      const day = addDays(windowFirstDay, t);
      warmupHistory.push(soldOut[t] ? { day, qtyPacks: daySales[t]!, censored: true } : { day, qtyPacks: daySales[t]! });
    }
    const capCache = new Map<number, number | null>();
    series.push({
      retailerId: retailer.id,
      specId,
      packsPerCarton: spec.packsPerCarton,
      orderWeekday: retailer.orderWeekday,
      warmupHistory,
      demandPacks: daySales.slice(testOffset),
      lowerBoundDays: soldOut.slice(testOffset).filter(Boolean).length,
      capCartonsOn: (i) => {
        if (!capCache.has(i)) capCache.set(i, capFor(retailer.grade, specId, addDays(testFirstDay, i)));
        return capCache.get(i)!;
      },
    });
  }
  return { series, testFirstDay, windowFirstDay, shops: salesUploads.length, shopsUploadingDaily: retailers.length, skippedSpecs };
}

/**
 * Days the real shop was sold out at closing, from its stock rebuilt around the counts:
 * start(t + 1) = start(t) + receipts(t) − sales(t), anchored on every count (start-of-day stock), and run
 * backwards from the first count for the days before it.
 */
function realSoldOutDays(countByDay: ReadonlyMap<number, number>, receipts: readonly number[], sales: readonly number[]): boolean[] {
  const length = sales.length;
  const start = new Array<number>(length + 1).fill(Number.NaN);
  const countDays = [...countByDay.keys()].sort((a, b) => a - b);
  const first = countDays[0];
  if (first === undefined) return new Array<boolean>(length).fill(false);
  start[first] = countByDay.get(first)!;
  for (let t = first - 1; t >= 0; t--) start[t] = start[t + 1]! - receipts[t]! + sales[t]!;
  for (let t = first; t < length; t++) {
    const counted = countByDay.get(t);
    if (counted !== undefined) start[t] = counted;
    start[t + 1] = start[t]! + receipts[t]! - sales[t]!;
  }
  return Array.from({ length }, (_, t) => start[t + 1]! <= 0);
}

function policiesToRun(args: Args): { main: Policy[]; ruleCurve: Policy[]; b1Curve: Policy[] } {
  // The rule's rounding setting (staff's roundDownThresholdCartons) is the one parameter varied from the command line.
  const ruleParams = resolveReplenishmentParams({ ...args.ruleParams, roundDownThresholdCartons: args.roundDownCartons });
  const ruleCurve = RULE_SERVICE_LEVELS.map((level) => rulePolicy(level, ruleParams));
  const b1Curve = B1_MULTIPLIERS.map((m) => movingAveragePolicy(m));
  const mainRule = ruleCurve[RULE_SERVICE_LEVELS.indexOf(MAIN_RULE_SERVICE_LEVEL)]!;
  return { main: [mainRule, reorderSoldPolicy(), b1Curve[0]!, staticMinMaxPolicy()], ruleCurve, b1Curve };
}

function runPolicy(policy: Policy, county: LoadedCounty, leadDays: number): PolicySummary {
  const total: SeriesMetrics = emptyMetrics();
  for (const s of county.series) {
    const initialOnHandPacks = Math.round(INITIAL_STOCK_DAYS * observedMeanPacks(s.warmupHistory, s.warmupHistory.length));
    const metrics = simulateSeries(
      {
        firstDay: county.testFirstDay,
        demandPacks: s.demandPacks,
        warmupHistory: s.warmupHistory,
        packsPerCarton: s.packsPerCarton,
        orderWeekday: s.orderWeekday,
        leadDays,
        capCartonsOn: s.capCartonsOn,
        initialOnHandPacks,
      },
      policy
    );
    addMetrics(total, metrics);
  }
  return summarize(policy.name, county.series.length, total);
}

const pct = (x: number | null) => (x === null ? '—' : `${(100 * x).toFixed(1)}%`);
const num = (x: number | null, digits = 1) => (x === null ? '—' : x.toFixed(digits));

function printSummaries(title: string, rows: readonly PolicySummary[]) {
  console.log(`\n${title}`);
  console.log('| policy | fill rate | cycle service | stock-out days | avg stock (packs) | days of cover | orders/week | cap binds |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of rows) {
    console.log(
      `| ${r.policy} | ${pct(r.fillRate)} | ${pct(r.cycleServiceLevel)} | ${pct(r.stockOutDayRate)} | ${num(r.averageStockPacks, 2)} | ${num(
        r.daysOfCover
      )} | ${num(r.ordersPerWeek, 2)} | ${pct(r.capBindingRate)} |`
    );
  }
}

function printTargets(checks: readonly TargetCheck[]) {
  console.log('\nTarget: the rule reaches B1’s fill rate with ≥ 10 % less average stock, or ≥ 2 points more fill rate at equal stock');
  console.log('| baseline | B1 fill | B1 stock | rule stock at B1 fill | stock saving | rule fill at B1 stock | fill gain | holds |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | :---: |');
  for (const c of checks) {
    const gain = c.fillGain === null ? '—' : `${(100 * c.fillGain).toFixed(2)} pts`;
    console.log(
      `| ${c.baseline} | ${pct(c.baselineFillRate)} | ${num(c.baselineStockPacks, 2)} | ${num(c.ruleStockAtBaselineFill, 2)} | ${pct(c.stockSaving)} | ${pct(
        c.ruleFillAtBaselineStock
      )} | ${gain} | ${c.holds ? 'yes' : 'no'} |`
    );
  }
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const options = seedOptionsFor(args);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'peihuo-backtest-'));
  const db = connect({ url: path.join(dir, `${args.county}.db`) });
  const startedAt = performance.now();
  try {
    await migrateToLatest(db);
    const seed = await seedDemoCounty(db, options);
    const seededAt = performance.now();
    const county = await loadCounty(db, seed.options.today, args.testWeeks);
    const loadedAt = performance.now();

    const { main: mainPolicies, ruleCurve, b1Curve } = policiesToRun(args);
    const cache = new Map<string, PolicySummary>();
    const run = (p: Policy) => {
      if (!cache.has(p.name)) cache.set(p.name, runPolicy(p, county, args.leadDays));
      return cache.get(p.name)!;
    };
    const comparison = mainPolicies.map(run);
    const ruleSummaries = ruleCurve.map(run);
    const b1Summaries = b1Curve.map(run);
    const simulatedAt = performance.now();

    const rulePoints = ruleSummaries.map((s) => ({ fillRate: s.fillRate, averageStockPacks: s.averageStockPacks }));
    const checks = b1Summaries.map((b1) => checkTarget(rulePoints, b1));
    const primary = checks[0]!;
    const lowerBoundDays = county.series.reduce((sum, s) => sum + s.lowerBoundDays, 0);
    const testDays = county.series.reduce((sum, s) => sum + s.demandPacks.length, 0);
    const timings = {
      seedMs: Math.round(seededAt - startedAt),
      loadMs: Math.round(loadedAt - seededAt),
      simulateMs: Math.round(simulatedAt - loadedAt),
      totalMs: Math.round(simulatedAt - startedAt),
    };

    console.log(
      `Backtest — county "${args.county}": seed ${seed.options.seed}, ${seed.options.retailers} retailers, ${seed.options.specs} specs, ${seed.options.weeks} weeks, today ${seed.options.today}`
    );
    console.log(
      `history ${county.windowFirstDay} … ${addDays(seed.options.today, -1)}; test ${county.testFirstDay} + ${args.testWeeks} weeks; lead ${
        args.leadDays
      } day(s); ` +
        `${county.shopsUploadingDaily} of ${county.shops} uploading shops upload daily; ${county.series.length} shop-specs (${county.skippedSpecs} skipped: new, discontinued or no warm-up sale)`
    );
    console.log(
      `test shop-spec-days where the real shop was sold out (demand = recorded sales, a lower bound): ${pct(lowerBoundDays / Math.max(1, testDays))}`
    );
    printSummaries(`Rule vs baselines (rule at service level ${MAIN_RULE_SERVICE_LEVEL})`, comparison);
    printSummaries('Trade-off points (fill rate against average stock)', [...ruleSummaries, ...b1Summaries, comparison[1]!, comparison[3]!]);
    printTargets(checks);
    console.log(`\nTarget vs B1 ×1.0: ${primary.holds ? 'HOLDS' : 'DOES NOT HOLD'}`);
    console.log(
      `time: seed ${(timings.seedMs / 1000).toFixed(1)} s, load ${(timings.loadMs / 1000).toFixed(1)} s, simulate ${(timings.simulateMs / 1000).toFixed(
        1
      )} s, total ${(timings.totalMs / 1000).toFixed(1)} s`
    );

    const out = path.join('bench', 'results', `backtest-${args.county}.json`);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    const result = {
      county: args.county,
      seedOptions: seed.options,
      testFirstDay: county.testFirstDay,
      testWeeks: args.testWeeks,
      leadDays: args.leadDays,
      shopSpecs: county.series.length,
      lowerBoundDayShare: lowerBoundDays / Math.max(1, testDays),
      comparison,
      tradeOff: { rule: ruleSummaries, b1: b1Summaries, b0: comparison[1], b2: comparison[3] },
      target: { primary, all: checks },
      timings,
    };
    fs.writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
    console.log(`wrote ${out}`);
  } finally {
    await db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
