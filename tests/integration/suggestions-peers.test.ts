/**
 * The similar-shops prior (同档位同业态) and the specs offered because similar shops sell them, against a seeded
 * county where eight daily-uploading shops are put in one group (same business type, grade band 1–5).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeExplanation } from '~/domain/replenishment';
import type { SuggestionExplanation } from '~/domain/replenishment/types';
import { hashPassword } from '~/server/password.server';
import { OFFER_MIN_PEER_SHARE } from '~/domain/replenishment';
import { computeSuggestionsForCounty, computeSuggestionsForRetailer } from '~/server/suggestions/batch.server';
import { postgresSkipped, useTestDb, type TestDb } from '../support/db';
import { seedDemo } from '~/server/seed.server';

const NOW = new Date('2026-11-25T02:00:00.000Z');
const STAFF = { userId: 0, role: 'staff' as const };

describe.skipIf(postgresSkipped())('similar shops: prior and offers', () => {
  let t: TestDb;
  let group: number[];
  let newcomer: number; // never carried the spec `offeredSpec`
  let shortHistory: number; // uploads only its last 12 days
  let offeredSpec: number;

  const why = (json: string): SuggestionExplanation => decodeExplanation(json);
  const storedFor = (retailerId: number) => t.db.selectFrom('suggestions').selectAll().where('retailerId', '=', retailerId).execute();

  beforeAll(async () => {
    t = await useTestDb();
    await seedDemo(t.db, { retailers: 40, specs: 40, weeks: 10, today: '2026-11-23' }, { passwordHash: await hashPassword('x') });
    const uploaders = await t.db
      .selectFrom('uploads')
      .select(['retailerId', (eb) => eb.fn.countAll<number>().as('days')])
      .where('kind', '=', 'sales')
      .groupBy('retailerId')
      .orderBy('days', 'desc')
      .orderBy('retailerId')
      .limit(8)
      .execute();
    group = uploaders.map((u) => u.retailerId);
    await t.db.updateTable('retailers').set({ businessType: 'grocery', grade: 3 }).where('id', 'in', group).execute();
    // Nobody else in that group, so the profile is exactly these eight.
    await t.db.updateTable('retailers').set({ grade: 12 }).where('id', 'not in', group).where('grade', '<=', 5).execute();
    [newcomer, shortHistory] = [group[0]!, group[1]!];

    // The spec most of the group sells (and that is an ordinary orderable one).
    const sellers = await t.db
      .selectFrom('posDailySales')
      .innerJoin('specs', 'specs.id', 'posDailySales.specId')
      .select(['posDailySales.specId', (eb) => eb.fn.count<number>('posDailySales.retailerId').distinct().as('shops')])
      .where('posDailySales.retailerId', 'in', group.slice(2))
      .where('specs.isNew', '=', 0)
      .where('specs.isDiscontinued', '=', 0)
      .where('specs.isOrderable', '=', 1)
      .groupBy('posDailySales.specId')
      .orderBy('shops', 'desc')
      .orderBy('posDailySales.specId')
      .execute();
    offeredSpec = sellers[0]!.specId;
    expect(Number(sellers[0]!.shops)).toBe(6);

    // The newcomer never had it; the short-history shop's sales before its last 12 days are unknown.
    await t.db.deleteFrom('posDailySales').where('retailerId', '=', newcomer).where('specId', '=', offeredSpec).execute();
    await t.db.deleteFrom('receipts').where('retailerId', '=', newcomer).where('specId', '=', offeredSpec).execute();
    const counts = t.db.selectFrom('stockCounts').select('id').where('retailerId', '=', newcomer);
    await t.db.deleteFrom('stockCountLines').where('specId', '=', offeredSpec).where('stockCountId', 'in', counts).execute();
    await t.db.deleteFrom('posDailySales').where('retailerId', '=', shortHistory).where('salesDate', '<', '2026-11-08').execute();
    await t.db.deleteFrom('uploads').where('retailerId', '=', shortHistory).where('kind', '=', 'sales').where('businessDate', '<', '2026-11-08').execute();
  });
  afterAll(() => t?.close());

  it('offers a spec most similar shops sell to the shop that never carried it, with their mean as its forecast', async () => {
    for (const id of group.slice(2)) expect(await computeSuggestionsForRetailer(t.db, STAFF, id, NOW)).not.toBeNull();
    const peerRows = await t.db.selectFrom('suggestions').select(['forecastDailyPacks', 'reason']).where('specId', '=', offeredSpec).where('retailerId', 'in', group.slice(2)).execute();
    const own = peerRows.filter((r) => r.reason === 'normal' && r.forecastDailyPacks > 0);
    expect(own.length / 6).toBeGreaterThanOrEqual(OFFER_MIN_PEER_SHARE);
    const peerMean = own.reduce((sum, r) => sum + r.forecastDailyPacks, 0) / own.length;

    await computeSuggestionsForRetailer(t.db, STAFF, newcomer, NOW);
    const offer = (await storedFor(newcomer)).find((s) => s.specId === offeredSpec);
    expect(offer).toBeDefined();
    const e = why(offer!.explanationJson);
    expect(e.notes).toContain('common_in_peer_group');
    expect(e.reason).toBe('no_history_prior');
    expect(offer!.reason).toBe('no_history_prior');
    // The forecasts are stored as `real` (single precision on PostgreSQL, about 7 significant digits), and the
    // database averages their exact values while this test averages their printed ones.
    expect(e.priorDailyPacks).toBeCloseTo(peerMean, 6);
    expect(e.forecastDailyPacks).toBeCloseTo(peerMean, 6);
    expect(e.onHandPacks).toBe(0);
    // Only specs the shop never had are offered.
    const carried = new Set((await t.db.selectFrom('posDailySales').select('specId').where('retailerId', '=', newcomer).execute()).map((r) => r.specId));
    for (const s of await storedFor(newcomer)) if (why(s.explanationJson).notes.includes('common_in_peer_group')) expect(carried.has(s.specId)).toBe(false);
  });

  it('blends the similar shops’ mean into a short history, fading with the days observed', async () => {
    await computeSuggestionsForRetailer(t.db, STAFF, shortHistory, NOW);
    const blended = (await storedFor(shortHistory)).map((r) => why(r.explanationJson)).filter((e) => e.observedDays > 0 && e.priorDailyPacks !== null);
    expect(blended.length).toBeGreaterThan(3);
    for (const e of blended) {
      expect(e.reason).toBe('short_history_prior');
      expect(e.priorWeight).toBeCloseTo(1 - e.observedDays / 56, 12);
      expect(e.forecastDailyPacks).toBeCloseTo((1 - e.priorWeight) * e.ownForecastDailyPacks! + e.priorWeight * e.priorDailyPacks!, 9);
    }
  });

  it('the county batch learns the groups on its first run (no earlier cycle) and offers the same spec', async () => {
    await t.db.deleteFrom('suggestions').execute();
    const r = await computeSuggestionsForCounty(t.db, STAFF, NOW);
    expect(r.shops).toBeGreaterThan(30);
    const offer = (await storedFor(newcomer)).find((s) => s.specId === offeredSpec);
    expect(offer && why(offer.explanationJson).notes).toContain('common_in_peer_group');
    // Every stored row keeps its reason as a column, equal to the explanation's.
    const all = await t.db.selectFrom('suggestions').select(['reason', 'explanationJson']).execute();
    for (const s of all) expect(s.reason).toBe(why(s.explanationJson).reason);
  });

  it('keeps the groups’ profiles after the batch, and a single shop reads its group’s instead of every similar shop’s suggestions', async () => {
    const kept = await t.db.selectFrom('peerProfiles').selectAll().where('businessType', '=', 'grocery').where('gradeFrom', '=', 1).where('specId', '=', offeredSpec).execute();
    expect(kept.length).toBeGreaterThan(0);
    const latest = kept.reduce((a, b) => (b.cycleId > a.cycleId ? b : a));
    expect(latest.groupShops).toBeGreaterThanOrEqual(6);
    // The newcomer's offer, computed alone now, carries the kept mean (not a live re-read of the suggestions,
    // which the newcomer's own rows would no longer change anyway).
    await t.db.deleteFrom('suggestions').where('retailerId', '=', newcomer).execute();
    await computeSuggestionsForRetailer(t.db, STAFF, newcomer, NOW);
    const offer = (await storedFor(newcomer)).find((s) => s.specId === offeredSpec);
    expect(why(offer!.explanationJson).priorDailyPacks).toBeCloseTo(kept.find((k) => k.cycleId === offer!.cycleId)?.dailyPacks ?? latest.dailyPacks, 9);
  });
});
