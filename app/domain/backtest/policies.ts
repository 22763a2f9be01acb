/**
 * The policies the backtest compares. Each returns cartons *before* the cap (the simulator caps, and counts
 * how often the cap binds). Baselines read the same recorded history as the rule and, like it, leave censored
 * days (shelf empty at closing) out of their averages — so the comparison is about the decision, not about
 * who was allowed to see the stock-outs.
 */
import { DEFAULT_REPLENISHMENT_PARAMS, type ReplenishmentParams } from '../replenishment/params';
import { suggest } from '../replenishment/rule';
import type { SalesDay } from '../replenishment/types';
import type { OrderContext, Policy } from './types';

/** The rule's history window (the settings' default: 16 weeks). */
export const RULE_HISTORY_DAYS = 112;

/** Cartons that cover a need in packs, rounded up; a need ≤ 0 orders nothing. */
export function cartonsForNeed(needPacks: number, packsPerCarton: number): number {
  // The epsilon keeps float noise (e.g. 3 × 6.6666… − 20) from ordering a whole carton for nothing.
  return needPacks > 1e-9 ? Math.ceil(needPacks / packsPerCarton - 1e-9) : 0;
}

/** Mean of the observed (not censored) days among the last `days` of the history; 0 when none is observed. */
export function observedMeanPacks(history: readonly SalesDay[], days: number): number {
  let sum = 0;
  let observed = 0;
  for (let k = Math.max(0, history.length - days); k < history.length; k++) {
    const day = history[k]!;
    if (day.censored) continue;
    sum += day.qtyPacks;
    observed++;
  }
  return observed > 0 ? sum / observed : 0;
}

function positionPacks(context: OrderContext): number {
  return Math.max(0, context.onHandPacks) + context.inTransitPacks;
}

/** The sales-driven purchasing rule at one service level for every spec (the production tiers differ by spec). */
export function rulePolicy(serviceLevel: number, params: Readonly<ReplenishmentParams> = DEFAULT_REPLENISHMENT_PARAMS): Policy {
  return {
    name: `rule@${serviceLevel.toFixed(2)}`,
    start: () => (context) => {
      const history = context.history.length > RULE_HISTORY_DAYS ? context.history.slice(-RULE_HISTORY_DAYS) : context.history;
      const suggestion = suggest(
        {
          specId: 0,
          packsPerCarton: context.packsPerCarton,
          capCartons: context.capCartons,
          discontinued: false,
          isNewSpec: false,
          newSpecStartCartons: null,
          serviceLevel,
          history,
          onHandPacks: context.onHandPacks,
          inTransitPacks: context.inTransitPacks,
          protectionDays: context.protectionDays,
        },
        params
      );
      // Before the cap: suggestedCartons = min(roundedCartons, cap), and the simulator applies the same cap.
      return suggestion.explanation.roundedCartons;
    },
  };
}

/**
 * The rule's expected demand over a protection period (d̂ × (T + L), as the suggestion explains it) from a
 * history ending the day before the order day; 0 when the rule finds the spec dead or has nothing to go on.
 */
export function ruleForecastPacks(history: readonly SalesDay[], protectionDays: number, params: Readonly<ReplenishmentParams> = DEFAULT_REPLENISHMENT_PARAMS): number {
  const window = history.length > RULE_HISTORY_DAYS ? history.slice(-RULE_HISTORY_DAYS) : history;
  const suggestion = suggest(
    {
      specId: 0,
      packsPerCarton: 1,
      capCartons: null,
      discontinued: false,
      isNewSpec: false,
      newSpecStartCartons: null,
      serviceLevel: 0.5,
      history: window,
      onHandPacks: 0,
      inTransitPacks: 0,
      protectionDays,
    },
    params
  );
  return suggestion.explanation.expectedDemandPacks;
}

/** B0: re-order what sold since the last order day (the previous week), rounded up to cartons. */
export function reorderSoldPolicy(): Policy {
  return {
    name: 'B0 re-order sold',
    start: () => (context) => {
      let soldPacks = 0;
      for (let k = Math.max(0, context.history.length - 7); k < context.history.length; k++) soldPacks += context.history[k]!.qtyPacks;
      return cartonsForNeed(soldPacks, context.packsPerCarton);
    },
  };
}

/** B1: 28-day average × protection period (× a multiplier) − stock position, rounded up. */
export function movingAveragePolicy(protectionMultiplier = 1, averageDays = 28): Policy {
  return {
    name: `B1 28d avg ×${protectionMultiplier.toFixed(1)}`,
    start: () => (context) => {
      const targetPacks = observedMeanPacks(context.history, averageDays) * context.protectionDays * protectionMultiplier;
      return cartonsForNeed(targetPacks - positionPacks(context), context.packsPerCarton);
    },
  };
}

/**
 * B2: static min/max from the average daily sales before the test period only (never updated): when the
 * position is below `minDays` of that average, order up to `maxDays` of it.
 */
export function staticMinMaxPolicy(minDays = 7, maxDays = 21): Policy {
  return {
    name: `B2 min/max ${minDays}/${maxDays}d`,
    start: (setup) => {
      const averagePacks = observedMeanPacks(setup.warmupHistory, setup.warmupHistory.length);
      const minPacks = averagePacks * minDays;
      const maxPacks = averagePacks * maxDays;
      return (context) => {
        const position = positionPacks(context);
        return position < minPacks ? cartonsForNeed(maxPacks - position, context.packsPerCarton) : 0;
      };
    },
  };
}
