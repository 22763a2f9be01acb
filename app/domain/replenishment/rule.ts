/**
 * suggest(): the sales-driven purchasing rule for one retailer × spec × cycle (the steps are described in
 * ./index.ts). Pure and synchronous; runs ~90,000 times in a county batch, so it allocates only the cleaned
 * series and the explanation.
 */
import { classifyDemand } from './classify';
import { cleanHistory } from './cleaning';
import { isDeadSpec, quietRun } from './dead';
import { blendWithPrior, forecastOwnDaily } from './forecast';
import { DEFAULT_REPLENISHMENT_PARAMS, type ReplenishmentParams } from './params';
import { daysOfCover } from './position';
import { applyCap, cartonsWorthOrdering, limitToCover, roundNeedToCartons } from './rounding';
import { countSurvival, normalCdf } from './quantiles';
import { safetyStockFor, varianceToMeanRatio } from './safety-stock';
import { boundForUnknownStock } from './unknown-stock';
import type { ReplenishmentInput, Suggestion, SuggestionExplanation, SuggestionNote, SuggestionReason } from './types';

function isWholeNonNegative(value: number): boolean {
  return Number.isInteger(value) && value >= 0;
}

/** Wiring mistakes fail loudly; data the shop got wrong (negative rolled-forward stock) is handled and noted. */
function assertValidInput(input: ReplenishmentInput) {
  const problem = (what: string, value: unknown) => new RangeError(`spec ${input.specId}: ${what}, got ${String(value)}`);
  if (!(Number.isInteger(input.packsPerCarton) && input.packsPerCarton > 0)) throw problem('packsPerCarton must be a positive integer', input.packsPerCarton);
  if (input.capCartons !== null && !isWholeNonNegative(input.capCartons)) throw problem('capCartons must be null or a whole number ≥ 0', input.capCartons);
  if (input.newSpecStartCartons !== null && !isWholeNonNegative(input.newSpecStartCartons)) {
    throw problem('newSpecStartCartons must be null or a whole number ≥ 0', input.newSpecStartCartons);
  }
  if (!(input.serviceLevel > 0 && input.serviceLevel < 1)) throw problem('serviceLevel must be in (0, 1)', input.serviceLevel);
  if (input.onHandPacks !== null && !Number.isFinite(input.onHandPacks)) throw problem('onHandPacks must be null or finite', input.onHandPacks);
  if (!(Number.isFinite(input.inTransitPacks) && input.inTransitPacks >= 0)) throw problem('inTransitPacks must be finite and ≥ 0', input.inTransitPacks);
  if (!(Number.isFinite(input.protectionDays) && input.protectionDays >= 0)) throw problem('protectionDays must be finite and ≥ 0', input.protectionDays);
  const prior = input.priorDailyPacks;
  if (prior !== undefined && prior !== null && !(Number.isFinite(prior) && prior >= 0)) throw problem('priorDailyPacks must be null or finite and ≥ 0', prior);
}

