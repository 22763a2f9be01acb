/**
 * What the 按需供货 browser test (allocation-demand.spec.ts) needs in the e2e county, arranged by the test itself
 * (tests/e2e/arrange.ts says why): a closed cycle of its own in which a scarce spec is short, and a shop of the
 * manager's route whose asks of a scarce spec run far beyond its sales, listed by the supervision job's own work; for
 * the monitoring page and the supply replay, cycles of their own allocated against demand, or delivered.
 */
import { SUPERVISION_CYCLES } from '~/domain/allocation';
import { addDays, daysBetween, isoWeekCode, shanghaiDayOf, shanghaiToInstant } from '~/domain/time';
import { prepareDemandEstimates, setAllocationMethod } from '~/server/allocation-demand.server';
import { runAllocation } from '~/server/allocation.server';
import { refreshSupervision } from '~/server/supervision.server';
import { connect, type DB } from '../../db/connect';
import { pendingJobs } from '../../db/jobs';
import { E2E_DATABASE } from './arrange';

async function withDb<T>(work: (db: DB) => Promise<T>): Promise<T> {
  const db = connect({ url: E2E_DATABASE });
  try {
    return await work(db);
  } finally {
    await db.destroy();
  }
}

/**
 * Shops no other browser test names (their licence numbers), so what is arranged here never meets another test's
 * shop: the e2e county's 60 shops are 440300100001–060. Check with `grep -ohE "4403001000[0-9]{2}" tests/e2e/*.ts`
 * before adding one: 39, 43, 48 and 55 were listed here while offline-ordering, ordering, notices and unknown-stock
 * signed in as them, and an arranged delivery to confirm came first on 39's home.
 */
export const SPARE_SHOPS = [22, 23, 24, 25, 26, 27, 28, 29, 40, 42, 44, 45, 49, 51, 53, 54, 56, 57, 58, 59, 60].map((n) => `4403001000${String(n).padStart(2, '0')}`);

const BANDS = [
  [1, 10, 2],
  [11, 20, 3],
  [21, 30, 4],
] as const;

async function firstScarceSpec(db: DB) {
  return db
    .selectFrom('specs')
    .select(['id', 'code', 'name', 'wholesalePriceFenPerCarton'])
    .where('isScarce', '=', 1)
    .where('isOrderable', '=', 1)
    .where('isDiscontinued', '=', 0)
    .orderBy('id')
    .executeTakeFirstOrThrow();
}

/** Marks `days` as uploaded by the shop, each with `packsOf(day)` packs of the spec sold (days it already sent are left as they are). */
async function salesUploaded(db: DB, retailerId: number, specId: number, days: string[], packsOf: (day: string) => number) {
  const sent = new Set((await db.selectFrom('uploads').select('businessDate').where('retailerId', '=', retailerId).where('kind', '=', 'sales').where('businessDate', 'in', days).execute()).map((u) => String(u.businessDate)));
  const missing = days.filter((d) => !sent.has(d));
  if (!missing.length) return;
  const at = new Date().toISOString();
  await db.insertInto('uploads').values(missing.map((businessDate) => ({ retailerId, kind: 'sales' as const, source: 'seed' as const, businessDate, batchId: null, createdByUserId: null, createdAt: at, rowsAccepted: 1, rowsRejected: 0 }))).execute();
  const sales = missing.map((salesDate) => ({ retailerId, specId, salesDate, qtyPacks: packsOf(salesDate), uploadId: null })).filter((s) => s.qtyPacks > 0);
  if (sales.length) await db.insertInto('posDailySales').values(sales).execute();
}

type ShortCycle = { cycleId: number; code: string; specName: string; supplyCartons: number; orders: number };

/**
 * A cycle of its own starting on `startsOn` (a Monday before anything else in the county): up to twenty spare shops
 * each asked their cap of the first scarce spec, whose supply is 40 % of the asks; over the four weeks before it (and,
 * for a delivered cycle, the two weeks after its delivery) most of them sold the spec (0–3 packs a day). `closed`:
 * not allocated; `delivered`: each shop got its grade's share already, delivered the day after its order day.
 */
