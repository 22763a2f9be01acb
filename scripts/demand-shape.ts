/**
 * The shape of a daily demand history, for comparing the generated counties with real shops' sales
 * (app/domain/backtest/shape.ts says what each figure is):
 *
 *   npm run demand-shape -- --data <file.csv|file.csv.gz> [--trading-days <file>] [--json out.json]
 *   npm run demand-shape -- --county demo|shapes [--retailers 300] [--weeks 26] [--json out.json]
 *
 * The items are the replay's (`npm run backtest` with the same flags): a file is one shop; a county's items are the
 * carried ordinary specs of its daily-uploading shops over the last `weeks` weeks.
 */
import fs from 'node:fs';
import { demandShape, SHAPE_CLASSES, type DemandShape } from '../app/domain/backtest/shape';
import { countyItems, fileItems, type County } from './replay-sources';

interface Args {
  data: string | null;
  tradingDays: string | null;
  county: County | null;
  retailers: number;
  weeks: number;
  json: string | null;
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { data: null, tradingDays: null, county: null, retailers: 300, weeks: 26, json: null };
  for (let k = 0; k < argv.length; k++) {
    const flag = argv[k]!;
    if (flag === '--') continue;
    const value = argv[++k];
    if (value === undefined) throw new Error(`missing value for ${flag}`);
    const int = () => {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} needs a positive integer, got ${value}`);
      return n;
    };
    if (flag === '--data') args.data = value;
    else if (flag === '--trading-days') args.tradingDays = value;
    else if (flag === '--county') {
      if (value !== 'demo' && value !== 'shapes') throw new Error(`--county is demo or shapes, got ${value}`);
      args.county = value;
    } else if (flag === '--retailers') args.retailers = int();
    else if (flag === '--weeks') args.weeks = int();
    else if (flag === '--json') args.json = value;
    else throw new Error(`unknown option ${flag}`);
  }
  if ((args.data === null) === (args.county === null)) throw new Error('give either --data <file> or --county demo|shapes');
  return args;
}

const pct = (x: number | null, digits = 1) => (x === null ? '—' : `${(100 * x).toFixed(digits)} %`);
const num = (x: number | null, digits = 2) => (x === null ? '—' : x.toFixed(digits));

export function printShape(shape: DemandShape) {
  const rows: [string, string][] = [
    ['items (shops)', `${shape.items} (${shape.shops})`],
    ['zero item-days (open days)', pct(shape.zeroShare)],
    ['weekday index Mon…Sun (pooled)', shape.weekdayIndex.map((v) => (v === null ? 'closed' : v.toFixed(2))).join(' ')],
    ['weekday spread, pooled (max − min)', num(shape.weekdaySpread)],
    ['weekday spread, median shop', num(shape.shopWeekdaySpreadMedian)],
    ['falls ≥ ½ that stay, per item-year', `${num(shape.fallsPerItemYear, 3)} (items with one: ${pct(shape.itemsWithFallShare)}; ${shape.changeItemYearsJudged.toFixed(0)} item-years judged)`],
    ['rises ≥ 2× that stay, per item-year', num(shape.risesPerItemYear, 3)],
    ['same, days shuffled (noise floor): falls / rises', `${num(shape.shuffledFallsPerItemYear, 3)} / ${num(shape.shuffledRisesPerItemYear, 3)}`],
    ['stops for good, per item-year', `${num(shape.stopsPerItemYear, 3)} (${pct(shape.stoppedShare)} of the items that sold often enough to tell; ${shape.stopItemYears.toFixed(0)} item-years)`],
    ['closed days (nothing sold), mean shop', `${pct(shape.closedDayShare, 2)} (median shop ${pct(shape.closedDayShareMedian, 2)}; not on a weekly closed weekday ${pct(shape.otherClosedDayShare, 2)})`],
    ['shops with a weekly closed day', pct(shape.shopsWithClosedWeekday)],
    ['class mix', SHAPE_CLASSES.map((c) => `${c} ${pct(shape.classMix[c])}`).join(', ')],
    ['median daily CV by class', SHAPE_CLASSES.map((c) => `${c} ${num(shape.cvByClass[c])}`).join(', ') + `; all ${num(shape.cvMedian)}`],
  ];
  console.log('| figure | value |');
  console.log('| --- | --- |');
  for (const [k, v] of rows) console.log(`| ${k} | ${v} |`);
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const source = args.county ? await countyItems(args.county, args) : fileItems(args.data!, args.tradingDays);
  console.log(`Demand shape — ${source.describe}\n`);
  const shopOf = args.county ? (item: { id: string }) => item.id.split(':')[0]! : () => 'shop';
  const shape = demandShape(source.items, shopOf);
  printShape(shape);
  if (args.json) {
    fs.writeFileSync(args.json, `${JSON.stringify({ source: source.describe, ...shape }, null, 2)}\n`);
    console.log(`wrote ${args.json}`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
