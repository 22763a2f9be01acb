/** `tsx scripts/refresh-quality.ts`: runs the data-quality checks for every shop with recent data (DATABASE_URL). */
import { connect } from '../db/connect';
import { refreshAllShops } from '../app/server/quality-batch.server';

const db = connect();
try {
  const r = await refreshAllShops(db);
  console.log(`data-quality checks: ${r.shops} shops, ${r.openIssues} open issues, ${(r.elapsedMs / 1000).toFixed(1)} s`);
} finally {
  await db.destroy();
}
