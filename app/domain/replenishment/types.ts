/**
 * Inputs and outputs of the sales-driven purchasing rule (销售引导购进), for one retailer × spec × cycle.
 * Every quantity carries its unit in its name: packs (盒) for stock and sales, cartons (条) for orders and caps,
 * days for periods. The rule itself is documented in ./index.ts.
 */

/** One day of a spec's POS sales at one shop. */
export interface SalesDay {
  /** Asia/Shanghai business day, 'YYYY-MM-DD'. */
  day: string;
  /** Packs sold that day; 0 = no sale (a recorded zero, not a missing upload). */
  qtyPacks: number;
  /**
   * The day says nothing reliable about demand: the shop was out of stock of the spec, a scarce spec's cap was
   * exhausted, or the shop did not upload sales that day. Such a day is left out of the forecast instead of
   * being read as zero demand.
   */
  censored?: boolean;
  /**
   * The shop was closed that day (shop-history.ts: an upload with no sale of any spec, where that is not chance);
   * always censored too. The "why" view says how many such days were left out.
   */
  closed?: boolean;
}

export interface ReplenishmentInput {
  specId: number;
  /** Normally 10 (1 条 = 10 盒); a spec may declare another value. */
  packsPerCarton: number;
  /** The most cartons this retailer may order of the spec this cycle (its grade's cap); null = no cap. */
  capCartons: number | null;
  /** Discontinued specs are never suggested. */
  discontinued: boolean;
  /** A spec staff mark as new (新品): with no history of its own, staff's starting quantity is suggested. */
  isNewSpec: boolean;
  /** Staff's starting quantity for a new spec, as an order-up-to level in cartons; null = none set. */
  newSpecStartCartons: number | null;
  /** Target probability of not running out during the protection period, e.g. 0.95 (staff's tier for the spec). */
  serviceLevel: number;
  /**
   * Daily sales, oldest first, every calendar day present (0 = no sale), ending on the last complete day before
   * the suggestion is made (normally the day before the order day).
   */
  history: readonly SalesDay[];
  /**
   * Latest stock count rolled forward with receipts and sales since (see rollForwardOnHand); null = unknown:
   * never counted, or counted too long ago to roll forward (unknown-stock.ts).
   */
  onHandPacks: number | null;
  /**
   * What the shop usually orders of the spec, in cartons per cycle over its recent cycles (usualOrderCartonsOf);
   * read only when onHandPacks is null, to bound the suggestion (unknown-stock.ts). null/absent = not known.
   */
  usualOrderCartons?: number | null;
  /** Allocated but not yet delivered. */
  inTransitPacks: number;
  /** T + L: from the order day to the day the next order's delivery arrives (see protectionDaysOf). */
  protectionDays: number;
  /** Forecast daily sales from similar shops (same grade and business type), for a spec with little history. */
  priorDailyPacks?: number | null;
}

/**
 * Demand pattern by Syntetos–Boylan: `smooth` (frequent, steady), `intermittent` (infrequent, steady sizes),
 * `erratic` (frequent, variable sizes), `lumpy` (infrequent, variable sizes); `insufficient` when there are too
 * few observed days or sales to tell.
 */
export type DemandClass = 'smooth' | 'intermittent' | 'erratic' | 'lumpy' | 'insufficient';

/**
 * How the shop's own daily forecast was made. `window_mean`: the mean of the window's observed days (the
 * default level); `recent`: the recent level, allowing for chance, because sales have clearly risen above that
 * mean; `ses`: simple exponential smoothing; `ses_weekday`: the same on
 * sales adjusted for the day of the week; `sba`: Croston with the Syntetos–Boylan correction; `tsb`:
 * Teunter–Syntetos–Babai; `mean`: plain average of the observed days (too little history for a model);
 * `prior`: no own history, the similar shops' figure alone; `start_quantity`: staff's new-spec quantity;
 * `none`: no forecast was needed (discontinued) or possible (no history, no prior).
 */
export type ForecastMethod = 'weekday_level' | 'recent_fall' | 'window_mean' | 'recent' | 'ses' | 'ses_weekday' | 'sba' | 'tsb' | 'mean' | 'prior' | 'start_quantity' | 'none';

/** Distribution used for demand over the protection period. */
export type DemandDistribution = 'poisson' | 'negative_binomial' | 'normal' | 'none';