export function suggest(input: ReplenishmentInput, params: Readonly<ReplenishmentParams> = DEFAULT_REPLENISHMENT_PARAMS): Suggestion {
  assertValidInput(input);
  const packsPerCarton = input.packsPerCarton;
  const notes: SuggestionNote[] = [];

  const onHandKnown = input.onHandPacks !== null;
  let onHandPacks = input.onHandPacks ?? 0;
  if (!onHandKnown) notes.push('on_hand_unknown');
  else if (onHandPacks < 0) {
    notes.push('on_hand_negative_as_zero');
    onHandPacks = 0;
  }
  const positionPacks = onHandPacks + input.inTransitPacks;
  const priorDailyPacks = input.priorDailyPacks ?? null;

  const explanation: SuggestionExplanation = {
    reason: 'normal',
    notes,
    historyDays: input.history.length,
    observedDays: 0,
    censoredDays: 0,
    soldOutDays: 0,
    closedDays: 0,
    clippedDays: 0,
    clipBoundPacks: null,
    lastSaleDaysAgo: null,
    demandClass: 'insufficient',
    adiDays: null,
    cv2: null,
    method: 'none',
    windowMeanDailyPacks: null,
    recentDailyPacks: null,
    recentLowerDailyPacks: null,
    recentUpperDailyPacks: null,
    levelDailyPacks: null,
    periodWeekdayFactor: null,
    closedWeekdays: [],
    quietObservedDays: 0,
    ownForecastDailyPacks: null,
    priorDailyPacks,
    priorWeight: 0,
    forecastDailyPacks: 0,
    protectionDays: input.protectionDays,
    expectedDemandPacks: 0,
    serviceLevel: input.serviceLevel,
    distribution: 'none',
    varianceToMeanRatio: 1,
    serviceQuantilePacks: 0,
    safetyStockPacks: 0,
    targetPacks: 0,
    onHandPacks,
    onHandKnown,
    onHandRecordedPacks: input.onHandPacks,
    usualOrderCartons: input.usualOrderCartons ?? null,
    inTransitPacks: input.inTransitPacks,
    positionPacks,
    rawNeedPacks: -positionPacks,
    packsPerCarton,
    roundDownAllowancePacks: 0,
    roundedDown: false,
    roundedCartons: 0,
    maxCoverDays: params.maxCoverDays,
    cartonsBeforeWorthCheck: null,
    cartonsBeforeCoverLimit: null,
    capCartons: input.capCartons,
    cappedBy: null,
    startCartons: null,
    projectedStockAfterPacks: positionPacks,
    daysOfCoverAfter: null,
  };
  const finish = (reason: SuggestionReason, suggestedCartons: number): Suggestion => {
    explanation.reason = reason;
    const positionAfterPacks = positionPacks + suggestedCartons * packsPerCarton;
    explanation.projectedStockAfterPacks = positionAfterPacks - explanation.expectedDemandPacks;
    explanation.daysOfCoverAfter = daysOfCover({
      qtyCartons: suggestedCartons,
      packsPerCarton,
      positionPacks,
      forecastDailyPacks: explanation.forecastDailyPacks,
    });
    return { specId: input.specId, suggestedCartons, explanation };
  };

  if (input.discontinued) return finish('discontinued', 0);

  const cleaned = cleanHistory(input.history, params);
  explanation.observedDays = cleaned.observedDays;
  explanation.censoredDays = cleaned.censoredDays;
  explanation.soldOutDays = cleaned.soldOutDays;
  explanation.closedDays = cleaned.closedDays;
  explanation.clippedDays = cleaned.clippedDays;
  explanation.clipBoundPacks = cleaned.clipBoundPacks;
  explanation.lastSaleDaysAgo = cleaned.lastSaleDaysAgo;
  // Closed days have their own note; the censored-days note counts the others (no upload, out of stock, refused).
  if (cleaned.censoredDays - cleaned.closedDays > 0) notes.push('censored_days_excluded');
  if (cleaned.closedDays > 0) notes.push('shop_closed_days');
  if (cleaned.soldOutDays > 0) notes.push('sold_out_days_counted');
  if (cleaned.clippedDays > 0) notes.push('bulk_days_clipped');

  const classification = classifyDemand(cleaned.demandPacks, params);
  explanation.demandClass = classification.demandClass;
  explanation.adiDays = classification.adiDays;
  explanation.cv2 = classification.cv2;
  const period = { historyDays: cleaned.historyDays, firstWeekday: cleaned.firstWeekday, protectionDays: input.protectionDays };
  const own = cleaned.observedDays > 0 ? forecastOwnDaily(cleaned.demandPacks, cleaned.weekdays, classification.demandClass, params, period) : null;
  const blended = own === null && priorDailyPacks === null ? null : blendWithPrior(own?.dailyPacks ?? null, cleaned.observedDays, priorDailyPacks, params.priorFadeObservedDays);
  const setForecast = () => {
    explanation.method = own?.method ?? (blended !== null ? 'prior' : 'none');
    explanation.ownForecastDailyPacks = own?.dailyPacks ?? null;
    explanation.windowMeanDailyPacks = own?.windowMeanDailyPacks ?? null;
    explanation.recentDailyPacks = own?.recentDailyPacks ?? null;
    explanation.recentLowerDailyPacks = own?.recentLowerDailyPacks ?? null;
    explanation.recentUpperDailyPacks = own?.weekday?.recentUpperDailyPacks ?? null;
    explanation.levelDailyPacks = own?.weekday?.levelDailyPacks ?? null;
    explanation.periodWeekdayFactor = own?.weekday?.periodFactor ?? null;
    explanation.closedWeekdays = own?.weekday?.profile.closedWeekdays ?? [];
    explanation.priorWeight = blended?.priorWeight ?? 0;
    explanation.forecastDailyPacks = blended?.dailyPacks ?? 0;
    explanation.expectedDemandPacks = explanation.forecastDailyPacks * input.protectionDays;
  };

  // New spec, too young for a forecast: staff's starting quantity as an order-up-to level, less what the shop
  // already has, so a second cycle before sales data arrives does not double it. The forecast is still shown
  // (prior or the few days there are) for the days of cover, but does not set the quantity.
  if (input.isNewSpec && input.newSpecStartCartons !== null && cleaned.observedDays < params.newSpecStartBelowObservedDays) {
    setForecast();
    explanation.method = 'start_quantity';
    explanation.startCartons = input.newSpecStartCartons;
    explanation.targetPacks = input.newSpecStartCartons * packsPerCarton;
    explanation.rawNeedPacks = explanation.targetPacks - positionPacks;
    const rounded = roundNeedToCartons(explanation.rawNeedPacks, packsPerCarton, 0, 0);
    explanation.roundedCartons = rounded.roundedCartons;
    const capped = applyCap(rounded.roundedCartons, input.capCartons);
    explanation.cappedBy = capped.cappedBy;
    if (explanation.rawNeedPacks <= 0) notes.push('position_covers_target');
    return finish('new_spec_start', capped.cartons);
  }

  explanation.quietObservedDays = quietRun(input.history).observedDays;
  if (isDeadSpec(input.history, params)) return finish('dead', 0);
  if (blended === null) return finish('no_history', 0);

  setForecast();
  const reason: SuggestionReason = blended.priorWeight >= 1 ? 'no_history_prior' : blended.priorWeight > 0 ? 'short_history_prior' : 'normal';

  const measuredVarianceToMean = varianceToMeanRatio(cleaned.demandPacks, params.dispersionMinObservedDays, params.fallbackVarianceToMean);
  const safety = safetyStockFor(explanation.expectedDemandPacks, measuredVarianceToMean, input.serviceLevel, params);
  explanation.distribution = safety.distribution;
  explanation.varianceToMeanRatio = safety.varianceToMeanRatio;
  explanation.serviceQuantilePacks = safety.quantilePacks;
  explanation.safetyStockPacks = safety.safetyStockPacks;
  // target = d̂ (T + L) + SS, which is the service-level quantile itself (a whole number of packs).
  explanation.targetPacks = safety.quantilePacks;
  explanation.rawNeedPacks = explanation.targetPacks - positionPacks;

  const rounded = roundNeedToCartons(explanation.rawNeedPacks, packsPerCarton, safety.safetyStockPacks, params.roundDownThresholdCartons);
  explanation.roundDownAllowancePacks = rounded.roundDownAllowancePacks;
  explanation.roundedDown = rounded.roundedDown;
  if (explanation.rawNeedPacks <= 0) notes.push('position_covers_target');
  if (rounded.roundedDown) notes.push('rounded_down_small_remainder');
  // What a carton is worth: P(demand over the period > k) for the packs it would add (see cartonWorth).
  const mean = explanation.expectedDemandPacks;
  const survival = (from: number, count: number): number[] => {
    if (safety.distribution === 'normal') {
      const sd = Math.sqrt(safety.varianceToMeanRatio * mean);
      return Array.from({ length: count }, (_, j) => 1 - normalCdf((from + j + 0.5 - mean) / sd));
    }
    return countSurvival(mean, safety.varianceToMeanRatio, from, count);
  };
  const worthCartons = params.cartonWorthCheck ? cartonsWorthOrdering(rounded.roundedCartons, positionPacks, packsPerCarton, survival, input.serviceLevel) : rounded.roundedCartons;
  if (worthCartons < rounded.roundedCartons) {
    explanation.cartonsBeforeWorthCheck = rounded.roundedCartons;
    notes.push('carton_not_worth');
  }
  const coverLimited = limitToCover(worthCartons, positionPacks, packsPerCarton, explanation.forecastDailyPacks, params.maxCoverDays);
  if (coverLimited < worthCartons) {
    explanation.cartonsBeforeCoverLimit = worthCartons;
    notes.push('cover_limit');
  }
  explanation.roundedCartons = coverLimited;

  const capped = applyCap(coverLimited, input.capCartons);
  explanation.cappedBy = capped.cappedBy;
  // Stock nobody knows is not read as an empty shelf: the order is held to what the shop usually buys or sells.
  return finish(reason, boundForUnknownStock(explanation, capped.cartons));
}

/** Days of cover an order of qtyCartons would create, by the numbers of a suggestion (for the order page). */
export function daysOfCoverForOrder(suggestion: Suggestion, qtyCartons: number): number | null {
  const e = suggestion.explanation;
  return daysOfCover({ qtyCartons, packsPerCarton: e.packsPerCarton, positionPacks: e.positionPacks, forecastDailyPacks: e.forecastDailyPacks });
}
