/**
 * For browser tests and benchmarks only: opens the newest cycle for ordering right now, so a shop's window
 * is open whatever the weekday the suite happens to run on. `tsx scripts/open-cycle-now.ts` on DATABASE_URL.
 */
import { connect } from '../db/connect';

const db = connect();
try {
  const newest = await db.selectFrom('orderCycles').select(['id', 'code']).orderBy('startsOn', 'desc').executeTakeFirstOrThrow();
  await db
    .updateTable('orderCycles')
    .set({ status: 'open', opensAt: new Date(Date.now() - 3600_000).toISOString() })
    .where('id', '=', newest.id)
    .execute();
  console.log(`cycle ${newest.code} is open for ordering`);
} finally {
  await db.destroy();
}
