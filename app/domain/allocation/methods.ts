/**
 * How staff share one short spec this cycle (配货方式), pure:
 *
 *   grade   按档位 — today's rule (allocate.ts): cartons asked × grade weight, water-filled.
 *   demand  按需   — floor first: every shop that sells the spec regularly gets min(floor, e_i) before anyone gets
 *                  more; the rest in proportion to estimated demand (demand.ts), each line's e_i = min(asked, cap)
 *                  its ceiling (water-filled: a line whose share covers its ceiling gets exactly it, the rest is
 *                  shared again); what no demand claims (lines with none) goes by grade. Whole cartons, largest
 *                  remainder (ties: the larger demand, then the higher grade, then the smaller key).
 *   blend  混合   — the same floor; the rest is gradePercent % of the grade share + demandPercent % of the demand
 *                  share, line by line, rounded by largest remainder.
 *
 * When the floors alone take more than the supply, the cartons go one round at a time, one carton each, the
 * shops in order of estimated demand (then grade, then key), until the supply is gone — so as many regular
 * sellers as the supply allows get one.
 *
 * Bad input is refused before anything is shared (checkMethod): a floor above the supply, blend percentages that
 * do not sum to 100; each names its field. Everything is integer arithmetic on whole cartons and hundredths of a
 * carton of demand: the same input gives the same output whatever the order of the lines.
 */
import { eligibleCartons, shareSpec, type AllocationLine } from './allocate';
import { demandUnits } from './demand';

export const ALLOCATION_METHODS = ['grade', 'demand', 'blend'] as const;
export type AllocationMethodKind = (typeof ALLOCATION_METHODS)[number];
/** The most cartons a floor may be (a typo guard; a floor is normally 1 or 2). */
export const MAX_FLOOR_CARTONS = 50;

export type AllocationMethod =
  | { kind: 'grade' }
  | { kind: 'demand'; floorCartons: number }
  | { kind: 'blend'; floorCartons: number; gradePercent: number; demandPercent: number };

export const GRADE_METHOD: AllocationMethod = { kind: 'grade' };

export interface DemandLine extends AllocationLine {
  /** Estimated demand this cycle, cartons (demand.ts); 0 when none is known. */
  demandCartons: number;
  /** The shop sells the spec regularly: the floor is for it. */
  regularSeller: boolean;
}

export type MethodProblem =
  | { field: 'floorCartons'; code: 'floor_not_whole' | 'floor_above_supply' }
  | { field: 'gradePercent' | 'demandPercent'; code: 'percent_not_whole' }
  | { field: 'demandPercent'; code: 'weights_not_100' };

/** What is wrong with a method for a spec with this supply (null = unlimited); empty = fine. */
export function checkMethod(method: AllocationMethod, supplyCartons: number | null): MethodProblem[] {
  if (method.kind === 'grade') return [];
  const problems: MethodProblem[] = [];
  const floor = method.floorCartons;
  if (!Number.isInteger(floor) || floor < 0 || floor > MAX_FLOOR_CARTONS) problems.push({ field: 'floorCartons', code: 'floor_not_whole' });
  else if (supplyCartons !== null && floor > supplyCartons) problems.push({ field: 'floorCartons', code: 'floor_above_supply' });
  if (method.kind === 'blend') {
    const whole = (n: number) => Number.isInteger(n) && n >= 0 && n <= 100;
    if (!whole(method.gradePercent)) problems.push({ field: 'gradePercent', code: 'percent_not_whole' });
    if (!whole(method.demandPercent)) problems.push({ field: 'demandPercent', code: 'percent_not_whole' });
    if (whole(method.gradePercent) && whole(method.demandPercent) && method.gradePercent + method.demandPercent !== 100) {
      problems.push({ field: 'demandPercent', code: 'weights_not_100' });
    }
  }
  return problems;
}

export class MethodRefused extends Error {
  constructor(readonly problems: MethodProblem[]) {
    super(`allocation method refused: ${problems.map((p) => `${p.field} ${p.code}`).join(', ')}`);
  }
}

/** Line order for every tie: larger demand, higher grade, smaller key. */
function tieOrder(lines: readonly DemandLine[], units: readonly number[] = lines.map((l) => demandUnits(l.demandCartons))) {
  return (a: number, b: number) => units[b]! - units[a]! || lines[b]!.grade - lines[a]!.grade || lines[a]!.key - lines[b]!.key;
}

/**
 * Water-filling in proportion to integer weights, each item capped at its ceiling; the supply never exceeds
 * Σ ceilings of the weighted items' reach. Returns whole cartons (largest remainder, ties by `tie`), and what it
 * could not place (all weighted items saturated).
 */
