/**
 * Where the replay's items come from, for `npm run backtest` and `npm run demand-shape`: a daily sales file, or
 * one of the two generated counties seeded into a temp SQLite file (deleted afterwards, no injected scan errors).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connect } from '../db/connect';
import { migrateToLatest } from '../db/migrate';
import type { SeedOptions } from '../db/seed/generate';
import { itemsFromRows, type ReplayItem } from '../app/domain/backtest';
import { parseDailyRowsCsv, parseTradingDays, readMaybeGzipText } from '../app/server/backtest-history.server';
import { loadCountyItems } from '../app/server/backtest.server';
import { seedDemo } from '../app/server/seed.server';

export type County = 'demo' | 'shapes';

export interface ItemSource {
  items: ReplayItem[];
  describe: string;
}

/**
 * The two counties. "shapes" is another seed with twice the specs (a longer tail of slow, intermittent specs)
 * and a `today` whose last weeks cover the Spring Festival (春节 2027-02-06): the gift surge, the holiday
 * week and the dip after it.
 */
export function seedOptionsFor(county: County, options: { retailers: number; weeks: number }): Partial<SeedOptions> {
  const common = { retailers: options.retailers, weeks: options.weeks, errorRatePerRetailerWeek: 0 };
  return county === 'demo'
    ? { ...common, seed: 20261123, specs: 60, today: '2026-11-24' }
    : { ...common, seed: 20270222, specs: 120, today: '2027-02-22' };
}

export async function countyItems(county: County, options: { retailers: number; weeks: number }): Promise<ItemSource> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'peihuo-backtest-'));
  const db = connect({ url: path.join(dir, `${county}.db`) });
  try {
    await migrateToLatest(db);
    const started = performance.now();
    const seed = await seedDemo(db, seedOptionsFor(county, options));
    const seededMs = performance.now() - started;
    const { items, county: loaded } = await loadCountyItems(db, seed.options.today, options.weeks);
    return {
      items,
      describe:
        `county "${county}": seed ${seed.options.seed}, ${seed.options.retailers} retailers, ${seed.options.specs} specs, ${seed.options.weeks} weeks to ${seed.options.today} ` +
        `(seeded in ${(seededMs / 1000).toFixed(1)} s); ${loaded.shopsUploadingDaily} daily-uploading shops, ${items.length} shop-specs (${loaded.skippedSpecs} skipped: new, discontinued or unsold); ${loaded.closedShopDays} shop-days read as closed (uploaded without a sale of any spec)`,
    };
  } finally {
    await db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function fileItems(data: string, tradingDaysFile: string | null): ItemSource {
  const rows = parseDailyRowsCsv(readMaybeGzipText(data));
  const tradingDays = tradingDaysFile === null ? null : parseTradingDays(readMaybeGzipText(tradingDaysFile));
  const built = itemsFromRows(rows, tradingDays);
  if (built.refusedRows > 0) console.warn(`${built.refusedRows} rows refused, e.g. ${built.refusedExamples.join('; ')}`);
  if (built.salesOnClosedDays > 0) console.warn(`${built.salesOnClosedDays} item-days with sales on a day the trading-day list says was closed (read as closed)`);
  const closedDays = built.items.length > 0 ? built.items[0]!.closed.reduce((n, c) => n + c, 0) : 0;
  return {
    items: built.items,
    describe: `${path.basename(data)}: ${rows.length} rows, ${built.items.length} items, ${built.firstDay} … ${built.lastDay}${
      tradingDays ? `, ${tradingDays.size} trading days` : ''
    } (the first item has ${closedDays} closed days; ${built.emptyDaysClosed} days without a sale of any item read as closed)`,
  };
}
