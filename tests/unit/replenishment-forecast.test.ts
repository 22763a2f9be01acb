/**
 * Forecasters against hand-worked golden values (tests/fixtures/forecast, arithmetic in each case), and the
 * behaviour the rule relies on: empty series, linearity in the sales, the prior blend, the class → method map,
 * and the window mean with its surge check never falling when a sale is added on any day.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyDemand } from '~/domain/replenishment/classify';
import {
  blendWithPrior,
  forecastOwnDaily,
  recentLevelForecast,
  sbaForecast,
  sesForecast,
  sesWeekdayForecast,
  tsbForecast,
  weekdayIndices,
  windowMeanForecast,
} from '~/domain/replenishment/forecast';
import { DEFAULT_REPLENISHMENT_PARAMS, resolveReplenishmentParams } from '~/domain/replenishment/params';
import { isoWeekday } from '~/domain/time';
import sbaGolden from '../fixtures/forecast/sba.json';
import sesGolden from '../fixtures/forecast/ses.json';
import weekdayGolden from '../fixtures/forecast/ses-weekday.json';
import tsbGolden from '../fixtures/forecast/tsb.json';
import windowGolden from '../fixtures/forecast/window-level.json';

const GOLDEN_TOLERANCE = 1e-9;
/** The earlier per-class smoothing (levelMethod 'smoothing'); the defaults use the window mean. */
const SMOOTHING = resolveReplenishmentParams({ levelMethod: 'smoothing' });
/** The window mean with its surge check (levelMethod 'window_mean', the default before issue 14). */
const WINDOW = resolveReplenishmentParams({ levelMethod: 'window_mean' });

function weekdaysFrom(startDay: string, length: number): Uint8Array {
  const first = isoWeekday(startDay);
  return Uint8Array.from({ length }, (_, i) => ((first - 1 + i) % 7) + 1);
}

describe('golden values', () => {
  it.each(sesGolden.cases)('SES: $name', (c) => {
    expect(Math.abs(sesForecast(c.series, c.alpha, c.initDays) - c.expectedDailyPacks)).toBeLessThan(GOLDEN_TOLERANCE);
  });

  it.each(sbaGolden.cases)('SBA: $name', (c) => {
    const estimate = sbaForecast(c.series, c.alpha);
    expect(Math.abs(estimate.sizePacks - c.expectedSizePacks)).toBeLessThan(GOLDEN_TOLERANCE);
    expect(Math.abs(estimate.intervalDays - c.expectedIntervalDays)).toBeLessThan(GOLDEN_TOLERANCE);
    expect(Math.abs(estimate.dailyPacks - c.expectedDailyPacks)).toBeLessThan(GOLDEN_TOLERANCE);
  });

  it.each(tsbGolden.cases)('TSB: $name', (c) => {
    const estimate = tsbForecast(c.series, c.alpha, c.beta);
    expect(Math.abs(estimate.sizePacks - c.expectedSizePacks)).toBeLessThan(GOLDEN_TOLERANCE);
    expect(Math.abs(1 / estimate.intervalDays - c.expectedProbability)).toBeLessThan(GOLDEN_TOLERANCE);
    expect(Math.abs(estimate.dailyPacks - c.expectedDailyPacks)).toBeLessThan(GOLDEN_TOLERANCE);
  });

  it.each(windowGolden.cases)('window mean and recent level: $name', (c) => {
    expect(Math.abs(windowMeanForecast(c.series) - c.expectedWindowMeanDailyPacks)).toBeLessThan(GOLDEN_TOLERANCE);
    const recent = recentLevelForecast(c.series, c.alpha, c.z, c.initDays);
    expect(Math.abs(recent.recentDailyPacks - c.expectedRecentDailyPacks)).toBeLessThan(GOLDEN_TOLERANCE);
    expect(Math.abs(recent.recentLowerDailyPacks - c.expectedRecentLowerDailyPacks)).toBeLessThan(GOLDEN_TOLERANCE);
    const params = resolveReplenishmentParams({ levelMethod: 'window_mean', surgeAlpha: c.alpha, surgeZ: c.z, sesInitDays: c.initDays });
    const own = forecastOwnDaily(c.series, weekdaysFrom('2026-06-01', c.series.length), 'smooth', params);
    expect(own.method).toBe(c.expectedFrequentSellerMethod);
    expect(Math.abs(own.dailyPacks - c.expectedFrequentSellerDailyPacks)).toBeLessThan(GOLDEN_TOLERANCE);
  });

  it.each(weekdayGolden.cases)('SES on weekday-adjusted sales: $name', (c) => {
    const weekdays = weekdaysFrom(c.startDay, c.series.length);
    const indices = weekdayIndices(c.series, weekdays, c.minDaysPerWeekday);
    expect(indices).not.toBeNull();
    c.expectedIndices.forEach((expected, w) => expect(Math.abs(indices![w]! - expected)).toBeLessThan(GOLDEN_TOLERANCE));
    const level = sesWeekdayForecast(c.series, weekdays, indices!, c.alpha, c.initDays);
    expect(Math.abs(level - c.expectedDailyPacks)).toBeLessThan(GOLDEN_TOLERANCE);
    expect(Math.abs(sesForecast(c.series, c.alpha, c.initDays) - c.plainSesDailyPacks)).toBeLessThan(GOLDEN_TOLERANCE);
  });
});

