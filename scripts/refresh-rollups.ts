/**
 * `tsx scripts/refresh-rollups.ts [--today YYYY-MM-DD] [--full]`: brings the monitoring roll-ups of DATABASE_URL
 * up to today (the page does this by itself, queuing a job when days must be built); this is for after a bulk load
 * or a manual data fix. --full rebuilds every day from the first order cycle, a week per transaction: the same job
 * body as the staff page's "recompute everything", run here and now (a script is not a request).
 */
import { parseArgs } from 'node:util';
import { connect } from '../db/connect';
import { migrateToLatest } from '../db/migrate';
import { runRollups } from '../app/server/job-kinds.server';
import { shanghaiToInstant } from '../app/domain/time';

const { values } = parseArgs({ options: { today: { type: 'string' }, full: { type: 'boolean', default: false } } });
// The job computes as of an instant; --today names the day (noon there).
const now = values.today ? new Date(shanghaiToInstant(values.today, '12:00:00')) : new Date();
const db = connect({ url: process.env.DATABASE_URL });
try {
  await migrateToLatest(db);
  const t0 = performance.now();
  const r = await runRollups(db, { full: values.full }, undefined, now);
  const seconds = ((performance.now() - t0) / 1000).toFixed(1);
  if (values.full) console.log(`monitoring roll-ups rebuilt ${r.from} … ${r.to} in ${seconds} s`);
  else console.log(`monitoring roll-ups: ${r.builtDays} days built, ${r.dirtyRetailers} retailers refreshed in ${seconds} s`);
} finally {
  await db.destroy();
}
