/**
 * Daily demand forecasts (packs a day) on the observed series from cleaning.ts.
 *
 * levelMethod 'window_mean' (default):
 * - level = the mean of the observed days of the history window (the wiring passes 16 weeks). Every day weighs
 *   the same, so a festival week or a slack week moves it by a sixteenth, and the noise of a slow spec's few
 *   sales averages out; the weekday rhythm cancels, as every weekday is in the window about equally often.
 * - For frequent sellers (classes smooth and erratic) a rise in sales is caught by a recent level:
 *     recent = SES with surgeAlpha (0.35) over the observed days (started like SES below),
 *     recentLower = max(0, recent − surgeZ × √(α ÷ (2 − α) × recent)),
 *     d̂ = max(level, recentLower).
 *   α ÷ (2 − α) × σ² is the variance of an SES level of independent days with variance σ², and σ² = recent is
 *   the Poisson variance, the least a count can have: recentLower is "the recent level, allowing for chance"
 *   (surgeZ = 1.5 standard errors). An uptick of a few days does not move d̂; a surge moves it within days.
 *   Only a rise is followed quickly: a dip after a surge is left to the window mean, as a lost sale is lost
 *   while a pack too many sells next week. Intermittent specs get the mean alone: their recent SES is mostly
 *   the last sale or two, and one sale yesterday would read as a surge.
 * Both parts are non-decreasing in every day's sales (the mean and SES have positive weights, x − z√(cx) is
 *   increasing where it is positive), and so is their maximum: one more sale on any day never lowers d̂. A
 *   method switch on the data (a tracking signal, a test that picks one estimate or the other) would not have
 *   that property — adding an old sale could flip the test and drop d̂ from the recent level to the mean.
 *
 * levelMethod 'smoothing' (the earlier method, kept for comparison):
 * - smooth, erratic → simple exponential smoothing (SES): level ← level + α (y − level), starting from the mean
 *   of the first sesInitDays observations, run over every observation. Recent weeks weigh most (α = 0.1: the
 *   weights' mean age is (1 − α)/α = 9 days).
 *   For smooth specs (which sell on most days) with every weekday observed at least weekdayMinDaysPerWeekday
 *   times, SES runs on sales divided by a weekday index (mean sales on that weekday ÷ the mean of the seven
 *   weekday means, so the indices average 1). Without it the level would swing with the weekday of the last
 *   observations — ordering on a Monday after a busy weekend would read high, every week. The result is the
 *   level of an average day; a weekly protection period holds every weekday, so d̂ × (T + L) stays the
 *   expected demand. Weekdays with an index below 0.05 (a shop closed on Sundays) are skipped, not divided by.
 * - intermittent, lumpy → Croston with the Syntetos–Boylan approximation (SBA, default) or TSB:
 *   Croston: on each sale day, size z ← z + α (y − z) and interval p ← p + α (q − p), q = observed days since
 *   the previous sale; starting from the first sale (z = its size, p = its position, counting from 1).
 *   SBA = (1 − α/2) × z / p removes Croston's upward bias (Syntetos & Boylan 2005).
 *   TSB (Teunter, Syntetos & Babai 2011): probability π ← π + β (1[y > 0] − π) every day, size
 *   z ← z + α (y − z) on sale days; starting after the first sale with π = 1 / its position, z = its size;
 *   forecast π × z. Unlike Croston it decays through long runs without sales (obsolescence).
 * - insufficient → the plain mean of the observed days.
 * Every method of either kind scales with the sales: scaling the history by c scales d̂ by c (window_mean:
 * recentLower by at least c — the allowance grows with √c), so more sales never lower d̂.
 *
 * Why the window mean: on the backtest (scripts/backtest.ts, both counties) SES with α 0.1 chased noise — its
 * level for a spec selling 2 packs a day wanders by ±20 % week to week — and the safety stock had to cover
 * that too; the window mean with the surge check reaches B1's fill rate with about 10–13 % less stock where
 * SES saved 3–6 % (README.md).
 *
 * A prior from similar shops is blended in while the shop's own history is short:
 *   d̂ = (1 − w) × own + w × prior,  w = max(0, 1 − observedDays ÷ priorFadeObservedDays)
 * — all prior with no observed day, none from priorFadeObservedDays (default 56) on.
 */
