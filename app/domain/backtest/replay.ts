/**
 * The replay of a whole history (pure: no I/O). Every item — one spec of one shop — is replayed under every
 * policy once per order weekday (weekly orders on Monday, …, on Sunday) and the seven runs are pooled, so the
 * result does not hang on which weekday a shop happens to order. The first `warmupDays` (8 weeks) are the
 * history the policies start from; the rest is the test. No cap: the replay judges the ordering decision.
 *
 * Besides the fill rate / stock trade-off (simulate.ts, aggregate.ts) it measures the forecast itself: on every
 * test day whose protection period (T + L = 7 + lead days) ends inside the history, the rule's expected demand
 * over the period and a 28-day moving average's, against what really sold — WAPE = Σ|F − A| ÷ ΣA and
 * bias = Σ(F − A) ÷ ΣA. The forecasts read the true history (closed days censored), not a simulated shelf, so
 * the figure is the method's and the same for every policy.
 *
 * Figures come for all items and per demand class (classify.ts on each item's whole observed history).
 */
import { classifyDemand } from '../replenishment/classify';
import { DEFAULT_REPLENISHMENT_PARAMS, type ReplenishmentParams } from '../replenishment/params';
import type { DemandClass, SalesDay } from '../replenishment/types';
import { addDays } from '../time';
import { addMetrics, checkTarget, emptyMetrics, summarize, type PolicySummary, type TargetCheck } from './aggregate';
import type { ReplayItem } from './items';
import { movingAveragePolicy, observedMeanPacks, reorderSoldPolicy, RULE_HISTORY_DAYS, ruleForecastPacks, rulePolicy, staticMinMaxPolicy } from './policies';
import { simulateSeries } from './simulate';
import type { Policy, SeriesMetrics } from './types';

/** Service levels of the rule's curve: low ones too, so the curve reaches down to B1's fill rate on lumpy data. */
export const REPLAY_SERVICE_LEVELS = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 0.98] as const;
/** B1's protection-period multipliers; ×1.0 is the baseline of the targets. */
export const REPLAY_B1_MULTIPLIERS = [0.8, 1.0, 1.2, 1.5, 2.0] as const;
export const WARMUP_DAYS = 56;
/** An item with fewer test days than this after its warm-up is left out (it started too late). */
export const MIN_TEST_DAYS = 28;
/** Starting shelf for every policy: two weeks of the warm-up average. */
export const INITIAL_STOCK_DAYS = 14;
const MOVING_AVERAGE_DAYS = 28;
const DAYS_PER_CYCLE = 7;

export const DEMAND_CLASSES: readonly DemandClass[] = ['smooth', 'intermittent', 'erratic', 'lumpy', 'insufficient'];

export interface ReplayOptions {
  leadDays: number;
  /** Units per carton for every item; null = each item's own (10 when it has none). */
  packsPerCarton: number | null;
  ruleParams?: Readonly<ReplenishmentParams>;
  serviceLevels?: readonly number[];
  b1Multipliers?: readonly number[];
  /** Order weekdays to replay (ISO 1–7); all seven unless told (tests use fewer). */
  orderWeekdays?: readonly number[];
  warmupDays?: number;
  /** Called after each item (progress for a long run). */
  onItem?: (done: number, total: number) => void;
}

export interface ForecastAccuracy {
  /** Item × order-day points measured. */
  points: number;
  actualUnits: number;
  /** Σ|F − A| ÷ ΣA in %, null when nothing sold. */
  wapeRule: number | null;
  wapeMa28: number | null;
  /** Σ(F − A) ÷ ΣA in % (positive = over-forecast). */
  biasRule: number | null;
  biasMa28: number | null;
}

export interface Headline {
  /** % less average stock than B1 ×1.0 at B1's fill rate (on the rule's curve); null when the curve cannot reach it. */
  stockSavingPct: number | null;
  /** Fill-rate points gained at B1 ×1.0's average stock; null when the curve cannot reach it. */
  fillGainPts: number | null;
  wapeRule: number | null;
  wapeMa28: number | null;
}

export interface ReplayFigures {
  items: number;
  headline: Headline;
  /** Against B1 ×1.0 (the target: ≥ 10 % less stock or ≥ 2 points more fill). */
  target: TargetCheck | null;
  forecast: ForecastAccuracy;
  rule: PolicySummary[];
  b1: PolicySummary[];
  b0: PolicySummary;
  b2: PolicySummary;
}