/** Which path of the rule produced the suggestion. */
export type SuggestionReason =
  /** The order-up-to rule on the shop's own history. */
  | 'normal'
  /** The rule, with the shop's short history blended with the similar shops' prior. */
  | 'short_history_prior'
  /** The rule on the similar shops' prior alone: the shop has no observed day of the spec. */
  | 'no_history_prior'
  /** No observed day and no prior: nothing to go on, 0. */
  | 'no_history'
  /** A new spec without (enough) history: staff's starting quantity, less the shop's stock. */
  | 'new_spec_start'
  /** No sale for a long time although the shop has recorded days: 0, the spec no longer sells here. */
  | 'dead'
  /** Discontinued spec: 0. */
  | 'discontinued';

/** Facts the "why" view may want to mention besides the numbers. */
export type SuggestionNote =
  /** No usable stock count: the target is computed with on-hand stock taken as 0, then bounded (unknown-stock.ts). */
  | 'on_hand_unknown'
  /**
   * Stock on hand unknown, and the suggestion was lowered to the larger of the shop's usual order and the sales
   * expected before the next delivery (unknown-stock.ts): the suggested quantity is that bound.
   */
  | 'unknown_stock_bound'
  /** Stock rolled forward below zero (a data error): taken as 0. */
  | 'on_hand_negative_as_zero'
  /** Days out of stock / cap exhausted / not uploaded were left out of the forecast (closed days aside). */
  | 'censored_days_excluded'
  /**
   * Days the shop was closed — uploaded without a sale of any spec, where by the shop's own pace that is not
   * chance (closed-days.ts) — were left out of the forecast rather than read as no demand; closedDays says how many.
   */
  | 'shop_closed_days'
  /**
   * Days the spec sold out (censored, with sales): what sold was read as that day's demand, a lower bound
   * (censoredSalesAsDemand); soldOutDays says how many.
   */
  | 'sold_out_days_counted'
  /** One-off bulk days were clipped before forecasting. */
  | 'bulk_days_clipped'
  /** Stock on hand and on the way already reaches the target: nothing to order. */
  | 'position_covers_target'
  /** A remainder of less than the rounding threshold was left to the safety stock instead of a whole carton. */
  | 'rounded_down_small_remainder'
  /** Never carried by this shop, but sold by most similar shops (same business type and grade band): offered. */
  | 'common_in_peer_group'
  /**
   * Fewer cartons (cartonsBeforeCoverLimit → roundedCartons): another carton would leave
   * more than maxCoverDays days of sales on the shelf (a slow mover).
   */
  | 'cover_limit'
  /**
   * Fewer cartons than rounding up asks (cartonsBeforeWorthCheck → the cartons kept): the last carton would save
   * less than (1 − service level) of its packs from being lost over the protection period (a slow mover, or stock
   * already close to the target).
   */
  | 'carton_not_worth';

/**
 * The numbers that made a suggestion. Paths that stop early leave what they did not compute at its neutral
 * value: 'discontinued' reads no history (history fields 0/null, demandClass 'insufficient'); 'dead' and
 * 'no_history' make no forecast (method 'none', forecast and safety stock 0).
 */
export interface SuggestionExplanation {
  reason: SuggestionReason;
  notes: SuggestionNote[];

  // History, after cleaning (cleaning.ts).
  /** Days in the history given. */
  historyDays: number;
  /** Days not censored: the days the forecast reads. */
  observedDays: number;
  censoredDays: number;
  /**
   * Censored days with sales read as demand (the spec sold out: demand was at least what sold), counted among the
   * observed days; 0 when censoredSalesAsDemand is off. null in explanations stored before it was recorded.
   */
  soldOutDays: number | null;
  /**
   * Censored days the shop was closed (an upload without a sale of any spec, where that is not chance:
   * closed-days.ts), among censoredDays; null in explanations stored before it was recorded.
   */
  closedDays: number | null;
  /** One-off bulk days clipped to clipBoundPacks. */
  clippedDays: number;
  clipBoundPacks: number | null;
  /** Days since the last day with a sale (0 = the last history day); null = no sale in the history. */
  lastSaleDaysAgo: number | null;