import type { ReplenishmentParams } from './params';
import type { DemandClass, ForecastMethod } from './types';

/** A weekday selling less than this share of an average day is treated as closed, not as a tiny index. */
const MIN_WEEKDAY_INDEX = 0.05;

/** SES level after the whole series; 0 for an empty series. */
export function sesForecast(demandPacks: ArrayLike<number>, alpha: number, initDays: number): number {
  const n = demandPacks.length;
  if (n === 0) return 0;
  const initCount = Math.min(n, Math.max(1, Math.floor(initDays)));
  let level = 0;
  for (let t = 0; t < initCount; t++) level += demandPacks[t]!;
  level /= initCount;
  for (let t = 0; t < n; t++) level += alpha * (demandPacks[t]! - level);
  return level;
}

export interface CrostonEstimate {
  /** The method's daily forecast (SBA-corrected for sbaForecast). */
  dailyPacks: number;
  /** Smoothed size of a sale day. */
  sizePacks: number;
  /** Smoothed interval between sale days (Croston) or 1 ÷ smoothed probability of a sale (TSB). */
  intervalDays: number;
}

const NO_SALES: CrostonEstimate = Object.freeze({ dailyPacks: 0, sizePacks: 0, intervalDays: Number.POSITIVE_INFINITY });

function firstSaleIndex(demandPacks: ArrayLike<number>): number {
  for (let t = 0; t < demandPacks.length; t++) if (demandPacks[t]! > 0) return t;
  return -1;
}

/** Croston's estimates with the SBA correction (1 − α/2); dailyPacks 0 when the series has no sale. */
export function sbaForecast(demandPacks: ArrayLike<number>, alpha: number): CrostonEstimate {
  const first = firstSaleIndex(demandPacks);
  if (first < 0) return NO_SALES;
  let sizePacks = demandPacks[first]!;
  let intervalDays = first + 1;
  let sinceLastSaleDays = 0;
  for (let t = first + 1; t < demandPacks.length; t++) {
    sinceLastSaleDays++;
    const y = demandPacks[t]!;
    if (y > 0) {
      sizePacks += alpha * (y - sizePacks);
      intervalDays += alpha * (sinceLastSaleDays - intervalDays);
      sinceLastSaleDays = 0;
    }
  }
  return { dailyPacks: (1 - alpha / 2) * (sizePacks / intervalDays), sizePacks, intervalDays };
}

/** Teunter–Syntetos–Babai; dailyPacks 0 when the series has no sale. */
export function tsbForecast(demandPacks: ArrayLike<number>, sizeAlpha: number, probabilityBeta: number): CrostonEstimate {
  const first = firstSaleIndex(demandPacks);
  if (first < 0) return NO_SALES;
  let sizePacks = demandPacks[first]!;
  let probability = 1 / (first + 1);
  for (let t = first + 1; t < demandPacks.length; t++) {
    const y = demandPacks[t]!;
    if (y > 0) {
      probability += probabilityBeta * (1 - probability);
      sizePacks += sizeAlpha * (y - sizePacks);
    } else {
      probability -= probabilityBeta * probability;
    }
  }
  return { dailyPacks: probability * sizePacks, sizePacks, intervalDays: 1 / probability };
}

/**
 * Weekday indices (position w − 1 for ISO weekday w): mean sales on the weekday ÷ the mean of the seven weekday
 * means. null when a weekday has fewer than minDaysPerWeekday observed days or nothing sold.
 */
export function weekdayIndices(demandPacks: ArrayLike<number>, weekdays: ArrayLike<number>, minDaysPerWeekday: number): number[] | null {
  const sums = [0, 0, 0, 0, 0, 0, 0];
  const counts = [0, 0, 0, 0, 0, 0, 0];
  for (let t = 0; t < demandPacks.length; t++) {
    const w = weekdays[t]! - 1;
    sums[w]! += demandPacks[t]!;
    counts[w]!++;
  }
  let meanOfMeans = 0;
  for (let w = 0; w < 7; w++) {
    if (counts[w]! < minDaysPerWeekday) return null;
    sums[w] = sums[w]! / counts[w]!;
    meanOfMeans += sums[w]!;
  }
  meanOfMeans /= 7;
  if (!(meanOfMeans > 0)) return null;
  for (let w = 0; w < 7; w++) sums[w] = sums[w]! / meanOfMeans;
  return sums;
}