export interface ReplayResult extends ReplayFigures {
  leadDays: number;
  packsPerCarton: number | null;
  warmupDays: number;
  orderWeekdays: number[];
  skippedItems: number;
  byClass: Partial<Record<DemandClass, ReplayFigures>>;
}

interface Accumulator {
  items: number;
  metrics: SeriesMetrics[];
  absErrorRule: number;
  absErrorMa: number;
  errorRule: number;
  errorMa: number;
  actual: number;
  points: number;
}

function newAccumulator(policyCount: number): Accumulator {
  return {
    items: 0,
    metrics: Array.from({ length: policyCount }, emptyMetrics),
    absErrorRule: 0,
    absErrorMa: 0,
    errorRule: 0,
    errorMa: 0,
    actual: 0,
    points: 0,
  };
}

/** The item's true history as the rule would see it: every day, closed days censored. */
function trueHistory(item: ReplayItem): SalesDay[] {
  const days: SalesDay[] = new Array<SalesDay>(item.demandUnits.length);
  let day = item.firstDay;
  for (let t = 0; t < item.demandUnits.length; t++) {
    days[t] = item.closed[t] === 1 ? { day, qtyPacks: 0, censored: true, closed: true } : { day, qtyPacks: item.demandUnits[t]! };
    day = addDays(day, 1);
  }
  return days;
}

/** The item's demand class from its whole observed history (closed days left out). */
export function itemDemandClass(item: ReplayItem, params: Readonly<ReplenishmentParams>): DemandClass {
  const observed: number[] = [];
  for (let t = 0; t < item.demandUnits.length; t++) if (item.closed[t] !== 1) observed.push(item.demandUnits[t]!);
  return classifyDemand(observed, params).demandClass;
}

export function replayItems(items: readonly ReplayItem[], options: ReplayOptions): ReplayResult {
  const params = options.ruleParams ?? DEFAULT_REPLENISHMENT_PARAMS;
  const serviceLevels = options.serviceLevels ?? REPLAY_SERVICE_LEVELS;
  const b1Multipliers = options.b1Multipliers ?? REPLAY_B1_MULTIPLIERS;
  const orderWeekdays = [...(options.orderWeekdays ?? [1, 2, 3, 4, 5, 6, 7])];
  const warmupDays = options.warmupDays ?? WARMUP_DAYS;
  const leadDays = options.leadDays;
  const protectionDays = DAYS_PER_CYCLE + leadDays;

  const rulePolicies = serviceLevels.map((level) => rulePolicy(level, params));
  const b1Policies = b1Multipliers.map((m) => movingAveragePolicy(m));
  const policies: Policy[] = [...rulePolicies, ...b1Policies, reorderSoldPolicy(), staticMinMaxPolicy()];

  const all = newAccumulator(policies.length);
  const byClass = new Map<DemandClass, Accumulator>();
  let skippedItems = 0;

  items.forEach((item, index) => {
    const length = item.demandUnits.length;
    if (length - warmupDays < MIN_TEST_DAYS) {
      skippedItems++;
      options.onItem?.(index + 1, items.length);
      return;
    }
    const demandClass = itemDemandClass(item, params);
    let classAcc = byClass.get(demandClass);
    if (!classAcc) byClass.set(demandClass, (classAcc = newAccumulator(policies.length)));
    all.items++;
    classAcc.items++;

    const packsPerCarton = options.packsPerCarton ?? item.packsPerCarton ?? 10;
    const history = trueHistory(item);
    const warmupHistory = history.slice(0, warmupDays);
    const demandPacks = item.demandUnits.slice(warmupDays);
    const closedDays = item.closed.subarray(warmupDays);
    const initialOnHandPacks = Math.round(INITIAL_STOCK_DAYS * observedMeanPacks(warmupHistory, warmupHistory.length));
    const firstDay = history[warmupDays]!.day;

    policies.forEach((policy, p) => {
      for (const orderWeekday of orderWeekdays) {
        const metrics = simulateSeries(
          { firstDay, demandPacks, warmupHistory, packsPerCarton, orderWeekday, leadDays, capCartonsOn: () => null, initialOnHandPacks, closedDays },
          policy,
        );
        addMetrics(all.metrics[p]!, metrics);
        addMetrics(classAcc.metrics[p]!, metrics);
      }
    });

    // Forecast accuracy on every test day whose protection period ends inside the history.
    for (let d = warmupDays; d + protectionDays <= length; d++) {
      let actual = 0;
      for (let k = d; k < d + protectionDays; k++) actual += item.demandUnits[k]!;
      const past = history.slice(Math.max(0, d - RULE_HISTORY_DAYS), d);
      const ruleF = ruleForecastPacks(past, protectionDays, params);
      const maF = observedMeanPacks(past, MOVING_AVERAGE_DAYS) * protectionDays;
      for (const acc of [all, classAcc]) {
        acc.absErrorRule += Math.abs(ruleF - actual);
        acc.absErrorMa += Math.abs(maF - actual);
        acc.errorRule += ruleF - actual;
        acc.errorMa += maF - actual;
        acc.actual += actual;
        acc.points++;
      }
    }
    options.onItem?.(index + 1, items.length);
  });

  const figures = (acc: Accumulator): ReplayFigures => {
    const summaries = policies.map((policy, p) => summarize(policy.name, acc.items * orderWeekdays.length, acc.metrics[p]!));
    const rule = summaries.slice(0, rulePolicies.length);
    const b1 = summaries.slice(rulePolicies.length, rulePolicies.length + b1Policies.length);
    const b0 = summaries[rulePolicies.length + b1Policies.length]!;
    const b2 = summaries[rulePolicies.length + b1Policies.length + 1]!;
    const baseline = b1[b1Multipliers.indexOf(1)];
    const target = baseline && baseline.demandPacks > 0 ? checkTarget(rule.map(curvePoint), baseline) : null;
    const pctOf = (x: number) => (acc.actual > 0 ? (100 * x) / acc.actual : null);
    const forecast: ForecastAccuracy = {
      points: acc.points,
      actualUnits: acc.actual,
      wapeRule: pctOf(acc.absErrorRule),
      wapeMa28: pctOf(acc.absErrorMa),
      biasRule: pctOf(acc.errorRule),
      biasMa28: pctOf(acc.errorMa),
    };
    return {
      items: acc.items,
      headline: {
        stockSavingPct: target?.stockSaving == null ? null : 100 * target.stockSaving,
        fillGainPts: target?.fillGain == null ? null : 100 * target.fillGain,
        wapeRule: forecast.wapeRule,
        wapeMa28: forecast.wapeMa28,
      },
      target,
      forecast,
      rule,
      b1,
      b0,
      b2,
    };
  };

  const classFigures: Partial<Record<DemandClass, ReplayFigures>> = {};
  for (const demandClass of DEMAND_CLASSES) {
    const acc = byClass.get(demandClass);
    if (acc) classFigures[demandClass] = figures(acc);
  }
  return {
    leadDays,
    packsPerCarton: options.packsPerCarton,
    warmupDays,
    orderWeekdays,
    skippedItems,
    ...figures(all),
    byClass: classFigures,
  };
}

