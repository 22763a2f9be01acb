/**
 * Estimated demand (按需供货), per shop × spec × cycle, pure. What a shop *asks* for a scarce spec is not what it
 * *needs*, and what it *sold* is not what it could have sold: an empty shelf hides sales, and a capped order hides
 * demand above the cap. Both are read as lower bounds ("at least"), never as zeros and never as the bound itself:
 *
 *   days         the spec's daily history as the rule reads it (shop-history.ts: censored = no upload, a refused
 *                line, or an empty shelf of a spec still restocked)
 *   m            mean daily demand, Poisson, by a censored-data fixed point:
 *                  uncensored day          demand = its sales
 *                  censored day with sales demand ≥ its sales: counts E[D | D ≥ sold; m]  (sold out)
 *                  censored day, no sale   nothing known: left out (not a zero)
 *   uplift       m ÷ the same mean with sold-out days read as exactly what sold (the rule's own reading), ≥ 1
 *   daily        the rule's forecast d̂ (its weekday rhythm, trend, prior) × uplift; without a forecast, m
 *   cycle        μ = daily × cycleDays packs
 *   capped order the shop ordered its whole cap: demand ≥ cap, so E[D | D ≥ cap × packsPerCarton; μ] — more than
 *                the cap whatever μ says, and ≈ μ when μ is well above it (cycleDemandCartons)
 *   need         what this delivery must bring, net of what the shop already holds (demandCartons, what 按需
 *                shares by): the cycle's demand + daily × leadDays (sold from the shelf before the delivery
 *                comes) − stock on the order-day morning − in transit, never below 0. Unknown stock is not read
 *                as 0 on the shelf: the need is then the gross demand over the same days. A shop with a full shelf
 *                needs little of a short spec whatever it asked — a full shelf given its share of demand sells it
 *                from stock weeks later, while an empty one turns the same cartons at once.
 *
 * Whether the shop sells the spec regularly (the 按需 floor's test): a sale in at least half of the last eight
 * weeks that say anything (a week with an observed day), and at least two such weeks.
 */
import type { SalesDay } from '../replenishment/types';

export const REGULAR_WEEKS = 8;
export const REGULAR_MIN_WEEKS = 2;
/** Demand estimates are stored and compared in hundredths of a carton (whole numbers: exact shares). */
export const DEMAND_UNITS_PER_CARTON = 100;
const MAX_ITERATIONS = 200;
/** 100,000 cartons: a bound that keeps the shares' integer products exact. */
const MAX_DEMAND_UNITS = 10_000_000;

export type DemandBasis = 'rule' | 'history' | 'none';

export interface DemandInput {
  /** The spec's daily history before the cycle, oldest first (SalesDay: censored where nothing reliable is known). */
  history: readonly SalesDay[];
  /** The rule's forecast daily sales d̂ for the cycle (the stored suggestion); null = none. */
  ruleDailyPacks: number | null;
  /** Days the cycle's delivery has to last (normally 7). */
  cycleDays: number;
  packsPerCarton: number;
  /** This cycle's order line: cartons asked and the shop's cap (null = no cap). */
  requestedCartons: number;
  capCartons: number | null;
  /** Stock on the order-day morning, packs (rolled forward from the latest count); null = unknown. */
  onHandPacks: number | null;
  /** Allocated, not yet delivered, packs. */
  inTransitPacks: number;
  /** Days from the order day to the delivery (sold from the shelf meanwhile). */
  leadDays: number;
}

export interface DemandEstimate {
  /**
   * What the delivery must bring, cartons, rounded to hundredths: cycle demand + lead-days demand − stock − in
   * transit, ≥ 0 (what 按需 shares by, and 需求满足率 measures against).
   */
  demandCartons: number;
  /** E[the cycle's demand] in cartons, gross of stock (a capped order: more than the cap). */
  cycleDemandCartons: number;
  /** Stock the need was net of, packs (null = unknown: not subtracted), and what was in transit. */
  onHandPacks: number | null;
  inTransitPacks: number;
  leadDays: number;
  /** The daily demand used, packs. */
  dailyPacks: number;
  ruleDailyPacks: number | null;
  /** m ÷ the mean with sold-out days read as exact; 1 when no day sold out. */
  censoringUplift: number;
  observedDays: number;
  soldOutDays: number;
  /** Censored days with no sale: nothing known, left out. */
  unknownDays: number;
  /** The order asked the whole cap: demand ≥ the cap. */
  cappedOrder: boolean;
  /** The lower bound the order gave, cartons (the cap when capped, else 0). */
  lowerBoundCartons: number;
  regularSeller: boolean;
  basis: DemandBasis;
}

