import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cancelOrder, orderDetail, orderHistory, orderingContext, saveCart, submitOrder } from '~/server/orders.server';
import { MONDAY, orderingFixture, smallCounty } from '../support/fixtures';
import { postgresSkipped, useTestDb, type TestDb } from '../support/db';

describe.skipIf(postgresSkipped())('retailer ordering', () => {
  let t: TestDb;
  let county: Awaited<ReturnType<typeof smallCounty>>;
  let fx: Awaited<ReturnType<typeof orderingFixture>>;
  // retailers[0] and [2] order on Monday (weekday 1) with grade 5; [1] and [3] on Tuesday with grade 10.
  const shop = () => county.retailers[0]!;
  const asShop = () => ({ userId: shop().userId, role: 'retailer' as const });

  beforeAll(async () => {
    t = await useTestDb();
    county = await smallCounty(t.db);
    fx = await orderingFixture(t.db);
  });
  afterAll(() => t?.close());

  const snapshot = async (retailerId: number) => ({
    orders: await t.db.selectFrom('orders').selectAll().where('retailerId', '=', retailerId).execute(),
    lines: await t.db
      .selectFrom('orderLines')
      .innerJoin('orders', 'orders.id', 'orderLines.orderId')
      .select(['orderLines.specId', 'orderLines.qtyRequestedCartons'])
      .where('orders.retailerId', '=', retailerId)
      .orderBy('orderLines.specId')
      .execute(),
  });

  it('refuses an order above the grade’s cap, naming the line, and writes nothing', async () => {
    const r = await submitOrder(t.db, asShop(), shop().id, [{ specId: fx.specs.scarce, qtyCartons: 2 }, { specId: fx.specs.plain, qtyCartons: 4 }], MONDAY.open);
    expect(r).toEqual({ ok: false, reason: 'invalid', lineProblems: [{ specId: fx.specs.scarce, problem: { code: 'over_cap', cap: 1 } }], orderProblems: [] });
    expect(await snapshot(shop().id)).toEqual({ orders: [], lines: [] });
  });

  it('refuses discontinued and offline specs and an empty order', async () => {
    const r = await submitOrder(t.db, asShop(), shop().id, [{ specId: fx.specs.discontinued, qtyCartons: 1 }, { specId: fx.specs.offline, qtyCartons: 1 }], MONDAY.open);
    expect(r.ok).toBe(false);
    expect(r.ok === false && r.reason === 'invalid' && r.lineProblems.map((p) => p.problem.code)).toEqual(['discontinued', 'not_orderable']);
    const empty = await submitOrder(t.db, asShop(), shop().id, [], MONDAY.open);
    expect(empty.ok === false && empty.reason === 'invalid' && empty.orderProblems).toEqual([{ code: 'empty' }]);
    expect((await snapshot(shop().id)).orders).toEqual([]);
  });

  it('20 concurrent submits of the same cart leave exactly one order with those lines', async () => {
    const lines = [{ specId: fx.specs.scarce, qtyCartons: 1 }, { specId: fx.specs.plain, qtyCartons: 6 }];
    const results = await Promise.all(Array.from({ length: 20 }, () => submitOrder(t.db, asShop(), shop().id, lines, MONDAY.open)));
    expect(results.every((r) => r.ok)).toBe(true);
    const s = await snapshot(shop().id);
    expect(s.orders).toHaveLength(1);
    expect(s.orders[0]).toMatchObject({ status: 'submitted', totalCartons: 7, totalAmountFen: 45_000 + 6 * 20_000, submittedByUserId: shop().userId, onBehalf: 0 });
    expect(s.lines).toEqual([
      { specId: fx.specs.scarce, qtyRequestedCartons: 1 },
      { specId: fx.specs.plain, qtyRequestedCartons: 6 },
    ]);
  });

  it('a change before the cut-off replaces the lines of the same order and is recorded', async () => {
    const r = await submitOrder(t.db, asShop(), shop().id, [{ specId: fx.specs.plain, qtyCartons: 2 }], MONDAY.lastSecond);
    expect(r.ok).toBe(true);
    const s = await snapshot(shop().id);
    expect(s.orders).toHaveLength(1);
    expect(s.lines).toEqual([{ specId: fx.specs.plain, qtyRequestedCartons: 2 }]);
    const events = await t.db.selectFrom('orderEvents').select(['kind']).where('orderId', '=', s.orders[0]!.id).orderBy('id').execute();
    // The 19 repeated identical submits above were no-ops, not changes.
    expect(events.map((e) => e.kind)).toEqual(['submitted', 'changed']);
  });

  it('after the cut-off a submit, a cart edit and a cancel change nothing', async () => {
    const before = await snapshot(shop().id);
    expect(await submitOrder(t.db, asShop(), shop().id, [{ specId: fx.specs.plain, qtyCartons: 9 }], MONDAY.afterCutoff)).toEqual({ ok: false, reason: 'window_closed' });
    expect(await saveCart(t.db, asShop(), shop().id, [{ specId: fx.specs.plain, qtyCartons: 9 }], MONDAY.afterCutoff)).toEqual({ ok: false, reason: 'window_closed' });
    expect(await cancelOrder(t.db, asShop(), shop().id, MONDAY.afterCutoff)).toEqual({ ok: false, reason: 'window_closed' });
    expect(await snapshot(shop().id)).toEqual(before);
    const ctx = await orderingContext(t.db, asShop(), shop().id, MONDAY.afterCutoff);
    expect(ctx?.cycle).toBeTruthy();
  });

  it('before the cycle opens nothing can be ordered', async () => {
    const other = county.retailers[1]!;
    expect(await submitOrder(t.db, { userId: other.userId, role: 'retailer' }, other.id, [{ specId: fx.specs.plain, qtyCartons: 1 }], MONDAY.beforeOpen)).toEqual({
      ok: false,
      reason: 'window_not_open',
    });
  });

  it('a retailer cannot read or change another retailer’s order by id', async () => {
    const mine = (await snapshot(shop().id)).orders[0]!;
    const other = county.retailers[2]!;
    const asOther = { userId: other.userId, role: 'retailer' as const };
    expect(await orderDetail(t.db, asOther, mine.id)).toBeNull();
    expect(await orderHistory(t.db, asOther, shop().id)).toEqual([]);
    expect(await orderingContext(t.db, asOther, shop().id, MONDAY.open)).toBeNull();
    expect(await submitOrder(t.db, asOther, shop().id, [{ specId: fx.specs.plain, qtyCartons: 50 }], MONDAY.open)).toEqual({ ok: false, reason: 'not_found' });
    expect(await cancelOrder(t.db, asOther, shop().id, MONDAY.open)).toEqual({ ok: false, reason: 'not_found' });
    expect(await saveCart(t.db, asOther, shop().id, [], MONDAY.open)).toEqual({ ok: false, reason: 'not_found' });
    expect((await orderDetail(t.db, asShop(), mine.id))?.lines).toHaveLength(1);
  });

  it('a manager orders for a retailer on its route (recorded as on its behalf), never for another route', async () => {
    const onRoute = county.retailers[2]!; // manager 2's route, Monday
    const manager = county.managers.find((m) => m.managerId === onRoute.managerId)!;
    const otherManager = county.managers.find((m) => m.managerId !== onRoute.managerId)!;
    const asManager = { userId: manager.userId, role: 'manager' as const };
    expect(await submitOrder(t.db, { userId: otherManager.userId, role: 'manager' }, onRoute.id, [{ specId: fx.specs.plain, qtyCartons: 1 }], MONDAY.open)).toEqual({ ok: false, reason: 'not_found' });
    const r = await submitOrder(t.db, asManager, onRoute.id, [{ specId: fx.specs.plain, qtyCartons: 3 }], MONDAY.open);
    expect(r.ok).toBe(true);
    const [order] = (await snapshot(onRoute.id)).orders;
    expect(order).toMatchObject({ onBehalf: 1, submittedByUserId: manager.userId });
    const history = await orderHistory(t.db, { userId: onRoute.userId, role: 'retailer' }, onRoute.id);
    expect(history[0]).toMatchObject({ onBehalf: 1, status: 'submitted', totalCartons: 3 });
  });

  it('keeps the cart on the server, shows unsubmitted changes, and cancels before the cut-off', async () => {
    const saved = await saveCart(t.db, asShop(), shop().id, [{ specId: fx.specs.plain, qtyCartons: 5 }, { specId: fx.specs.scarce, qtyCartons: 4 }], MONDAY.open);
    expect(saved).toMatchObject({ ok: true, status: 'submitted' });
    const ctx = await orderingContext(t.db, asShop(), shop().id, MONDAY.open);
    expect(ctx?.cycle ? ctx.cart : null).toEqual(expect.arrayContaining([{ specId: fx.specs.plain, qtyCartons: 5 }, { specId: fx.specs.scarce, qtyCartons: 4 }]));
    expect(ctx && 'hasUnsubmittedChanges' in ctx && ctx.hasUnsubmittedChanges).toBe(true);
    // The submitted order still stands with its own lines.
    expect((await snapshot(shop().id)).lines).toEqual([{ specId: fx.specs.plain, qtyRequestedCartons: 2 }]);

    expect(await cancelOrder(t.db, asShop(), shop().id, MONDAY.open)).toMatchObject({ ok: true, status: 'cancelled' });
    expect((await snapshot(shop().id)).orders[0]!.status).toBe('cancelled');
    // The page opened again after the cancel starts from an empty cart, not from the cancelled lines (issue 16, item 5).
    const afterCancel = await orderingContext(t.db, asShop(), shop().id, MONDAY.open);
    expect(afterCancel?.cycle ? { cart: afterCancel.cart, status: afterCancel.order?.status } : null).toEqual({ cart: [], status: 'cancelled' });
    expect(await saveCart(t.db, asShop(), shop().id, [{ specId: 999_999, qtyCartons: 1 }], MONDAY.open)).toMatchObject({ ok: false, reason: 'invalid' });
  });
});
