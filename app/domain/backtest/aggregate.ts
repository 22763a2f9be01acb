/**
 * County totals over many shop × spec series, the trade-off curve, and the target check.
 * Rates are ratios of sums (Σ sold ÷ Σ demand), not means of per-series rates, so a slow spec that sold two
 * packs does not weigh as much as a fast one.
 */
import type { SeriesMetrics } from './types';

export interface PolicySummary {
  policy: string;
  series: number;
  /** Σ sold ÷ Σ demand. */
  fillRate: number;
  /** Share of complete delivery cycles with no lost sale. */
  cycleServiceLevel: number;
  /** Days with lost sales ÷ measured shop-spec days. */
  stockOutDayRate: number;
  /** Average closing shelf stock per shop-spec-day (Σ stock-days ÷ Σ measured days). */
  averageStockPacks: number;
  /** Σ stock ÷ Σ sales per day: how many days the average shelf lasts. null when nothing sold. */
  daysOfCover: number | null;
  /** Share of order days with an order > 0 (weekly cycles: orders per week). */
  ordersPerWeek: number;
  /** Share of capped order days where the policy wanted more than the cap; null when no order day had a cap. */
  capBindingRate: number | null;
  cappedOrderDays: number;
  demandPacks: number;
  soldPacks: number;
}

export function emptyMetrics(): SeriesMetrics {
  return {
    measuredDays: 0,
    demandPacks: 0,
    soldPacks: 0,
    lostPacks: 0,
    stockOutDays: 0,
    cycles: 0,
    cyclesWithoutStockOut: 0,
    stockPackDays: 0,
    orderDays: 0,
    ordersPlaced: 0,
    orderedCartons: 0,
    cappedOrderDays: 0,
    capBindingOrderDays: 0,
  };
}

/** Adds b into a (a running total). */
export function addMetrics(total: SeriesMetrics, add: SeriesMetrics): SeriesMetrics {
  for (const key of Object.keys(total) as Array<keyof SeriesMetrics>) total[key] += add[key];
  return total;
}

export function summarize(policy: string, series: number, total: SeriesMetrics): PolicySummary {
  const ratio = (a: number, b: number) => (b > 0 ? a / b : 0);
  // Per shop-spec-day rather than a mean of per-series means: series differ slightly in measured days (the
  // first delivery depends on the order weekday), and a day-weighted mean keeps Σ-style totals consistent.
  const averageStockPacks = ratio(total.stockPackDays, total.measuredDays);
  return {
    policy,
    series,
    fillRate: ratio(total.soldPacks, total.demandPacks),
    cycleServiceLevel: ratio(total.cyclesWithoutStockOut, total.cycles),
    stockOutDayRate: ratio(total.stockOutDays, total.measuredDays),
    averageStockPacks,
    daysOfCover: total.soldPacks > 0 ? total.stockPackDays / total.soldPacks : null,
    ordersPerWeek: ratio(total.ordersPlaced, total.orderDays),
    capBindingRate: total.cappedOrderDays > 0 ? total.capBindingOrderDays / total.cappedOrderDays : null,
    cappedOrderDays: total.cappedOrderDays,
    demandPacks: total.demandPacks,
    soldPacks: total.soldPacks,
  };
}

export interface CurvePoint {
  fillRate: number;
  averageStockPacks: number;
}

/**
 * Linear interpolation on a curve's points sorted by x; null when x lies outside the points' range (no
 * extrapolation: a target that needs it is reported as not shown).
 */
export function interpolate(points: readonly CurvePoint[], x: number, xOf: (p: CurvePoint) => number, yOf: (p: CurvePoint) => number): number | null {
  const sorted = [...points].sort((a, b) => xOf(a) - xOf(b));
  for (let k = 0; k < sorted.length; k++) {
    const p = sorted[k]!;
    if (xOf(p) === x) return yOf(p);
    const q = sorted[k + 1];
    if (q && xOf(p) < x && x < xOf(q)) return yOf(p) + ((yOf(q) - yOf(p)) * (x - xOf(p))) / (xOf(q) - xOf(p));
  }
  return null;
}

export interface TargetCheck {
  baseline: string;
  baselineFillRate: number;
  baselineStockPacks: number;
  /** The rule's stock at the baseline's fill rate (interpolated on the rule's curve); null outside its range. */
  ruleStockAtBaselineFill: number | null;
  /** 1 − rule stock ÷ baseline stock at the same fill rate. */
  stockSaving: number | null;
  /** The rule's fill rate at the baseline's stock; null outside the curve's range. */
  ruleFillAtBaselineStock: number | null;
  /** Rule fill − baseline fill at equal stock, in points (0.02 = 2 points). */
  fillGain: number | null;
  /** ≥ 10 % less stock at the same fill rate, or ≥ 2 points more fill rate at the same stock. */
  holds: boolean;
}

export const TARGET_STOCK_SAVING = 0.1;
export const TARGET_FILL_GAIN = 0.02;

export function checkTarget(ruleCurve: readonly CurvePoint[], baseline: PolicySummary): TargetCheck {
  const byFill = (p: CurvePoint) => p.fillRate;
  const byStock = (p: CurvePoint) => p.averageStockPacks;
  const ruleStockAtBaselineFill = interpolate(ruleCurve, baseline.fillRate, byFill, byStock);
  const ruleFillAtBaselineStock = interpolate(ruleCurve, baseline.averageStockPacks, byStock, byFill);
  const stockSaving = ruleStockAtBaselineFill === null ? null : 1 - ruleStockAtBaselineFill / baseline.averageStockPacks;
  const fillGain = ruleFillAtBaselineStock === null ? null : ruleFillAtBaselineStock - baseline.fillRate;
  return {
    baseline: baseline.policy,
    baselineFillRate: baseline.fillRate,
    baselineStockPacks: baseline.averageStockPacks,
    ruleStockAtBaselineFill,
    stockSaving,
    ruleFillAtBaselineStock,
    fillGain,
    holds: (stockSaving !== null && stockSaving >= TARGET_STOCK_SAVING - 1e-12) || (fillGain !== null && fillGain >= TARGET_FILL_GAIN - 1e-12),
  };
}
