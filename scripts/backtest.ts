/**
 * Replay of the sales-driven purchasing rule against baselines, on any daily sales history or a generated county.
 *
 *   npm run backtest -- --data <file.csv|file.csv.gz> [--trading-days <file>] [--packs-per-carton N] [--lead-days N] [--json <out.json>]
 *   npm run backtest -- --county demo|shapes [--retailers 300] [--weeks 26] [--packs-per-carton N] [--lead-days N] [--json <out.json>]
 *   (--packs-per-carton 1,10 --lead-days 1,2 replays the four combinations on the same items: one seed, one read)
 *   npm run backtest -- --supply [--county demo|shapes] [--retailers 300] [--cycles 8] [--floor 1]   (issue 18: the
 *     county's scarce specs shared 按档位 and 按需 with the same supply; scripts/supply-replay.ts)
 *
 * Other options: --sample N (an even spread of N items, for a quick look), --levels 0.5,0.9 (the rule's service
 * levels), --weekdays 1,4 (order weekdays; all seven by default), --param name=value (a rule parameter, checked
 * by resolveReplenishmentParams), --quiet (no progress), --seeded-db <file> (a county: seed it into that file
 * once and read it from there on the next runs).
 *
 * The file is `date,item,units` (one row per item and day with sales; `is_closed` 1 marks a closed day); a
 * trading day without a row is a zero, a day missing from --trading-days is a closed day (censored). A county is
 * seeded into a temp SQLite file (deleted afterwards, no injected scan errors) and its shop × spec histories
 * become the items. Both go through app/domain/backtest/replay.ts: every item on all seven order weekdays,
 * warm-up the first 8 weeks, no cap; the rule at a sweep of service levels, B0, B1 ×0.8–2.0, B2.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  replayItems,
  REPLAY_SERVICE_LEVELS,
  sampleItems,
  type PolicySummary,
  type ReplayFigures,
  type ReplayResult,
} from '../app/domain/backtest';
import { resolveReplenishmentParams, type ReplenishmentParams } from '../app/domain/replenishment';
import { countyItems, fileItems, type County } from './replay-sources';
import { supplyReplayMain } from './supply-replay';

interface Args {
  data: string | null;
  tradingDays: string | null;
  county: County | null;
  retailers: number;
  weeks: number;
  /** One replay per value (a comma list replays each combination on the same items: one seed for a county). */
  packsPerCarton: number[] | null;
  leadDays: number[];
  json: string | null;
  sample: number | null;
  levels: number[] | null;
  weekdays: number[] | null;
  quiet: boolean;
  ruleParams: Partial<ReplenishmentParams>;
  /** --seeded-db <file>: keep the seeded county there, and read it on the next run (replay-sources.ts). */
  seededDb: string | null;
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = {
    data: null,
    tradingDays: null,
    county: null,
    retailers: 300,
    weeks: 26,
    packsPerCarton: null,
    leadDays: [1],
    json: null,
    sample: null,
    levels: null,
    weekdays: null,
    quiet: false,
    ruleParams: {},
    seededDb: null,
  };
  for (let k = 0; k < argv.length; k++) {
    const flag = argv[k]!;
    if (flag === '--') continue;
    if (flag === '--quiet') {
      args.quiet = true;
      continue;
    }
    const value = argv[++k];
    if (value === undefined) throw new Error(`missing value for ${flag}`);
    const int = () => {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} needs a positive integer, got ${value}`);
      return n;
    };
    const list = () => value.split(',').map((v) => Number(v));
    const positiveList = () => {
      const values = list();
      if (values.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`${flag} needs positive integers (a comma list for several runs), got ${value}`);
      return values;
    };
    if (flag === '--data') args.data = value;
    else if (flag === '--trading-days') args.tradingDays = value;
    else if (flag === '--county') {
      if (value !== 'demo' && value !== 'shapes') throw new Error(`--county is demo or shapes, got ${value}`);
      args.county = value;
    } else if (flag === '--retailers') args.retailers = int();
    else if (flag === '--weeks') args.weeks = int();
    else if (flag === '--packs-per-carton') args.packsPerCarton = positiveList();
    else if (flag === '--lead-days') args.leadDays = positiveList();
    else if (flag === '--json') args.json = value;
    else if (flag === '--seeded-db') args.seededDb = value;
    else if (flag === '--sample') args.sample = int();
    else if (flag === '--levels') {
      args.levels = list();
      if (args.levels.some((l) => !(l > 0 && l < 1))) throw new Error(`--levels are service levels in (0, 1), got ${value}`);
    } else if (flag === '--weekdays') {
      args.weekdays = list();
      if (args.weekdays.some((w) => !(Number.isInteger(w) && w >= 1 && w <= 7))) throw new Error(`--weekdays are ISO weekdays 1–7, got ${value}`);
    } else if (flag === '--param') {
      const [key, raw] = value.split('=');
      if (!key || raw === undefined) throw new Error(`--param needs name=value, got ${value}`);
      const parsed = raw === 'true' ? true : raw === 'false' ? false : /^[a-z_]+$/.test(raw) ? raw : Number(raw);
      (args.ruleParams as Record<string, unknown>)[key] = parsed;
    } else throw new Error(`unknown option ${flag}`);
  }
  if ((args.data === null) === (args.county === null)) throw new Error('give either --data <file> or --county demo|shapes');
  if (args.tradingDays !== null && args.data === null) throw new Error('--trading-days goes with --data');
  return args;
}

const pct = (x: number | null, digits = 1) => (x === null ? '—' : `${(100 * x).toFixed(digits)}%`);
const num = (x: number | null, digits = 1) => (x === null || x === undefined ? '—' : x.toFixed(digits));

function printCurve(rows: readonly PolicySummary[]) {
  console.log('| policy | fill rate | cycle service | stock-out days | avg stock (units) | days of cover | orders/week |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of rows) {
    console.log(
      `| ${r.policy} | ${pct(r.fillRate, 2)} | ${pct(r.cycleServiceLevel)} | ${pct(r.stockOutDayRate)} | ${num(r.averageStockPacks, 2)} | ${num(r.daysOfCover)} | ${num(
        r.ordersPerWeek,
        2,
      )} |`,
    );
  }
}

function headlineRow(label: string, f: ReplayFigures): string {
  const b1 = f.target;
  const h = f.headline;
  const wapeRatio = h.wapeRule !== null && h.wapeMa28 ? h.wapeRule / h.wapeMa28 : null;
  return `| ${label} | ${f.items} | ${b1 ? pct(b1.baselineFillRate) : '—'} | ${b1 ? num(b1.baselineStockPacks, 2) : '—'} | ${num(h.stockSavingPct)} % | ${num(
    h.fillGainPts,
    2,
  )} | ${num(h.wapeRule)} % | ${num(h.wapeMa28)} % | ${num(wapeRatio, 3)} | ${num(f.forecast.biasRule)} % | ${num(f.forecast.biasMa28)} % |`;
}

function printResult(result: ReplayResult) {
  printCurve([...result.rule, ...result.b1, result.b0, result.b2]);
  console.log('\nHeadline against B1 ×1.0 (stock saving at B1’s fill; fill gain at B1’s stock) and forecast error of the protection-period sum');
  console.log('| items | n | B1 fill | B1 stock | stock saving | fill gain (pts) | WAPE rule | WAPE MA28 | ratio | bias rule | bias MA28 |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  console.log(headlineRow('all', result));
  for (const [demandClass, figures] of Object.entries(result.byClass)) console.log(headlineRow(demandClass, figures));
  const h = result.headline;
  const stockOrFill = (h.stockSavingPct !== null && h.stockSavingPct >= 10) || (h.fillGainPts !== null && h.fillGainPts >= 2);
  const wape = h.wapeRule !== null && h.wapeMa28 !== null && h.wapeRule <= 0.95 * h.wapeMa28;
  const classes = Object.values(result.byClass).every((f) => f.headline.stockSavingPct === null || f.headline.stockSavingPct >= -2);
  console.log(
    `\nTargets: WAPE ≤ 0.95 × MA28: ${wape ? 'yes' : 'NO'}; ≥ 10 % stock or ≥ 2 pts fill vs B1 ×1.0: ${stockOrFill ? 'yes' : 'NO'}; no class > 2 % worse: ${
      classes ? 'yes' : 'NO'
    }`,
  );
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const ruleParams = resolveReplenishmentParams(args.ruleParams);
  const source = args.county ? await countyItems(args.county, args) : fileItems(args.data!, args.tradingDays);
  const items = sampleItems(source.items, args.sample);
  console.log(`Replay — ${source.describe}`);
  const runs: Array<ReplayResult & { seconds: number }> = [];
  for (const packsPerCarton of args.packsPerCarton ?? [null]) {
    for (const leadDays of args.leadDays) {
      console.log(
        `\n${items.length} items replayed${args.sample ? ` (an even sample of ${source.items.length})` : ''}; lead ${leadDays} day(s); ${
          packsPerCarton === null ? (args.county ? "the specs' own units per carton" : '10 units per carton') : `${packsPerCarton} units per carton`
        }; order weekdays ${args.weekdays?.join(',') ?? 'all seven'}; warm-up 8 weeks; no cap`,
      );
      const started = performance.now();
      let lastReport = started;
      const result = replayItems(items, {
        leadDays,
        packsPerCarton: packsPerCarton ?? (args.county ? null : 10),
        ruleParams,
        serviceLevels: args.levels ?? REPLAY_SERVICE_LEVELS,
        orderWeekdays: args.weekdays ?? undefined,
        onItem: (done, total) => {
          const now = performance.now();
          if (!args.quiet && now - lastReport > 10_000) {
            lastReport = now;
            console.error(`… ${done} of ${total} items (${((now - started) / 1000).toFixed(0)} s)`);
          }
        },
      });
      const seconds = (performance.now() - started) / 1000;
      console.log(`${result.skippedItems} items skipped (fewer than 4 weeks after the warm-up); replayed in ${seconds.toFixed(1)} s\n`);
      printResult(result);
      runs.push({ ...result, seconds });
    }
  }
  if (args.json) {
    fs.mkdirSync(path.dirname(path.resolve(args.json)), { recursive: true });
    // One run: its figures at the top level, as before; several: a list of them.
    const body = runs.length === 1 ? runs[0]! : { runs };
    const saved = { source: source.describe, args: { ...args, json: undefined }, ruleParams, ...body };
    fs.writeFileSync(args.json, `${JSON.stringify(saved, null, 2)}\n`);
    console.log(`wrote ${args.json}`);
  }
}

// --supply replays supply methods instead of the rule (its own options follow).
const argv = process.argv.slice(2);
(argv.includes('--supply') ? supplyReplayMain(argv.filter((a) => a !== '--supply')) : main()).catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
