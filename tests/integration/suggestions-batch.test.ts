/**
 * The county batch reads, computes and stores shops in chunks (several at once on PostgreSQL). Whatever the chunk
 * size and concurrency, each shop must get exactly what computing it alone gives from the same data and the same
 * similar-shops profiles; and a rerun replaces every shop's rows, never adds to them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeExplanation } from '~/domain/replenishment';
import type { SuggestionExplanation } from '~/domain/replenishment/types';
import { hashPassword } from '~/server/password.server';
import { addDays, shanghaiDayOf, shanghaiToInstant } from '~/domain/time';
import { historyDaysBefore } from '~/domain/replenishment';
import { computeSuggestionsForCounty, computeSuggestionsForRetailer } from '~/server/suggestions/batch.server';
import { loadShopsData } from '~/server/suggestions/history.server';
import { postgresSkipped, useTestDb, type TestDb } from '../support/db';
import { seedDemo } from '~/server/seed.server';

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
    // Projected stock is a difference (position + order − expected sales): its error scales with the expected sales.
    const scale = Math.max(1, Math.abs(value as number), key === 'projectedStockAfterPacks' ? Math.abs(expected.expectedDemandPacks) : 0);
    if (typeof value === 'number' && typeof got === 'number') expect(Math.abs(got - value), key).toBeLessThanOrEqual(1e-6 * scale);
    else expect(got, key).toEqual(value);
  }
}

describe.skipIf(postgresSkipped())('suggestion batch in chunks', () => {
  let t: TestDb;
  let activeShops: number[];

  beforeAll(async () => {
    t = await useTestDb();
    await seedDemo(t.db, { retailers: 60, specs: 40, weeks: 10, today: '2026-11-23' }, { passwordHash: await hashPassword('x') });
    // One shop leaves the county: the batch must neither compute nor keep anything new for it.
    const gone = await t.db.selectFrom('retailers').select('id').orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    await t.db.updateTable('retailers').set({ active: 0 }).where('id', '=', gone.id).execute();
    activeShops = (await t.db.selectFrom('retailers').select('id').where('active', '=', 1).orderBy('id').execute()).map((r) => r.id);
  });
  afterAll(() => t.close());

  it('reads several shops’ data aggregated exactly as their rows say (sales, receipts, counts, upload days)', async () => {
    const orderDay = '2026-11-27';
    const days = historyDaysBefore(orderDay);
    const fromDay = days[0]!;
    expect(fromDay).toBe(addDays(orderDay, -112));
    // Shops that sent sales, and one that never did (its strings come back empty).
    const senders = await t.db.selectFrom('posDailySales').select('retailerId').distinct().where('salesDate', '>=', fromDay).orderBy('retailerId').execute();
    const silent = activeShops.find((id) => !senders.some((s) => s.retailerId === id));
    const ids = [...senders.slice(0, 8).map((s) => s.retailerId), ...(silent ? [silent] : [])];
    expect(ids.length).toBeGreaterThanOrEqual(8);
    const data = await loadShopsData(t.db, ids, days);
    expect([...data.keys()].sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a - b));
    for (const id of ids) {
      const shop = data.get(id)!;
      const sales = await t.db.selectFrom('posDailySales').selectAll().where('retailerId', '=', id).where('salesDate', '>=', fromDay).where('salesDate', '<', orderDay).execute();
      expect([...shop.sales.values()].reduce((n, days) => n + days.size, 0)).toBe(sales.length);
      for (const r of sales) expect(shop.sales.get(r.specId)?.get(r.salesDate)).toBe(r.qtyPacks);
      const receipts = await t.db.selectFrom('receipts').selectAll().where('retailerId', '=', id).where('receivedOn', '>=', fromDay).where('receivedOn', '<', orderDay).execute();
      expect([...shop.receipts.values()].reduce((n, days) => n + days.size, 0)).toBe(receipts.length);
      for (const r of receipts) expect(shop.receipts.get(r.specId)?.get(r.receivedOn)).toBe(r.qtyPacks);
      const uploads = await t.db.selectFrom('uploads').select('businessDate').where('retailerId', '=', id).where('kind', '=', 'sales').where('businessDate', '>=', fromDay).where('businessDate', '<', orderDay).execute();
      expect(shop.uploadedDays).toEqual(new Set(uploads.map((u) => u.businessDate)));
      const lines = await t.db
        .selectFrom('stockCounts')
        .innerJoin('stockCountLines', 'stockCountLines.stockCountId', 'stockCounts.id')
        .select(['stockCounts.countedAt', 'stockCountLines.specId', 'stockCountLines.qtyPacks'])
        .where('stockCounts.retailerId', '=', id)
        .where('stockCounts.countedAt', '>=', shanghaiToInstant(fromDay))
        .where('stockCounts.countedAt', '<', shanghaiToInstant(orderDay, '23:59:59'))
        .orderBy('stockCounts.countedAt')
        .execute();
      // The latest count of each spec on each morning, in day order.
      const expected = new Map<number, Map<string, number>>();
      for (const l of lines) expected.set(l.specId, (expected.get(l.specId) ?? new Map<string, number>()).set(shanghaiDayOf(l.countedAt), l.qtyPacks));
      expect(new Map([...shop.counts].map(([specId, list]) => [specId, new Map(list.map((c) => [c.day, c.qtyPacks]))]))).toEqual(expected);
      for (const list of shop.counts.values()) expect(list.map((c) => c.day)).toEqual([...list.map((c) => c.day)].sort());
    }
  });

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
    // A batch reads the similar shops' profiles from the suggestions the last batch stored, so each rerun may move
    // them a little (a spec becomes common in a group): both reruns start from the same stored rows.
    const stored = await t.db.selectFrom('suggestions').selectAll().execute();
    const chunked = await computeSuggestionsForCounty(t.db, STAFF, NOW, undefined, { chunkShops: 7, inFlight: 3 });
    const before = await keys();
    expect(new Set(before).size).toBe(before.length);
    expect(chunked.suggestions).toBe(before.length);
    await t.db.deleteFrom('suggestions').execute();
    for (let k = 0; k < stored.length; k += 200) await t.db.insertInto('suggestions').values(stored.slice(k, k + 200)).execute();
    const run = await computeSuggestionsForCounty(t.db, STAFF, NOW, undefined, { chunkShops: 1000, inFlight: 1 });
    const after = await keys();
    expect(after).toEqual(before);
    expect(new Set(after).size).toBe(after.length);
    expect(run.suggestions).toBe(after.length);
  });
});
