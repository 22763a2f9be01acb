import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { simulateSeries, type OrderContext, type Policy, type SimulationConfig } from '~/domain/backtest';
import { addDays } from '~/domain/time';

const MONDAY = '2026-11-02';

function fixed(cartonsByCall: (context: OrderContext, call: number) => number, seen: OrderContext[] = []): Policy {
  return {
    name: 'fixed',
    start: () => {
      let call = 0;
      return (context) => {
        // Copy: the simulator keeps appending to the same history array.
        seen.push({ ...context, history: [...context.history] });
        return cartonsByCall(context, call++);
      };
    },
  };
}

function config(overrides: Partial<SimulationConfig>): SimulationConfig {
  return {
    firstDay: MONDAY,
    demandPacks: [],
    warmupHistory: [],
    packsPerCarton: 10,
    orderWeekday: 1,
    leadDays: 1,
    capCartonsOn: () => null,
    initialOnHandPacks: 0,
    ...overrides,
  };
}

describe('simulateSeries', () => {
  it('constant demand met exactly by a fixed weekly order: full fill, known average stock and cycles', () => {
    // 2 packs a day, 2 cartons of 7 packs a week, delivered the next morning: the shelf goes 12, 10, … 0.
    const metrics = simulateSeries(
      config({ demandPacks: new Array<number>(21).fill(2), packsPerCarton: 7, initialOnHandPacks: 2 }),
      fixed(() => 2)
    );
    expect(metrics).toMatchObject({
      measuredDays: 20, // from the first delivery (day 1) to day 20
      demandPacks: 40,
      soldPacks: 40,
      lostPacks: 0,
      stockOutDays: 0,
      cycles: 2, // days 1–7 and 8–14; 15–20 is not complete
      cyclesWithoutStockOut: 2,
      stockPackDays: 126, // (12 + 10 + 8 + 6 + 4 + 2 + 0) × 2 + (12 + 10 + 8 + 6 + 4 + 2)
      orderDays: 3,
      ordersPlaced: 3,
      orderedCartons: 6,
    });
  });

  it('loses the demand beyond the shelf and censors the sold-out days in the history the policy sees', () => {
    const seen: OrderContext[] = [];
    const metrics = simulateSeries(
      config({ demandPacks: new Array<number>(8).fill(5), initialOnHandPacks: 12 }),
      fixed(() => 0, seen)
    );
    // Day 0 sells 5 (shelf 7), day 1 sells 5 (2), day 2 sells 2 and loses 3, then nothing is left.
    expect(metrics).toMatchObject({ measuredDays: 7, demandPacks: 35, soldPacks: 7, lostPacks: 28, stockOutDays: 6, cycles: 1, cyclesWithoutStockOut: 0 });
    const week2 = seen[1]!;
    expect(week2.orderDay).toBe(addDays(MONDAY, 7));
    expect(week2.onHandPacks).toBe(0);
    expect(week2.history.map((d) => d.qtyPacks)).toEqual([5, 5, 2, 0, 0, 0, 0]);
    expect(week2.history.map((d) => d.censored === true)).toEqual([false, false, true, true, true, true, true]);
  });

  it('delivers L days after the order day, in the morning, and counts it as in transit until then', () => {
    const seen: OrderContext[] = [];
    const metrics = simulateSeries(
      config({ demandPacks: new Array<number>(14).fill(1), leadDays: 3 }),
      fixed((_, call) => (call === 0 ? 1 : 0), seen)
    );
    // Nothing on the shelf on days 0–2; the carton arrives on the morning of day 3 and sells that day.
    const week2 = seen[1]!;
    expect(week2.history.slice(0, 4).map((d) => [d.qtyPacks, d.censored === true])).toEqual([
      [0, true],
      [0, true],
      [0, true],
      [1, false],
    ]);
    expect(week2.onHandPacks).toBe(10 - 4); // days 3–6 sold one each
    expect(week2.inTransitPacks).toBe(0);
    expect(week2.protectionDays).toBe(10);
    expect(metrics.measuredDays).toBe(11);
    expect(metrics.soldPacks).toBe(10); // days 3–12 (the carton is gone by day 13)
  });

  it('a closed day has no demand and is censored in the history the policy sees; its shelf still counts as stock', () => {
    const seen: OrderContext[] = [];
    // Closed on day 3 (a Thursday): the 5 that day's row says are not demand.
    const closedDays = Uint8Array.from({ length: 8 }, (_, i) => (i === 3 ? 1 : 0));
    const metrics = simulateSeries(config({ demandPacks: new Array<number>(8).fill(5), initialOnHandPacks: 40, closedDays }), fixed(() => 0, seen));
    expect(seen[1]!.history.map((d) => [d.qtyPacks, d.censored === true])).toEqual([
      [5, false],
      [5, false],
      [5, false],
      [0, true],
      [5, false],
      [5, false],
      [5, false],
    ]);
    // Measured from day 1 (the first delivery day): 6 open days of 5 packs, the shelf 30, 25, 25, 20, 15, 10, 5.
    expect(metrics).toMatchObject({ measuredDays: 7, demandPacks: 30, soldPacks: 30, stockPackDays: 30 + 25 + 25 + 20 + 15 + 10 + 5 });
  });

  it('caps each order and counts how often the cap binds', () => {
    const metrics = simulateSeries(
      config({ demandPacks: new Array<number>(21).fill(0), capCartonsOn: (i) => (i === 7 ? null : 2) }),
      fixed((_, call) => [5, 9, 1][call]!)
    );
    expect(metrics).toMatchObject({ orderDays: 3, cappedOrderDays: 2, capBindingOrderDays: 1, orderedCartons: 2 + 9 + 1 });
  });

  it('rejects a policy that returns a fraction or a negative quantity', () => {
    expect(() =>
      simulateSeries(
        config({ demandPacks: [1] }),
        fixed(() => 0.5)
      )
    ).toThrow(RangeError);
    expect(() =>
      simulateSeries(
        config({ demandPacks: [1] }),
        fixed(() => -1)
      )
    ).toThrow(RangeError);
  });

  it('never shows a policy a day on or after its order day, and always every day before it', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(20), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: 7 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 0, max: 14 }),
        fc.nat(3),
        (demandPacks, orderWeekday, leadDays, warmupDays, cartons) => {
          const firstDay = '2027-01-04';
          const warmupHistory = Array.from({ length: warmupDays }, (_, k) => ({ day: addDays(firstDay, k - warmupDays), qtyPacks: k % 3 }));
          const strict: Policy = {
            name: 'strict',
            start: () => (context) => {
              const last = context.history[context.history.length - 1];
              for (const day of context.history) if (day.day >= context.orderDay) throw new Error(`saw ${day.day} on ${context.orderDay}`);
              if (last && last.day !== addDays(context.orderDay, -1)) throw new Error('a gap before the order day');
              if (context.history.length !== warmupDays + Math.round((Date.parse(context.orderDay) - Date.parse(firstDay)) / 86_400_000)) {
                throw new Error('history length');
              }
              return cartons;
            },
          };
          const m = simulateSeries(config({ firstDay, demandPacks, orderWeekday, leadDays, warmupHistory, initialOnHandPacks: 5 }), strict);
          expect(m.soldPacks + m.lostPacks).toBe(m.demandPacks);
          expect(m.soldPacks).toBeGreaterThanOrEqual(0);
        }
      )
    );
  });
});
