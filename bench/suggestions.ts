/** Suggestions: one shop (all its specs) from the database, p50/p95; the whole county's batch; peak memory. */
import { connect } from '../db/connect';
import { computeSuggestionsForCounty, computeSuggestionsForRetailer } from '../app/server/suggestions/batch.server';
import { percentile, type Figure } from './lib';

export async function benchSuggestions(databaseUrl: string): Promise<Figure[]> {
  const db = connect({ url: databaseUrl });
  try {
    const shops = await db.selectFrom('retailers').select(['id', 'userId']).where('active', '=', 1).orderBy('id').limit(200).execute();
    const times: number[] = [];
    for (const s of shops) {
      const t0 = performance.now();
      await computeSuggestionsForRetailer(db, { userId: s.userId!, role: 'retailer' }, s.id);
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
    const staff = await db.selectFrom('users').select('id').where('role', '=', 'staff').orderBy('id').executeTakeFirstOrThrow();
    // The first batch of a county has no stored suggestions to learn similar shops from and adds the offers in
    // a second step; every later cycle's batch finds the previous one's: that is the one run week after week.
    const first = await computeSuggestionsForCounty(db, { userId: staff.id, role: 'staff' });
    const batch = await computeSuggestionsForCounty(db, { userId: staff.id, role: 'staff' });
    clearInterval(sampler);
    return [
      { name: 'suggestions, one shop, p50', value: percentile(times, 50), unit: 'ms' },
      { name: 'suggestions, one shop, p95', value: percentile(times, 95), unit: 'ms', target: '< 30' },
      { name: `suggestions batch, first ever (then adds the similar shops' offers)`, value: first.elapsedMs / 1000, unit: 's' },
      { name: `suggestions batch (${batch.shops} shops, ${batch.suggestions} lines)`, value: batch.elapsedMs / 1000, unit: 's', target: '< 10' },
      { name: 'peak memory during the batch (bench process)', value: peakRss / 1024 / 1024, unit: 'MiB' },
    ];
  } finally {
    await db.destroy();
  }
}
