/**
 * A shop that never counted its stock (issue 14, item 4): its suggestions are held to what it usually orders and
 * sells, not its whole order-up-to level, and the draft stays within what it usually buys; one with no order to
 * compare with is told what its draft is made of.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unknownStockBoundCartons, type SuggestionExplanation } from '~/domain/replenishment';
import { hashPassword } from '~/server/password.server';
import { computeSuggestionsForRetailer } from '~/server/suggestions/batch.server';
import { draftCheckForOrdering, suggestionsForOrdering } from '~/server/suggestions/for-ordering.server';
import { postgresSkipped, useTestDb, type TestDb } from '../support/db';
import { seedDemo } from '~/server/seed.server';

// Wednesday 2026-11-25, 10:00 in Shanghai: the demo shop (Friday order day) is ordering in cycle 2026-W48.
const NOW = new Date('2026-11-25T02:00:00.000Z');

describe.skipIf(postgresSkipped())('suggestions for a shop that never counted its stock', () => {
  let t: TestDb;
  let shop: { id: number; userId: number };
  const user = () => ({ userId: shop.userId, role: 'retailer' as const });

  beforeAll(async () => {
    t = await useTestDb();
    await seedDemo(t.db, { retailers: 30, specs: 40, weeks: 8, today: '2026-11-23' }, { passwordHash: await hashPassword('x') });
    shop = (await t.db.selectFrom('retailers').select(['id', 'userId']).where('licenceNo', '=', '440300100001').executeTakeFirstOrThrow()) as typeof shop;
  });
  afterAll(() => t?.close());

  /** The shop's suggestions with its counts as they are, then as if it had never counted. */
  async function beforeAndAfterForgettingCounts() {
    const counted = (await computeSuggestionsForRetailer(t.db, user(), shop.id, NOW, false))!;
    const counts = await t.db.selectFrom('stockCounts').select('id').where('retailerId', '=', shop.id).execute();
    expect(counts.length).toBeGreaterThan(0);
    await t.db.deleteFrom('stockCountLines').where('stockCountId', 'in', counts.map((c) => c.id)).execute();
    await t.db.deleteFrom('stockCounts').where('retailerId', '=', shop.id).execute();
    const never = (await computeSuggestionsForRetailer(t.db, user(), shop.id, NOW))!;
    return { counted, never };
  }

  it('holds every line to the larger of the usual order and the period’s sales, and the draft near what the shop buys', async () => {
    const { counted, never } = await beforeAndAfterForgettingCounts();
    const stored = await suggestionsForOrdering(t.db, user(), shop.id, never.cycleId, NOW);
    expect(stored.length).toBe(never.suggestions.length);
    let emptyShelfCartons = 0;
    let expectedCartons = 0;
    for (const { suggestedCartons, explanation: e } of stored) {
      if (e.reason === 'discontinued' || e.reason === 'dead' || e.reason === 'no_history' || e.reason === 'new_spec_start') continue;
      expect(e.onHandKnown).toBe(false);
      expect(e.notes).toContain('on_hand_unknown');
      // The shop orders every week: its usual order of the spec was read.
      expect(e.usualOrderCartons).not.toBeNull();
      const bound = unknownStockBoundCartons({ expectedDemandPacks: e.expectedDemandPacks, usualOrderCartons: e.usualOrderCartons, inTransitPacks: e.inTransitPacks, packsPerCarton: e.packsPerCarton });
      expect(suggestedCartons).toBeLessThanOrEqual(bound);
      expect(suggestedCartons).toBeLessThanOrEqual(e.roundedCartons);
      emptyShelfCartons += e.roundedCartons;
      expectedCartons += e.expectedDemandPacks / e.packsPerCarton;
    }
    const draft = stored.reduce((n, s) => n + s.suggestedCartons, 0);
    // Read as an empty shelf, the draft would have been the whole target, safety stock and rounding up included.
    expect(draft).toBeLessThan(emptyShelfCartons);
    // What sells before the next delivery, give or take the usual orders and half a carton a line.
    const usual = stored.reduce((n, s) => n + (s.explanation.usualOrderCartons ?? 0), 0);
    expect(draft).toBeLessThanOrEqual(Math.max(usual, expectedCartons) + stored.length / 2);
    // The counted shop's draft is of the same size: the owner is not shown a surprise.
    const countedDraft = counted.suggestions.reduce((n, s) => n + s.suggestion.suggestedCartons, 0);
    expect(draft).toBeLessThanOrEqual(countedDraft * 2);

    const check = await draftCheckForOrdering(t.db, user(), shop.id, never.cycleId, stored);
    expect(check.largestRecentOrderCartons).toBeGreaterThan(0);
    expect(check.draftCartons).toBe(draft);
    expect(check.exceeded).toBe(false);
  });

  it('a shop with no order to compare with is told what its draft is made of', async () => {
    const other = (await t.db.selectFrom('retailers').select(['id', 'userId']).where('licenceNo', '=', '440300100002').executeTakeFirstOrThrow()) as typeof shop;
    const asOther = { userId: other.userId, role: 'retailer' as const };
    const counts = await t.db.selectFrom('stockCounts').select('id').where('retailerId', '=', other.id).execute();
    if (counts.length) await t.db.deleteFrom('stockCountLines').where('stockCountId', 'in', counts.map((c) => c.id)).execute();
    await t.db.deleteFrom('stockCounts').where('retailerId', '=', other.id).execute();
    // Its past orders go to cancelled: none placed to compare with, and no usual order to go by.
    await t.db.updateTable('orders').set({ status: 'cancelled' }).where('retailerId', '=', other.id).execute();
    const r = (await computeSuggestionsForRetailer(t.db, asOther, other.id, NOW))!;
    const stored = await suggestionsForOrdering(t.db, asOther, other.id, r.cycleId, NOW);
    for (const s of stored) {
      const e: SuggestionExplanation = s.explanation;
      if (e.onHandKnown || e.reason === 'new_spec_start') continue;
      // No order in the last cycles: the usual order is 0, the bound is the period's sales.
      expect(e.usualOrderCartons).toBe(0);
      expect(s.suggestedCartons).toBeLessThanOrEqual(Math.max(0, Math.floor((e.expectedDemandPacks - e.inTransitPacks) / e.packsPerCarton + 0.5 + 1e-9)));
    }
    const check = await draftCheckForOrdering(t.db, asOther, other.id, r.cycleId, stored);
    expect(check.largestRecentOrderCartons).toBeNull();
    expect(check.exceeded).toBe(check.draftCartons > 0);
    if (check.exceeded) expect(check.causes[0]!.cause).toBe('stock_unknown');
    // Another shop cannot read this shop's draft check through its own scope.
    const denied = await draftCheckForOrdering(t.db, user(), other.id, r.cycleId, []);
    expect(denied).toMatchObject({ draftCartons: 0, largestRecentOrderCartons: null, exceeded: false });
  });
});
