/**
 * Allocation (配货), pure. Each order line gets min(requested, cap); where a spec's supply is smaller than
 * the sum of those, the supply is shared out by grade in whole cartons. The method, step by step (see
 * docs/decisions/0005-allocation.md for why):
 *
 *   e_i = min(requested_i, cap_i)                     what the line may have at most ("eligible")
 *   w_i = GRADE_WEIGHT_BASE + grade_i                  grade 1 → 11 … grade 30 → 40 (a 30 weighs ~3.6× a 1)
 *   if supply is unlimited or Σe ≤ supply:  a_i = e_i
 *   else water-filling: x_i = min(e_i, λ·e_i·w_i) with λ chosen so that Σx = supply
 *        (a share proportional to cartons asked × grade weight; whoever's share covers the whole ask gets
 *        exactly it and the rest is shared again among the others);
 *   a_i = ⌊x_i⌋, and the cartons left by rounding go one each to the largest remainders
 *        (ties: higher grade, then the smaller key — e.g. the earlier order).
 *
 * All of it runs on integers (the shares are fractions with one common denominator), so it is exact and
 * deterministic: the same input gives the same output on every machine, whatever the order of the lines.
 * Guarantees (property-tested): a_i ≤ min(requested_i, cap_i); Σa = min(supply, Σe); for two lines of the
 * same spec, the one with the higher grade and no smaller e_i never gets less.
 */

export const GRADE_WEIGHT_BASE = 10;

export function gradeWeight(grade: number): number {
  return GRADE_WEIGHT_BASE + grade;
}

export interface AllocationLine {
  /** A stable, unique key (the order line id): the last tie-break, so input order never matters. */
  key: number;
  specId: number;
  grade: number;
  requestedCartons: number;
  /** The retailer's cap for this spec; null = no cap. */
  capCartons: number | null;
}

export interface SpecSupply {
  specId: number;
  /** null = unlimited. A spec with no entry is unlimited too. */
  supplyCartons: number | null;
}

export interface SpecOutcome {
  specId: number;
  supplyCartons: number | null;
  lines: number;
  requestedCartons: number;
  /** Σ min(requested, cap). */
  eligibleCartons: number;
  allocatedCartons: number;
  /** Supply was smaller than what the lines could have. */
  short: boolean;
}

export interface AllocationResult {
  /** key → allocated cartons, for every line given. */
  allocated: Map<number, number>;
  specs: SpecOutcome[];
}

const wholeNonNegative = (n: number) => (Number.isFinite(n) ? Math.max(0, Math.floor(n)) : 0);

export function eligibleCartons(line: Pick<AllocationLine, 'requestedCartons' | 'capCartons'>): number {
  const requested = wholeNonNegative(line.requestedCartons);
  return line.capCartons === null ? requested : Math.min(requested, wholeNonNegative(line.capCartons));
}

/** How one spec's lines share its supply, index for index (shareSpec by default; methods.ts for 按需 and blends). */
export type ShareSpec<L extends AllocationLine = AllocationLine> = (lines: readonly L[], supplyCartons: number | null, specId: number) => number[];

export function allocate<L extends AllocationLine>(lines: readonly L[], supply: readonly SpecSupply[], share: ShareSpec<L> = shareSpec): AllocationResult {
  const supplyBySpec = new Map(supply.map((s) => [s.specId, s.supplyCartons === null ? null : wholeNonNegative(s.supplyCartons)]));
  const bySpec = new Map<number, L[]>();
  for (const line of lines) {
    const list = bySpec.get(line.specId);
    if (list) list.push(line);
    else bySpec.set(line.specId, [line]);
  }
  const allocated = new Map<number, number>();
  const specs: SpecOutcome[] = [];
  for (const specId of [...bySpec.keys()].sort((a, b) => a - b)) {
    const specLines = bySpec.get(specId)!;
    const supplyCartons = supplyBySpec.get(specId) ?? null;
    const shares = share(specLines, supplyCartons, specId);
    let requestedCartons = 0;
    let eligible = 0;
    let total = 0;
    specLines.forEach((l, i) => {
      allocated.set(l.key, shares[i]!);
      requestedCartons += wholeNonNegative(l.requestedCartons);
      eligible += eligibleCartons(l);
      total += shares[i]!;
    });
    specs.push({ specId, supplyCartons, lines: specLines.length, requestedCartons, eligibleCartons: eligible, allocatedCartons: total, short: supplyCartons !== null && eligible > supplyCartons });
  }
  return { allocated, specs };
}

/** One spec's lines → allocated cartons, index for index. */
export function shareSpec(lines: readonly AllocationLine[], supplyCartons: number | null): number[] {
  const eligible = lines.map(eligibleCartons);
  const totalEligible = eligible.reduce((a, b) => a + b, 0);
  if (supplyCartons === null || totalEligible <= supplyCartons) return eligible;

  const weight = lines.map((l) => gradeWeight(l.grade));
  const result = new Array<number>(lines.length).fill(0);
  // Highest weight first: water-filling always saturates a prefix of this order (λ only grows as it goes).
  const order = lines.map((_, i) => i).filter((i) => eligible[i]! > 0);
  order.sort((a, b) => weight[b]! - weight[a]! || lines[a]!.key - lines[b]!.key);
  let remaining = supplyCartons;
  let weightSum = order.reduce((sum, i) => sum + eligible[i]! * weight[i]!, 0);
  let start = 0;
  // λ = remaining / weightSum; line i is saturated when λ·w_i ≥ 1, i.e. remaining·w_i ≥ weightSum.
  while (start < order.length && remaining * weight[order[start]!]! >= weightSum) {
    // Saturate every line of this weight at once (they share the test).
    const w = weight[order[start]!]!;
    while (start < order.length && weight[order[start]!]! === w) {
      const i = order[start]!;
      result[i] = eligible[i]!;
      remaining -= eligible[i]!;
      weightSum -= eligible[i]! * w;
      start++;
    }
  }
  if (start === order.length || remaining === 0) return result;

  // x_i = remaining·e_i·w_i / weightSum for the rest: floor and remainder on integers (one denominator).
  const open = order.slice(start);
  const remainder = new Map<number, number>();
  let handedOut = 0;
  for (const i of open) {
    const numerator = remaining * eligible[i]! * weight[i]!;
    const floor = Math.floor(numerator / weightSum);
    result[i] = floor;
    remainder.set(i, numerator - floor * weightSum);
    handedOut += floor;
  }
  let leftover = remaining - handedOut;
  // leftover < open.length, and every open line is below its e_i, so each may take one more carton.
  open.sort((a, b) => remainder.get(b)! - remainder.get(a)! || weight[b]! - weight[a]! || lines[a]!.key - lines[b]!.key);
  for (const i of open) {
    if (leftover === 0) break;
    result[i]!++;
    leftover--;
  }
  return result;
}
