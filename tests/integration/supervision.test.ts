import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '~/domain/time';
import { supervisionList } from '~/server/supervision.server';
import { orderingFixture, smallCounty } from '../support/fixtures';
import { postgresSkipped, useTestDb, type TestDb } from '../support/db';

const NOW = new Date('2026-11-24T04:00:00.000Z');
const CYCLES = [
  { code: '2026-W45', startsOn: '2026-11-02' },
  { code: '2026-W46', startsOn: '2026-11-09' },
  { code: '2026-W47', startsOn: '2026-11-16' },
];

describe.skipIf(postgresSkipped())('市场监管: shops whose orders of scarce specs run far beyond their sales', () => {
  let t: TestDb;
  let county: Awaited<ReturnType<typeof smallCounty>>;
  let fx: Awaited<ReturnType<typeof orderingFixture>>;
  const shop = (i: number) => county.retailers[i]!.id;

  beforeAll(async () => {
    t = await useTestDb();
    county = await smallCounty(t.db);
    fx = await orderingFixture(t.db);
    const at = NOW.toISOString();
    // Shops 0 (manager 0's route) and 2 (manager 1's) ask 3 cartons of the scarce spec every week and sell a pack a
    // day; shop 1 asks 1 carton a week and sells 3 packs a day; shop 3 asks 3 a week but sends no sales (not judged).
    const asks = [3, 1, 3, 3];
    const perDay = [1, 3, 1, 0];
    for (const c of CYCLES) {
      const { id: cycleId } = await t.db
        .insertInto('orderCycles')
        .values({ code: c.code, startsOn: c.startsOn, endsOn: addDays(c.startsOn, 6), opensAt: at, cutoffLocalTime: '17:00:00', leadDays: 1, status: 'delivered', createdAt: at })
        .returning('id')
        .executeTakeFirstOrThrow();
      for (let i = 0; i < 4; i++) {
        const { id: orderId } = await t.db
          .insertInto('orders')
          .values({ retailerId: shop(i), cycleId, status: 'delivered', submittedByUserId: null, submittedAt: at, totalCartons: asks[i]!, totalAmountFen: 0, failureReason: null, createdAt: at, updatedAt: at, deliveredOn: addDays(c.startsOn, 1), receiptConfirmedAt: null, allocationConfirmedAt: null, allocationProblem: null, allocationProblemAt: null })
          .returning('id')
          .executeTakeFirstOrThrow();
        await t.db
          .insertInto('orderLines')
          .values({ orderId, specId: fx.specs.scarce, qtyRequestedCartons: asks[i]!, capCartons: 3, suggestedCartons: null, qtyAllocatedCartons: asks[i]!, unitPriceFen: 45_000, qtyReceivedCartons: null, deviationReason: null })
          .execute();
      }
    }
    for (let d = 0; d < 21; d++) {
      const day = addDays(CYCLES[0]!.startsOn, d);
      for (let i = 0; i < 3; i++) {
        await t.db.insertInto('uploads').values({ retailerId: shop(i), kind: 'sales', source: 'seed', businessDate: day, batchId: null, createdByUserId: null, createdAt: at, rowsAccepted: 1, rowsRejected: 0 }).execute();
        await t.db.insertInto('posDailySales').values({ retailerId: shop(i), specId: fx.specs.scarce, salesDate: day, qtyPacks: perDay[i]!, uploadId: null }).execute();
      }
    }
  });
  afterAll(() => t?.close());

  it('staff see the county: the two shops asking far beyond their sales, with the numbers', async () => {
    const list = await supervisionList(t.db, { userId: county.staffUserId, role: 'staff' }, NOW);
    expect(list.cycles.map((c) => c.code)).toEqual(CYCLES.map((c) => c.code));
    expect(list.rows.map((r) => r.retailerId).sort((a, b) => a - b)).toEqual([shop(0), shop(2)]);
    expect(list.rows[0]).toMatchObject({ specId: fx.specs.scarce, cyclesOrdered: 3, askedCartons: 9, allocatedCartons: 9, soldPacks: 21, windowSoldPacks: 21, askedToSold: 4.3, flagged: true });
    expect(list.rows[0]!.cycles.map((c) => c.askedCartons)).toEqual([3, 3, 3]);
  });

  it('a manager sees only its own route’s shops; a retailer nothing', async () => {
    const mine = await supervisionList(t.db, { userId: county.managers[0]!.userId, role: 'manager' }, NOW);
    expect(mine.rows.map((r) => r.retailerId)).toEqual([shop(0)]);
    const theirs = await supervisionList(t.db, { userId: county.managers[1]!.userId, role: 'manager' }, NOW);
    expect(theirs.rows.map((r) => r.retailerId)).toEqual([shop(2)]);
    expect((await supervisionList(t.db, { userId: county.retailers[0]!.userId, role: 'retailer' }, NOW)).rows).toEqual([]);
  });
});