async function cycleShortOfAScarceSpec(db: DB, startsOn: string, status: 'closed' | 'delivered'): Promise<ShortCycle> {
  const opensAt = shanghaiToInstant(addDays(startsOn, -2), '09:00:00');
  const code = isoWeekCode(startsOn);
  const spec = await firstScarceSpec(db);
  const existing = await db.selectFrom('orderCycles').select(['id', 'code']).where('code', '=', code).executeTakeFirst();
  const cycle =
    existing ??
    (await db
      .insertInto('orderCycles')
      .values({ code, startsOn, endsOn: addDays(startsOn, 6), opensAt, cutoffLocalTime: '17:00:00', leadDays: 1, status, createdAt: opensAt })
      .returning(['id', 'code'])
      .executeTakeFirstOrThrow());
  const shops = await db.selectFrom('retailers').select(['id', 'grade', 'orderWeekday']).where('active', '=', 1).where('licenceNo', 'in', SPARE_SHOPS).orderBy('id').limit(20).execute();
  const asked = shops.reduce((n, shop) => n + BANDS.find(([from, to]) => shop.grade >= from && shop.grade <= to)![2], 0);
  const supplyCartons = Math.floor(asked * 0.4);
  if (existing) return { cycleId: cycle.id, code: cycle.code, specName: spec.name, supplyCartons, orders: shops.length };
  await db.insertInto('caps').values(BANDS.map(([gradeFrom, gradeTo, capCartons]) => ({ cycleId: cycle.id, specId: spec.id, gradeFrom, gradeTo, capCartons }))).execute();
  const before = Array.from({ length: 28 }, (_, i) => addDays(startsOn, i - 28));
  // Delivered: the supply shared out one carton a shop, in order, until it runs out (what the shops then sold is the replay's business).
  let left = supplyCartons;
  for (const [i, shop] of shops.entries()) {
    const cap = BANDS.find(([from, to]) => shop.grade >= from && shop.grade <= to)![2];
    const submittedAt = shanghaiToInstant(startsOn, '10:00:00');
    const deliveredOn = status === 'delivered' ? addDays(startsOn, Math.min(7, Math.max(1, shop.orderWeekday))) : null;
    const allocated = status === 'delivered' ? Math.min(cap, left, 1 + (i % 2)) : null;
    if (allocated !== null) left -= allocated;
    const order = await db
      .insertInto('orders')
      .values({
        retailerId: shop.id,
        cycleId: cycle.id,
        status: status === 'delivered' ? 'delivered' : 'submitted',
        submittedByUserId: null,
        onBehalf: 0,
        submittedAt,
        totalCartons: cap,
        totalAmountFen: cap * spec.wholesalePriceFenPerCarton,
        failureReason: null,
        createdAt: submittedAt,
        updatedAt: submittedAt,
        deliveredOn,
        receiptConfirmedAt: null,
        allocationConfirmedAt: null,
        allocationProblem: null,
        allocationProblemAt: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('orderLines')
      .values({ orderId: order.id, specId: spec.id, qtyRequestedCartons: cap, capCartons: cap, suggestedCartons: null, qtyAllocatedCartons: allocated, unitPriceFen: spec.wholesalePriceFenPerCarton, qtyReceivedCartons: null, deviationReason: null })
      .execute();
    const after = deliveredOn ? Array.from({ length: 14 }, (_, d) => addDays(deliveredOn, d)) : [];
    await salesUploaded(db, shop.id, spec.id, [...before, ...after], () => i % 4);
  }
  await db.insertInto('cycleSupply').values({ cycleId: cycle.id, specId: spec.id, supplyCartons }).execute();
  return { cycleId: cycle.id, code: cycle.code, specName: spec.name, supplyCartons, orders: shops.length };
}

/**
 * A closed cycle of its own, ten weeks before anything else in the county, short of a scarce spec (above). No demand
 * is estimated yet and the spec is shared 按档位 until staff choose.
 */
export function closedCycleShortOfAScarceSpec(): Promise<ShortCycle> {
  return withDb(async (db) => {
    const earliest = await db.selectFrom('orderCycles').select('startsOn').orderBy('startsOn').executeTakeFirstOrThrow();
    return cycleShortOfAScarceSpec(db, addDays(earliest.startsOn, -70), 'closed');
  });
}

/** The Monday `weeks` weeks before the seeded county's latest delivered cycle (other tests' cycles are never delivered). */
async function weeksBeforeDelivered(db: DB, weeks: number) {
  const latest = await db.selectFrom('orderCycles').select('startsOn').where('status', '=', 'delivered').orderBy('startsOn', 'desc').executeTakeFirstOrThrow();
  return addDays(latest.startsOn, -7 * weeks);
}

/**
 * For the monitoring page's 配货对需求: a cycle of its own twenty weeks back, short of a scarce spec, whose demand was
 * estimated (the 'demand' job's work, called as the job does) and then allocated 按需 — its stored estimates are the
 * ones the run read. Returns the cycle and the Monday it starts on (the page's week).
 */
export function allocatedCycleAgainstDemand(): Promise<ShortCycle & { startsOn: string }> {
  return withDb(async (db) => {
    const startsOn = await weeksBeforeDelivered(db, 20);
    const cycle = await cycleShortOfAScarceSpec(db, startsOn, 'closed');
    const staff = await db.selectFrom('users').select('id').where('username', '=', 'staff01').executeTakeFirstOrThrow();
    const user = { userId: staff.id, role: 'staff' as const };
    const status = await db.selectFrom('orderCycles').select('status').where('id', '=', cycle.cycleId).executeTakeFirstOrThrow();
    if (status.status === 'closed') {
      const prepared = await prepareDemandEstimates(db, user, cycle.cycleId);
      if (!prepared.ok) throw new Error(`estimating demand: ${prepared.reason}`);
      const spec = await firstScarceSpec(db);
      const method = await setAllocationMethod(db, user, cycle.cycleId, spec.id, { kind: 'demand', floorCartons: 1 });
      if (!method.ok) throw new Error(`method: ${method.reason}`);
      const run = await runAllocation(db, user, cycle.cycleId);
      if (!run.ok) throw new Error(`allocation: ${run.reason}`);
    }
    return { ...cycle, startsOn };
  });
}

/**
 * A delivered cycle of its own `weeks` weeks back, short of a scarce spec, its sales uploaded: for the supply replay
 * (45 weeks) and for the grading test (60 weeks: the spare shops then have ordered before the grading window, so
 * they are judged, not "new"). Each test its own week, apart from every other arranged cycle.
 */
export function deliveredCycleShortOfAScarceSpec(weeks = 45): Promise<ShortCycle> {
  return withDb(async (db) => cycleShortOfAScarceSpec(db, await weeksBeforeDelivered(db, weeks), 'delivered'));
}

/**
 * A shop of the manager's route asks 30 cartons of the first scarce spec in each of the last three delivered cycles
 * while selling a pack a day, every day of the supervision window uploaded; then the 'supervision' job's work
 * (refreshSupervision) stores the list the pages read. Returns the shop's and spec's names, as the card heads them.
 */
export function supervisionCaseOnRoute(managerUsername: string): Promise<{ shopName: string; specName: string }> {
  return withDb(async (db) => {
    const manager = await db.selectFrom('accountManagers').innerJoin('users', 'users.id', 'accountManagers.userId').select('accountManagers.id').where('users.username', '=', managerUsername).executeTakeFirstOrThrow();
    const shop = await db.selectFrom('retailers').select(['id', 'name']).where('managerId', '=', manager.id).where('active', '=', 1).where('licenceNo', 'in', SPARE_SHOPS).orderBy('id', 'desc').executeTakeFirstOrThrow();
    const spec = await firstScarceSpec(db);
    const today = shanghaiDayOf(new Date());
    const cycles = (await db.selectFrom('orderCycles').select(['id', 'startsOn', 'endsOn']).where('status', '=', 'delivered').where('endsOn', '<', today).orderBy('startsOn', 'desc').limit(SUPERVISION_CYCLES).execute()).reverse();
    if (cycles.length < 3) throw new Error(`the e2e county has ${cycles.length} delivered cycles; the supervision line needs 3`);
    for (const c of cycles.slice(-3)) {
      const at = shanghaiToInstant(c.startsOn, '10:00:00');
      let order = await db.selectFrom('orders').select('id').where('retailerId', '=', shop.id).where('cycleId', '=', c.id).executeTakeFirst();
      // An order the seed left cancelled or as a draft asked nothing: this one was placed and delivered.
      if (order) await db.updateTable('orders').set({ status: 'delivered', deliveredOn: addDays(c.startsOn, 1) }).where('id', '=', order.id).execute();
      if (!order) {
        order = await db
          .insertInto('orders')
          .values({ retailerId: shop.id, cycleId: c.id, status: 'delivered', submittedByUserId: null, onBehalf: 0, submittedAt: at, totalCartons: 30, totalAmountFen: 30 * spec.wholesalePriceFenPerCarton, failureReason: null, createdAt: at, updatedAt: at, deliveredOn: addDays(c.startsOn, 1), receiptConfirmedAt: null, allocationConfirmedAt: at, allocationProblem: null, allocationProblemAt: null })
          .returning('id')
          .executeTakeFirstOrThrow();
      }
      await db.deleteFrom('orderLines').where('orderId', '=', order.id).where('specId', '=', spec.id).execute();
      await db
        .insertInto('orderLines')
        .values({ orderId: order.id, specId: spec.id, qtyRequestedCartons: 30, capCartons: null, suggestedCartons: null, qtyAllocatedCartons: 2, unitPriceFen: spec.wholesalePriceFenPerCarton, qtyReceivedCartons: null, deviationReason: null })
        .execute();
    }
    const first = cycles[0]!.startsOn;
    const days = Array.from({ length: daysBetween(first, cycles.at(-1)!.endsOn) + 1 }, (_, i) => addDays(first, i));
    await salesUploaded(db, shop.id, spec.id, days, () => 1);
    // A 'supervision' job the server queued at its start must not store its list over this one.
    for (let i = 0; i < 120 && (await pendingJobs(db, ['supervision'])).length; i++) await new Promise((resolve) => setTimeout(resolve, 500));
    await refreshSupervision(db, new Date());
    const listed = await db.selectFrom('supervisionCases').select('runId').where('retailerId', '=', shop.id).where('specId', '=', spec.id).executeTakeFirst();
    if (!listed) throw new Error(`the arranged shop ${shop.name} is not on the supervision list: its sales in the e2e county are not what this test needs`);
    return { shopName: shop.name, specName: spec.name };
  });
}
