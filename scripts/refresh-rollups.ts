/**
 * `tsx scripts/refresh-rollups.ts [--today YYYY-MM-DD] [--full]`: brings the monitoring roll-ups of DATABASE_URL
 * up to today (the page does this by itself; this is for after a bulk load or a manual data fix). --full
 * rebuilds every day from the first order cycle.
 */
import { parseArgs } from 'node:util';
import { connect } from '../db/connect';
import { migrateToLatest } from '../db/migrate';
import { FIRST_BUILD_DAYS, rebuildRollups, refreshRollups } from '../app/server/rollups.server';
import { addDays, shanghaiDayOf } from '../app/domain/time';

const { values } = parseArgs({ options: { today: { type: 'string' }, full: { type: 'boolean', default: false } } });
const today = values.today ?? shanghaiDayOf(new Date());
const db = connect({ url: process.env.DATABASE_URL });
try {
  await migrateToLatest(db);
  const t0 = performance.now();
  if (values.full) {
    const first = await db.selectFrom('orderCycles').select((eb) => eb.fn.min('startsOn').as('d')).executeTakeFirst();
    const from = first?.d ? String(first.d) : addDays(today, -FIRST_BUILD_DAYS);
    await rebuildRollups(db, from, today);
    console.log(`monitoring roll-ups rebuilt ${from} … ${today} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  } else {
    const r = await refreshRollups(db, today);
    console.log(`monitoring roll-ups: ${r.builtDays} days built, ${r.dirtyRetailers} retailers refreshed in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
} finally {
  await db.destroy();
}
