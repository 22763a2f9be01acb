/**
 * `tsx scripts/suggest-county.ts`: staff's batch from the command line — this cycle's suggestions for every
 * active shop (DATABASE_URL), as the staff page's "run" button does. The demo runs it once after seeding so a
 * retailer opening the order page finds its draft, its similar shops' prior and the specs offered to it.
 */
import { connect } from '../db/connect';
import { computeSuggestionsForCounty } from '../app/server/suggestions.server';

const db = connect();
try {
  const staff = await db.selectFrom('users').select('id').where('role', '=', 'staff').orderBy('id').executeTakeFirst();
  if (!staff) throw new Error('no staff user to run the batch as');
  const r = await computeSuggestionsForCounty(db, { userId: staff.id, role: 'staff' });
  console.log(`suggestions: ${r.shops} shops, ${r.suggestions} suggestions, ${(r.elapsedMs / 1000).toFixed(1)} s`);
} finally {
  await db.destroy();
}