/** SES on weekday-adjusted sales (y ÷ index of its weekday); days of a (nearly) closed weekday are skipped. */
export function sesWeekdayForecast(
  demandPacks: ArrayLike<number>,
  weekdays: ArrayLike<number>,
  indices: ArrayLike<number>,
  alpha: number,
  initDays: number,
): number {
  const initCount = Math.max(1, Math.floor(initDays));
  // Same start as sesForecast: the mean of the first initCount (adjusted) days, then every day again.
  let initSum = 0;
  let initSeen = 0;
  for (let t = 0; t < demandPacks.length && initSeen < initCount; t++) {
    const index = indices[weekdays[t]! - 1]!;
    if (index < MIN_WEEKDAY_INDEX) continue;
    initSum += demandPacks[t]! / index;
    initSeen++;
  }
  if (initSeen === 0) return 0;
  let level = initSum / initSeen;
  for (let t = 0; t < demandPacks.length; t++) {
    const index = indices[weekdays[t]! - 1]!;
    if (index < MIN_WEEKDAY_INDEX) continue;
    level += alpha * (demandPacks[t]! / index - level);
  }
  return level;
}

/** Mean of the observed days; 0 for an empty series. */
export function windowMeanForecast(demandPacks: ArrayLike<number>): number {
  const n = demandPacks.length;
  if (n === 0) return 0;
  let sum = 0;
  for (let t = 0; t < n; t++) sum += demandPacks[t]!;
  return sum / n;
}

export interface RecentLevel {
  /** SES level with the surge smoothing constant. */
  recentDailyPacks: number;
  /** recentDailyPacks less z standard errors of chance, not below 0. */
  recentLowerDailyPacks: number;
}

/** The recent level and its lower allowance for chance (see the module comment). */
export function recentLevelForecast(demandPacks: ArrayLike<number>, alpha: number, z: number, initDays: number): RecentLevel {
  const recentDailyPacks = sesForecast(demandPacks, alpha, initDays);
  const standardErrorPacks = Math.sqrt((alpha / (2 - alpha)) * recentDailyPacks);
  return { recentDailyPacks, recentLowerDailyPacks: Math.max(0, recentDailyPacks - z * standardErrorPacks) };
}

/** A weekday that came round at least this often in the history and was never observed is a closed day. */
const CLOSED_WEEKDAY_MIN_DAYS = 2;

export interface WeekdayProfile {
  /**
   * Position w − 1 for ISO weekday w: that weekday's sales relative to an average open day (the open weekdays'
   * factors average 1); 0 for a weekday the shop is closed.
   */
  factors: number[];
  /** ISO weekdays read as closed: they came round in the history but no day of theirs was observed. */
  closedWeekdays: number[];
}

/**
 * The weekday profile of the observed days, each weekday's index pulled towards 1 by `shrinkDays` average days:
 * index = (sales on the weekday + shrinkDays × mean) ÷ ((its observed days + shrinkDays) × mean), then scaled so
 * the open weekdays average 1. A weekday never observed although it came round twice or more (a shop closed on
 * Sundays uploads nothing then: censored) is closed: 0. Scaling the sales leaves the profile unchanged.
 */
export function weekdayProfile(
  demandPacks: ArrayLike<number>,
  weekdays: ArrayLike<number>,
  historyDays: number,
  firstWeekday: number,
  shrinkDays: number,
  rhythm = true,
): WeekdayProfile {
  const sums = [0, 0, 0, 0, 0, 0, 0];
  const counts = [0, 0, 0, 0, 0, 0, 0];
  let total = 0;
  for (let t = 0; t < demandPacks.length; t++) {
    const w = weekdays[t]! - 1;
    sums[w]! += demandPacks[t]!;
    counts[w]!++;
    total += demandPacks[t]!;
  }
  const mean = demandPacks.length > 0 ? total / demandPacks.length : 0;
  const factors = [1, 1, 1, 1, 1, 1, 1];
  const closedWeekdays: number[] = [];
  let openSum = 0;
  let open = 0;
  for (let w = 0; w < 7; w++) {
    const occurrences = Math.floor(historyDays / 7) + (((w - (firstWeekday - 1) + 7) % 7) < historyDays % 7 ? 1 : 0);
    if (counts[w] === 0) {
      if (occurrences >= CLOSED_WEEKDAY_MIN_DAYS) {
        factors[w] = 0;
        closedWeekdays.push(w + 1);
        continue;
      }
    } else if (rhythm && mean > 0) {
      factors[w] = (sums[w]! + shrinkDays * mean) / ((counts[w]! + shrinkDays) * mean);
    }
    openSum += factors[w]!;
    open++;
  }
  if (openSum > 0) for (let w = 0; w < 7; w++) factors[w] = (factors[w]! * open) / openSum;
  return { factors, closedWeekdays };
}

