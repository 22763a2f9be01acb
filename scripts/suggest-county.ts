/**
 * `tsx scripts/suggest-county.ts`: staff's batch from the command line — this cycle's suggestions for every
 * active shop (DATABASE_URL), the same job body the staff page's "run" button queues, run here and now (a script
 * is not a request). The demo runs it once after seeding so a retailer opening the order page finds its draft,
 * its similar shops' prior and the specs offered to it.
 */
import { connect } from '../db/connect';
import { runSuggestionBatch } from '../app/server/job-kinds.server';

const db = connect();
try {
  const staff = await db.selectFrom('users').select('id').where('role', '=', 'staff').orderBy('id').executeTakeFirst();
  if (!staff) throw new Error('no staff user to run the batch as');
  const r = await runSuggestionBatch(db, { userId: staff.id, role: 'staff' });
  console.log(`suggestions: ${r.shops} shops, ${r.suggestions} suggestions, ${r.seconds.toFixed(1)} s`);
} finally {
  await db.destroy();
}
