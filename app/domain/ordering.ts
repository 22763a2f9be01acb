/**
 * Ordering rules, pure: which cap applies, whether a requested order may be submitted, and its totals.
 * Every problem is a code with parameters (never a sentence), so the page can say it in the user's language
 * and name the line it belongs to.
 */
import { lineAmountFen } from './money';

/** The most cartons one line may ask for, cap or not: a typo guard (a shop orders tens, not thousands). */
export const MAX_CARTONS_PER_LINE = 500;

export interface CapBand {
  gradeFrom: number;
  gradeTo: number;
  capCartons: number;
}

/** The cap for a retailer's grade, or null when the spec has no cap for that grade this cycle. */
export function capForGrade(bands: readonly CapBand[], grade: number): number | null {
  const band = bands.find((b) => grade >= b.gradeFrom && grade <= b.gradeTo);
  return band ? band.capCartons : null;
}

export interface OrderableSpec {
  id: number;
  isOrderable: number;
  isDiscontinued: number;
  wholesalePriceFenPerCarton: number;
  /** The retailer's cap for this cycle; null = no cap. */
  capCartons: number | null;
}

export interface RequestedLine {
  specId: number;
  qtyCartons: number;
  /** Why the shop orders differently from the suggestion, when it said (see DEVIATION_REASONS). */
  reason?: DeviationReason | null;
}

/** The quick reasons a shop can give for ordering differently from the suggestion. */
export const DEVIATION_REASONS = ['event', 'closing', 'price', 'other'] as const;
export type DeviationReason = (typeof DEVIATION_REASONS)[number];

export type LineProblem =
  | { code: 'unknown_spec' }
  | { code: 'not_orderable' }
  | { code: 'discontinued' }
  | { code: 'not_whole_cartons' }
  | { code: 'negative' }
  | { code: 'too_many'; max: number }
  | { code: 'over_cap'; cap: number }
  | { code: 'duplicate' };

export type OrderProblem = { code: 'empty' } | { code: 'too_many_lines'; max: number };

export const MAX_LINES = 400;

export interface CheckedOrder {
  /** Lines with a positive quantity, in the order given. */
  lines: Array<RequestedLine & { unitPriceFen: number; capCartons: number | null; amountFen: number }>;
  lineProblems: Array<{ specId: number; problem: LineProblem }>;
  orderProblems: OrderProblem[];
  totals: OrderTotals;
}

export interface OrderTotals {
  lineCount: number;
  totalCartons: number;
  totalAmountFen: number;
}

/** Checks one line against its spec; null when it may be ordered. A zero quantity is always fine (no line). */
export function checkLine(line: RequestedLine, spec: OrderableSpec | undefined): LineProblem | null {
  if (!Number.isFinite(line.qtyCartons) || !Number.isInteger(line.qtyCartons)) return { code: 'not_whole_cartons' };
  if (line.qtyCartons < 0) return { code: 'negative' };
  if (line.qtyCartons === 0) return null;
  if (!spec) return { code: 'unknown_spec' };
  if (spec.isDiscontinued) return { code: 'discontinued' };
  if (!spec.isOrderable) return { code: 'not_orderable' };
  if (spec.capCartons !== null && line.qtyCartons > spec.capCartons) return { code: 'over_cap', cap: spec.capCartons };
  if (line.qtyCartons > MAX_CARTONS_PER_LINE) return { code: 'too_many', max: MAX_CARTONS_PER_LINE };
  return null;
}

