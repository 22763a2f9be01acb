/**
 * suggest(): the worked examples in tests/fixtures/forecast/rule.json, then each path of the rule and its
 * explanation, rounding and cap, the helpers for position and protection period, and input checks.
 */
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_REPLENISHMENT_PARAMS,
  applyCap,
  daysOfCover,
  daysOfCoverForOrder,
  isDeadSpec,
  protectionDaysForCycles,
  protectionDaysOf,
  resolveReplenishmentParams,
  rollForwardOnHandPacks,
  roundNeedToCartons,
  suggest,
  type ReplenishmentInput,
  type SalesDay,
} from '~/domain/replenishment';
import { addDays } from '~/domain/time';
import golden from '../fixtures/forecast/rule.json';

const START = '2026-06-01';

function historyOf(packs: readonly number[], censored: (i: number) => boolean = () => false, start = START): SalesDay[] {
  return packs.map((qtyPacks, i) => ({ day: addDays(start, i), qtyPacks, ...(censored(i) ? { censored: true } : {}) }));
}

function inputOf(overrides: Partial<ReplenishmentInput> = {}): ReplenishmentInput {
  return {
    specId: 7,
    packsPerCarton: 10,
    capCartons: null,
    discontinued: false,
    isNewSpec: false,
    newSpecStartCartons: null,
    serviceLevel: 0.95,
    history: historyOf(Array.from({ length: 112 }, (_, i) => 2 + (i % 3))),
    onHandPacks: 5,
    inTransitPacks: 0,
    protectionDays: 8,
    ...overrides,
  };
}

describe('worked examples (rule.json)', () => {
  it.each(golden.cases)('$name', (c) => {
    const { historyStartDay, historyPacks, ...rest } = c.input;
    const result = suggest({ ...rest, history: historyOf(historyPacks, () => false, historyStartDay) });
    const { suggestedCartons, ...explained } = c.expected;
    expect(result.suggestedCartons).toBe(suggestedCartons);
    for (const [key, value] of Object.entries(explained)) {
      const actual = result.explanation[key as keyof typeof result.explanation];
      if (typeof value === 'number') expect(Math.abs((actual as number) - value), key).toBeLessThan(1e-9);
      else expect(actual, key).toBe(value);
    }
  });
});