const finite = (n: number) => (Number.isFinite(n) && n > 0 ? n : 0);

/** ln k! by summation below 256 and Stirling's series above (enough for packs over a week). */
function logFactorial(k: number): number {
  if (k < 256) {
    let s = 0;
    for (let j = 2; j <= k; j++) s += Math.log(j);
    return s;
  }
  return k * Math.log(k) - k + 0.5 * Math.log(2 * Math.PI * k) + 1 / (12 * k) - 1 / (360 * k * k * k);
}

/** P(D ≥ k) for D ~ Poisson(mean), k a whole number ≥ 0. */
export function poissonAtLeast(mean: number, k: number): number {
  if (k <= 0) return 1;
  if (mean <= 0) return 0;
  const logMean = Math.log(mean);
  const logPmf = (j: number) => j * logMean - mean - logFactorial(j);
  if (k <= mean) {
    // 1 − P(D < k), the terms summed downwards from k − 1 (recurrence in pmf).
    let term = Math.exp(logPmf(k - 1));
    let below = 0;
    for (let j = k - 1; j >= 0 && term > 0; j--) {
      below += term;
      term *= j / mean;
      if (term < below * 1e-17) break;
    }
    return Math.max(0, 1 - below);
  }
  let term = Math.exp(logPmf(k));
  let above = 0;
  for (let j = k; term > 0; j++) {
    above += term;
    term *= mean / (j + 1);
    if (term < above * 1e-17) break;
  }
  return Math.min(1, above);
}

/**
 * E[D | D ≥ k] for D ~ Poisson(mean): mean × P(D ≥ k − 1) ÷ P(D ≥ k). Always ≥ k (and > k for a positive
 * mean); ≈ mean when k is well below it. Far in the tail, where both probabilities underflow, k + mean ÷ (k + 1)
 * (the next term of the tail's expansion).
 */
export function poissonMeanAtLeast(mean: number, k: number): number {
  const m = finite(mean);
  const bound = Math.max(0, Math.floor(k));
  if (bound === 0) return m;
  if (m === 0) return bound;
  const atLeast = poissonAtLeast(m, bound);
  const value = atLeast > 1e-300 ? (m * poissonAtLeast(m, bound - 1)) / atLeast : bound + m / (bound + 1);
  return Math.max(bound, value);
}

/**
 * Mean daily demand with sold-out days read as "at least what sold". Returns the censored-data mean and the
 * naive one (sold-out days read as exactly what sold, the rule's reading); null when no day is observed.
 */
export function censoredDailyMean(history: readonly SalesDay[]): { mean: number; naive: number; observedDays: number; soldOutDays: number; unknownDays: number } | null {
  let exactSum = 0;
  let exactDays = 0;
  const soldOut: number[] = [];
  let unknownDays = 0;
  for (const d of history) {
    const sold = finite(d.qtyPacks);
    if (d.censored !== true) {
      exactSum += sold;
      exactDays++;
    } else if (sold > 0) soldOut.push(sold);
    else unknownDays++;
  }
  const n = exactDays + soldOut.length;
  if (n === 0) return null;
  const naive = (exactSum + soldOut.reduce((a, b) => a + b, 0)) / n;
  let mean = naive;
  // m ← (Σ exact + Σ E[D | D ≥ sold; m]) ÷ n: increasing and bounded, a contraction while some day is exact.
  for (let i = 0; i < MAX_ITERATIONS && soldOut.length > 0; i++) {
    let sum = exactSum;
    for (const sold of soldOut) sum += poissonMeanAtLeast(mean, sold);
    const next = sum / n;
    const done = Math.abs(next - mean) <= 1e-9 * Math.max(1, mean);
    mean = Math.max(mean, next);
    if (done) break;
  }
  return { mean, naive, observedDays: n, soldOutDays: soldOut.length, unknownDays };
}

