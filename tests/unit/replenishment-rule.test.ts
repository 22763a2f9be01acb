/**
 * suggest(): the worked examples in tests/fixtures/forecast/rule.json, then each path of the rule and its
 * explanation, rounding and cap, the helpers for position and protection period, and input checks.
 */
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_REPLENISHMENT_PARAMS,
  applyCap,
  cartonsWorthOrdering,
  countSurvival,
  daysOfCover,
  daysOfCoverForOrder,
  isDeadSpec,
  limitToCover,
  poissonQuantile,
  protectionDaysForCycles,
  protectionDaysOf,
  resolveReplenishmentParams,
  rollForwardOnHandPacks,
  roundNeedToCartons,
  suggest,
  type ReplenishmentInput,
  type ReplenishmentParams,
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
    const { historyStartDay, historyPacks, censoredDays, ...rest } = c.input;
    const params = resolveReplenishmentParams((c as { params?: Partial<ReplenishmentParams> }).params ?? {});
    const result = suggest({ ...rest, history: historyOf(historyPacks, (i) => censoredDays?.includes(i) ?? false, historyStartDay) }, params);
    const { suggestedCartons, ...explained } = c.expected;
    expect(result.suggestedCartons).toBe(suggestedCartons);
    for (const [key, value] of Object.entries(explained)) {
      const actual = result.explanation[key as keyof typeof result.explanation];
      if (typeof value === 'number') expect(Math.abs((actual as number) - value), key).toBeLessThan(1e-9);
      else expect(actual, key).toBe(value);
    }
  });
});

/** The rule before issue 14 (the 16-week window mean with a surge check), still a staff choice. */
const WINDOW = resolveReplenishmentParams({ levelMethod: 'window_mean' });