/**
 * The average weekday factor of the protection period's days: the order day (the day after the history's last
 * day) and the protectionDays − 1 after it. A fractional last day counts by its fraction.
 */
export function periodWeekdayFactor(factors: ArrayLike<number>, orderWeekday: number, protectionDays: number): number {
  if (!(protectionDays > 0)) return 1;
  let sum = 0;
  const whole = Math.floor(protectionDays);
  for (let j = 0; j < whole; j++) sum += factors[(orderWeekday - 1 + j) % 7]!;
  sum += (protectionDays - whole) * factors[(orderWeekday - 1 + whole) % 7]!;
  return sum / protectionDays;
}

export interface WeekdayLevel {
  /** The slow level of an average open day: SES (levelAlpha) of the weekday-adjusted sales. */
  levelDailyPacks: number;
  /** Frequent sellers: the recent level (SES, surgeAlpha) of the weekday-adjusted sales, and its bounds for chance. */
  recentDailyPacks: number | null;
  recentLowerDailyPacks: number | null;
  recentUpperDailyPacks: number | null;
  /** The level used: the slow level, moved into [recentLower, recentUpper] when it lies outside. */
  openDayPacks: number;
  trend: 'rising' | 'falling' | null;
}

/**
 * weekday_level (see the module comment): SES over the weekday-adjusted observed days (a day's sales ÷ its
 * weekday's factor; days of a weekday with a factor below 0.05 are skipped), started from the mean of the first
 * sesInitDays of them. Every class gets the slow level; frequent sellers (smooth, erratic) also a recent one, and
 * the slow level is moved to the recent one's bound for chance when it lies outside [recent − surgeZ × se(recent),
 * recent + fallZ × se(level)], se(x) = √(α ÷ (2 − α) × x): the Poisson spread of an SES level of independent days.
 * A fall is judged against the spread of the old level (the larger one): three quiet days are not yet a fall.
 */
