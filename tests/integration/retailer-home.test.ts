/**
 * Home's to-do list from the data (app/server/retailer-home.server.ts), on SQLite and PostgreSQL: each state is
 * arranged through the app's own functions where it has one (submitOrder, saveCart, markDelivered, the allocation
 * publish) or as the rows an earlier step would have written, and home's list is read back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmAllocation } from '~/server/allocation.server';
import { saveCart, submitOrder } from '~/server/orders.server';
import { retailerHome } from '~/server/retailer-home.server';
import { MONDAY, orderingFixture, smallCounty } from '../support/fixtures';
import { postgresSkipped, useTestDb, type TestDb } from '../support/db';

describe.skipIf(postgresSkipped())('home lists every open to-do, most urgent first', () => {
  let t: TestDb;
  let county: Awaited<ReturnType<typeof smallCounty>>;
  let fx: Awaited<ReturnType<typeof orderingFixture>>;
  const shop = () => county.retailers[0]!; // Monday shop, cut-off 2026-11-23 17:00
  const asShop = () => ({ userId: shop().userId, role: 'retailer' as const });
  const now = MONDAY.open; // 16:00 in Shanghai, an hour before the cut-off
  const home = async (user = asShop()) => (await retailerHome(t.db, user, now))!;
  const kinds = async (user = asShop()) => (await home(user)).todos.map((todo) => todo.kind);
  const past: Record<string, number> = {};

  async function pastCycle(code: string, startsOn: string, endsOn: string, status: 'delivered' | 'published') {
    return (
      await t.db
        .insertInto('orderCycles')
        .values({ code, startsOn, endsOn, opensAt: `${startsOn}T01:00:00.000Z`, cutoffLocalTime: '17:00:00', leadDays: 1, status, createdAt: now.toISOString() })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  }

  async function pastOrder(retailerId: number, cycleId: number, status: 'delivered' | 'allocated', deliveredOn: string | null) {
    const at = now.toISOString();
    const id = (
      await t.db
        .insertInto('orders')
        .values({ retailerId, cycleId, status, submittedByUserId: null, onBehalf: 0, submittedAt: at, totalCartons: 2, totalAmountFen: 40_000, failureReason: null, createdAt: at, updatedAt: at, deliveredOn, receiptConfirmedAt: null, allocationConfirmedAt: null, allocationProblem: null, allocationProblemAt: null })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    await t.db.insertInto('orderLines').values({ orderId: id, specId: fx.specs.plain, qtyRequestedCartons: 2, capCartons: null, suggestedCartons: 2, qtyAllocatedCartons: 2, unitPriceFen: 20_000, qtyReceivedCartons: null }).execute();
    return id;
  }

  beforeAll(async () => {
    t = await useTestDb();
    county = await smallCounty(t.db);
    fx = await orderingFixture(t.db);
    past.delivered = await pastCycle('2026-W47', '2026-11-16', '2026-11-22', 'delivered');
    past.published = await pastCycle('2026-W46', '2026-11-09', '2026-11-15', 'published');
    // The survey of this quarter is answered, so it does not stand in every list below.
    await t.db
      .insertInto('satisfactionResponses')
      .values({ retailerId: shop().id, quarter: '2026-Q4', managerId: shop().managerId, stationId: county.station, supplyScore: 90, orderingScore: 90, deliveryScore: 90, managerScore: 90, comment: null, submittedByUserId: shop().userId, submittedAt: now.toISOString() })
      .execute();
  });
  afterAll(() => t?.close());

  it('no order yet: the order to-do, due at the cut-off within the hour; yesterday’s sales missing, later', async () => {
    const h = await home();
    expect(h.todos).toEqual([
      { kind: 'order_not_submitted', urgency: 'now', dueAt: '2026-11-23T09:00:00.000Z', cycleCode: '2026-W48', hasDraft: false },
      { kind: 'sales_not_uploaded', urgency: 'later', dueAt: null, day: '2026-11-22' },
    ]);
  });

  it('a draft in the cart says so; once submitted the order to-do is gone', async () => {
    expect(await saveCart(t.db, asShop(), shop().id, [{ specId: fx.specs.plain, qtyCartons: 2 }], now)).toMatchObject({ ok: true });
    expect((await home()).todos[0]).toMatchObject({ kind: 'order_not_submitted', hasDraft: true });
    expect(await submitOrder(t.db, asShop(), shop().id, [{ specId: fx.specs.plain, qtyCartons: 2 }], now)).toMatchObject({ ok: true });
    const h = await home();
    expect(h.order).toMatchObject({ status: 'submitted', changedSinceSubmit: false });
    expect(h.todos.map((todo) => todo.kind)).toEqual(['sales_not_uploaded']);
  });

  it('the submitted order changed without resubmitting: "changed since submit", not "all is well"', async () => {
    expect(await saveCart(t.db, asShop(), shop().id, [{ specId: fx.specs.plain, qtyCartons: 3 }], now)).toMatchObject({ ok: true, status: 'submitted' });
    const h = await home();
    expect(h.order).toMatchObject({ status: 'submitted', changedSinceSubmit: true });
    expect(h.todos[0]).toEqual({ kind: 'order_changed', urgency: 'now', dueAt: '2026-11-23T09:00:00.000Z', cycleCode: '2026-W48' });
    // Changing it back to what was submitted is no change.
    await saveCart(t.db, asShop(), shop().id, [{ specId: fx.specs.plain, qtyCartons: 2 }], now);
    expect(await kinds()).toEqual(['sales_not_uploaded']);
    await saveCart(t.db, asShop(), shop().id, [{ specId: fx.specs.plain, qtyCartons: 3 }], now);
  });

  it('open data issues, counted by kind; a fixed one no longer counts', async () => {
    const issue = (key: string, kind: string, status: 'open' | 'fixed' = 'open') => ({
      retailerId: shop().id,
      issueKey: key,
      kind,
      specId: fx.specs.plain,
      day: '2026-11-20',
      detailJson: '{}',
      status,
      foundAt: now.toISOString(),
      resolvedAt: null,
      resolvedByUserId: null,
      resolutionNote: null,
    });
    await t.db
      .insertInto('qualityIssues')
      .values([issue('a', 'stock_discrepancy'), issue('b', 'stock_discrepancy'), issue('c', 'looks_times_ten'), issue('d', 'outlier_day', 'fixed')])
      .execute();
    const todo = (await home()).todos.find((x) => x.kind === 'data_issues');
    expect(todo).toEqual({
      kind: 'data_issues',
      urgency: 'now',
      dueAt: '2026-11-23T09:00:00.000Z',
      count: 3,
      byKind: [
        { kind: 'stock_discrepancy', count: 2 },
        { kind: 'looks_times_ten', count: 1 },
      ],
    });
  });

  it('a delivery to confirm and a published allocation to check, each with its order; confirming the allocation removes it', async () => {
    const delivered = await pastOrder(shop().id, past.delivered!, 'delivered', '2026-11-17');
    const allocated = await pastOrder(shop().id, past.published!, 'allocated', null);
    // Another shop's delivery is not this shop's to-do.
    await pastOrder(county.retailers[2]!.id, past.delivered!, 'delivered', '2026-11-17');
    const h = await home();
    expect(h.todos.map((x) => x.kind)).toEqual(['order_changed', 'data_issues', 'allocation_to_check', 'delivery_to_confirm', 'sales_not_uploaded']);
    expect(h.todos.find((x) => x.kind === 'delivery_to_confirm')).toMatchObject({ orderId: delivered, cycleCode: '2026-W47', deliveredOn: '2026-11-17', urgency: 'now' });
    expect(h.todos.find((x) => x.kind === 'allocation_to_check')).toMatchObject({ orderId: allocated, cycleCode: '2026-W46', urgency: 'now', problemReported: false });
    expect(await confirmAllocation(t.db, asShop(), allocated, now)).toEqual({ ok: true });
    expect(await kinds()).not.toContain('allocation_to_check');
  });

  it('a shop that sells but never counted its stock is asked to count; a count today ends it', async () => {
    await t.db.insertInto('posDailySales').values({ retailerId: shop().id, specId: fx.specs.plain, salesDate: '2026-11-20', qtyPacks: 4, uploadId: null }).execute();
    expect((await home()).todos.find((x) => x.kind === 'stock_count_due')).toMatchObject({ urgency: 'soon', lastCountDay: null });
    await t.db.insertInto('stockCounts').values({ retailerId: shop().id, countedAt: '2026-11-23T00:30:00.000Z', uploadId: null }).execute();
    expect(await kinds()).not.toContain('stock_count_due');
  });

  it('after the cut-off the order to-do goes; other shops see none of this shop’s to-dos', async () => {
    const after = (await retailerHome(t.db, asShop(), MONDAY.afterCutoff))!;
    expect(after.todos.map((x) => x.kind)).not.toContain('order_changed');
    expect(after.todos.map((x) => x.kind)).toContain('data_issues');
    const other = county.retailers[1]!;
    const theirs = (await retailerHome(t.db, { userId: other.userId, role: 'retailer' }, now))!;
    expect(theirs.retailer.id).toBe(other.id);
    expect(theirs.todos.map((x) => x.kind)).not.toContain('data_issues');
    expect(theirs.todos.map((x) => x.kind)).not.toContain('delivery_to_confirm');
    // A manager is not a shop: no home.
    expect(await retailerHome(t.db, { userId: county.managers[0]!.userId, role: 'manager' }, now)).toBeNull();
  });
});
