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

/**
 * `seededDb`: a SQLite file to keep the seeded county in — seeded on the first run, read as it is on the next
 * (a county of 300 retailers takes minutes to seed on a busy machine; the replay of it reads it only). The caller
 * names it per county and options: the file is not checked against them.
 */
export async function countyItems(county: County, options: { retailers: number; weeks: number; seededDb?: string | null }): Promise<ItemSource> {
  const keep = options.seededDb ?? null;
  const reuse = keep !== null && fs.existsSync(keep);
  const dir = keep === null ? fs.mkdtempSync(path.join(os.tmpdir(), 'peihuo-backtest-')) : null;
  const db = connect({ url: keep ?? path.join(dir!, `${county}.db`) });
  try {
    const started = performance.now();
    const seedOptions = seedOptionsFor(county, options);
    if (!reuse) {
      await migrateToLatest(db);
      await seedDemo(db, seedOptions);
    }
    const seededMs = performance.now() - started;
    const { items, county: loaded } = await loadCountyItems(db, seedOptions.today!, options.weeks);
    return {
      items,
      describe:
        `county "${county}": seed ${seedOptions.seed}, ${seedOptions.retailers} retailers, ${seedOptions.specs} specs, ${seedOptions.weeks} weeks to ${seedOptions.today} ` +
        `(${reuse ? `read from ${keep}` : `seeded in ${(seededMs / 1000).toFixed(1)} s`}); ${loaded.shopsUploadingDaily} daily-uploading shops, ${items.length} shop-specs (${loaded.skippedSpecs} skipped: new, discontinued or unsold); ${loaded.closedShopDays} shop-days read as closed (uploaded without a sale of any spec)`,
    };
  } finally {
    await db.destroy();
    if (dir !== null) fs.rmSync(dir, { recursive: true, force: true });
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
