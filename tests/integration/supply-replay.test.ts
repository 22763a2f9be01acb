import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { supplyRates } from '~/domain/allocation';
import { addDays, isoWeekCode } from '~/domain/time';
import { runSupplyReplay } from '~/server/job-kinds.server';
import { orderingFixture, smallCounty } from '../support/fixtures';
import { postgresSkipped, useTestDb, type TestDb } from '../support/db';

const TODAY = '2026-11-24';
const CYCLE = { startsOn: '2026-10-05', deliveredOn: '2026-10-06' };
/** Packs a day each shop sells of the scarce spec, before and after the delivery. */
const PER_DAY = [3, 0, 1, 2];

describe.skipIf(postgresSkipped())('replay of supply methods on the county’s own history (the job’s work)', () => {
  let t: TestDb;
  let county: Awaited<ReturnType<typeof smallCounty>>;
  let fx: Awaited<ReturnType<typeof orderingFixture>>;

  beforeAll(async () => {
    t = await useTestDb();
    county = await smallCounty(t.db);
    fx = await orderingFixture(t.db);
    const at = '2026-10-01T00:00:00.000Z';
    // One delivered cycle in which the four shops each asked 3 cartons of the scarce spec (cap 3) for a supply of 4.
    const { id: cycleId } = await t.db
      .insertInto('orderCycles')
      .values({ code: isoWeekCode(CYCLE.startsOn), startsOn: CYCLE.startsOn, endsOn: addDays(CYCLE.startsOn, 6), opensAt: at, cutoffLocalTime: '17:00:00', leadDays: 1, status: 'delivered', createdAt: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.db.insertInto('cycleSupply').values({ cycleId, specId: fx.specs.scarce, supplyCartons: 4 }).execute();
    for (let i = 0; i < 4; i++) {
      const { id: orderId } = await t.db
        .insertInto('orders')
        .values({ retailerId: county.retailers[i]!.id, cycleId, status: 'delivered', submittedByUserId: null, submittedAt: at, totalCartons: 3, totalAmountFen: 0, failureReason: null, createdAt: at, updatedAt: at, deliveredOn: CYCLE.deliveredOn, receiptConfirmedAt: null, allocationConfirmedAt: null, allocationProblem: null, allocationProblemAt: null })
        .returning('id')
        .executeTakeFirstOrThrow();
      await t.db
        .insertInto('orderLines')
        .values({ orderId, specId: fx.specs.scarce, qtyRequestedCartons: 3, capCartons: 3, suggestedCartons: null, qtyAllocatedCartons: 1, unitPriceFen: 45_000, qtyReceivedCartons: null, deviationReason: null })
        .execute();
    }
    // Eight weeks of daily uploads before the cycle and three after the delivery.
    const uploads = [];
    const sales = [];
    for (let d = -56; d < 21; d++) {
      const day = addDays(CYCLE.startsOn, d);
      for (let i = 0; i < 4; i++) {
        const retailerId = county.retailers[i]!.id;
        uploads.push({ retailerId, kind: 'sales' as const, source: 'seed' as const, businessDate: day, batchId: null, createdByUserId: null, createdAt: at, rowsAccepted: 1, rowsRejected: 0 });
        if (PER_DAY[i]! > 0) sales.push({ retailerId, specId: fx.specs.scarce, salesDate: day, qtyPacks: PER_DAY[i]!, uploadId: null });
      }
    }
    await t.db.insertInto('uploads').values(uploads).execute();
    await t.db.insertInto('posDailySales').values(sales).execute();
  });
  afterAll(() => t?.close());

  it('shares the same supply 按档位, 按需 and in hindsight, and measures each; writes nothing', async () => {
    const progress: Array<[number, number]> = [];
    const before = await t.db.selectFrom('orderLines').select(['id', 'qtyAllocatedCartons']).orderBy('id').execute();
    const r = await runSupplyReplay(t.db, { today: TODAY, cycles: 8, floorCartons: 1 }, { progress: (done, total) => Promise.resolve(void progress.push([done, total])) });
    expect(r.cycles).toEqual([isoWeekCode(CYCLE.startsOn)]);
    expect(r.specCycles).toBe(1);
    expect(progress.at(-1)).toEqual([1, 1]);
    for (const m of ['grade', 'demand', 'hindsight'] as const) expect(r.methods[m].allocatedCartons).toBe(4);
    // 按需 with a floor of 1: the three shops that sell it regularly each get one; the one that never sells it may get none.
    expect(r.methods.demand).toMatchObject({ regularSellers: 3, regularCovered: 3, bandsLeftOut: 0 });
    // Nothing beats hindsight on what sold within two weeks. 按需 sells all 40 packs here (its floor and the carton
    // by demand go to the three shops that sell 1–3 packs a day); 按档位 may give one to the shop that sells none.
    const sold = (m: 'grade' | 'demand' | 'hindsight') => r.methods[m].soldPacks;
    expect(sold('hindsight')).toBeGreaterThanOrEqual(sold('demand'));
    expect(sold('hindsight')).toBeGreaterThanOrEqual(sold('grade'));
    expect(sold('demand')).toBe(40);
    expect(sold('grade')).toBeLessThanOrEqual(40);
    const rates = supplyRates(r.methods.demand);
    expect(rates.soldShare).toBeGreaterThan(0);
    expect(rates.soldShare).toBeLessThanOrEqual(1);
    expect(rates.evenness).not.toBeNull();
    expect(await t.db.selectFrom('orderLines').select(['id', 'qtyAllocatedCartons']).orderBy('id').execute()).toEqual(before);
  });

  it('reads a fortnight with no observed day from the shop’s history, not as a shop that could sell nothing', async () => {
    const r1 = await runSupplyReplay(t.db, { today: TODAY, cycles: 8, floorCartons: 1 });
    // Shop 3 (2 packs a day) sent nothing in the two weeks from its delivery: what it would have sold is unknown.
    const shop3 = county.retailers[3]!.id;
    const window = { from: CYCLE.deliveredOn, to: addDays(CYCLE.deliveredOn, 13) };
    await t.db.deleteFrom('posDailySales').where('retailerId', '=', shop3).where('salesDate', '>=', window.from).where('salesDate', '<=', window.to).execute();
    await t.db.deleteFrom('uploads').where('retailerId', '=', shop3).where('businessDate', '>=', window.from).where('businessDate', '<=', window.to).execute();
    const r2 = await runSupplyReplay(t.db, { today: TODAY, cycles: 8, floorCartons: 1 });
    // Its weeks before say 2 packs a day, as the fortnight did: every method's sales are what they were (read as 0,
    // the cartons 按需 and hindsight give it would all count as unsold).
    for (const m of ['grade', 'demand', 'hindsight'] as const) expect(r2.methods[m].soldPacks, m).toBeCloseTo(r1.methods[m].soldPacks, 6);
    expect(r2.methods.demand.soldPacks).toBe(40);
  });

  it('replays only cycles whose two weeks after delivery are over', async () => {
    const r = await runSupplyReplay(t.db, { today: addDays(CYCLE.startsOn, 20), cycles: 8, floorCartons: 1 });
    expect(r).toMatchObject({ cycles: [], specCycles: 0 });
  });
});
