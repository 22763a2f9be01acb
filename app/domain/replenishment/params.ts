/**
 * Every parameter of the purchasing rule, in one place, with its default and why. Staff may override some of
 * them on the settings page (versioned there); `resolveReplenishmentParams` merges and checks an override once,
 * so the batch passes one ready object to ninety thousand `suggest` calls without re-checking it.
 */

export type IntermittentMethod = 'sba' | 'tsb';
/**
 * How the daily level is estimated (forecast.ts). 'weekday_level' (default): a slow exponentially smoothed level
 * of the weekday-adjusted sales, moved to the recent level when sales have clearly risen or fallen, times the
 * weekday profile of the protection period's own days (a weekday the shop is closed counts 0). 'window_mean': the
 * mean of the window's observed days, raised to the recent level when sales have clearly picked up (the rule
 * before issue 14). 'smoothing': the earlier per-class smoothing — SES (weekday-adjusted for smooth specs), SBA or
 * TSB for intermittent ones.
 */
export type LevelMethod = 'weekday_level' | 'window_mean' | 'smoothing';

export interface ReplenishmentParams {
  // Cleaning (cleaning.ts).
  /** Bulk-day clipping needs at least this many observed sale days to know what a usual day is. */
  clipMinSaleDays: number;
  /** A day is bulk above max(median + clipMadMultiple × 1.4826 × MAD, clipMedianMultiple × median) … */
  clipMadMultiple: number;
  clipMedianMultiple: number;
  /**
   * … and only when such days are one-offs: at most this share of the sale days (at least one day). When more
   * days exceed the bound, large sales are the spec's normal pattern (regular carton buyers) and are kept.
   */
  clipMaxShareOfSaleDays: number;

  /** Read a censored day that had sales as demand (a lower bound) instead of leaving it out (cleaning.ts). */
  censoredSalesAsDemand: boolean;

  // Classification (classify.ts).
  /** Fewer observed days than this: demand class 'insufficient', forecast = plain mean. */
  classifyMinObservedDays: number;
  /** Fewer sale days than this: 'insufficient' (CV² needs two sizes). */
  classifyMinSaleDays: number;
  /** Syntetos–Boylan cut-offs. */
  adiCutoffDays: number;
  cv2Cutoff: number;

  // Forecast (forecast.ts).
  levelMethod: LevelMethod;
  /**
   * weekday_level: smoothing constant of the level (SES on the weekday-adjusted daily sales). 0.05 weighs about
   * the last six weeks (mean age 19 days): a fall from 6 to 2 a day is half followed in two weeks.
   */
  levelAlpha: number;
  /**
   * weekday_level: the level is this share of the window's mean (weekday-adjusted) and the rest SES — two
   * estimates with different memories, combined.
   */
  levelWindowMeanWeight: number;
  /**
   * weekday_level: the weekday profile's pull towards "every weekday alike", in days: a weekday's index is
   * (its sales + this many average days) ÷ (its days + this many), so a lumpy spec's few sales do not make a
   * weekday index out of one big buyer.
   */
  weekdayShrinkDays: number;
  /**
   * weekday_level: the recent level replaces the slow level when it is below it by more than this many
   * standard errors of chance (a fall followed within days); 0 = follow every dip. surgeZ does the same for rises.
   */
  fallZ: number;
  /**
   * window_mean: smoothing constant of the recent level that catches a rise in sales (SES on the daily sales);
   * 0.35 gives the last three days about 70 % of the weight.
   */
  surgeAlpha: number;
  /**
   * window_mean: the recent level replaces the window mean only above it by more than this many standard
   * errors of chance (Poisson noise of an SES level: √(α ÷ (2 − α) × level)). 0 trusts every uptick.
   */
  surgeZ: number;
  /** smoothing: SES smoothing constant for daily data; 0.1 weighs roughly the last three weeks (mean age 9 days). */
  sesAlpha: number;
  /** Every SES starts from the mean of the first this-many observed days (one week evens out the weekday rhythm). */
  sesInitDays: number;
  /** smoothing: Croston/SBA smoothing constant for sizes and intervals (0.05–0.2 in the literature). */
  crostonAlpha: number;
  intermittentMethod: IntermittentMethod;
  /** smoothing: TSB smoothing constants: demand size, and probability of a sale on a day (updated every day). */
  tsbSizeAlpha: number;
  tsbProbabilityBeta: number;
  /**
   * smoothing: weekday adjustment for fast specs — the 'smooth' class, which sells on most days — when every
   * weekday has at least this many observed days. (Deciding "fast" by class, not by a packs-a-day threshold, keeps
   * the method unchanged when all sales are scaled, so more sales cannot switch methods and lower the forecast.)
   */
  weekdayMinDaysPerWeekday: number;

