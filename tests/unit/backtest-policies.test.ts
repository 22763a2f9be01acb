import { describe, expect, it } from 'vitest';
import {
  cartonsForNeed,
  checkTarget,
  interpolate,
  movingAveragePolicy,
  observedMeanPacks,
  reorderSoldPolicy,
  rulePolicy,
  staticMinMaxPolicy,
  summarize,
  emptyMetrics,
  type OrderContext,
  type PolicySummary,
} from '~/domain/backtest';
import { suggest } from '~/domain/replenishment';
import type { SalesDay } from '~/domain/replenishment/types';
import { addDays } from '~/domain/time';

const ORDER_DAY = '2026-11-09';

function historyOf(qtyPacks: readonly number[], censoredAt: readonly number[] = []): SalesDay[] {
  return qtyPacks.map((q, k) => {
    const day = addDays(ORDER_DAY, k - qtyPacks.length);
    return censoredAt.includes(k) ? { day, qtyPacks: q, censored: true } : { day, qtyPacks: q };
  });
}

function context(overrides: Partial<OrderContext>): OrderContext {
  return { orderDay: ORDER_DAY, history: [], onHandPacks: 0, inTransitPacks: 0, protectionDays: 8, packsPerCarton: 10, capCartons: null, ...overrides };
}

const setup = { warmupHistory: [], packsPerCarton: 10 };

describe('cartonsForNeed and observedMeanPacks', () => {
  it('rounds a positive need up to whole cartons and orders nothing for a need ≤ 0', () => {
    expect([0, -3, 1, 10, 11, 20].map((n) => cartonsForNeed(n, 10))).toEqual([0, 0, 1, 1, 2, 2]);
    expect(cartonsForNeed(3 * (20 / 3) - 20, 10)).toBe(0); // float noise is not a need
  });

  it('averages only the observed days of the window', () => {
    expect(observedMeanPacks(historyOf([9, 1, 3, 0]), 3)).toBeCloseTo(4 / 3);
    expect(observedMeanPacks(historyOf([9, 1, 3, 0], [1, 3]), 3)).toBe(3);
    expect(observedMeanPacks(historyOf([0, 0], [0, 1]), 28)).toBe(0);
  });
});

describe('B0 re-order what sold since the last order', () => {
  it('sums the last 7 days and rounds up to cartons', () => {
    const decide = reorderSoldPolicy().start(setup);
    expect(decide(context({ history: historyOf([50, 1, 2, 3, 0, 4, 2, 1]) }))).toBe(2); // 13 packs; the 50 is 8 days back
    expect(decide(context({ history: historyOf([0, 0, 0, 0, 0, 0, 0]) }))).toBe(0);
    expect(decide(context({ history: historyOf([10, 0, 0, 0, 0, 0, 0]), onHandPacks: 99 }))).toBe(1); // ignores stock
  });
});

describe('B1 28-day average × protection period − stock position', () => {
  it('orders up to average × protection days', () => {
    const history = historyOf(new Array<number>(28).fill(2));
    expect(movingAveragePolicy().start(setup)(context({ history, onHandPacks: 3, inTransitPacks: 2 }))).toBe(2); // 16 − 5 = 11
    expect(movingAveragePolicy(1.5).start(setup)(context({ history, onHandPacks: 5 }))).toBe(2); // 24 − 5 = 19
    expect(movingAveragePolicy().start(setup)(context({ history, onHandPacks: 16 }))).toBe(0);
    expect(movingAveragePolicy().start(setup)(context({ history, onHandPacks: -4 }))).toBe(2); // negative shelf read as 0
  });

  it('reads only the last 28 days, without the censored ones', () => {
    const history = historyOf([...new Array<number>(10).fill(100), ...new Array<number>(28).fill(1)], [37]);
    expect(movingAveragePolicy().start(setup)(context({ history, protectionDays: 10 }))).toBe(1); // 1 × 10 = 10 packs
  });
});

describe('B2 static min/max', () => {
  it('uses the warm-up average only: below 7 days of it, order up to 21 days', () => {
    const decide = staticMinMaxPolicy().start({ warmupHistory: historyOf([1, 1, 1, 5], [3]), packsPerCarton: 10 }); // 1 a day
    expect(decide(context({ onHandPacks: 6 }))).toBe(2); // 21 − 6 = 15
    expect(decide(context({ onHandPacks: 4, inTransitPacks: 3 }))).toBe(0); // position 7 is not below the min
    // Later sales do not move the levels.
    expect(decide(context({ onHandPacks: 6, history: historyOf(new Array<number>(28).fill(50)) }))).toBe(2);
  });
});

describe('rule policy', () => {
  it('is the suggestion before the cap', () => {
    const history = historyOf(Array.from({ length: 56 }, (_, k) => 3 + (k % 4)));
    const input = {
      specId: 0,
      packsPerCarton: 10,
      capCartons: 1,
      discontinued: false,
      isNewSpec: false,
      newSpecStartCartons: null,
      serviceLevel: 0.9,
      history,
      onHandPacks: 4,
      inTransitPacks: 0,
      protectionDays: 8,
    };
    const wanted = rulePolicy(0.9).start(setup)(context({ history, onHandPacks: 4, capCartons: 1 }));
    const suggestion = suggest(input);
    expect(wanted).toBe(suggestion.explanation.roundedCartons);
    expect(wanted).toBeGreaterThan(1);
    expect(suggestion.suggestedCartons).toBe(1);
  });
});

describe('aggregation and the target', () => {
  function summary(fillRate: number, averageStockPacks: number): PolicySummary {
    return { ...summarize('B1', 1, emptyMetrics()), fillRate, averageStockPacks };
  }
  const curve = [
    { fillRate: 0.9, averageStockPacks: 8 },
    { fillRate: 0.95, averageStockPacks: 10 },
    { fillRate: 0.99, averageStockPacks: 14 },
  ];

  it('rates are ratios of sums', () => {
    const total = {
      ...emptyMetrics(),
      measuredDays: 20,
      demandPacks: 100,
      soldPacks: 90,
      stockPackDays: 200,
      cycles: 4,
      cyclesWithoutStockOut: 3,
      orderDays: 4,
      ordersPlaced: 2,
    };
    expect(summarize('p', 2, total)).toMatchObject({ fillRate: 0.9, cycleServiceLevel: 0.75, averageStockPacks: 10, ordersPerWeek: 0.5, capBindingRate: null });
    expect(summarize('p', 2, total).daysOfCover).toBeCloseTo(200 / 90);
  });

  it('interpolates linearly inside the curve and refuses to extrapolate', () => {
    const byFill = (p: { fillRate: number }) => p.fillRate;
    const byStock = (p: { averageStockPacks: number }) => p.averageStockPacks;
    expect(interpolate(curve, 0.925, byFill, byStock)).toBeCloseTo(9);
    expect(interpolate(curve, 12, byStock, byFill)).toBeCloseTo(0.97);
    expect(interpolate(curve, 0.5, byFill, byStock)).toBeNull();
  });

  it('holds with ≥ 10 % less stock at the same fill, or ≥ 2 points more fill at the same stock', () => {
    expect(checkTarget(curve, summary(0.95, 11.2)).holds).toBe(true); // 10 vs 11.2: 10.7 % less
    expect(checkTarget(curve, summary(0.95, 10.5)).holds).toBe(false); // 4.8 % less, 0.5 points more
    expect(checkTarget(curve, summary(0.95, 12)).fillGain).toBeCloseTo(0.02); // and 16.7 % less stock
    expect(checkTarget(curve, summary(0.995, 20)).ruleStockAtBaselineFill).toBeNull();
  });
});
