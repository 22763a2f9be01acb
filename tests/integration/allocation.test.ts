import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allocationCheck, allocationOverview, allocationsToCheck, confirmAllocation, publishAllocation, reportAllocationProblem, runAllocation } from '~/server/allocation.server';
import { closeCycle, deliverDay, deliverRoute, deliveryPlan } from '~/server/cycle-admin.server';
import { saveSpecPlan } from '~/server/cycle-plan.server';
import { submitOrder } from '~/server/orders.server';
import { MONDAY, orderingFixture, smallCounty } from '../support/fixtures';
import { postgresSkipped, useTestDb, type TestDb } from '../support/db';

const TUESDAY_OPEN = new Date('2026-11-24T08:00:00.000Z');
const AFTER_LAST_CUTOFF = new Date('2026-11-24T09:00:01.000Z');
const LATER = new Date('2026-11-24T10:00:00.000Z');
/** Wednesday 2026-11-25, 09:00 in Asia/Shanghai. */
const WEDNESDAY = new Date('2026-11-25T01:00:00.000Z');

describe.skipIf(postgresSkipped())('allocation: run, re-run, publish, deposits, the shop’s check, delivery', () => {
  let t: TestDb;
  let county: Awaited<ReturnType<typeof smallCounty>>;
  let fx: Awaited<ReturnType<typeof orderingFixture>>;
  const orderIds: number[] = [];
  const staff = () => ({ userId: county.staffUserId, role: 'staff' as const });
  const shop = (i: number) => ({ userId: county.retailers[i]!.userId, role: 'retailer' as const });
  const manager = (i: number) => ({ userId: county.managers[i]!.userId, role: 'manager' as const });

  const linesOf = (orderId: number) =>
    t.db.selectFrom('orderLines').select(['specId', 'qtyAllocatedCartons']).where('orderId', '=', orderId).orderBy('specId').execute();
  const orderOf = (orderId: number) =>
    t.db.selectFrom('orders').select(['status', 'failureReason', 'allocationConfirmedAt', 'allocationProblem', 'allocationProblemAt']).where('id', '=', orderId).executeTakeFirstOrThrow();
  const cycleStatus = async () => (await t.db.selectFrom('orderCycles').select('status').where('id', '=', fx.cycleId).executeTakeFirstOrThrow()).status;

  beforeAll(async () => {
    t = await useTestDb();
    county = await smallCounty(t.db);
    fx = await orderingFixture(t.db);
    // Shops 0 and 2 are grade 5 and order on Monday; 1 and 3 are grade 10 and order on Tuesday.
    await t.db.updateTable('retailers').set({ depositBalanceFen: 500_000 }).where('id', '=', county.retailers[1]!.id).execute();
    await t.db.updateTable('retailers').set({ depositBalanceFen: 50_000 }).where('id', '=', county.retailers[3]!.id).execute();
    const orders: Array<[number, Array<{ specId: number; qtyCartons: number }>, Date]> = [
      [0, [{ specId: fx.specs.scarce, qtyCartons: 1 }, { specId: fx.specs.plain, qtyCartons: 2 }], MONDAY.open],
      [1, [{ specId: fx.specs.scarce, qtyCartons: 3 }, { specId: fx.specs.plain, qtyCartons: 1 }], TUESDAY_OPEN],
      [2, [{ specId: fx.specs.scarce, qtyCartons: 1 }], MONDAY.open],
      [3, [{ specId: fx.specs.scarce, qtyCartons: 3 }], TUESDAY_OPEN],
    ];
    for (const [i, lines, at] of orders) {
      const r = await submitOrder(t.db, shop(i), county.retailers[i]!.id, lines, at);
      if (!r.ok) throw new Error(`submit ${i}: ${JSON.stringify(r)}`);
      orderIds[i] = r.orderId;
    }
    await t.db.insertInto('cycleSupply').values({ cycleId: fx.cycleId, specId: fx.specs.scarce, supplyCartons: 5 }).execute();
  });
  afterAll(() => t?.close());

  it('runs only after the cycle is closed, which waits for the last order day’s cut-off; a manager cannot run it', async () => {
    expect(await runAllocation(t.db, staff(), fx.cycleId, LATER)).toEqual({ ok: false, reason: 'bad_status' });
    expect(await closeCycle(t.db, staff(), fx.cycleId, MONDAY.afterCutoff)).toEqual({ ok: false, reason: 'cutoff_not_passed' });
    expect(await closeCycle(t.db, manager(0), fx.cycleId, AFTER_LAST_CUTOFF)).toEqual({ ok: false, reason: 'not_found' });
    expect(await closeCycle(t.db, staff(), fx.cycleId, AFTER_LAST_CUTOFF)).toEqual({ ok: true });
    expect(await runAllocation(t.db, manager(0), fx.cycleId, LATER)).toEqual({ ok: false, reason: 'not_found' });
    expect(await runAllocation(t.db, shop(0), fx.cycleId, LATER)).toEqual({ ok: false, reason: 'not_found' });
    expect(await cycleStatus()).toBe('closed');
  });

  it('shares the short scarce spec by grade, fails the order its deposit cannot cover and gives its cartons to the others', async () => {
    const r = await runAllocation(t.db, staff(), fx.cycleId, LATER);
    if (!r.ok) throw new Error(r.reason);
    // Round 1: 5 cartons for asks 1 (g5), 3 (g10), 1 (g5), 3 (g10) → 1, 2, 0, 2; shop 3's 2 × 450 元 > 500 元 → fails;
    // round 2: the other asks (1 + 3 + 1) fit the 5 cartons.
    expect(r.summary.outputs.failedOrderIds).toEqual([orderIds[3]]);
    expect(r.summary.outputs.rounds).toBe(2);
    expect(await linesOf(orderIds[0]!)).toEqual([
      { specId: fx.specs.scarce, qtyAllocatedCartons: 1 },
      { specId: fx.specs.plain, qtyAllocatedCartons: 2 },
    ]);
    expect(await linesOf(orderIds[1]!)).toEqual([
      { specId: fx.specs.scarce, qtyAllocatedCartons: 3 },
      { specId: fx.specs.plain, qtyAllocatedCartons: 1 },
    ]);
    expect(await linesOf(orderIds[2]!)).toEqual([{ specId: fx.specs.scarce, qtyAllocatedCartons: 1 }]);
    expect(await linesOf(orderIds[3]!)).toEqual([{ specId: fx.specs.scarce, qtyAllocatedCartons: 0 }]);
    const failed = await orderOf(orderIds[3]!);
    expect(failed.status).toBe('failed');
    expect(failed.failureReason).toBe('扣款失败：余额不足（配货金额 900.00 元，余额 500.00 元）');
    expect((await orderOf(orderIds[0]!)).status).toBe('submitted');
    expect(await cycleStatus()).toBe('allocated');

    const overview = await allocationOverview(t.db, fx.cycleId);
    expect(overview.runs).toHaveLength(1);
    expect(overview.runs[0]).toMatchObject({ runBy: 'staff01', ordersCount: 4, linesCount: 6, requestedCartons: 11, allocatedCartons: 8, failedOrders: 1, shortSpecs: 0, publishedAt: null });
    expect(overview.specOutcomes).toEqual([expect.objectContaining({ specId: fx.specs.scarce, supplyCartons: 5, eligibleCartons: 5, allocatedCartons: 5, short: false })]);
    expect(overview.failed.map((f) => f.id)).toEqual([orderIds[3]]);
  });

  it('can be re-run after the plan changes; an order that is now covered comes back', async () => {
    expect(await saveSpecPlan(t.db, staff(), fx.cycleId, fx.specs.scarce, 6, [{ gradeFrom: 1, gradeTo: 5, capCartons: 1 }, { gradeFrom: 6, gradeTo: 30, capCartons: 3 }])).toEqual({ ok: true });
    await t.db.updateTable('retailers').set({ depositBalanceFen: 200_000 }).where('id', '=', county.retailers[3]!.id).execute();
    const r = await runAllocation(t.db, staff(), fx.cycleId, LATER);
    if (!r.ok) throw new Error(r.reason);
    // 6 cartons for asks 1, 3, 1, 3 (weights 15, 20, 15, 20; Σ e·w = 150): shares 0.6, 2.4, 0.6, 2.4 → 0, 2, 0, 2
    // and the 2 left go to the largest remainders 0.6 (the grade-5 shops).
    expect(r.summary.outputs.failedOrderIds).toEqual([]);
    expect(r.summary.outputs.specs.find((s) => s.specId === fx.specs.scarce)).toMatchObject({ supplyCartons: 6, eligibleCartons: 8, allocatedCartons: 6, short: true });
    expect((await linesOf(orderIds[3]!))[0]!.qtyAllocatedCartons).toBe(2);
    expect((await linesOf(orderIds[1]!))[0]!.qtyAllocatedCartons).toBe(2);
    expect((await linesOf(orderIds[0]!))[0]!.qtyAllocatedCartons).toBe(1);
    expect(await orderOf(orderIds[3]!)).toMatchObject({ status: 'submitted', failureReason: null });
    expect((await allocationOverview(t.db, fx.cycleId)).runs).toHaveLength(2);
  });

  it('publishes: the allocated orders await the shops’ check, and the plan and the run are frozen', async () => {
    // Shop 2 cannot pay this time.
    await t.db.updateTable('retailers').set({ depositBalanceFen: 10_000 }).where('id', '=', county.retailers[2]!.id).execute();
    const run = await runAllocation(t.db, staff(), fx.cycleId, LATER);
    expect(run.ok && run.summary.outputs.failedOrderIds).toEqual([orderIds[2]]);
    expect(await publishAllocation(t.db, manager(0), fx.cycleId, LATER)).toEqual({ ok: false, reason: 'not_found' });
    expect(await publishAllocation(t.db, staff(), fx.cycleId, LATER)).toEqual({ ok: true, orders: 3 });
    expect(await cycleStatus()).toBe('published');
    expect((await orderOf(orderIds[0]!)).status).toBe('allocated');
    expect((await orderOf(orderIds[2]!)).status).toBe('failed');
    expect(await runAllocation(t.db, staff(), fx.cycleId, LATER)).toEqual({ ok: false, reason: 'bad_status' });
    expect(await publishAllocation(t.db, staff(), fx.cycleId, LATER)).toEqual({ ok: false, reason: 'bad_status' });
    expect(await saveSpecPlan(t.db, staff(), fx.cycleId, fx.specs.scarce, 99, [])).toEqual({ ok: false, reason: 'locked' });
    expect((await allocationOverview(t.db, fx.cycleId)).runs[0]!.publishedAt).toBe(LATER.toISOString());
  });

  it('the shop confirms or reports a problem; another shop cannot touch its order; a failed order is not checkable', async () => {
    expect((await allocationsToCheck(t.db, shop(0), county.retailers[0]!.id)).map((o) => o.id)).toEqual([orderIds[0]]);
    expect(await confirmAllocation(t.db, shop(1), orderIds[0]!, LATER)).toEqual({ ok: false, reason: 'not_found' });
    expect(await reportAllocationProblem(t.db, shop(2), orderIds[0]!, 'not mine', LATER)).toEqual({ ok: false, reason: 'not_found' });
    expect(await confirmAllocation(t.db, shop(2), orderIds[2]!, LATER)).toEqual({ ok: false, reason: 'not_checkable' });

    expect(await confirmAllocation(t.db, shop(0), orderIds[0]!, LATER)).toEqual({ ok: true });
    expect(await orderOf(orderIds[0]!)).toMatchObject({ status: 'confirmed', allocationConfirmedAt: LATER.toISOString() });
    expect(await confirmAllocation(t.db, shop(0), orderIds[0]!, LATER)).toEqual({ ok: false, reason: 'not_checkable' });
    expect(await allocationsToCheck(t.db, shop(0), county.retailers[0]!.id)).toEqual([]);

    expect(await reportAllocationProblem(t.db, shop(1), orderIds[1]!, '   ', LATER)).toEqual({ ok: false, reason: 'invalid' });
    expect(await reportAllocationProblem(t.db, shop(1), orderIds[1]!, '紧俏烟少配了一条', LATER)).toEqual({ ok: true });
    expect(await orderOf(orderIds[1]!)).toMatchObject({ status: 'allocated', allocationProblem: '紧俏烟少配了一条', allocationProblemAt: LATER.toISOString(), allocationConfirmedAt: null });
    // "allocation not confirmed" for the managers' lists = an order in a published cycle still 'allocated'.
    expect(await allocationCheck(t.db, manager(0), orderIds[1]!)).toMatchObject({ status: 'allocated', cycleStatus: 'published', mayCheck: true });
    expect(await allocationCheck(t.db, manager(1), orderIds[1]!)).toBeNull();
    expect((await allocationOverview(t.db, fx.cycleId)).problems.map((p) => p.allocationProblem)).toEqual(['紧俏烟少配了一条']);
  });

  it('delivers by route and day through markDelivered (receipts booked); the cycle is delivered when nothing is left', async () => {
    const plan = await deliveryPlan(t.db, fx.cycleId);
    expect(plan.map((p) => [p.managerId, p.day, p.toDeliver])).toEqual([
      [county.managers[0]!.managerId, '2026-11-24', 1],
      [county.managers[0]!.managerId, '2026-11-25', 1],
      [county.managers[1]!.managerId, '2026-11-25', 1],
    ]);
    expect(await deliverRoute(t.db, manager(0), fx.cycleId, county.managers[0]!.managerId, '2026-11-24', LATER)).toEqual({ ok: false, reason: 'not_found' });
    expect(await deliverRoute(t.db, staff(), fx.cycleId, county.managers[0]!.managerId, '2026-11-24', LATER)).toEqual({ ok: true, delivered: 1, cycleDelivered: false });
    const receipts = await t.db.selectFrom('receipts').select(['specId', 'qtyPacks', 'receivedOn']).where('orderId', '=', orderIds[0]!).orderBy('specId').execute();
    // The last run shared 6 scarce cartons among asks 1 (grade 5), 3 and 3 (grade 10): 0.67, 2.67, 2.67 → the two
    // cartons left by rounding went to the higher grades on equal remainders, so shop 0 got none of it.
    expect(receipts).toEqual([{ specId: fx.specs.plain, qtyPacks: 20, receivedOn: '2026-11-24' }]);
    // Wednesday's deliveries on Tuesday evening: refused on every path, and nothing is written for that day.
    const receiptsOn = (day: string) => t.db.selectFrom('receipts').select(['retailerId', 'specId']).where('receivedOn', '=', day).execute();
    expect(await deliverRoute(t.db, staff(), fx.cycleId, county.managers[0]!.managerId, '2026-11-25', LATER)).toEqual({ ok: false, reason: 'future_day' });
    expect(await deliverDay(t.db, staff(), fx.cycleId, '2026-11-25', LATER)).toEqual({ ok: false, reason: 'future_day' });
    expect(await receiptsOn('2026-11-25')).toEqual([]);
    expect((await deliveryPlan(t.db, fx.cycleId)).filter((p) => p.day === '2026-11-25').map((p) => p.toDeliver)).toEqual([1, 1]);
    // On Wednesday one action marks both routes of the day.
    expect(await deliverDay(t.db, manager(0), fx.cycleId, '2026-11-25', WEDNESDAY)).toEqual({ ok: false, reason: 'not_found' });
    expect(await deliverDay(t.db, staff(), fx.cycleId, '2026-11-25', WEDNESDAY)).toEqual({ ok: true, delivered: 2, cycleDelivered: true });
    expect((await deliveryPlan(t.db, fx.cycleId)).filter((p) => p.day === '2026-11-25').map((p) => [p.toDeliver, p.delivered])).toEqual([
      [0, 1],
      [0, 1],
    ]);
    expect(await cycleStatus()).toBe('delivered');
    expect((await orderOf(orderIds[2]!)).status).toBe('failed');
  });
});