describe('the order-up-to rule', () => {
  it('explains a normal suggestion with numbers that add up (weekday level, the default)', () => {
    const { suggestedCartons, explanation: e } = suggest(inputOf({ onHandPacks: 4, inTransitPacks: 10 }));
    expect(e).toMatchObject({ reason: 'normal', demandClass: 'smooth', method: 'weekday_level', closedWeekdays: [] });
    // 2, 3, 4, 2, 3, 4, …: no weekday rhythm to speak of, so the period's days weigh about 1 each.
    expect(e.periodWeekdayFactor!).toBeGreaterThan(0.95);
    expect(e.periodWeekdayFactor!).toBeLessThan(1.05);
    expect(e.levelDailyPacks!).toBeGreaterThan(2.8);
    expect(e.levelDailyPacks!).toBeLessThan(3.2);
    expect(e.forecastDailyPacks).toBeCloseTo(e.levelDailyPacks! * e.periodWeekdayFactor!, 12);
    expect(e.recentLowerDailyPacks!).toBeLessThan(e.levelDailyPacks!);
    expect(e.recentUpperDailyPacks!).toBeGreaterThan(e.levelDailyPacks!);
    expect(e.expectedDemandPacks).toBeCloseTo(e.forecastDailyPacks * 8, 12);
    expect(e.targetPacks).toBeCloseTo(e.expectedDemandPacks + e.safetyStockPacks, 9);
    expect(e.rawNeedPacks).toBeCloseTo(e.targetPacks - 14, 12);
    expect(suggestedCartons).toBe(Math.ceil(e.rawNeedPacks / 10));
    expect(e).toMatchObject({ cartonsBeforeWorthCheck: null, cartonsBeforeCoverLimit: null, maxCoverDays: 0, quietObservedDays: 0 });
    expect(e.notes).toEqual([]);
  });

  it('explains a normal suggestion with numbers that add up (levelMethod window_mean)', () => {
    const { suggestedCartons, explanation: e } = suggest(inputOf({ onHandPacks: 4, inTransitPacks: 10 }), WINDOW);
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
    for (const params of [DEFAULT_REPLENISHMENT_PARAMS, WINDOW, resolveReplenishmentParams({ levelMethod: 'smoothing' })]) {
      const outOfStock = suggest(inputOf({ history: historyOf(sales, (i) => i >= 98), onHandPacks: 0 }), params);
      const readAsZeros = suggest(inputOf({ history: historyOf(sales), onHandPacks: 0 }), params);
      expect(outOfStock.explanation.forecastDailyPacks).toBeCloseTo(4, 9);
      expect(outOfStock.explanation.notes).toContain('censored_days_excluded');
      expect(readAsZeros.explanation.forecastDailyPacks).toBeLessThan(params.levelMethod === 'window_mean' ? 3.5 + 1e-9 : 1);
      expect(outOfStock.suggestedCartons).toBeGreaterThan(readAsZeros.suggestedCartons);
    }
  });

  it('reads a sold-out day\'s sales as demand (at least that much sold), not as a day to leave out', () => {
    // Every fourth day the shop sold its last 9 packs and was out: those days carry the demand of the spec.
    const sales = Array.from({ length: 112 }, (_, i) => (i % 4 === 3 ? 9 : 1));
    const history = historyOf(sales, (i) => i % 4 === 3);
    const kept = suggest(inputOf({ history, onHandPacks: 0 })).explanation;
    const leftOut = suggest(inputOf({ history, onHandPacks: 0 }), resolveReplenishmentParams({ censoredSalesAsDemand: false })).explanation;
    expect(kept.observedDays).toBe(112);
    expect(leftOut.observedDays).toBe(84);
    expect(kept.forecastDailyPacks).toBeGreaterThan(2.5);
    expect(leftOut.forecastDailyPacks).toBeCloseTo(1, 9);
  });

  it('follows a clear rise in sales within days, and not a lone busy day', () => {
    const steady = Array.from({ length: 105 }, (_, i) => 3 + (i % 2));
    for (const params of [DEFAULT_REPLENISHMENT_PARAMS, WINDOW]) {
      const surge = suggest(inputOf({ history: historyOf([...steady, 9, 10, 9, 11, 10, 9, 10]) }), params).explanation;
      expect(surge.method).toBe('recent');
      expect(surge.forecastDailyPacks).toBeGreaterThan(7);
    }
    const busyDay = (packs: number, params = DEFAULT_REPLENISHMENT_PARAMS) => suggest(inputOf({ history: historyOf([...steady, 3, 4, 3, 4, 3, 4, packs]) }), params).explanation;
    expect(busyDay(6, WINDOW).method).toBe('window_mean');
    expect(busyDay(6, WINDOW).forecastDailyPacks).toBe(busyDay(6, WINDOW).windowMeanDailyPacks);
    // More than twice the usual day moves the forecast a little (continuously: no jump to the recent level).
    expect(busyDay(8, WINDOW).forecastDailyPacks).toBeLessThan(1.05 * busyDay(8, WINDOW).windowMeanDailyPacks!);
    expect(busyDay(6).method).toBe('weekday_level');
    expect(busyDay(8).method).toBe('weekday_level');
    expect(busyDay(8).forecastDailyPacks).toBeLessThan(1.1 * busyDay(3).forecastDailyPacks);
  });

  it('follows a clear fall within days (the 16-week mean alone would still say 5.5 a day)', () => {
    const steady = Array.from({ length: 105 }, (_, i) => 5 + (i % 2) * 2);
    const fall = suggest(inputOf({ history: historyOf([...steady, 2, 1, 2, 2, 1, 2, 2]) })).explanation;
    expect(fall.method).toBe('recent_fall');
    expect(fall.forecastDailyPacks).toBe(fall.recentUpperDailyPacks! * fall.periodWeekdayFactor!);
    expect(fall.forecastDailyPacks).toBeLessThan(3.5);
    expect(suggest(inputOf({ history: historyOf([...steady, 2, 1, 2, 2, 1, 2, 2]) }), WINDOW).explanation.forecastDailyPacks).toBeGreaterThan(5.5);
    // A quiet day or two is chance, not a fall.
    const quiet = suggest(inputOf({ history: historyOf([...steady, 5, 7, 5, 7, 5, 7, 2]) })).explanation;
    expect(quiet.method).toBe('weekday_level');
  });

  it('knows the weekly rhythm: the weekend peak is not a surge, and a closed weekday sells nothing', () => {
    // 16 weeks from a Monday: 2 a day on weekdays, 6 on Saturdays and Sundays; the order day is a Monday.
    const rhythm = Array.from({ length: 112 }, (_, i) => (i % 7 >= 5 ? 6 : 2));
    const weekend = suggest(inputOf({ history: historyOf(rhythm) })).explanation;
    expect(weekend.method).toBe('weekday_level');
    // Monday to Monday: a whole week (average factor 1) and one more Monday, a quiet day.
    const week = (5 * 2 + 2 * 6) / 7;
    expect(weekend.expectedDemandPacks).toBeGreaterThan(7 * week + 2 - 0.5);
    expect(weekend.expectedDemandPacks).toBeLessThan(7 * week + 2 + 1);
    // Closed on Sundays (no upload: censored): the period's Sunday counts 0, not a day of average sales.
    const closed = suggest(inputOf({ history: historyOf(rhythm.map((v, i) => (i % 7 === 6 ? 0 : v)), (i) => i % 7 === 6) })).explanation;
    expect(closed.closedWeekdays).toEqual([7]);
    expect(closed.expectedDemandPacks).toBeLessThan(weekend.expectedDemandPacks - 5);
  });

  it('with levelMethod smoothing, uses SBA for an intermittent spec and TSB when staff choose it', () => {
    const history = historyOf(Array.from({ length: 112 }, (_, i) => (i % 4 === 0 ? 2 : 0)));
    expect(suggest(inputOf({ history }), WINDOW).explanation).toMatchObject({ demandClass: 'intermittent', method: 'window_mean', forecastDailyPacks: 0.5 });
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
    const eightWeeksOnly = resolveReplenishmentParams({ deadRunChance: 0 });
    const sales = Array.from({ length: 112 }, (_, i) => (i < 56 ? 3 : 0));
    const dead = suggest(inputOf({ history: historyOf(sales), onHandPacks: 0 }), eightWeeksOnly);
    expect(dead.suggestedCartons).toBe(0);
    expect(dead.explanation).toMatchObject({ reason: 'dead', lastSaleDaysAgo: 56 });
    // A sale 55 days ago keeps it alive under the eight-week test alone …
    const alive = suggest(inputOf({ history: historyOf(sales.map((v, i) => (i === 56 ? 1 : v))), onHandPacks: 0 }), eightWeeksOnly);
    expect(alive.explanation.reason).toBe('normal');
    // … not by its own pace: it sold every day, and 55 days without a sale cannot be chance.
    expect(suggest(inputOf({ history: historyOf(sales.map((v, i) => (i === 56 ? 1 : v))), onHandPacks: 0 })).explanation.reason).toBe('dead');
  });

  it('dead sooner, by the spec\'s own pace: two weeks for one that sold every other day, longer for a weekly seller', () => {
    // 112 days, a sale every `every` days up to the last one, then `quietDays` days without a sale.
    const paced = (every: number, quietDays: number) => {
      const last = 111 - quietDays;
      return historyOf(Array.from({ length: 112 }, (_, i) => (i <= last && (last - i) % every === 0 ? 2 : 0)));
    };
    // Every other day (p ≈ 1/2): (1/2)^13 is far below 1 %, but 13 days are below the 14-day minimum.
    expect(suggest(inputOf({ history: paced(2, 13), onHandPacks: 0 })).explanation).toMatchObject({ reason: 'normal', quietObservedDays: 13 });
    expect(suggest(inputOf({ history: paced(2, 14), onHandPacks: 0 })).explanation).toMatchObject({ reason: 'dead', quietObservedDays: 14 });
    // Weekly (12 sales in 83 days before the quiet run, p = 0.145): (1 − p)^29 = 1.1 %, (1 − p)^30 = 0.87 %.
    expect(isDeadSpec(paced(7, 29), DEFAULT_REPLENISHMENT_PARAMS)).toBe(false);
    expect(isDeadSpec(paced(7, 30), DEFAULT_REPLENISHMENT_PARAMS)).toBe(true);
    // Days out of stock do not count as quiet days: an empty shelf is not a spec nobody wants.
    const soldOut = historyOf(Array.from({ length: 112 }, (_, i) => (i < 90 && i % 2 === 0 ? 2 : 0)), (i) => i >= 95);
    expect(isDeadSpec(soldOut, DEFAULT_REPLENISHMENT_PARAMS)).toBe(false);
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

describe('what a carton is worth, and staff\'s cover limit', () => {
  const poisson = (mean: number) => (from: number, count: number) => countSurvival(mean, 1, from, count);

  it('keeps a carton that saves more than (1 − service level) of its packs, from the top down', () => {
    // Expected 4 over the period, 3 on the shelf: the first carton saves Σ_{j=3..12} P(D > j) ≈ 1.35 packs > 0.5.
    expect(cartonsWorthOrdering(1, 3, 10, poisson(4), 0.95)).toBe(1);
    // Expected 0.14 (one sale in sixteen weeks): a carton saves at most 0.14 packs — not at 95 %, yes at 99 %.
    expect(cartonsWorthOrdering(1, 0, 10, poisson(0.14), 0.95)).toBe(0);
    expect(cartonsWorthOrdering(1, 0, 10, poisson(0.14), 0.99)).toBe(1);
    // Expected 30, 95 % quantile 39. With 5 on the shelf, rounding up the need of 34 gives 4 cartons; the fourth
    // covers packs 35–44 and saves Σ_{j=35..44} P(D > j) = 0.56 > 0.5: kept. With 6 on the shelf it covers
    // 36–45 and saves 0.41: dropped, 3 cartons (the shop has 36 against an expected 30).
    expect(poissonQuantile(30, 0.95)).toBe(39);
    expect(cartonsWorthOrdering(4, 5, 10, poisson(30), 0.95)).toBe(4);
    expect(cartonsWorthOrdering(4, 6, 10, poisson(30), 0.95)).toBe(3);
  });

  it('with single packs it is the service-level rule itself: it never takes a pack away', () => {
    for (const mean of [0.2, 3, 17]) {
      for (const level of [0.5, 0.9, 0.98]) {
        const q = poissonQuantile(mean, level);
        for (const onHand of [0, 1, 5]) {
          const need = Math.max(0, q - onHand);
          expect(cartonsWorthOrdering(need, onHand, 1, poisson(mean), level)).toBe(need);
        }
      }
    }
  });

  it('the cover limit keeps the position within maxCoverDays of sales, and is off at 0', () => {
    // 0.3 a day, 60 days: at most 18 packs after the order; 5 on hand → one carton (15), not two (25).
    expect(limitToCover(2, 5, 10, 0.3, 60)).toBe(1);
    expect(limitToCover(2, 9, 10, 0.3, 60)).toBe(0);
    expect(limitToCover(2, 5, 10, 0.3, 0)).toBe(2);
    expect(limitToCover(3, 0, 10, 5, 60)).toBe(3);
  });

  it('says so in the explanation', () => {
    const slow = historyOf(Array.from({ length: 112 }, (_, i) => (i === 40 || i === 100 ? 1 : 0)));
    const e = suggest(inputOf({ history: slow, onHandPacks: 0 })).explanation;
    expect(e).toMatchObject({ roundedCartons: 0, cartonsBeforeWorthCheck: 1, cartonsBeforeCoverLimit: null });
    expect(e.notes).toContain('carton_not_worth');
    const limited = suggest(inputOf({ onHandPacks: 0 }), resolveReplenishmentParams({ maxCoverDays: 10 })).explanation;
    expect(limited.notes).toContain('cover_limit');
    expect(limited.maxCoverDays).toBe(10);
    expect(limited.roundedCartons * 10).toBeLessThanOrEqual(10 * limited.forecastDailyPacks);
    expect(limited.cartonsBeforeCoverLimit).toBeGreaterThan(limited.roundedCartons);
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
