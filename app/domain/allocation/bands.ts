/**
 * Cap bands (限量 by 档位): per spec, bands of grades with a cap each, e.g. 1–5: 1, 6–10: 2 … 26–30: 6.
 * A spec's bands must cover grades 1–30 exactly once: an overlap would give a shop two caps, and a gap
 * would leave some grades with no cap at all on a spec that is capped for the others.
 */
export const GRADE_MIN = 1;
export const GRADE_MAX = 30;
/** A typo guard, as for order lines. */
export const MAX_CAP_CARTONS = 500;
export const MAX_SUPPLY_CARTONS = 10_000_000;

export interface Band {
  gradeFrom: number;
  gradeTo: number;
  capCartons: number;
}

export type BandProblem =
  | { code: 'grade_out_of_range'; index: number }
  | { code: 'from_after_to'; index: number }
  | { code: 'bad_cap'; index: number }
  | { code: 'overlap'; index: number; other: number }
  | { code: 'gap'; index: number; from: number; to: number };

const isWhole = (n: number) => Number.isInteger(n);

/**
 * Problems with one spec's bands; `index` points into the array given (the row to name), for a gap the band
 * after it (or the last band, for a gap at the top).
 */
export function checkBands(bands: readonly Band[]): BandProblem[] {
  const problems: BandProblem[] = [];
  const sane: number[] = [];
  bands.forEach((b, index) => {
    if (!isWhole(b.gradeFrom) || !isWhole(b.gradeTo) || b.gradeFrom < GRADE_MIN || b.gradeTo > GRADE_MAX || b.gradeFrom > GRADE_MAX || b.gradeTo < GRADE_MIN) {
      problems.push({ code: 'grade_out_of_range', index });
    } else if (b.gradeFrom > b.gradeTo) problems.push({ code: 'from_after_to', index });
    else sane.push(index);
    if (!isWhole(b.capCartons) || b.capCartons < 0 || b.capCartons > MAX_CAP_CARTONS) problems.push({ code: 'bad_cap', index });
  });
  if (sane.length === 0) return problems;
  const sorted = [...sane].sort((a, b) => bands[a]!.gradeFrom - bands[b]!.gradeFrom || a - b);
  let coveredTo = GRADE_MIN - 1;
  let lastIndex = -1;
  for (const index of sorted) {
    const b = bands[index]!;
    if (b.gradeFrom <= coveredTo) problems.push({ code: 'overlap', index, other: lastIndex });
    else if (b.gradeFrom > coveredTo + 1) problems.push({ code: 'gap', index, from: coveredTo + 1, to: b.gradeFrom - 1 });
    if (b.gradeTo > coveredTo) {
      coveredTo = b.gradeTo;
      lastIndex = index;
    }
  }
  // Bands that could not be placed (out of range) do not count as a gap of their own.
  if (coveredTo < GRADE_MAX && problems.every((p) => p.code !== 'grade_out_of_range' && p.code !== 'from_after_to')) {
    problems.push({ code: 'gap', index: sorted.at(-1)!, from: coveredTo + 1, to: GRADE_MAX });
  }
  return problems;
}

/** The usual six bands of five grades, for a new spec's caps on the page. */
export const DEFAULT_BANDS: ReadonlyArray<readonly [number, number]> = [
  [1, 5],
  [6, 10],
  [11, 15],
  [16, 20],
  [21, 25],
  [26, 30],
];
