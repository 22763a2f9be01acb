/**
 * 考核目标: a target per indicator set by staff, and how a figure reads against it (green / amber / red). Values
 * here are in the indicator's own unit (a rate 0–1, a ratio, days, a count); the form and the table show a rate
 * in percent, so `toShown` / `fromShown` convert at that edge and nowhere else.
 */
import { INDICATOR_FORMAT, type IndicatorId } from './definitions';

/** 'atLeast': higher is better (the figure should reach the target); 'atMost': lower is better. */
export const TARGET_DIRECTIONS = ['atLeast', 'atMost'] as const;
export type TargetDirection = (typeof TARGET_DIRECTIONS)[number];

export interface IndicatorTarget {
  indicator: IndicatorId;
  /** In the indicator's unit (a rate as 0–1). */
  target: number;
  direction: TargetDirection;
  /** How far on the wrong side of the target still reads amber, in the indicator's unit; null = the stated rule. */
  amberMargin: number | null;
}

export type TargetStatus = 'green' | 'amber' | 'red';

/** Which way is better for each indicator, offered as the form's default (staff may choose otherwise). */
export const DEFAULT_DIRECTION: Record<IndicatorId, TargetDirection> = {
  uploadRate: 'atLeast',
  orderSuccess: 'atLeast',
  notOrdered: 'atMost',
  fulfilment: 'atLeast',
  capFill: 'atLeast',
  capBreadth: 'atLeast',
  suggestionMatch: 'atLeast',
  scarceCoverage: 'atLeast',
  newListing: 'atLeast',
  forecastAccuracy: 'atLeast',
  stockToSales: 'atMost',
  coverDays: 'atMost',
  stockoutRate: 'atMost',
  openIssues: 'atMost',
  sameDayFixRate: 'atLeast',
  answerHours: 'atMost',
};

/** The stated amber rule when staff give no margin: 5 percentage points for a rate, 10 % of the target otherwise. */
export const DEFAULT_RATE_MARGIN = 0.05;
export const DEFAULT_RELATIVE_MARGIN = 0.1;

export function amberMarginOf(t: Pick<IndicatorTarget, 'indicator' | 'target' | 'amberMargin'>): number {
  if (t.amberMargin !== null) return t.amberMargin;
  return INDICATOR_FORMAT[t.indicator] === 'rate' ? DEFAULT_RATE_MARGIN : Math.abs(t.target) * DEFAULT_RELATIVE_MARGIN;
}

/**
 * Green when the figure meets the target, amber when it misses by at most the margin, red beyond; null when
 * there is no figure (nothing to measure) or no target.
 */
export function targetStatus(value: number | null, t: IndicatorTarget | null | undefined): TargetStatus | null {
  if (value === null || !Number.isFinite(value) || !t) return null;
  const margin = amberMarginOf(t);
  // How far the figure falls short of the target, in the direction that is worse (≤ 0: met).
  const shortfall = t.direction === 'atLeast' ? t.target - value : value - t.target;
  // A tiny tolerance so 95.0 % against a 95 % target is met despite floating point.
  const eps = 1e-9;
  if (shortfall <= eps) return 'green';
  if (shortfall <= margin + eps) return 'amber';
  return 'red';
}

/** A rate is entered and shown in percent; everything else as it is. */
export function toShown(id: IndicatorId, value: number): number {
  return INDICATOR_FORMAT[id] === 'rate' ? value * 100 : value;
}

export function fromShown(id: IndicatorId, shown: number): number {
  return INDICATOR_FORMAT[id] === 'rate' ? shown / 100 : shown;
}

/** The largest target the form accepts, in the shown unit (a rate: 100 %). */
export function shownMaximum(id: IndicatorId): number {
  switch (INDICATOR_FORMAT[id]) {
    case 'rate':
      return 100;
    case 'count':
      return 1_000_000;
    case 'ratio':
    case 'days':
    case 'hours':
      return 1_000;
  }
}

/** Stored as an integer: hundredths of the shown unit (95.5 % → 9550, 1.5 → 150, 12 shops → 1200). */
export function toStoredHundredths(id: IndicatorId, value: number): number {
  return Math.round(toShown(id, value) * 100);
}

export function fromStoredHundredths(id: IndicatorId, stored: number): number {
  return fromShown(id, stored / 100);
}