  // Prior from similar shops.
  /** With fewer observed days than this, the prior is blended in with weight 1 − observedDays ÷ this. */
  priorFadeObservedDays: number;

  // Safety stock (safety-stock.ts).
  /** Variance ÷ mean up to this: Poisson; above: negative binomial (overdispersed). */
  poissonMaxVarianceToMean: number;
  /** Mean demand over the protection period above this many packs: normal approximation. */
  normalAboveMeanPacks: number;
  /** Fewer observed days than this: the variance ÷ mean ratio is not estimated, the fallback is used. */
  dispersionMinObservedDays: number;
  fallbackVarianceToMean: number;

  // Rounding (rounding.ts).
  /**
   * A remainder of at most this share of a carton may be left to the safety stock instead of ordering a whole
   * carton for it (never more than the safety stock itself). 0 (default): always round up, so the projected
   * stock never falls below the safety stock for want of rounding.
   */
  roundDownThresholdCartons: number;

  // Slow movers (rule.ts).
  /**
   * Staff setting: the most days of sales a shop's stock may cover after an order. A carton that would leave the
   * stock (on hand, on the way and ordered) lasting longer than this at the forecast's pace is not suggested, so
   * a spec selling one pack in sixteen weeks does not tie up a whole carton for years. 0 = no limit.
   */
  maxCoverDays: number;
  /** Order a carton only when the packs it saves over the period are worth it (rounding.ts, cartonsWorthOrdering). */
  cartonWorthCheck: boolean;

  // Dead specs (dead.ts).
  /** No sale in this many days (while the shop has at least this many days of history) … */
  deadNoSaleDays: number;
  /** … of which at least this share observed (not censored): a long stock-out is not a dead spec. */
  deadMinObservedShare: number;
  /**
   * Noticed sooner: a spec that used to sell on a share p of its observed days and has now had r observed days
   * in a row without a sale, with (1 − p)^r below this chance, has stopped selling — when r is at least
   * deadMinNoSaleDays. A spec selling every other day is dead after two weeks, not eight.
   */
  deadRunChance: number;
  deadMinNoSaleDays: number;

  // New specs.
  /** A new spec with fewer observed days than this gets staff's starting quantity. */
  newSpecStartBelowObservedDays: number;
}

export const DEFAULT_REPLENISHMENT_PARAMS: Readonly<ReplenishmentParams> = Object.freeze({
  clipMinSaleDays: 7,
  clipMadMultiple: 5,
  clipMedianMultiple: 3,
  clipMaxShareOfSaleDays: 0.02,
  censoredSalesAsDemand: true,

  classifyMinObservedDays: 28,
  classifyMinSaleDays: 2,
  adiCutoffDays: 1.32,
  cv2Cutoff: 0.49,

  levelMethod: 'weekday_level',
  levelAlpha: 0.1,
  levelWindowMeanWeight: 0.5,
  weekdayShrinkDays: 7,
  fallZ: 1.5,
  surgeAlpha: 0.35,
  surgeZ: 1.5,
  sesAlpha: 0.1,
  sesInitDays: 7,
  crostonAlpha: 0.1,
  intermittentMethod: 'sba',
  tsbSizeAlpha: 0.1,
  tsbProbabilityBeta: 0.05,
  weekdayMinDaysPerWeekday: 3,

  priorFadeObservedDays: 56,

  poissonMaxVarianceToMean: 1.1,
  normalAboveMeanPacks: 50,
  dispersionMinObservedDays: 14,
  fallbackVarianceToMean: 1,

  roundDownThresholdCartons: 0,

  maxCoverDays: 0,
  cartonWorthCheck: true,

  deadNoSaleDays: 56,
  deadMinObservedShare: 0.5,
  deadRunChance: 0.01,
  deadMinNoSaleDays: 14,

  newSpecStartBelowObservedDays: 7,
});