describe('the order-up-to rule', () => {
  it('explains a normal suggestion with numbers that add up', () => {
    const { suggestedCartons, explanation: e } = suggest(inputOf({ onHandPacks: 4, inTransitPacks: 10 }));
    expect(e.reason).toBe('normal');
    expect(e.demandClass).toBe('smooth');
    // 2, 3, 4, 2, 3, 4, …: the mean of 112 days is 3 (+1/112 for the extra 2 … 112 = 37 × 3 + 1 days).
    expect(e.method).toBe('window_mean');
    expect(e.windowMeanDailyPacks).toBeCloseTo((37 * 9 + 2) / 112, 12);
    expect(e.forecastDailyPacks).toBe(e.windowMeanDailyPacks);
    expect(e.recentLowerDailyPacks).toBeLessThan(e.windowMeanDailyPacks!);
    expect(e.expectedDemandPacks).toBeCloseTo(e.forecastDailyPacks * 8, 12);
    expect(e.targetPacks).toBeCloseTo(e.expectedDemandPacks + e.safetyStockPacks, 9);
    expect(e.positionPacks).toBe(14);
    expect(e.rawNeedPacks).toBeCloseTo(e.targetPacks - 14, 12);
    expect(suggestedCartons).toBe(Math.ceil(e.rawNeedPacks / 10));
    expect(e.projectedStockAfterPacks).toBeGreaterThanOrEqual(e.safetyStockPacks - 1e-9);
    expect(e.daysOfCoverAfter).toBeCloseTo((14 + suggestedCartons * 10) / e.forecastDailyPacks, 9);
    expect(e.notes).toEqual([]);
  });

  it('orders nothing when the stock already covers the target, and says so', () => {
    const { suggestedCartons, explanation } = suggest(inputOf({ onHandPacks: 200 }));
    expect(suggestedCartons).toBe(0);
    expect(explanation.rawNeedPacks).toBeLessThan(0);
    expect(explanation.notes).toContain('position_covers_target');
  });

  it('takes unknown stock as 0 and negative stock as 0, noting each', () => {
    const unknown = suggest(inputOf({ onHandPacks: null }));
    expect(unknown.explanation).toMatchObject({ onHandKnown: false, onHandPacks: 0 });
    expect(unknown.explanation.notes).toContain('on_hand_unknown');
    // Read as 0 for the target, then held to the usual order or the period's sales (unknown-stock.ts).
    expect(unknown.suggestedCartons).toBeLessThanOrEqual(suggest(inputOf({ onHandPacks: 0 })).suggestedCartons);
    expect(unknown.suggestedCartons).toBe(Math.floor(unknown.explanation.expectedDemandPacks / 10 + 0.5));
    const negative = suggest(inputOf({ onHandPacks: -6 }));
    expect(negative.explanation).toMatchObject({ onHandKnown: true, onHandPacks: 0 });
    expect(negative.explanation.notes).toContain('on_hand_negative_as_zero');
  });

  it('caps at the retailer\'s cap and says the cap bound', () => {
    const free = suggest(inputOf({ onHandPacks: 0 }));
    expect(free.suggestedCartons).toBeGreaterThan(1);
    const capped = suggest(inputOf({ onHandPacks: 0, capCartons: 1 }));
    expect(capped.suggestedCartons).toBe(1);
    expect(capped.explanation).toMatchObject({ cappedBy: 'cap', capCartons: 1, roundedCartons: free.suggestedCartons });
    expect(suggest(inputOf({ onHandPacks: 0, capCartons: 0 })).suggestedCartons).toBe(0);
  });

  it('does not read out-of-stock days as zero demand', () => {
    // Out of stock for the last two weeks: as zeros, the mean would fall to 98 × 4 ÷ 112 = 3.5 packs a day, and
    // SES (levelMethod smoothing) would decay to 4 × 0.9^14 ≈ 0.9.
    const sales = Array.from({ length: 112 }, (_, i) => (i >= 98 ? 0 : 4));
    for (const params of [DEFAULT_REPLENISHMENT_PARAMS, resolveReplenishmentParams({ levelMethod: 'smoothing' })]) {
      const outOfStock = suggest(inputOf({ history: historyOf(sales, (i) => i >= 98), onHandPacks: 0 }), params);
      const readAsZeros = suggest(inputOf({ history: historyOf(sales), onHandPacks: 0 }), params);
      expect(outOfStock.explanation.forecastDailyPacks).toBeCloseTo(4, 9);
      expect(outOfStock.explanation.notes).toContain('censored_days_excluded');
      expect(readAsZeros.explanation.forecastDailyPacks).toBeLessThan(params.levelMethod === 'smoothing' ? 1 : 3.5 + 1e-9);
      expect(outOfStock.suggestedCartons).toBeGreaterThan(readAsZeros.suggestedCartons);
    }
  });

  it('follows a clear rise in sales within days, and not a lone busy day', () => {
    const steady = Array.from({ length: 105 }, (_, i) => 3 + (i % 2));
    const surge = suggest(inputOf({ history: historyOf([...steady, 9, 10, 9, 11, 10, 9, 10]) })).explanation;
    expect(surge.method).toBe('recent');
    expect(surge.forecastDailyPacks).toBe(surge.recentLowerDailyPacks);
    expect(surge.forecastDailyPacks).toBeGreaterThan(7);
    const busyDay = (packs: number) => suggest(inputOf({ history: historyOf([...steady, 3, 4, 3, 4, 3, 4, packs]) })).explanation;
    expect(busyDay(6).method).toBe('window_mean');
    expect(busyDay(6).forecastDailyPacks).toBe(busyDay(6).windowMeanDailyPacks);
    // More than twice the usual day moves the forecast a little (continuously: no jump to the recent level).
    expect(busyDay(8).forecastDailyPacks).toBeLessThan(1.05 * busyDay(8).windowMeanDailyPacks!);
  });

  it('with levelMethod smoothing, uses SBA for an intermittent spec and TSB when staff choose it', () => {
    const history = historyOf(Array.from({ length: 112 }, (_, i) => (i % 4 === 0 ? 2 : 0)));
    expect(suggest(inputOf({ history })).explanation).toMatchObject({ demandClass: 'intermittent', method: 'window_mean', forecastDailyPacks: 0.5 });
    const sba = resolveReplenishmentParams({ levelMethod: 'smoothing' });
    expect(suggest(inputOf({ history }), sba).explanation).toMatchObject({ demandClass: 'intermittent', method: 'sba' });
    const tsb = resolveReplenishmentParams({ levelMethod: 'smoothing', intermittentMethod: 'tsb' });
    expect(suggest(inputOf({ history }), tsb).explanation.method).toBe('tsb');
  });
});