describe('forecasters', () => {
  it('give 0 for a series without sales, and SES gives 0 for an empty one', () => {
    expect(sesForecast([], 0.1, 7)).toBe(0);
    expect(sbaForecast([0, 0, 0], 0.1).dailyPacks).toBe(0);
    expect(tsbForecast([0, 0, 0], 0.1, 0.1).dailyPacks).toBe(0);
    expect(sbaForecast([], 0.1).dailyPacks).toBe(0);
  });

  it('SES starts from the mean of what there is when the series is shorter than initDays', () => {
    // level0 = (2 + 4) / 2 = 3; y = 2: 3 − 0.5 = 2.5; y = 4: 2.5 + 0.75 = 3.25.
    expect(sesForecast([2, 4], 0.5, 7)).toBeCloseTo(3.25, 12);
  });

  it('SES of a constant series is that constant; SBA is (1 − α/2) × size ÷ interval for a regular one', () => {
    expect(sesForecast([5, 5, 5, 5, 5, 5, 5, 5], 0.1, 7)).toBeCloseTo(5, 12);
    const everyThirdDay = Array.from({ length: 30 }, (_, i) => (i % 3 === 2 ? 6 : 0));
    expect(sbaForecast(everyThirdDay, 0.1).dailyPacks).toBeCloseTo(0.95 * (6 / 3), 12);
  });

  it('TSB decays through a long run without sales, where Croston stays put', () => {
    const sales = [0, 2, 0, 2, 0, 2, 0, 2];
    const thenNothing = [...sales, ...Array<number>(20).fill(0)];
    expect(sbaForecast(thenNothing, 0.1).dailyPacks).toBe(sbaForecast(sales, 0.1).dailyPacks);
    expect(tsbForecast(thenNothing, 0.1, 0.1).dailyPacks).toBeLessThan(tsbForecast(sales, 0.1, 0.1).dailyPacks / 5);
  });

  it('every method scales with the sales: k × series → k × forecast', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 1, maxLength: 120 }), fc.integer({ min: 2, max: 7 }), (series, k) => {
        const scaled = series.map((v) => v * k);
        const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(b)));
        close(sesForecast(scaled, 0.1, 7), k * sesForecast(series, 0.1, 7));
        close(sbaForecast(scaled, 0.1).dailyPacks, k * sbaForecast(series, 0.1).dailyPacks);
        close(tsbForecast(scaled, 0.1, 0.05).dailyPacks, k * tsbForecast(series, 0.1, 0.05).dailyPacks);
        close(windowMeanForecast(scaled), k * windowMeanForecast(series));
        close(recentLevelForecast(scaled, 0.35, 0, 7).recentDailyPacks, k * recentLevelForecast(series, 0.35, 0, 7).recentDailyPacks);
      }),
    );
  });

  it('weekday indices need every weekday observed often enough and something sold', () => {
    const weekdays = weekdaysFrom('2026-06-01', 13);
    expect(weekdayIndices(Array<number>(13).fill(3), weekdays, 2)).toBeNull();
    expect(weekdayIndices(Array<number>(14).fill(0), weekdaysFrom('2026-06-01', 14), 2)).toBeNull();
    const flat = weekdayIndices(Array<number>(14).fill(3), weekdaysFrom('2026-06-01', 14), 2)!;
    expect([...flat]).toEqual([1, 1, 1, 1, 1, 1, 1]);
  });

  it('a weekday the shop never sells on (closed on Sundays) is skipped, not divided by', () => {
    const series = Array.from({ length: 28 }, (_, i) => (i % 7 === 6 ? 0 : 6));
    const weekdays = weekdaysFrom('2026-06-01', 28);
    const indices = weekdayIndices(series, weekdays, 3)!;
    expect(indices[6]).toBe(0);
    // Weekday means 6 (×6) and 0: mean of means 36/7, open-day index 6 ÷ 36/7 = 7/6; adjusted open day 6 ÷ 7/6 = 36/7.
    expect(sesWeekdayForecast(series, weekdays, indices, 0.1, 7)).toBeCloseTo(36 / 7, 9);
  });
});