type NumericParam = { [K in keyof ReplenishmentParams]: ReplenishmentParams[K] extends number ? K : never }[keyof ReplenishmentParams];

/** [min, max] for each numeric parameter; bounds are inclusive unless noted in the name of the check below. */
const RANGES: Record<NumericParam, readonly [number, number]> = {
  clipMinSaleDays: [1, 10_000],
  clipMadMultiple: [0, 100],
  clipMedianMultiple: [1, 100],
  clipMaxShareOfSaleDays: [0, 1],
  classifyMinObservedDays: [1, 10_000],
  classifyMinSaleDays: [2, 10_000],
  adiCutoffDays: [1, 100],
  cv2Cutoff: [0, 100],
  levelAlpha: [Number.MIN_VALUE, 1],
  levelWindowMeanWeight: [0, 1],
  weekdayShrinkDays: [0, 10_000],
  fallZ: [0, 100],
  surgeAlpha: [Number.MIN_VALUE, 1],
  surgeZ: [0, 100],
  sesAlpha: [Number.MIN_VALUE, 1],
  sesInitDays: [1, 10_000],
  crostonAlpha: [Number.MIN_VALUE, 1],
  tsbSizeAlpha: [Number.MIN_VALUE, 1],
  tsbProbabilityBeta: [Number.MIN_VALUE, 1],
  weekdayMinDaysPerWeekday: [1, 10_000],
  priorFadeObservedDays: [1, 10_000],
  poissonMaxVarianceToMean: [1, 1e9],
  normalAboveMeanPacks: [0, 1e6],
  dispersionMinObservedDays: [2, 10_000],
  fallbackVarianceToMean: [1, 1e9],
  roundDownThresholdCartons: [0, 1],
  maxCoverDays: [0, 10_000],
  deadNoSaleDays: [1, 10_000],
  deadMinObservedShare: [0, 1],
  deadRunChance: [0, 1],
  deadMinNoSaleDays: [1, 10_000],
  newSpecStartBelowObservedDays: [0, 10_000],
};

/** Defaults overridden by `overrides`, checked; throws RangeError naming the first bad parameter. */
export function resolveReplenishmentParams(overrides: Partial<ReplenishmentParams> = {}): Readonly<ReplenishmentParams> {
  const params: ReplenishmentParams = { ...DEFAULT_REPLENISHMENT_PARAMS, ...overrides };
  for (const [name, [min, max]] of Object.entries(RANGES) as Array<[NumericParam, readonly [number, number]]>) {
    const value = params[name];
    if (!(typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max)) {
      throw new RangeError(`replenishment parameter ${name} must be in [${min}, ${max}], got ${String(value)}`);
    }
  }
  if (params.levelMethod !== 'weekday_level' && params.levelMethod !== 'window_mean' && params.levelMethod !== 'smoothing') {
    throw new RangeError(`replenishment parameter levelMethod must be 'weekday_level', 'window_mean' or 'smoothing', got ${String(params.levelMethod)}`);
  }
  if (typeof params.cartonWorthCheck !== 'boolean') {
    throw new RangeError(`replenishment parameter cartonWorthCheck must be true or false, got ${String(params.cartonWorthCheck)}`);
  }
  if (typeof params.censoredSalesAsDemand !== 'boolean') {
    throw new RangeError(`replenishment parameter censoredSalesAsDemand must be true or false, got ${String(params.censoredSalesAsDemand)}`);
  }
  if (params.intermittentMethod !== 'sba' && params.intermittentMethod !== 'tsb') {
    throw new RangeError(`replenishment parameter intermittentMethod must be 'sba' or 'tsb', got ${String(params.intermittentMethod)}`);
  }
  return Object.freeze(params);
}