describe('paths that set the suggestion aside from the forecast', () => {
  it('discontinued: 0, whatever the sales', () => {
    const result = suggest(inputOf({ discontinued: true, onHandPacks: 0 }));
    expect(result.suggestedCartons).toBe(0);
    expect(result.explanation.reason).toBe('discontinued');
  });

  it('new spec without history: staff\'s starting quantity less stock, capped', () => {
    const base = { isNewSpec: true, newSpecStartCartons: 3, history: [] as SalesDay[], onHandPacks: null };
    expect(suggest(inputOf(base))).toMatchObject({ suggestedCartons: 3, explanation: { reason: 'new_spec_start', method: 'start_quantity', startCartons: 3, targetPacks: 30 } });
    expect(suggest(inputOf({ ...base, onHandPacks: 12 })).suggestedCartons).toBe(2);
    expect(suggest(inputOf({ ...base, capCartons: 2 })).explanation).toMatchObject({ cappedBy: 'cap', roundedCartons: 3 });
    expect(suggest(inputOf({ ...base, capCartons: 2 })).suggestedCartons).toBe(2);
    // A week of its own sales later, the rule takes over (blended with a prior when there is one).
    const aWeek = historyOf([1, 0, 2, 1, 0, 1, 1]);
    const ruled = suggest(inputOf({ ...base, history: aWeek, priorDailyPacks: 1 }));
    expect(ruled.explanation.reason).toBe('short_history_prior');
    expect(ruled.explanation.priorWeight).toBeCloseTo(1 - 7 / 56, 12);
  });

  it('new spec without a starting quantity falls back to the prior', () => {
    const result = suggest(inputOf({ isNewSpec: true, history: [], priorDailyPacks: 0.5 }));
    expect(result.explanation).toMatchObject({ reason: 'no_history_prior', method: 'prior', forecastDailyPacks: 0.5, priorWeight: 1 });
  });

  it('dead: no sale in 8 weeks while the shop has the days to show it', () => {
    const sales = Array.from({ length: 112 }, (_, i) => (i < 56 ? 3 : 0));
    const dead = suggest(inputOf({ history: historyOf(sales), onHandPacks: 0 }));
    expect(dead.suggestedCartons).toBe(0);
    expect(dead.explanation).toMatchObject({ reason: 'dead', lastSaleDaysAgo: 56 });
    // A sale 55 days ago keeps it alive.
    const alive = suggest(inputOf({ history: historyOf(sales.map((v, i) => (i === 56 ? 1 : v))), onHandPacks: 0 }));
    expect(alive.explanation.reason).toBe('normal');
  });

  it('not dead when the silent weeks were mostly out of stock (censored)', () => {
    const sales = Array.from({ length: 112 }, (_, i) => (i < 56 ? 3 : 0));
    const history = historyOf(sales, (i) => i >= 60);
    expect(isDeadSpec(history, DEFAULT_REPLENISHMENT_PARAMS)).toBe(false);
    expect(suggest(inputOf({ history, onHandPacks: 0 })).suggestedCartons).toBeGreaterThan(0);
  });

  it('no history and no prior: 0, said plainly', () => {
    expect(suggest(inputOf({ history: [], onHandPacks: 0 }))).toMatchObject({ suggestedCartons: 0, explanation: { reason: 'no_history', method: 'none' } });
  });
});

describe('rounding to cartons', () => {
  it('rounds up by default, with a tolerance for floating-point noise', () => {
    expect(roundNeedToCartons(11, 10, 4, 0)).toEqual({ roundedCartons: 2, roundDownAllowancePacks: 0, roundedDown: false });
    expect(roundNeedToCartons(20 + 1e-12, 10, 4, 0).roundedCartons).toBe(2);
    expect(roundNeedToCartons(0, 10, 4, 0).roundedCartons).toBe(0);
    expect(roundNeedToCartons(-3, 10, 4, 0).roundedCartons).toBe(0);
  });

  it('with a threshold, leaves a small remainder to the safety stock — never more than the safety stock', () => {
    // Threshold 0.2 carton = 2 packs: 21 packs → 2 cartons (1 pack left to a 4-pack safety stock).
    expect(roundNeedToCartons(21, 10, 4, 0.2)).toEqual({ roundedCartons: 2, roundDownAllowancePacks: 2, roundedDown: true });
    expect(roundNeedToCartons(23, 10, 4, 0.2).roundedCartons).toBe(3);
    // A safety stock of 0.5 packs can absorb only 0.5 packs.
    expect(roundNeedToCartons(20.5, 10, 0.5, 0.2).roundedCartons).toBe(2);
    expect(roundNeedToCartons(21, 10, 0.5, 0.2).roundedCartons).toBe(3);
    expect(roundNeedToCartons(21, 10, -0.3, 0.2)).toMatchObject({ roundedCartons: 3, roundDownAllowancePacks: 0 });
  });

  it('is noted in the explanation when it happens', () => {
    const params = resolveReplenishmentParams({ roundDownThresholdCartons: 1 });
    const plain = suggest(inputOf({ onHandPacks: 20 }));
    const lenient = suggest(inputOf({ onHandPacks: 20 }), params);
    expect(lenient.suggestedCartons).toBeLessThanOrEqual(plain.suggestedCartons);
    if (lenient.explanation.roundedDown) expect(lenient.explanation.notes).toContain('rounded_down_small_remainder');
    expect(lenient.explanation.projectedStockAfterPacks).toBeGreaterThanOrEqual(-1e-9);
  });

  it('applyCap', () => {
    expect(applyCap(5, null)).toEqual({ cartons: 5, cappedBy: null });
    expect(applyCap(5, 5)).toEqual({ cartons: 5, cappedBy: null });
    expect(applyCap(5, 3)).toEqual({ cartons: 3, cappedBy: 'cap' });
  });
});