export function weekdayLevelForecast(
  demandPacks: ArrayLike<number>,
  weekdays: ArrayLike<number>,
  factors: ArrayLike<number>,
  demandClass: DemandClass,
  params: Readonly<ReplenishmentParams>,
): WeekdayLevel {
  // Smoothed sales ÷ smoothed weekday factors of the same days: a busy weekend raises both, so the level of an
  // average day does not move with the weekday the history ends on. (Smoothing sales ÷ factor day by day would
  // average ratios: biased whenever a factor is not exact, and shrunk factors never are.) One pass for both
  // smoothing constants, the window's sums and the spread of sales ÷ factor (Welford), without allocating: the
  // batch runs this ninety thousand times. Each SES starts, as sesForecast does, from the mean of the first
  // sesInitDays days, then runs over every day again.
  const frequent = demandClass === 'smooth' || demandClass === 'erratic';
  const initDays = Math.max(1, Math.floor(params.sesInitDays));
  let days = 0;
  let initSales = 0;
  let initFactors = 0;
  let initCount = 0;
  for (let t = 0; t < demandPacks.length && initCount < initDays; t++) {
    const factor = factors[weekdays[t]! - 1]!;
    if (factor < MIN_WEEKDAY_INDEX) continue;
    initSales += demandPacks[t]!;
    initFactors += factor;
    initCount++;
  }
  const slow = params.levelAlpha;
  const fast = params.surgeAlpha;
  let slowSales = initCount > 0 ? initSales / initCount : 0;
  let slowFactors = initCount > 0 ? initFactors / initCount : 0;
  let fastSales = slowSales;
  let fastFactors = slowFactors;
  let salesSum = 0;
  let factorSum = 0;
  let ratioMean = 0;
  let ratioSquares = 0;
  for (let t = 0; t < demandPacks.length; t++) {
    const factor = factors[weekdays[t]! - 1]!;
    if (factor < MIN_WEEKDAY_INDEX) continue;
    const y = demandPacks[t]!;
    days++;
    salesSum += y;
    factorSum += factor;
    slowSales += slow * (y - slowSales);
    slowFactors += slow * (factor - slowFactors);
    if (!frequent) continue;
    fastSales += fast * (y - fastSales);
    fastFactors += fast * (factor - fastFactors);
    const ratio = y / factor;
    const delta = ratio - ratioMean;
    ratioMean += delta / days;
    ratioSquares += delta * (ratio - ratioMean);
  }
  const windowLevel = factorSum > 0 ? salesSum / factorSum : 0;
  const smoothedLevel = slowFactors > 0 ? slowSales / slowFactors : 0;
  const levelDailyPacks = (1 - params.levelWindowMeanWeight) * smoothedLevel + params.levelWindowMeanWeight * windowLevel;
  if (!frequent) {
    return { levelDailyPacks, recentDailyPacks: null, recentLowerDailyPacks: null, recentUpperDailyPacks: null, openDayPacks: levelDailyPacks, trend: null };
  }
  const recentDailyPacks = fastFactors > 0 ? fastSales / fastFactors : 0;
  // Overdispersed days (busy and quiet ones, the odd carton buyer) move an SES level more than Poisson days do.
  const dispersion = days >= 2 && ratioMean > 0 ? Math.max(1, ratioSquares / (days - 1) / ratioMean) : 1;
  const spread = (x: number) => Math.sqrt((fast / (2 - fast)) * x * dispersion);
  const recentLowerDailyPacks = Math.max(0, recentDailyPacks - params.surgeZ * spread(recentDailyPacks));
  const recentUpperDailyPacks = recentDailyPacks + params.fallZ * spread(levelDailyPacks);
  const trend = levelDailyPacks < recentLowerDailyPacks ? 'rising' : levelDailyPacks > recentUpperDailyPacks ? 'falling' : null;
  const openDayPacks = trend === 'rising' ? recentLowerDailyPacks : trend === 'falling' ? recentUpperDailyPacks : levelDailyPacks;
  return { levelDailyPacks, recentDailyPacks, recentLowerDailyPacks, recentUpperDailyPacks, openDayPacks, trend };
}

/** Where the protection period falls, for the weekday profile: the history's span and the period's length. */
export interface ForecastPeriod {
  historyDays: number;
  firstWeekday: number;
  protectionDays: number;
}

export interface OwnForecast {
  method: ForecastMethod;
  /** Expected sales a day over the protection period (closed weekdays count 0). */
  dailyPacks: number;
  /** weekday_level: the numbers behind dailyPacks. */
  weekday?: WeekdayLevel & { profile: WeekdayProfile; periodFactor: number };
  /** window_mean: the mean of the observed days (also when the recent level was higher). */
  windowMeanDailyPacks?: number;
  /** window_mean, frequent sellers: the recent level and its lower allowance (RecentLevel). */
  recentDailyPacks?: number;
  recentLowerDailyPacks?: number;
}

/** window_mean: the mean, raised to the recent level (less its allowance) for frequent sellers. */
function windowLevelForecast(demandPacks: ArrayLike<number>, demandClass: DemandClass, params: Readonly<ReplenishmentParams>): OwnForecast {
  const windowMeanDailyPacks = windowMeanForecast(demandPacks);
  if (demandClass !== 'smooth' && demandClass !== 'erratic') return { method: 'window_mean', dailyPacks: windowMeanDailyPacks, windowMeanDailyPacks };
  const recent = recentLevelForecast(demandPacks, params.surgeAlpha, params.surgeZ, params.sesInitDays);
  const rising = recent.recentLowerDailyPacks > windowMeanDailyPacks;
  return {
    method: rising ? 'recent' : 'window_mean',
    dailyPacks: rising ? recent.recentLowerDailyPacks : windowMeanDailyPacks,
    windowMeanDailyPacks,
    ...recent,
  };
}