/** Checks a whole requested order; it may be submitted only when both problem lists are empty. */
export function checkOrder(requested: readonly RequestedLine[], specs: ReadonlyMap<number, OrderableSpec>): CheckedOrder {
  const seen = new Set<number>();
  const lines: CheckedOrder['lines'] = [];
  const lineProblems: CheckedOrder['lineProblems'] = [];
  for (const line of requested) {
    if (seen.has(line.specId)) {
      lineProblems.push({ specId: line.specId, problem: { code: 'duplicate' } });
      continue;
    }
    seen.add(line.specId);
    const spec = specs.get(line.specId);
    const problem = checkLine(line, spec);
    if (problem) lineProblems.push({ specId: line.specId, problem });
    else if (line.qtyCartons > 0 && spec) {
      lines.push({
        ...line,
        unitPriceFen: spec.wholesalePriceFenPerCarton,
        capCartons: spec.capCartons,
        amountFen: lineAmountFen(line.qtyCartons, spec.wholesalePriceFenPerCarton),
      });
    }
  }
  const orderProblems: OrderProblem[] = [];
  if (lines.length === 0 && lineProblems.length === 0) orderProblems.push({ code: 'empty' });
  if (lines.length > MAX_LINES) orderProblems.push({ code: 'too_many_lines', max: MAX_LINES });
  return { lines, lineProblems, orderProblems, totals: totalsOf(lines) };
}

export function totalsOf(lines: ReadonlyArray<{ qtyCartons: number; amountFen: number }>): OrderTotals {
  return {
    lineCount: lines.filter((l) => l.qtyCartons > 0).length,
    totalCartons: lines.reduce((n, l) => n + l.qtyCartons, 0),
    totalAmountFen: lines.reduce((n, l) => n + l.amountFen, 0),
  };
}

/** How much the deposit is short of the order's amount (0 when it covers it). */
export function depositShortfallFen(totalAmountFen: number, depositBalanceFen: number): number {
  return Math.max(0, totalAmountFen - depositBalanceFen);
}

/** "Same as last order": last cycle's quantities, limited to what may be ordered now and to this cycle's caps. */
export function repeatLastOrder(
  last: readonly RequestedLine[],
  specs: ReadonlyMap<number, OrderableSpec>,
): RequestedLine[] {
  return last.flatMap((line) => {
    const spec = specs.get(line.specId);
    if (!spec || !spec.isOrderable || spec.isDiscontinued || line.qtyCartons <= 0) return [];
    const qtyCartons = Math.min(line.qtyCartons, spec.capCartons ?? MAX_CARTONS_PER_LINE, MAX_CARTONS_PER_LINE);
    return qtyCartons > 0 ? [{ specId: line.specId, qtyCartons }] : [];
  });
}

export interface FitLine {
  specId: number;
  qtyCartons: number;
  priceFenPerCarton: number;
  suggestedCartons: number | null;
  /** From the suggestion's explanation; 0 when unknown. */
  forecastDailyPacks: number;
  positionPacks: number;
  packsPerCarton: number;
}

/**
 * "Fit to my balance": takes cartons off, one at a time, until the order's amount fits the deposit — first
 * cartons above the suggestion, then from the line whose stock would last longest (the least needed).
 */
export function fitToBalance(lines: readonly FitLine[], balanceFen: number): { quantities: Map<number, number>; removedCartons: number } {
  const qty = new Map(lines.map((l) => [l.specId, l.qtyCartons]));
  let total = lines.reduce((n, l) => n + l.qtyCartons * l.priceFenPerCarton, 0);
  let removed = 0;
  const cover = (l: FitLine, q: number) => (l.positionPacks + q * l.packsPerCarton) / Math.max(l.forecastDailyPacks, 1e-6);
  while (total > balanceFen) {
    let pick: FitLine | undefined;
    let pickKey: [number, number] = [-1, -Infinity];
    for (const l of lines) {
      const q = qty.get(l.specId)!;
      if (q <= 0) continue;
      const aboveSuggestion = l.suggestedCartons !== null && q > l.suggestedCartons ? 1 : 0;
      const key: [number, number] = [aboveSuggestion, cover(l, q)];
      if (key[0] > pickKey[0] || (key[0] === pickKey[0] && key[1] > pickKey[1])) {
        pick = l;
        pickKey = key;
      }
    }
    if (!pick) break;
    qty.set(pick.specId, qty.get(pick.specId)! - 1);
    total -= pick.priceFenPerCarton;
    removed++;
  }
  return { quantities: qty, removedCartons: removed };
}
