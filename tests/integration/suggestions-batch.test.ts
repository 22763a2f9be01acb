/**
 * The county batch reads, computes and stores shops in chunks (several at once on PostgreSQL). Whatever the chunk
 * size and concurrency, each shop must get exactly what computing it alone gives from the same data and the same
 * similar-shops profiles; and a rerun replaces every shop's rows, never adds to them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoCounty } from '#db/seed/write';
import { decodeExplanation } from '~/domain/replenishment';
import type { SuggestionExplanation } from '~/domain/replenishment/types';
import { hashPassword } from '~/server/password.server';
import { computeSuggestionsForCounty, computeSuggestionsForRetailer } from '~/server/suggestions.server';
import { postgresSkipped, useTestDb, type TestDb } from '../support/db';

const NOW = new Date('2026-11-25T02:00:00.000Z');
const STAFF = { userId: 0, role: 'staff' as const };

/**
 * Numbers equal to single precision, relatively (a profile's mean is stored as `real`, single precision on
 * PostgreSQL, and it scales everything computed from it), everything else exactly.
 */
function expectSameExplanation(actual: SuggestionExplanation, expected: SuggestionExplanation) {
  expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
  for (const [key, value] of Object.entries(expected)) {
    const got = (actual as unknown as Record<string, unknown>)[key];
    if (typeof value === 'number' && typeof got === 'number') expect(Math.abs(got - value), key).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(value)));
    else expect(got, key).toEqual(value);
  }
}

describe.skipIf(postgresSkipped())('suggestion batch in chunks', () => {
  let t: TestDb;
  let activeShops: number[];

  beforeAll(async () => {
    t = await useTestDb();
    await seedDemoCounty(t.db, { retailers: 60, specs: 40, weeks: 10, today: '2026-11-23' }, { passwordHash: await hashPassword('x') });
    // One shop leaves the county: the batch must neither compute nor keep anything new for it.
    const gone = await t.db.selectFrom('retailers').select('id').orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    await t.db.updateTable('retailers').set({ active: 0 }).where('id', '=', gone.id).execute();
    activeShops = (await t.db.selectFrom('retailers').select('id').where('active', '=', 1).orderBy('id').execute()).map((r) => r.id);
  });
  afterAll(() => t.close());

  it('gives every shop, in chunks of 7 with 3 at once, what the shop computed alone gives from the same profiles', async () => {
    // The first batch learns the groups; the second uses their profiles, as every later week does.
    await computeSuggestionsForCounty(t.db, STAFF, NOW, undefined, { chunkShops: 7, inFlight: 3 });
    const profilesBefore = await t.db.selectFrom('peerProfiles').selectAll().execute();
    expect(profilesBefore.length).toBeGreaterThan(0);
    const run = await computeSuggestionsForCounty(t.db, STAFF, NOW, undefined, { chunkShops: 7, inFlight: 3 });
    expect(run.shops).toBe(activeShops.length);
    const stored = await t.db.selectFrom('suggestions').select(['retailerId', 'specId', 'suggestedCartons', 'explanationJson', 'reason']).execute();
    expect(stored.length).toBe(run.suggestions);
    expect(new Set(stored.map((s) => s.retailerId))).toEqual(new Set(activeShops));

    // A shop alone reads the profiles the last batch kept: give it those the second batch itself started from.
    await t.db.deleteFrom('peerProfiles').execute();
    await t.db.insertInto('peerProfiles').values(profilesBefore).execute();
    for (const id of activeShops) {
      const alone = (await computeSuggestionsForRetailer(t.db, STAFF, id, NOW, false))!;
      const mine = stored.filter((s) => s.retailerId === id).sort((a, b) => a.specId - b.specId);
      expect(alone.suggestions.map((s) => s.specId).sort((a, b) => a - b), `shop ${id}`).toEqual(mine.map((s) => s.specId));
      const bySpec = new Map(alone.suggestions.map((s) => [s.specId, s.suggestion]));
      for (const row of mine) {
        const own = bySpec.get(row.specId)!;
        expect(row.suggestedCartons, `shop ${id} spec ${row.specId}`).toBe(own.suggestedCartons);
        expect(row.reason).toBe(own.explanation.reason);
        expectSameExplanation(decodeExplanation(row.explanationJson), own.explanation);
      }
    }
  });

  it('replaces each shop’s rows on a rerun with other chunking (one chunk, one at a time): the same specs, none doubled', async () => {
    const keys = async () =>
      (await t.db.selectFrom('suggestions').select(['retailerId', 'specId']).orderBy('retailerId').orderBy('specId').execute()).map((r) => `${r.retailerId}:${r.specId}`);
    const before = await keys();
    const run = await computeSuggestionsForCounty(t.db, STAFF, NOW, undefined, { chunkShops: 1000, inFlight: 1 });
    const after = await keys();
    expect(after).toEqual(before);
    expect(new Set(after).size).toBe(after.length);
    expect(run.suggestions).toBe(after.length);
  });
});