/**
 * The shop's own daily forecast (levelMethod, demand class); method 'none' and 0 with no observed day. `period`
 * places the protection period on the calendar for weekday_level (without it: the history's days, starting on a
 * Monday, and a one-day period).
 */
export function forecastOwnDaily(
  demandPacks: ArrayLike<number>,
  weekdays: ArrayLike<number>,
  demandClass: DemandClass,
  params: Readonly<ReplenishmentParams>,
  period: ForecastPeriod = { historyDays: demandPacks.length, firstWeekday: 1, protectionDays: 1 },
): OwnForecast {
  const n = demandPacks.length;
  if (n === 0) return { method: 'none', dailyPacks: 0 };
  if (params.levelMethod === 'weekday_level') {
    // Only a spec that sells on most days has a weekday rhythm to read; a slow one's few sales would make one
    // out of chance (two sales on Tuesdays are not a Tuesday peak). Closed weekdays count for every class.
    const rhythm = demandClass === 'smooth' || demandClass === 'erratic';
    const profile = weekdayProfile(demandPacks, weekdays, period.historyDays, period.firstWeekday, params.weekdayShrinkDays, rhythm);
    const level = weekdayLevelForecast(demandPacks, weekdays, profile.factors, demandClass, params);
    const orderWeekday = ((period.firstWeekday - 1 + period.historyDays) % 7) + 1;
    const periodFactor = periodWeekdayFactor(profile.factors, orderWeekday, period.protectionDays);
    return {
      method: level.trend === 'rising' ? 'recent' : level.trend === 'falling' ? 'recent_fall' : 'weekday_level',
      dailyPacks: level.openDayPacks * periodFactor,
      windowMeanDailyPacks: windowMeanForecast(demandPacks),
      recentDailyPacks: level.recentDailyPacks ?? undefined,
      recentLowerDailyPacks: level.recentLowerDailyPacks ?? undefined,
      weekday: { ...level, profile, periodFactor },
    };
  }
  if (params.levelMethod === 'window_mean') return windowLevelForecast(demandPacks, demandClass, params);
  switch (demandClass) {
    case 'insufficient': {
      let sum = 0;
      for (let t = 0; t < n; t++) sum += demandPacks[t]!;
      return { method: 'mean', dailyPacks: sum / n };
    }
    case 'smooth': {
      const indices = weekdayIndices(demandPacks, weekdays, params.weekdayMinDaysPerWeekday);
      if (indices !== null) {
        return { method: 'ses_weekday', dailyPacks: sesWeekdayForecast(demandPacks, weekdays, indices, params.sesAlpha, params.sesInitDays) };
      }
      return { method: 'ses', dailyPacks: sesForecast(demandPacks, params.sesAlpha, params.sesInitDays) };
    }
    case 'erratic':
      return { method: 'ses', dailyPacks: sesForecast(demandPacks, params.sesAlpha, params.sesInitDays) };
    case 'intermittent':
    case 'lumpy':
      return params.intermittentMethod === 'tsb'
        ? { method: 'tsb', dailyPacks: tsbForecast(demandPacks, params.tsbSizeAlpha, params.tsbProbabilityBeta).dailyPacks }
        : { method: 'sba', dailyPacks: sbaForecast(demandPacks, params.crostonAlpha).dailyPacks };
  }
}

export interface BlendedForecast {
  dailyPacks: number;
  /** Share of the prior, 0–1. */
  priorWeight: number;
}

/**
 * Blends the similar shops' prior into a short own history (see the module comment). Without a prior the own
 * forecast stands (0 when there is none).
 */
export function blendWithPrior(
  ownDailyPacks: number | null,
  observedDays: number,
  priorDailyPacks: number | null,
  fadeObservedDays: number,
): BlendedForecast {
  if (priorDailyPacks === null) return { dailyPacks: ownDailyPacks ?? 0, priorWeight: 0 };
  if (ownDailyPacks === null || observedDays <= 0) return { dailyPacks: priorDailyPacks, priorWeight: 1 };
  const priorWeight = Math.max(0, 1 - observedDays / fadeObservedDays);
  return { dailyPacks: (1 - priorWeight) * ownDailyPacks + priorWeight * priorDailyPacks, priorWeight };
}
