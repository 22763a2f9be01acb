import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeExplanation } from '~/domain/replenishment';
import { hashPassword } from '~/server/password.server';
import { computeForecastAccuracy, forecastsOf } from '~/server/suggestions/accuracy.server';
import { computeSuggestionsForRetailer } from '~/server/suggestions/batch.server';
import { suggestionsForOrdering } from '~/server/suggestions/for-ordering.server';
import { postgresSkipped, useTestDb, type TestDb } from '../support/db';
import { seedDemo } from '~/server/seed.server';

// Wednesday 2026-11-25, 10:00 in Shanghai: the demo shop (Friday order day) is ordering in cycle 2026-W48.
const NOW = new Date('2026-11-25T02:00:00.000Z');
/** What JSON keeps of a value (it has no negative zero, so -0 reads back as 0). */
const asStored = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

describe.skipIf(postgresSkipped())('suggestions from the database', () => {
  let t: TestDb;
  let shop: { id: number; userId: number; grade: number };
  beforeAll(async () => {
    t = await useTestDb();
    await seedDemo(t.db, { retailers: 30, specs: 40, weeks: 8, today: '2026-11-23' }, { passwordHash: await hashPassword('x') });
    shop = (await t.db.selectFrom('retailers').select(['id', 'userId', 'grade']).where('licenceNo', '=', '440300100001').executeTakeFirstOrThrow()) as typeof shop;
  });
  afterAll(() => t?.close());

  it('computes and keeps a suggestion with its explanation for every spec the shop carries', async () => {
    const r = await computeSuggestionsForRetailer(t.db, { userId: shop.userId, role: 'retailer' }, shop.id, NOW);
    expect(r).not.toBeNull();
    const stored = await t.db.selectFrom('suggestions').selectAll().where('retailerId', '=', shop.id).execute();
    expect(stored.length).toBe(r!.suggestions.length);
    expect(stored.length).toBeGreaterThan(5);
    // The shop sells every day, so it is suggested something for most of what it sells.
    expect(stored.filter((s) => s.suggestedCartons > 0).length).toBeGreaterThan(stored.length / 3);
    const computed = new Map(r!.suggestions.map((c) => [c.specId, c.suggestion.explanation]));
    for (const s of stored) {
      const why = decodeExplanation(s.explanationJson);
      expect(why).toEqual(asStored(computed.get(s.specId)));
      expect(why.forecastDailyPacks).toBeGreaterThanOrEqual(0);
      expect(why.protectionDays).toBe(r!.protectionDays);
      expect(s.suggestedCartons).toBeGreaterThanOrEqual(0);
    }
  });

  it('reads the explanations stored before the compact format (a JSON object per row) as well as the new ones', async () => {
    const user = { userId: shop.userId, role: 'retailer' as const };
    const r = (await computeSuggestionsForRetailer(t.db, user, shop.id, NOW))!;
    const [oldStyle, ...rest] = r.suggestions;
    await t.db
      .updateTable('suggestions')
      .set({ explanationJson: JSON.stringify(oldStyle!.suggestion.explanation) })
      .where('cycleId', '=', r.cycleId)
      .where('retailerId', '=', shop.id)
      .where('specId', '=', oldStyle!.specId)
      .execute();
    const read = await suggestionsForOrdering(t.db, user, shop.id, r.cycleId, NOW);
    const bySpec = new Map(read.map((s) => [s.specId, s.explanation]));
    expect(bySpec.get(oldStyle!.specId)).toEqual(asStored(oldStyle!.suggestion.explanation));
    for (const c of rest) expect(bySpec.get(c.specId)).toEqual(asStored(c.suggestion.explanation));
  });

  it('never suggests above the cap of the shop’s grade, nor any discontinued or not orderable spec', async () => {
    const r = (await computeSuggestionsForRetailer(t.db, { userId: shop.userId, role: 'retailer' }, shop.id, NOW, false))!;
    const caps = await t.db.selectFrom('caps').select(['specId', 'capCartons']).where('cycleId', '=', r.cycleId).where('gradeFrom', '<=', shop.grade).where('gradeTo', '>=', shop.grade).execute();
    const cap = new Map(caps.map((c) => [c.specId, c.capCartons]));
    const blocked = new Set((await t.db.selectFrom('specs').select('id').where((eb) => eb.or([eb('isDiscontinued', '=', 1), eb('isOrderable', '=', 0)])).execute()).map((s) => s.id));
    for (const s of r.suggestions) {
      expect(blocked.has(s.specId)).toBe(false);
      if (cap.has(s.specId)) expect(s.suggestion.suggestedCartons).toBeLessThanOrEqual(cap.get(s.specId)!);
    }
  });

  it('another shop cannot compute or read this shop’s suggestions', async () => {
    const other = await t.db.selectFrom('retailers').select(['userId']).where('id', '!=', shop.id).where('userId', 'is not', null).executeTakeFirstOrThrow();
    expect(await computeSuggestionsForRetailer(t.db, { userId: other.userId!, role: 'retailer' }, shop.id, NOW)).toBeNull();
  });

  it('scores a past cycle’s forecasts against what the shop then sold', async () => {
    // Cycle 2026-W46: the demo shop ordered on Friday 11-13, and its sales of the following week are known.
    const w46 = await t.db.selectFrom('orderCycles').select('id').where('code', '=', '2026-W46').executeTakeFirstOrThrow();
    // Measured, not stored: the forecasts as of the order day, computed in memory.
    const storedBefore = await t.db.selectFrom('suggestions').select(['specId', 'suggestedCartons', 'computedAt']).where('cycleId', '=', w46.id).orderBy('retailerId').orderBy('specId').execute();
    const past = await computeSuggestionsForRetailer(t.db, { userId: shop.userId, role: 'retailer' }, shop.id, NOW, false, w46.id);
    expect(past).not.toBeNull();
    const result = await computeForecastAccuracy(t.db, past!.cycleId, forecastsOf([past!]));
    // Measuring a past week created or replaced no suggestion of that week.
    expect(await t.db.selectFrom('suggestions').select(['specId', 'suggestedCartons', 'computedAt']).where('cycleId', '=', w46.id).orderBy('retailerId').orderBy('specId').execute()).toEqual(storedBefore);
    const measures = await t.db.selectFrom('forecastMeasures').selectAll().where('cycleId', '=', w46.id).execute();
    expect(measures.length).toBe(past!.suggestions.length);
    expect(result).not.toBeNull();
    expect(result!.pairs).toBe(past!.suggestions.length);
    expect(result!.actualPacks).toBeGreaterThan(0);
    expect(result!.accuracy).toBeCloseTo(1 - result!.absErrorPacks / result!.actualPacks, 12);
    const stored = await t.db.selectFrom('forecastAccuracy').selectAll().where('cycleId', '=', past!.cycleId).execute();
    expect(stored.find((r) => r.specId === 0)).toMatchObject({ actualPacks: result!.actualPacks, absErrorPacks: result!.absErrorPacks });
    expect(stored.filter((r) => r.specId !== 0).reduce((n, r) => n + r.actualPacks, 0)).toBe(result!.actualPacks);
  });
});
