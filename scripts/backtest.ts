/**
 * Backtest of the sales-driven purchasing rule against baselines, on a freshly generated county.
 *
 *   npx tsx scripts/backtest.ts [--county demo|shapes] [--retailers 300] [--weeks 20] [--test-weeks 8] [--lead-days 1]
 *
 * 1. Seeds a county into a temp SQLite file (deleted afterwards), with no injected scan errors: the backtest
 *    judges the ordering decision, and a ×10 scan read as real demand would be a spike no policy could meet.
 * 2. Runs app/server/backtest.server.ts on it (the same code as the staff page, on every daily-uploading
 *    shop): the last --test-weeks weeks replayed for every policy, the earlier weeks being the warm-up history.
 * 3. Prints the comparison and the trade-off tables and the target check, and writes
 *    bench/results/backtest-<county>.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connect } from '../db/connect';
import { migrateToLatest } from '../db/migrate';
import { seedDemoCounty } from '../db/seed/write';
import type { SeedOptions } from '../db/seed/generate';
import type { PolicySummary, TargetCheck } from '../app/domain/backtest';
import type { ReplenishmentParams } from '../app/domain/replenishment';
import { addDays } from '../app/domain/time';
import { MAIN_RULE_SERVICE_LEVEL, runBacktest } from '../app/server/backtest.server';

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
    const result = await runBacktest(db, {
      today: seed.options.today,
      testWeeks: args.testWeeks,
      leadDays: args.leadDays,
      ruleParams: { ...args.ruleParams, roundDownThresholdCartons: args.roundDownCartons },
    });
    const simulatedAt = performance.now();
    const { comparison, targets: checks } = result;
    const primary = checks[0]!;
    const timings = {
      seedMs: Math.round(seededAt - startedAt),
      loadMs: result.timings.loadMs,
      simulateMs: result.timings.simulateMs,
      totalMs: Math.round(simulatedAt - startedAt),
    };

    console.log(
      `Backtest — county "${args.county}": seed ${seed.options.seed}, ${seed.options.retailers} retailers, ${seed.options.specs} specs, ${seed.options.weeks} weeks, today ${seed.options.today}`
    );
    console.log(
      `history ${result.windowFirstDay} … ${addDays(seed.options.today, -1)}; test ${result.testFirstDay} + ${args.testWeeks} weeks; lead ${
        args.leadDays
      } day(s); ` +
        `${result.shopsUploadingDaily} of ${result.shops} uploading shops upload daily; ${result.shopSpecs} shop-specs (${result.skippedSpecs} skipped: new, discontinued or no warm-up sale)`
    );
    console.log(
      `test shop-spec-days where the real shop was sold out (demand = recorded sales, a lower bound): ${pct(result.lowerBoundDayShare)}`
    );
    printSummaries(`Rule vs baselines (rule at service level ${MAIN_RULE_SERVICE_LEVEL})`, comparison);
    printSummaries('Trade-off points (fill rate against average stock)', [...result.tradeOff.rule, ...result.tradeOff.b1, result.tradeOff.b0, result.tradeOff.b2]);
    printTargets(checks);
    console.log(`\nTarget vs B1 ×1.0: ${primary.holds ? 'HOLDS' : 'DOES NOT HOLD'}`);
    console.log(
      `time: seed ${(timings.seedMs / 1000).toFixed(1)} s, load ${(timings.loadMs / 1000).toFixed(1)} s, simulate ${(timings.simulateMs / 1000).toFixed(
        1
      )} s, total ${(timings.totalMs / 1000).toFixed(1)} s`
    );

    const out = path.join('bench', 'results', `backtest-${args.county}.json`);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    const saved = { county: args.county, seedOptions: seed.options, ...result, target: { primary, all: checks }, timings };
    fs.writeFileSync(out, `${JSON.stringify(saved, null, 2)}\n`);
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