function curvePoint(s: PolicySummary) {
  return { fillRate: s.fillRate, averageStockPacks: s.averageStockPacks };
}

/** Issue 14's targets on a replay, as the command line prints them and the staff page marks them. */
export const TARGET_WAPE_RATIO = 0.95;
export const TARGET_STOCK_SAVING_PCT = 10;
export const TARGET_FILL_GAIN_PTS = 2;
/** No demand class may keep more than this % more stock than B1 ×1.0 at its fill rate. */
export const TARGET_CLASS_STOCK_LOSS_PCT = 2;

export interface ReplayTargets {
  /** The rule's WAPE of the protection-period sum ≤ 0.95 × the 28-day moving average's. */
  wape: boolean;
  /** ≥ 10 % less average stock than B1 ×1.0 at its fill rate, or ≥ 2 points more fill at its stock. */
  stockOrFill: boolean;
  /** No demand class more than 2 % worse than B1 ×1.0 in stock at equal fill (a class whose curve cannot reach B1's fill is not counted). */
  classes: boolean;
}

/** A missing figure (nothing sold, a curve that cannot reach B1) counts as missed, except for a class. */
export function replayTargets(result: Pick<ReplayResult, 'headline' | 'byClass'>): ReplayTargets {
  const h = result.headline;
  return {
    wape: h.wapeRule !== null && h.wapeMa28 !== null && h.wapeRule <= TARGET_WAPE_RATIO * h.wapeMa28,
    stockOrFill: (h.stockSavingPct !== null && h.stockSavingPct >= TARGET_STOCK_SAVING_PCT) || (h.fillGainPts !== null && h.fillGainPts >= TARGET_FILL_GAIN_PTS),
    classes: Object.values(result.byClass).every((f) => f.headline.stockSavingPct === null || f.headline.stockSavingPct >= -TARGET_CLASS_STOCK_LOSS_PCT),
  };
}