/** A sale in at least half of the last REGULAR_WEEKS weeks that have an observed day, and at least REGULAR_MIN_WEEKS such weeks. */
export function sellsRegularly(history: readonly SalesDay[]): boolean {
  const days = history.slice(-REGULAR_WEEKS * 7);
  let weeksObserved = 0;
  let weeksWithSale = 0;
  // Weeks counted back from the last day, so the latest week is always whole.
  for (let end = days.length; end > 0; end -= 7) {
    const week = days.slice(Math.max(0, end - 7), end);
    if (week.some((d) => d.censored !== true || finite(d.qtyPacks) > 0)) weeksObserved++;
    if (week.some((d) => finite(d.qtyPacks) > 0)) weeksWithSale++;
  }
  return weeksObserved >= REGULAR_MIN_WEEKS && weeksWithSale * 2 >= weeksObserved;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

export function estimateDemand(input: DemandInput): DemandEstimate {
  const packsPerCarton = input.packsPerCarton > 0 ? input.packsPerCarton : 10;
  const cycleDays = finite(input.cycleDays);
  const history = censoredDailyMean(input.history);
  const rule = input.ruleDailyPacks === null || !Number.isFinite(input.ruleDailyPacks) ? null : Math.max(0, input.ruleDailyPacks);
  const uplift = history && history.naive > 0 ? Math.max(1, history.mean / history.naive) : 1;
  const basis: DemandBasis = rule !== null ? 'rule' : history ? 'history' : 'none';
  const dailyPacks = rule !== null ? rule * uplift : (history?.mean ?? 0);
  const cycleMeanPacks = dailyPacks * cycleDays;

  const requested = Math.max(0, Math.floor(finite(input.requestedCartons)));
  const cap = input.capCartons === null ? null : Math.max(0, Math.floor(finite(input.capCartons)));
  const cappedOrder = cap !== null && cap > 0 && requested >= cap;
  const demandPacks = cappedOrder ? poissonMeanAtLeast(cycleMeanPacks, cap * packsPerCarton) : cycleMeanPacks;
  let cycleDemandCartons = round2(demandPacks / packsPerCarton);
  // The bound is "at least", never "exactly": a capped order's estimate stays above its cap after rounding.
  if (cappedOrder && cycleDemandCartons <= cap) cycleDemandCartons = cap + 0.01;
  const leadDays = finite(input.leadDays);
  const onHandPacks = input.onHandPacks === null || !Number.isFinite(input.onHandPacks) ? null : Math.max(0, input.onHandPacks);
  const inTransitPacks = finite(input.inTransitPacks);
  const needPacks = Math.max(0, cycleDemandCartons * packsPerCarton + dailyPacks * leadDays - (onHandPacks ?? 0) - inTransitPacks);
  return {
    demandCartons: round2(needPacks / packsPerCarton),
    cycleDemandCartons,
    onHandPacks,
    inTransitPacks,
    leadDays,
    dailyPacks: round2(dailyPacks * 100) / 100,
    ruleDailyPacks: rule,
    censoringUplift: Math.round(uplift * 1000) / 1000,
    observedDays: history?.observedDays ?? 0,
    soldOutDays: history?.soldOutDays ?? 0,
    unknownDays: history?.unknownDays ?? input.history.length,
    cappedOrder,
    lowerBoundCartons: cappedOrder ? cap : 0,
    regularSeller: sellsRegularly(input.history),
    basis,
  };
}

/** Demand in whole hundredths of a carton (what the shares are computed on). */
export function demandUnits(demandCartons: number): number {
  return Math.min(MAX_DEMAND_UNITS, Math.max(0, Math.round(finite(demandCartons) * DEMAND_UNITS_PER_CARTON)));
}