describe('position, protection period and days of cover', () => {
  it('rolls the count forward and measures T + L from the order day to the next delivery', () => {
    expect(rollForwardOnHandPacks(30, 20, 12)).toBe(38);
    expect(rollForwardOnHandPacks(3, 0, 5)).toBe(-2);
    expect(protectionDaysOf('2026-06-03', '2026-06-11')).toBe(8);
    expect(() => protectionDaysOf('2026-06-03', '2026-06-03')).toThrow(RangeError);
    // Orders on Wednesdays, weekly cycles, delivery the next day: 7 + 1.
    expect(protectionDaysForCycles({ startsOn: '2026-06-01' }, { startsOn: '2026-06-08', leadDays: 1 }, 3)).toBe(8);
  });

  it('days of cover: (position + order) ÷ d̂, null when nothing is expected to sell', () => {
    expect(daysOfCover({ qtyCartons: 2, packsPerCarton: 10, positionPacks: 5, forecastDailyPacks: 2.5 })).toBe(10);
    expect(daysOfCover({ qtyCartons: 2, packsPerCarton: 10, positionPacks: 5, forecastDailyPacks: 0 })).toBeNull();
    const s = suggest(inputOf({ onHandPacks: 0 }));
    expect(daysOfCoverForOrder(s, s.suggestedCartons)).toBeCloseTo(s.explanation.daysOfCoverAfter!, 12);
    expect(daysOfCoverForOrder(s, s.suggestedCartons * 3)!).toBeGreaterThan(s.explanation.daysOfCoverAfter! * 2.5);
  });
});

describe('input and parameter checks', () => {
  it('refuses wiring mistakes with the spec named', () => {
    expect(() => suggest(inputOf({ packsPerCarton: 0 }))).toThrow(/spec 7: packsPerCarton/);
    expect(() => suggest(inputOf({ capCartons: 1.5 }))).toThrow(RangeError);
    expect(() => suggest(inputOf({ serviceLevel: 1 }))).toThrow(RangeError);
    expect(() => suggest(inputOf({ inTransitPacks: -1 }))).toThrow(RangeError);
    expect(() => suggest(inputOf({ protectionDays: Number.NaN }))).toThrow(RangeError);
    expect(() => suggest(inputOf({ priorDailyPacks: -1 }))).toThrow(RangeError);
    expect(() => suggest(inputOf({ newSpecStartCartons: -2 }))).toThrow(RangeError);
  });

  it('resolves parameter overrides and names a bad one', () => {
    expect(resolveReplenishmentParams()).toEqual(DEFAULT_REPLENISHMENT_PARAMS);
    expect(resolveReplenishmentParams({ sesAlpha: 0.2 }).sesAlpha).toBe(0.2);
    expect(() => resolveReplenishmentParams({ sesAlpha: 0 })).toThrow(/sesAlpha/);
    expect(() => resolveReplenishmentParams({ roundDownThresholdCartons: 2 })).toThrow(/roundDownThresholdCartons/);
    expect(() => resolveReplenishmentParams({ intermittentMethod: 'croston' as never })).toThrow(/intermittentMethod/);
    expect(() => resolveReplenishmentParams({ levelMethod: 'median' as never })).toThrow(/levelMethod/);
    expect(() => resolveReplenishmentParams({ surgeZ: -1 })).toThrow(/surgeZ/);
    expect(() => resolveReplenishmentParams({ surgeAlpha: 0 })).toThrow(/surgeAlpha/);
  });
});
