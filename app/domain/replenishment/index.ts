/**
 * The sales-driven purchasing rule (销售引导购进), pure: no I/O, no database, no clock.
 *
 *   suggestedCartons = clamp( roundToCartons( d̂ × (T + L) + SS − onHand − inTransit ), 0, cap )
 *
 * suggest(input, params) takes one retailer × spec × cycle (types.ts) and goes through, in order:
 *  1. discontinued → 0 ('discontinued').
 *  2. cleaning.ts — censored days (out of stock, cap used up, no upload) left out, except that a sold-out day's
 *     sales count as demand (at least that much sold); one-off bulk days clipped.
 *  3. new spec (isNewSpec, a starting quantity set, fewer than 7 observed days) → staff's starting quantity
 *     as an order-up-to level: ⌈(start × packsPerCarton − position) ÷ packsPerCarton⌉, capped ('new_spec_start').
 *  4. dead.ts — no sale in 56 days with at least half of them observed, or a run of observed days without a
 *     sale that the spec's own pace makes a < 1 % chance (at least 14 days) → 0 ('dead').
 *  5. classify.ts — smooth / intermittent / erratic / lumpy by ADI and CV² (1.32, 0.49); 'insufficient' below
 *     28 observed days or 2 sale days.
 *  6. forecast.ts — d̂ (levelMethod 'weekday_level', default): the level of an average open day, half SES (0.1)
 *     and half the window mean of the sales adjusted by the weekday profile (frequent sellers only; a weekday
 *     never observed is closed, 0, for every class); for frequent sellers moved to the recent level (SES 0.35)
 *     when sales clearly rise or fall beyond chance; times the profile of the protection period's own days.
 *     levelMethod 'window_mean' (before issue 14): the mean of the window's observed days, raised to the recent
 *     level when sales clearly rise. levelMethod 'smoothing': SES (smooth, with a weekday adjustment
 *     when every weekday is observed 3+ times; erratic), SBA or TSB (intermittent, lumpy), plain mean
 *     (insufficient). Blended with the similar shops' prior while the shop has fewer than 56 observed days
 *     ('short_history_prior'), the prior alone with none ('no_history_prior'); no history and no prior → 0
 *     ('no_history').
 *  7. safety-stock.ts — the service-level quantile of demand over T + L (Poisson, negative binomial, or normal
 *     above 50 packs); SS = quantile − d̂ (T + L); target = d̂ (T + L) + SS.
 *  8. position = onHand (0 when unknown or negative, noted) + inTransit; need = target − position.
 *     Unknown stock (never counted, or counted too long ago to roll forward): the suggestion is then held to
 *     the larger of the shop's usual order and the sales expected before the next delivery (unknown-stock.ts).
 *  9. rounding.ts — up to whole cartons (optionally leaving a small remainder to the safety stock); then a carton
 *     is kept only when the packs it saves from being lost over the period are more than (1 − service level) of
 *     it (cartonsWorthOrdering), and never beyond staff's limit on days of cover (maxCoverDays, off by
 *     default); then the cap.
 * Every number on the way is kept in the explanation, so the page can say why (为什么是这个数).
 *
 * Guarantees, property-tested in tests/unit/replenishment-properties.test.ts: never negative; never above the
 * cap; 0 for discontinued specs; more stock never raises a suggestion; scaling the sales up never lowers it;
 * projected stock at the next delivery ≥ SS (less the rounding allowance, 0 by default) unless the cap, the carton
 * check or the cover limit binds.
 */
export { classifyDemand, type DemandClassification } from './classify';
export { bulkDayBoundPacks, cleanHistory, type CleanedHistory } from './cleaning';
export { isDeadSpec, quietRun, quietRunChance, type QuietRun } from './dead';
export {
  blendWithPrior,
  forecastOwnDaily,
  periodWeekdayFactor,
  recentLevelForecast,
  sbaForecast,
  sesForecast,
  sesWeekdayForecast,
  tsbForecast,
  weekdayIndices,
  weekdayLevelForecast,
  weekdayProfile,
  windowMeanForecast,
  type BlendedForecast,
  type CrostonEstimate,
  type ForecastPeriod,
  type OwnForecast,
  type RecentLevel,
  type WeekdayLevel,
  type WeekdayProfile,
} from './forecast';
export { decodeExplanation, encodeExplanation, ExplanationFormatError } from './explanation-codec';
export { DEFAULT_REPLENISHMENT_PARAMS, resolveReplenishmentParams, type IntermittentMethod, type LevelMethod, type ReplenishmentParams } from './params';
export { daysOfCover, protectionDaysForCycles, protectionDaysOf, rollForwardOnHandPacks } from './position';
export { countSurvival, negativeBinomialQuantile, normalApproxQuantile, normalCdf, normalQuantile, poissonQuantile } from './quantiles';
export { applyCap, cartonsWorthOrdering, limitToCover, roundNeedToCartons, type CappedOrder, type RoundedOrder } from './rounding';
export { daysOfCoverForOrder, suggest } from './rule';
export { safetyStockFor, varianceToMeanRatio, type SafetyStock } from './safety-stock';
export {
  checkDraft,
  draftCauseOf,
  draftLinesOf,
  DRAFT_CAUSES,
  DRAFT_LOOKBACK_CYCLES,
  DRAFT_MAX_TIMES_LARGEST,
  type DraftCause,
  type DraftCheck,
  type DraftSuggestion,
} from './draft-check';
export {
  boundForUnknownStock,
  rolledStockIsKnown,
  unknownStockBoundCartons,
  usualOrderCartonsOf,
  ROLL_FORWARD_MAX_UNRECORDED_DAYS,
  STOCK_COUNT_MAX_AGE_DAYS,
  USUAL_ORDER_CYCLES,
} from './unknown-stock';
export {
  EMPTY_PEER_PROFILE,
  isCommonAmongPeers,
  OFFER_MIN_PEER_SHARE,
  OFFER_MIN_PEERS,
  OWN_FORECAST_REASONS,
  PEER_GRADE_BAND,
  peerGradeBand,
  type PeerProfile,
} from './peers';
export { DEFAULT_RULE_SETTINGS, newSpecStartCartonsFor, serviceLevelOf, type RuleSettings } from './rule-settings';
export { CLOSED_DAY_MAX_CHANCE, CLOSED_DAY_MIN_RECORDED_DAYS, closedDaysOf, type ClosedDayInput, type ClosedDaySpec } from './closed-days';
export { emptyShopData, HISTORY_DAYS, historyDaysBefore, RESTOCK_WINDOW_DAYS, shopClosedDays, specHistory, type ShopData } from './shop-history';
export type * from './types';