  // Forecast (classify.ts, forecast.ts).
  demandClass: DemandClass;
  /** Average inter-demand interval: observed days ÷ days with a sale; null when there was no sale. */
  adiDays: number | null;
  /** Squared coefficient of variation of the nonzero daily sales; null with fewer than 2 sale days. */
  cv2: number | null;
  method: ForecastMethod;
  /** levelMethod window_mean: mean daily sales of the observed days; null otherwise or with no observed day. */
  windowMeanDailyPacks: number | null;
  /**
   * window_mean, frequent sellers (smooth, erratic): the recent level (SES, surgeAlpha) and that level less
   * surgeZ standard errors of chance; the forecast is the larger of windowMeanDailyPacks and
   * recentLowerDailyPacks. null when not computed.
   */
  recentDailyPacks: number | null;
  recentLowerDailyPacks: number | null;
  /**
   * weekday_level, frequent sellers: the recent level plus fallZ standard errors of the slow level; when the slow
   * level is above it, sales have clearly fallen and the forecast follows (method 'recent_fall').
   */
  recentUpperDailyPacks: number | null;
  /** weekday_level: the slow level of an average open day (SES of the weekday-adjusted sales). */
  levelDailyPacks: number | null;
  /**
   * weekday_level: the protection period's days' average weekday factor (1 = an average week; below 1 when it
   * holds a closed weekday or quiet days). forecastDailyPacks = the level used × this.
   */
  periodWeekdayFactor: number | null;
  /** weekday_level: ISO weekdays (1 = Monday) read as closed — never observed in the history; they count 0. */
  closedWeekdays: number[];
  /** Observed days since the last sale (the dead-spec test reads them against the spec's usual pace). */
  quietObservedDays: number;
  /** The shop's own forecast before any prior is blended in; null when it has no observed day. */
  ownForecastDailyPacks: number | null;
  priorDailyPacks: number | null;
  /** Share of the prior in forecastDailyPacks, 0–1. */
  priorWeight: number;
  /** d̂: the forecast daily sales used. */
  forecastDailyPacks: number;

  // Protection period and safety stock (safety-stock.ts).
  /** T + L. */
  protectionDays: number;
  /** d̂ × (T + L). */
  expectedDemandPacks: number;
  serviceLevel: number;
  distribution: DemandDistribution;
  /** Variance ÷ mean of daily sales used for the distribution (1 = Poisson-like). */
  varianceToMeanRatio: number;
  /** Sales over the protection period that are not exceeded with probability serviceLevel. */
  serviceQuantilePacks: number;
  /** serviceQuantilePacks − expectedDemandPacks (may be slightly negative for very slow specs). */
  safetyStockPacks: number;

  // Order-up-to (rule.ts).
  /** expectedDemandPacks + safetyStockPacks; for new_spec_start, the starting quantity in packs. */
  targetPacks: number;
  /** As used: 0 when unknown or negative (see notes). */
  onHandPacks: number;
  onHandKnown: boolean;
  /** The stock figure the rule was given (negative when the records disagree); null when unknown. */
  onHandRecordedPacks: number | null;
  /** The shop's usual order of the spec in cartons per cycle (input.usualOrderCartons); null when not given. */
  usualOrderCartons: number | null;
  inTransitPacks: number;
  /** onHandPacks + inTransitPacks. */
  positionPacks: number;
  /** targetPacks − positionPacks, before rounding (negative: stock already covers the target). */
  rawNeedPacks: number;

  // Rounding and cap (rounding.ts).
  packsPerCarton: number;
  /** Packs of the need that rounding may leave to the safety stock (0 unless staff set a threshold). */
  roundDownAllowancePacks: number;
  roundedDown: boolean;
  /** Whole cartons after rounding and the cover limit, before the cap. */
  roundedCartons: number;
  /** Staff's limit on days of cover after an order (0 = none). */
  maxCoverDays: number;
  /** Cartons after rounding up, before the carton check took some away (note carton_not_worth); null when it did not. */
  cartonsBeforeWorthCheck: number | null;
  /** Cartons before the cover limit took some away (after the carton check); null when it did not bind. */
  cartonsBeforeCoverLimit: number | null;
  capCartons: number | null;
  cappedBy: 'cap' | null;
  /** Staff's starting quantity (new_spec_start only). */
  startCartons: number | null;

  // Outcome.
  /** positionPacks + suggested × packsPerCarton − expectedDemandPacks: expected stock when the next delivery comes. */
  projectedStockAfterPacks: number;
  /** (positionPacks + suggested × packsPerCarton) ÷ d̂; null when d̂ = 0 (no sales expected). */
  daysOfCoverAfter: number | null;
}

export interface Suggestion {
  specId: number;
  suggestedCartons: number;
  explanation: SuggestionExplanation;
}