function shareByWeight(ceilings: readonly number[], weights: readonly number[], supply: number, tie: (a: number, b: number) => number): { shares: number[]; left: number } {
  const result = new Array<number>(ceilings.length).fill(0);
  const order = ceilings.map((_, i) => i).filter((i) => ceilings[i]! > 0 && weights[i]! > 0);
  // Saturated first: the largest weight per carton of ceiling (cross-multiplied: exact).
  order.sort((a, b) => weights[b]! * ceilings[a]! - weights[a]! * ceilings[b]! || tie(a, b));
  let remaining = supply;
  let weightSum = order.reduce((s, i) => s + weights[i]!, 0);
  let start = 0;
  // λ = remaining ÷ weightSum; item i saturates when λ·w_i ≥ c_i.
  while (start < order.length && remaining * weights[order[start]!]! >= ceilings[order[start]!]! * weightSum) {
    const i = order[start]!;
    result[i] = ceilings[i]!;
    remaining -= ceilings[i]!;
    weightSum -= weights[i]!;
    start++;
  }
  if (start === order.length) return { shares: result, left: remaining };
  const open = order.slice(start);
  const remainder = new Map<number, number>();
  let handed = 0;
  for (const i of open) {
    const numerator = remaining * weights[i]!;
    const floor = Math.floor(numerator / weightSum);
    result[i] = floor;
    remainder.set(i, numerator - floor * weightSum);
    handed += floor;
  }
  let leftover = remaining - handed;
  open.sort((a, b) => remainder.get(b)! - remainder.get(a)! || tie(a, b));
  for (const i of open) {
    if (leftover === 0) break;
    result[i]!++;
    leftover--;
  }
  return { shares: result, left: 0 };
}

/** The grade rule on what is left of each line (ceilings), for `supply` cartons. */
function gradeShare(lines: readonly DemandLine[], ceilings: readonly number[], supply: number): number[] {
  return shareSpec(
    lines.map((l, i) => ({ key: l.key, specId: l.specId, grade: l.grade, requestedCartons: ceilings[i]!, capCartons: null })),
    supply,
  );
}

/** The demand share of `supply` within the ceilings; what demand does not claim goes by grade. */
function demandShare(lines: readonly DemandLine[], ceilings: readonly number[], supply: number): number[] {
  const units = lines.map((l) => demandUnits(l.demandCartons));
  const byDemand = shareByWeight(ceilings, units, supply, tieOrder(lines, units));
  if (byDemand.left === 0) return byDemand.shares;
  const rest = gradeShare(lines, ceilings.map((c, i) => c - byDemand.shares[i]!), byDemand.left);
  return byDemand.shares.map((s, i) => s + rest[i]!);
}

/**
 * One spec's lines → allocated cartons, index for index, by the method. Throws MethodRefused on bad input
 * (check first with checkMethod to answer with the problems).
 */
export function shareSpecBy(lines: readonly DemandLine[], supplyCartons: number | null, method: AllocationMethod): number[] {
  const problems = checkMethod(method, supplyCartons);
  if (problems.length) throw new MethodRefused(problems);
  const eligible = lines.map(eligibleCartons);
  const total = eligible.reduce((a, b) => a + b, 0);
  if (supplyCartons === null || total <= supplyCartons) return eligible;
  if (method.kind === 'grade') return shareSpec(lines, supplyCartons);

  const floors = lines.map((l, i) => (l.regularSeller ? Math.min(method.floorCartons, eligible[i]!) : 0));
  const floorTotal = floors.reduce((a, b) => a + b, 0);
  if (floorTotal >= supplyCartons) return floorRounds(lines, floors, supplyCartons);

  const rest = supplyCartons - floorTotal;
  const headroom = eligible.map((e, i) => e - floors[i]!);
  let extra: number[];
  if (method.kind === 'demand') extra = demandShare(lines, headroom, rest);
  else {
    const byGrade = gradeShare(lines, headroom, rest);
    const byDemand = demandShare(lines, headroom, rest);
    // x_i = (g·grade_i + d·demand_i) ÷ 100: numerators sum to 100 × rest exactly.
    const numerators = lines.map((_, i) => method.gradePercent * byGrade[i]! + method.demandPercent * byDemand[i]!);
    extra = numerators.map((n) => Math.floor(n / 100));
    let leftover = rest - extra.reduce((a, b) => a + b, 0);
    const tie = tieOrder(lines);
    const order = lines.map((_, i) => i).sort((a, b) => (numerators[b]! % 100) - (numerators[a]! % 100) || tie(a, b));
    // A fractional line is below its ceiling (a convex mix of two shares within it), so it may take one more.
    for (const i of order) {
      if (leftover === 0) break;
      if (numerators[i]! % 100 === 0) continue;
      extra[i]!++;
      leftover--;
    }
  }
  return floors.map((f, i) => f + extra[i]!);
}

/** Floors larger than the supply: one carton a round to each shop still below its floor, by demand, grade, key. */
function floorRounds(lines: readonly DemandLine[], floors: readonly number[], supply: number): number[] {
  const result = new Array<number>(lines.length).fill(0);
  const order = lines.map((_, i) => i).filter((i) => floors[i]! > 0);
  order.sort(tieOrder(lines));
  let left = supply;
  for (let round = 1; left > 0; round++) {
    let gave = false;
    for (const i of order) {
      if (left === 0) break;
      if (floors[i]! >= round) {
        result[i]!++;
        left--;
        gave = true;
      }
    }
    if (!gave) break;
  }
  return result;
}
