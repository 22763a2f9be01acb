/**
 * What an order submit leaves behind, column by column: the lines are written as a difference from what the
 * order held (changed and new lines upserted, dropped ones deleted), so these check that the result is exactly
 * what rewriting every line would leave, that a repeat writes nothing but the cart, and that concurrent submits
 * of one shop with different carts never mix.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveCart, submitOrder } from '~/server/orders.server';
import { MONDAY, orderingFixture, smallCounty } from '../support/fixtures';
import { postgresSkipped, useTestDb, type TestDb } from '../support/db';

describe.skipIf(postgresSkipped())('order submit writes', () => {
  let t: TestDb;
  let county: Awaited<ReturnType<typeof smallCounty>>;
  let fx: Awaited<ReturnType<typeof orderingFixture>>;
  let extra: number;
  // retailers[0] orders on Monday with grade 5 (scarce cap 1); retailers[2] too.
  const shop = () => county.retailers[0]!;
  const asShop = () => ({ userId: shop().userId, role: 'retailer' as const });

  beforeAll(async () => {
    t = await useTestDb();
    county = await smallCounty(t.db);
    fx = await orderingFixture(t.db);
    extra = (
      await t.db
        .insertInto('specs')
        .values({
          code: '005',
          name: '品规005',
          brand: '云烟',
          manufacturer: '云南中烟',
          cartonBarcode: '690100051',
          packBarcode: '690100052',
          packsPerCarton: 10,
          priceClass: 3,
          wholesalePriceFenPerCarton: 15_000,
          retailPriceFenPerCarton: 18_000,
          isScarce: 0,
          isNew: 0,
          launchDate: null,
          isOrderable: 1,
          isDiscontinued: 0,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  });
  afterAll(() => t?.close());

  const suggest = async (retailerId: number, specId: number, suggestedCartons: number) => {
    await t.db.deleteFrom('suggestions').where('cycleId', '=', fx.cycleId).where('retailerId', '=', retailerId).where('specId', '=', specId).execute();
    await t.db
      .insertInto('suggestions')
      .values({ cycleId: fx.cycleId, retailerId, specId, suggestedCartons, forecastDailyPacks: 1, explanationJson: '{}', settingsVersion: 1, computedAt: MONDAY.open.toISOString(), reason: null })
      .execute();
  };
  const linesOf = (retailerId: number) =>
    t.db
      .selectFrom('orderLines')
      .innerJoin('orders', 'orders.id', 'orderLines.orderId')
      .select([
        'orderLines.specId',
        'orderLines.qtyRequestedCartons',
        'orderLines.capCartons',
        'orderLines.suggestedCartons',
        'orderLines.qtyAllocatedCartons',
        'orderLines.unitPriceFen',
        'orderLines.qtyReceivedCartons',
        'orderLines.deviationReason',
      ])
      .where('orders.retailerId', '=', retailerId)
      .orderBy('orderLines.specId')
      .execute();
  const cartOf = (retailerId: number) =>
    t.db
      .selectFrom('cartLines')
      .innerJoin('orders', 'orders.id', 'cartLines.orderId')
      .select(['cartLines.specId', 'cartLines.qtyCartons'])
      .where('orders.retailerId', '=', retailerId)
      .orderBy('cartLines.specId')
      .execute();
  const eventsOf = async (retailerId: number) =>
    (
      await t.db
        .selectFrom('orderEvents')
        .innerJoin('orders', 'orders.id', 'orderEvents.orderId')
        .select(['orderEvents.kind', 'orderEvents.totalCartons'])
        .where('orders.retailerId', '=', retailerId)
        .orderBy('orderEvents.id')
        .execute()
    ).map((e) => `${e.kind}:${e.totalCartons}`);
  const dirtyCount = async (retailerId: number) =>
    (await t.db.selectFrom('monitoringDirty').select('id').where('retailerId', '=', retailerId).execute()).length;

  it('a change rewrites every column of every line as of now: changed, added, dropped and unchanged lines', async () => {
    await suggest(shop().id, fx.specs.plain, 4);
    const first = await submitOrder(t.db, asShop(), shop().id, [
      { specId: fx.specs.plain, qtyCartons: 4, reason: 'event' },
      { specId: fx.specs.scarce, qtyCartons: 1 },
    ], MONDAY.open);
    expect(first).toMatchObject({ ok: true, status: 'submitted' });
    expect(await linesOf(shop().id)).toEqual([
      // As suggested: the reason given is not kept.
      { specId: fx.specs.scarce, qtyRequestedCartons: 1, capCartons: 1, suggestedCartons: null, qtyAllocatedCartons: null, unitPriceFen: 45_000, qtyReceivedCartons: null, deviationReason: null },
      { specId: fx.specs.plain, qtyRequestedCartons: 4, capCartons: null, suggestedCartons: 4, qtyAllocatedCartons: null, unitPriceFen: 20_000, qtyReceivedCartons: null, deviationReason: null },
    ]);

    // Between the two submits: the price and the suggestion of the unchanged line move, and a stray allocation
    // lands on it; the resubmit must leave the line as a fresh submit would.
    await t.db.updateTable('specs').set({ wholesalePriceFenPerCarton: 21_000 }).where('id', '=', fx.specs.plain).execute();
    await suggest(shop().id, fx.specs.plain, 3);
    await t.db.updateTable('orderLines').set({ qtyAllocatedCartons: 2, qtyReceivedCartons: 2 }).where('orderId', '=', first.ok ? first.orderId : 0).execute();
    const second = await submitOrder(t.db, asShop(), shop().id, [
      { specId: fx.specs.plain, qtyCartons: 4, reason: 'price' },
      { specId: extra, qtyCartons: 2, reason: 'other' },
    ], MONDAY.open);
    expect(second).toEqual({ ok: true, orderId: first.ok && first.orderId, status: 'submitted' });
    expect(await linesOf(shop().id)).toEqual([
      { specId: fx.specs.plain, qtyRequestedCartons: 4, capCartons: null, suggestedCartons: 3, qtyAllocatedCartons: null, unitPriceFen: 21_000, qtyReceivedCartons: null, deviationReason: 'price' },
      // No suggestion for it: no deviation either.
      { specId: extra, qtyRequestedCartons: 2, capCartons: null, suggestedCartons: null, qtyAllocatedCartons: null, unitPriceFen: 15_000, qtyReceivedCartons: null, deviationReason: null },
    ]);
    expect(await cartOf(shop().id)).toEqual([
      { specId: fx.specs.plain, qtyCartons: 4 },
      { specId: extra, qtyCartons: 2 },
    ]);
    const order = await t.db.selectFrom('orders').selectAll().where('retailerId', '=', shop().id).executeTakeFirstOrThrow();
    expect(order).toMatchObject({ status: 'submitted', totalCartons: 6, totalAmountFen: 4 * 21_000 + 2 * 15_000, submittedByUserId: shop().userId, onBehalf: 0 });
    expect(await eventsOf(shop().id)).toEqual(['submitted:5', 'changed:6']);
    expect(await dirtyCount(shop().id)).toBe(2);
  });

  it('a repeat of the submitted lines writes only the cart: the lines keep what they were stored with, no event, no roll-up mark', async () => {
    await saveCart(t.db, asShop(), shop().id, [{ specId: fx.specs.plain, qtyCartons: 9 }, { specId: fx.specs.scarce, qtyCartons: 1 }], MONDAY.open);
    expect(await cartOf(shop().id)).toEqual([
      { specId: fx.specs.scarce, qtyCartons: 1 },
      { specId: fx.specs.plain, qtyCartons: 9 },
    ]);
    const lines = await linesOf(shop().id);
    // The price moves again, but the shop submits exactly what is already submitted.
    await t.db.updateTable('specs').set({ wholesalePriceFenPerCarton: 22_000 }).where('id', '=', fx.specs.plain).execute();
    const repeat = await submitOrder(t.db, asShop(), shop().id, [
      { specId: extra, qtyCartons: 2 },
      { specId: fx.specs.plain, qtyCartons: 4 },
    ], MONDAY.open);
    expect(repeat).toMatchObject({ ok: true, status: 'submitted' });
    expect(await linesOf(shop().id)).toEqual(lines);
    expect(await cartOf(shop().id)).toEqual([
      { specId: fx.specs.plain, qtyCartons: 4 },
      { specId: extra, qtyCartons: 2 },
    ]);
    expect(await eventsOf(shop().id)).toEqual(['submitted:5', 'changed:6']);
    expect(await dirtyCount(shop().id)).toBe(2);
  });

  it('a manager’s change is recorded on the shop’s behalf; a refused line leaves lines and cart untouched', async () => {
    const manager = county.managers.find((m) => m.managerId === shop().managerId)!;
    const before = { lines: await linesOf(shop().id), cart: await cartOf(shop().id) };
    const refused = await submitOrder(t.db, { userId: manager.userId, role: 'manager' }, shop().id, [
      { specId: fx.specs.plain, qtyCartons: 1 },
      { specId: fx.specs.scarce, qtyCartons: 2 },
    ], MONDAY.open);
    expect(refused).toMatchObject({ ok: false, reason: 'invalid', lineProblems: [{ specId: fx.specs.scarce, problem: { code: 'over_cap', cap: 1 } }] });
    expect({ lines: await linesOf(shop().id), cart: await cartOf(shop().id) }).toEqual(before);

    const changed = await submitOrder(t.db, { userId: manager.userId, role: 'manager' }, shop().id, [{ specId: fx.specs.plain, qtyCartons: 1 }], MONDAY.open);
    expect(changed).toMatchObject({ ok: true, status: 'submitted' });
    expect((await linesOf(shop().id)).map((l) => [l.specId, l.qtyRequestedCartons, l.unitPriceFen])).toEqual([[fx.specs.plain, 1, 22_000]]);
    expect(await t.db.selectFrom('orders').select(['submittedByUserId', 'onBehalf']).where('retailerId', '=', shop().id).executeTakeFirstOrThrow()).toEqual({
      submittedByUserId: manager.userId,
      onBehalf: 1,
    });
    expect(await eventsOf(shop().id)).toEqual(['submitted:5', 'changed:6', 'changed:1']);
  });

  it('concurrent submits of different carts by one shop run one after the other: lines and cart are one of them, never a mix', async () => {
    const other = county.retailers[2]!;
    const asOther = { userId: other.userId, role: 'retailer' as const };
    const carts = [
      [{ specId: fx.specs.plain, qtyCartons: 3 }, { specId: extra, qtyCartons: 1 }],
      [{ specId: fx.specs.scarce, qtyCartons: 1 }, { specId: extra, qtyCartons: 5 }],
      [{ specId: fx.specs.plain, qtyCartons: 7 }],
    ];
    const results = await Promise.all(Array.from({ length: 24 }, (_, i) => submitOrder(t.db, asOther, other.id, carts[i % carts.length]!, MONDAY.open)));
    expect(results.every((r) => r.ok)).toBe(true);
    const lines = (await linesOf(other.id)).map((l) => ({ specId: l.specId, qtyCartons: l.qtyRequestedCartons }));
    const sorted = (c: Array<{ specId: number; qtyCartons: number }>) => [...c].sort((a, b) => a.specId - b.specId);
    expect(carts.map(sorted)).toContainEqual(lines);
    expect((await cartOf(other.id)).map((l) => ({ specId: l.specId, qtyCartons: l.qtyCartons }))).toEqual(lines);
    // Every submit either changed the order (one event each) or repeated what was just submitted (none).
    const events = await eventsOf(other.id);
    expect(events[0]).toMatch(/^submitted:/);
    expect(events.slice(1).every((e) => e.startsWith('changed:'))).toBe(true);
    expect(await dirtyCount(other.id)).toBe(events.length);
    const order = await t.db.selectFrom('orders').select(['totalCartons']).where('retailerId', '=', other.id).executeTakeFirstOrThrow();
    expect(order.totalCartons).toBe(lines.reduce((n, l) => n + l.qtyCartons, 0));
  });
});