describe('forecastOwnDaily, weekday level (default)', () => {
  const period = (historyDays: number, protectionDays = 8) => ({ historyDays, firstWeekday: 1, protectionDays });

  it('a fall from 6 a day to 1 is followed within a week (worked in Python with exact fractions)', () => {
    // 28 days of 6, then 7 of 1, from a Monday: smooth, every weekday alike (factors 1).
    const series = [...Array<number>(28).fill(6), ...Array<number>(7).fill(1)];
    const own = forecastOwnDaily(series, weekdaysFrom('2026-06-01', 35), 'smooth', DEFAULT_REPLENISHMENT_PARAMS, period(35));
    expect(own.method).toBe('recent_fall');
    // level = 0.5 × SES_0.1 (3.3914845) + 0.5 × mean (5) = 4.19574225; recent = SES_0.35 = 1.24511139453125;
    // upper = recent + 1.5 × √(0.35 ÷ 1.65 × 4.19574225) = 2.660213280117906 < level: the forecast follows the fall.
    expect(Math.abs(own.weekday!.levelDailyPacks - 4.19574225)).toBeLessThan(GOLDEN_TOLERANCE);
    expect(Math.abs(own.weekday!.recentDailyPacks! - 1.24511139453125)).toBeLessThan(GOLDEN_TOLERANCE);
    expect(Math.abs(own.dailyPacks - 2.660213280117906)).toBeLessThan(GOLDEN_TOLERANCE);
    expect(own.weekday!.periodFactor).toBe(1);
  });

  it('reads a weekly rhythm for frequent sellers only, and closed weekdays for every class', () => {
    // Three weeks from a Monday: 2 a day on weekdays, 8 on Saturdays, Sundays never observed (closed).
    const days = Array.from({ length: 21 }, (_, i) => i).filter((i) => i % 7 !== 6);
    const series = days.map((i) => (i % 7 === 5 ? 8 : 2));
    const weekdays = days.map((i) => (i % 7) + 1);
    const smooth = forecastOwnDaily(series, weekdays, 'smooth', DEFAULT_REPLENISHMENT_PARAMS, period(21, 7));
    expect(smooth.weekday!.profile.closedWeekdays).toEqual([7]);
    expect(smooth.weekday!.profile.factors[6]).toBe(0);
    // mean 3; Saturday (24 + 7 × 3) ÷ ((3 + 7) × 3) = 1.5, weekdays (6 + 21) ÷ 30 = 0.9: they average 1 already.
    expect(smooth.weekday!.profile.factors[5]).toBeCloseTo(1.5, 12);
    // A whole week holds every weekday once: about the week's sales, 5 × 2 + 8 = 18 (the window's part exactly
    // 54 ÷ 18 × 6; the smoothed part leans a little to the last days, a busy Saturday).
    expect(smooth.dailyPacks * 7).toBeGreaterThan(17.5);
    expect(smooth.dailyPacks * 7).toBeLessThan(19);
    const slow = forecastOwnDaily(series, weekdays, 'intermittent', DEFAULT_REPLENISHMENT_PARAMS, period(21, 7));
    expect(slow.weekday!.profile.factors).toEqual([1, 1, 1, 1, 1, 1, 0]);
    expect(slow.dailyPacks * 7).toBeGreaterThan(17.5);
    expect(slow.dailyPacks * 7).toBeLessThan(19.5);
  });

  it('a weekend peak at the end of the history is not a surge', () => {
    // Eight weeks of 2 on weekdays and 7 at weekends, ending on a Sunday: the last two days are the busiest.
    const series = Array.from({ length: 56 }, (_, i) => (i % 7 >= 5 ? 7 : 2));
    const own = forecastOwnDaily(series, weekdaysFrom('2026-06-01', 56), 'smooth', DEFAULT_REPLENISHMENT_PARAMS, period(56));
    expect(own.method).toBe('weekday_level');
    expect(own.weekday!.trend).toBeNull();
  });

  it('scales with the sales: k × series → k × forecast, whatever the class', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 12 })), { minLength: 1, maxLength: 112 }),
        fc.integer({ min: 2, max: 6 }),
        fc.constantFrom('smooth', 'erratic', 'intermittent', 'lumpy', 'insufficient') as fc.Arbitrary<'smooth'>,
        fc.integer({ min: 1, max: 14 }),
        (series, k, demandClass, protectionDays) => {
          const weekdays = weekdaysFrom('2026-06-01', series.length);
          const at = (s: number[]) => forecastOwnDaily(s, weekdays, demandClass, DEFAULT_REPLENISHMENT_PARAMS, period(series.length, protectionDays)).dailyPacks;
          expect(at(series.map((v) => v * k))).toBeCloseTo(k * at(series), 9);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('forecastOwnDaily, window mean (levelMethod window_mean)', () => {
  const series = [0, 3, 0, 0, 2, 0, 4, 0, 1, 0, 0, 5, 0, 2];
  const weekdays = weekdaysFrom('2026-06-01', series.length);
  const rising = [...Array<number>(28).fill(2), 6, 6, 6];
  const DEFAULT_REPLENISHMENT_PARAMS = WINDOW;

  it('every class gets the mean of the observed days; only frequent sellers (smooth, erratic) get the surge check', () => {
    for (const demandClass of ['insufficient', 'intermittent', 'lumpy'] as const) {
      expect(forecastOwnDaily(rising, weekdaysFrom('2026-06-01', 31), demandClass, DEFAULT_REPLENISHMENT_PARAMS)).toEqual({
        method: 'window_mean',
        dailyPacks: 74 / 31,
        windowMeanDailyPacks: 74 / 31,
      });
    }
    for (const demandClass of ['smooth', 'erratic'] as const) {
      const own = forecastOwnDaily(rising, weekdaysFrom('2026-06-01', 31), demandClass, DEFAULT_REPLENISHMENT_PARAMS);
      expect(own.method).toBe('recent');
      expect(own.dailyPacks).toBe(own.recentLowerDailyPacks);
      expect(own.dailyPacks).toBeGreaterThan(74 / 31);
    }
    expect(forecastOwnDaily(series, weekdays, 'smooth', DEFAULT_REPLENISHMENT_PARAMS)).toMatchObject({ method: 'window_mean', dailyPacks: 17 / 14 });
    expect(forecastOwnDaily([], [], 'smooth', DEFAULT_REPLENISHMENT_PARAMS)).toEqual({ method: 'none', dailyPacks: 0 });
  });

  it('a larger surgeZ needs a larger rise; surgeZ 0 follows any rise of the recent level', () => {
    const rise = (z: number) => forecastOwnDaily(rising, weekdaysFrom('2026-06-01', 31), 'smooth', resolveReplenishmentParams({ levelMethod: 'window_mean', surgeZ: z }));
    expect(rise(0).method).toBe('recent');
    expect(rise(0).dailyPacks).toBeCloseTo(4.9015, 12);
    expect(rise(5).method).toBe('window_mean');
    expect(rise(0).dailyPacks).toBeGreaterThan(rise(1.5).dailyPacks);
  });

  it('one more sale on any day never lowers the forecast (the class may change, the forecast cannot fall)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 12 })), { minLength: 1, maxLength: 112 }),
        fc.nat(),
        fc.integer({ min: 1, max: 20 }),
        fc.constantFrom(0, 1, 1.5, 3),
        fc.constantFrom('window_mean', 'weekday_level') as fc.Arbitrary<'window_mean'>,
        (series, at, extra, surgeZ, levelMethod) => {
          const params = resolveReplenishmentParams({ surgeZ, levelMethod });
          const more = series.map((v, i) => (i === at % series.length ? v + extra : v));
          const forecast = (s: number[]) =>
            forecastOwnDaily(s, weekdaysFrom('2026-06-01', s.length), classifyDemand(s, params).demandClass, params).dailyPacks;
          expect(forecast(more)).toBeGreaterThanOrEqual(forecast(series) - 1e-12);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('forecastOwnDaily, smoothing (levelMethod: smoothing) picks the method by demand class', () => {
  const series = [0, 3, 0, 0, 2, 0, 4, 0, 1, 0, 0, 5, 0, 2];
  const weekdays = weekdaysFrom('2026-06-01', series.length);

  it('insufficient → plain mean; erratic → SES; intermittent and lumpy → SBA, or TSB when chosen', () => {
    expect(forecastOwnDaily(series, weekdays, 'insufficient', SMOOTHING)).toEqual({ method: 'mean', dailyPacks: 17 / 14 });
    expect(forecastOwnDaily(series, weekdays, 'erratic', SMOOTHING).method).toBe('ses');
    expect(forecastOwnDaily(series, weekdays, 'intermittent', SMOOTHING)).toEqual({
      method: 'sba',
      dailyPacks: sbaForecast(series, 0.1).dailyPacks,
    });
    const tsbParams = resolveReplenishmentParams({ levelMethod: 'smoothing', intermittentMethod: 'tsb' });
    expect(forecastOwnDaily(series, weekdays, 'lumpy', tsbParams)).toEqual({ method: 'tsb', dailyPacks: tsbForecast(series, 0.1, 0.05).dailyPacks });
    expect(forecastOwnDaily([], [], 'smooth', SMOOTHING)).toEqual({ method: 'none', dailyPacks: 0 });
  });

  it('smooth → SES on weekday-adjusted sales once every weekday is seen 3 times, plain SES before', () => {
    const fast = Array.from({ length: 21 }, (_, i) => (i % 7 >= 5 ? 12 : 8));
    expect(forecastOwnDaily(fast, weekdaysFrom('2026-06-01', 21), 'smooth', SMOOTHING).method).toBe('ses_weekday');
    expect(forecastOwnDaily(fast.slice(0, 20), weekdaysFrom('2026-06-01', 20), 'smooth', SMOOTHING).method).toBe('ses');
  });
});

describe('blendWithPrior', () => {
  it('is all prior without own days, fades linearly, and is all own from the fade length on', () => {
    expect(blendWithPrior(null, 0, 2, 56)).toEqual({ dailyPacks: 2, priorWeight: 1 });
    // 14 of 56 days: the prior still weighs 1 − 14/56 = 0.75.
    expect(blendWithPrior(4, 14, 2, 56)).toEqual({ dailyPacks: 0.25 * 4 + 0.75 * 2, priorWeight: 0.75 });
    expect(blendWithPrior(4, 56, 2, 56)).toEqual({ dailyPacks: 4, priorWeight: 0 });
    expect(blendWithPrior(4, 80, 2, 56)).toEqual({ dailyPacks: 4, priorWeight: 0 });
  });

  it('without a prior keeps the own forecast (0 when there is none)', () => {
    expect(blendWithPrior(3, 10, null, 56)).toEqual({ dailyPacks: 3, priorWeight: 0 });
    expect(blendWithPrior(null, 0, null, 56)).toEqual({ dailyPacks: 0, priorWeight: 0 });
  });
});
