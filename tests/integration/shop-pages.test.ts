/**
 * The shop's "how did the suggestions do" and "my grade" pages' data, on SQLite and PostgreSQL: the numbers from
 * arranged rows, and scope — the shop sees its own, its manager the shops on its route, nobody else anything.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GRADE_RULES_MAX_CHARS } from '~/domain/shop/grade';
import { gradeRulesText, saveGradeRulesText, shopGrade } from '~/server/shop-grade.server';
import { suggestionRecord } from '~/server/suggestion-record.server';
import { orderingFixture, smallCounty } from '../support/fixtures';
import { postgresSkipped, useTestDb, type TestDb } from '../support/db';

describe.skipIf(postgresSkipped())('the shop’s record of suggestions and its grade page', () => {
  let t: TestDb;
  let county: Awaited<ReturnType<typeof smallCounty>>;
  let fx: Awaited<ReturnType<typeof orderingFixture>>;
  const shop = () => county.retailers[0]!; // grade 5, orders on Mondays, manager 1
  const asShop = () => ({ userId: shop().userId, role: 'retailer' as const });
  const asManager = (i: number) => ({ userId: county.managers[i]!.userId, role: 'manager' as const });
  const asStaff = () => ({ userId: county.staffUserId, role: 'staff' as const });
  const now = new Date('2026-11-25T04:00:00.000Z'); // Wednesday; W48's delivery (Tuesday) was yesterday

  beforeAll(async () => {
    t = await useTestDb();
    county = await smallCounty(t.db);
    fx = await orderingFixture(t.db);
    const at = now.toISOString();
    const w47 = (
      await t.db
        .insertInto('orderCycles')
        .values({ code: '2026-W47', startsOn: '2026-11-16', endsOn: '2026-11-22', opensAt: '2026-11-14T01:00:00.000Z', cutoffLocalTime: '17:00:00', leadDays: 1, status: 'delivered', createdAt: at })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    const order = (
      await t.db
        .insertInto('orders')
        .values({ retailerId: shop().id, cycleId: w47, status: 'delivered', submittedByUserId: shop().userId, onBehalf: 0, submittedAt: '2026-11-16T02:00:00.000Z', totalCartons: 5, totalAmountFen: 100_000, failureReason: null, createdAt: at, updatedAt: at, deliveredOn: '2026-11-17', receiptConfirmedAt: at, allocationConfirmedAt: null, allocationProblem: null, allocationProblemAt: null })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    await t.db.insertInto('orderLines').values({ orderId: order, specId: fx.specs.plain, qtyRequestedCartons: 5, capCartons: null, suggestedCartons: 4, qtyAllocatedCartons: 5, unitPriceFen: 20_000, qtyReceivedCartons: null }).execute();
    await t.db
      .insertInto('suggestions')
      .values([
        // The scarce spec was suggested before the cut-off and not ordered: it counts.
        { cycleId: w47, retailerId: shop().id, specId: fx.specs.scarce, suggestedCartons: 1, forecastDailyPacks: 1, explanationJson: '{}', settingsVersion: 0, computedAt: '2026-11-14T02:00:00.000Z', reason: null },
        // Recomputed after the cut-off (staff measuring the forecast): never shown, does not count.
        { cycleId: w47, retailerId: shop().id, specId: fx.specs.discontinued, suggestedCartons: 7, forecastDailyPacks: 1, explanationJson: '{}', settingsVersion: 0, computedAt: '2026-11-24T02:00:00.000Z', reason: null },
      ])
      .execute();
    // The shop counted 20 packs on 11-10 and sold 3 a day for a week (21: gone by 11-17); the delivery came two
    // days late, on 11-19, with 50; from then on 4 a day.
    const count = (await t.db.insertInto('stockCounts').values({ retailerId: shop().id, countedAt: '2026-11-10T00:30:00.000Z', uploadId: null }).returning('id').executeTakeFirstOrThrow()).id;
    await t.db.insertInto('stockCountLines').values({ stockCountId: count, specId: fx.specs.plain, qtyPacks: 20 }).execute();
    await t.db.insertInto('receipts').values({ retailerId: shop().id, specId: fx.specs.plain, receivedOn: '2026-11-19', qtyPacks: 50, uploadId: null, orderId: order }).execute();
    const sales = [];
    for (let d = 10; d <= 24; d++) {
      const day = `2026-11-${String(d).padStart(2, '0')}`;
      const qty = d <= 16 ? 3 : d < 19 ? 0 : 4;
      if (qty) sales.push({ retailerId: shop().id, specId: fx.specs.plain, salesDate: day, qtyPacks: qty, uploadId: null });
    }
    await t.db.insertInto('posDailySales').values(sales).execute();
    await t.db
      .insertInto('retailerGradeHistory')
      .values([
        { retailerId: shop().id, gradeFrom: null, gradeTo: 4, effectiveOn: '2026-01-01', changedAt: at, changedByUserId: null, importId: null },
        { retailerId: shop().id, gradeFrom: 4, gradeTo: 5, effectiveOn: '2026-07-01', changedAt: at, changedByUserId: county.staffUserId, importId: null },
        { retailerId: county.retailers[2]!.id, gradeFrom: null, gradeTo: 5, effectiveOn: '2026-01-01', changedAt: at, changedByUserId: null, importId: null },
      ])
      .execute();
  });
  afterAll(() => t?.close());

  it('per cycle: the suggestion in force, what was ordered, what sold over the days the order covered, days without stock', async () => {
    const record = (await suggestionRecord(t.db, asShop(), shop().id, now))!;
    expect(record.cycles.map((c) => c.code)).toEqual(['2026-W47', '2026-W48']);
    const [w47, w48] = record.cycles;
    expect(w47).toMatchObject({ complete: true, periodFrom: '2026-11-17', countedTo: '2026-11-23', orderStatus: 'delivered', suggestedCartons: 4 + 1, orderedCartons: 5, soldCartons: 2, days: 7, salesDays: 0 });
    // 11-17 and 11-18: the count rolled forward is 20 − 21 < 0 and nothing sold — out; the delivery ends it.
    expect(w47).toMatchObject({ daysWithoutStock: 2, specsOut: [fx.specs.plain] });
    expect(record.specsOut).toEqual([{ specId: fx.specs.plain, name: '品规002', cycles: 1 }]);
    expect(w48).toMatchObject({ complete: false, orderStatus: null, suggestedCartons: null, orderedCartons: 0, days: 1, countedTo: '2026-11-24', soldCartons: 0.4, daysWithoutStock: 0 });
    expect(record.summary).toMatchObject({ cycles: 1, suggested: 5, ordered: 5, sold: 2, verdict: 'close', daysWithoutStock: 2 });
  });

  it('the shop’s manager sees the same; another route’s manager and another shop see nothing', async () => {
    const mine = await suggestionRecord(t.db, asShop(), shop().id, now);
    expect(await suggestionRecord(t.db, asManager(0), shop().id, now)).toEqual(mine);
    expect(await suggestionRecord(t.db, asManager(1), shop().id, now)).toBeNull();
    expect(await suggestionRecord(t.db, { userId: county.retailers[1]!.userId, role: 'retailer' }, shop().id, now)).toBeNull();
  });

  it('my grade: the grade, its history, this cycle’s caps for it and one grade up, the shop’s own figures', async () => {
    const g = (await shopGrade(t.db, asShop(), shop().id, now))!;
    expect(g.retailer).toMatchObject({ grade: 5, businessType: 'grocery', marketType: 'urban' });
    expect(g.history.map((h) => [h.gradeFrom, h.gradeTo, String(h.effectiveOn)])).toEqual([
      [4, 5, '2026-07-01'],
      [null, 4, '2026-01-01'],
    ]);
    expect(g.cycle).toEqual({ code: '2026-W48' });
    expect(g.caps).toEqual([{ specId: fx.specs.scarce, capCartons: 1, nextGradeCapCartons: 3, name: '品规001', brand: '玉溪', isScarce: true }]);
    expect(g.figures).toMatchObject({ orders: 1, orderedCartons: 5, orderedAmountFen: 100_000, soldPacks: 7 * 3 + 6 * 4, salesUploadDays: 0 });
    // 45 packs at ¥23.00 a pack (¥230 a carton of 10).
    expect(g.figures.soldAmountFen).toBe(45 * 2_300);
    expect(g.figures.structure).toEqual([{ priceClass: 2, amountFen: 45 * 2_300, share: 1 }]);
    expect(g.rules).toBeNull();
    expect(await shopGrade(t.db, asManager(1), shop().id, now)).toBeNull();
    expect(await shopGrade(t.db, { userId: county.retailers[2]!.userId, role: 'retailer' }, shop().id, now)).toBeNull();
  });

  it('how grades are set: staff write it, every shop reads it; nobody else may write; too long is refused', async () => {
    expect(await saveGradeRulesText(t.db, asManager(0), '档位由县局评定', now)).toEqual({ ok: false, reason: 'not_found' });
    expect(await saveGradeRulesText(t.db, asShop(), '档位由县局评定', now)).toEqual({ ok: false, reason: 'not_found' });
    expect(await saveGradeRulesText(t.db, asStaff(), 'x'.repeat(GRADE_RULES_MAX_CHARS + 1), now)).toEqual({ ok: false, reason: 'too_long' });
    expect(await gradeRulesText(t.db)).toBeNull();
    expect(await saveGradeRulesText(t.db, asStaff(), '  每半年评定一次。\r\n按近 13 周销售额在同业态中排名。  ', now)).toEqual({ ok: true });
    expect(await saveGradeRulesText(t.db, asStaff(), '每半年评定一次。\n按近 13 周销售额在同业态中排名。', new Date('2026-11-26T00:00:00.000Z'))).toEqual({ ok: true });
    const g = (await shopGrade(t.db, asShop(), shop().id, now))!;
    expect(g.rules).toEqual({ body: '每半年评定一次。\n按近 13 周销售额在同业态中排名。', updatedAt: '2026-11-26T00:00:00.000Z' });
    // Clearing it shows nothing again.
    expect(await saveGradeRulesText(t.db, asStaff(), '   ', now)).toEqual({ ok: true });
    expect(await gradeRulesText(t.db)).toBeNull();
  });
});
