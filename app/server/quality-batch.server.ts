/** Re-runs the data-quality checks for every shop that sent data lately (after a seed, or nightly). */
import { addDays, shanghaiDayOf } from '~/domain/time';
import type { DB } from './db.server';
import { refreshQualityIssues } from './quality.server';

export async function refreshAllShops(db: DB, now = new Date()): Promise<{ shops: number; openIssues: number; elapsedMs: number }> {
  const started = performance.now();
  const since = addDays(shanghaiDayOf(now), -28);
  const shops = await db.selectFrom('uploads').select('retailerId').distinct().where('businessDate', '>=', since).where('kind', '=', 'sales').execute();
  let openIssues = 0;
  for (const { retailerId } of shops) {
    // One transaction per shop keeps each short (SQLite has one writer) and a failure local to that shop.
    openIssues += await db.transaction().execute((trx) => refreshQualityIssues(trx, retailerId, now));
  }
  return { shops: shops.length, openIssues, elapsedMs: performance.now() - started };
}
