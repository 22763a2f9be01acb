/**
 * 档位评定 (issue 18, "grades kept honest"), pure: staff's grading rule and the grades it proposes from each shop's own
 * figures over the last GRADING_WEEKS weeks, ranked within its business type (业态).
 *
 *   figures     ordered   what the shop bought: Σ allocated cartons × price of its placed orders (fen)
 *               premium   its structure: the share of that amount in price classes 一类 and 二类
 *               scanned   what it sold through its till: scanned packs (known only when it uploaded sales on at least
 *                         half the days; unknown is left out, never read as zero)
 *   percentile  within the business type, p = (shops below + ½ shops equal) ÷ shops, for each known figure
 *   score       Σ weight × p over the shop's known figures ÷ Σ their weights (a missing figure's weight goes to
 *               the others), then ranked again within the business type: the shop's place, 0–100 %
 *   band        the rule's band holding that place gives the grade; the grade moves at most `maxStep` from the
 *               current one in a proposal (a shop climbs or falls over a few months, not at once)
 *
 * A shop is not judged (its grade is left alone, and the proposal says why) when it is newer than the window or
 * placed no order in it. The rule is refused, naming the field, when the weights are not whole percentages summing
 * to 100 or the bands do not cover 0–100 % exactly once in grade order (an overlap or a gap).
 */
import { GRADE_MAX, GRADE_MIN } from './grade';

export const GRADING_WEEKS = 12;
export const GRADING_FIGURES = ['ordered', 'premium', 'scanned'] as const;
export type GradingFigure = (typeof GRADING_FIGURES)[number];
export const MAX_STEP_LIMIT = GRADE_MAX - GRADE_MIN;

/** One grade's band of places within the business type, in whole percent: from ≤ place < to (the last band includes 100). */
export interface GradeBand {
  grade: number;
  fromPercent: number;
  toPercent: number;
}

export interface GradingRule {
  weights: Record<GradingFigure, number>;
  /** One band per grade 1–30, in grade order. */
  bands: GradeBand[];
  maxStep: number;
}

export type GradingRuleProblem =
  | { field: `weights.${GradingFigure}`; code: 'weight_not_whole' }
  | { field: 'weights'; code: 'weights_not_100'; sum: number }
  | { field: 'maxStep'; code: 'step_not_whole' }
  | { field: `bands.${number}.fromPercent` | `bands.${number}.toPercent`; code: 'percent_not_whole' | 'empty_band' }
  | { field: `bands.${number}.fromPercent`; code: 'overlap' | 'gap'; grade: number; previousTo: number }
  | { field: 'bands.0.fromPercent'; code: 'not_from_0' }
  | { field: `bands.${number}.toPercent`; code: 'not_to_100' }
  | { field: 'bands'; code: 'bands_not_30' };

/** Bands of near-equal width, 1 at the bottom to 30 at the top (the rule before staff write one). */
export function evenBands(): GradeBand[] {
  const n = GRADE_MAX - GRADE_MIN + 1;
  return Array.from({ length: n }, (_, i) => ({ grade: GRADE_MIN + i, fromPercent: Math.round((i * 100) / n), toPercent: Math.round(((i + 1) * 100) / n) }));
}

export const DEFAULT_GRADING_RULE: GradingRule = { weights: { ordered: 60, premium: 20, scanned: 20 }, bands: evenBands(), maxStep: 2 };

const whole = (n: number, min: number, max: number) => Number.isInteger(n) && n >= min && n <= max;

/** Everything wrong with a rule, each naming its field; empty when it may be saved. */
export function checkGradingRule(rule: GradingRule): GradingRuleProblem[] {
  const problems: GradingRuleProblem[] = [];
  let sum = 0;
  let wholeWeights = true;
  for (const f of GRADING_FIGURES) {
    const w = rule.weights[f];
    if (!whole(w, 0, 100)) {
      problems.push({ field: `weights.${f}`, code: 'weight_not_whole' });
      wholeWeights = false;
    } else sum += w;
  }
  if (wholeWeights && sum !== 100) problems.push({ field: 'weights', code: 'weights_not_100', sum });
  if (!whole(rule.maxStep, 1, MAX_STEP_LIMIT)) problems.push({ field: 'maxStep', code: 'step_not_whole' });
  if (rule.bands.length !== GRADE_MAX - GRADE_MIN + 1 || rule.bands.some((b, i) => b.grade !== GRADE_MIN + i)) {
    problems.push({ field: 'bands', code: 'bands_not_30' });
    return problems;
  }
  let previousTo: number | null = null;
  rule.bands.forEach((b, i) => {
    if (!whole(b.fromPercent, 0, 100)) problems.push({ field: `bands.${i}.fromPercent`, code: 'percent_not_whole' });
    if (!whole(b.toPercent, 0, 100)) problems.push({ field: `bands.${i}.toPercent`, code: 'percent_not_whole' });
    if (!whole(b.fromPercent, 0, 100) || !whole(b.toPercent, 0, 100)) {
      previousTo = null;
      return;
    }
    if (b.toPercent <= b.fromPercent) problems.push({ field: `bands.${i}.toPercent`, code: 'empty_band' });
    if (i === 0 && b.fromPercent !== 0) problems.push({ field: 'bands.0.fromPercent', code: 'not_from_0' });
    if (previousTo !== null && b.fromPercent < previousTo) problems.push({ field: `bands.${i}.fromPercent`, code: 'overlap', grade: b.grade, previousTo });
    if (previousTo !== null && b.fromPercent > previousTo) problems.push({ field: `bands.${i}.fromPercent`, code: 'gap', grade: b.grade, previousTo });
    previousTo = b.toPercent;
  });
  const last = rule.bands.at(-1)!;
  if (whole(last.toPercent, 0, 100) && last.toPercent !== 100) problems.push({ field: `bands.${rule.bands.length - 1}.toPercent`, code: 'not_to_100' });
  return problems;
}

/** One shop's figures over the window (null: unknown). */
export interface GradingShop {
  retailerId: number;
  businessType: string;
  grade: number;
  /** Not judged: newer than the window, or no order placed in it. */
  notJudged: 'new_shop' | 'no_orders' | null;
  orderedFen: number;
  premiumFen: number;
  /** Scanned packs; null when it uploaded sales on fewer than half the window's days. */
  scannedPacks: number | null;
}

export interface GradeProposal {
  retailerId: number;
  gradeFrom: number;
  /** What the rule gives (the band), and what is proposed (within maxStep of the current grade). */
  bandGrade: number;
  gradeTo: number;
  /** The shop's figures and places (0–1) within its business type, its score and final place; for the "why". */
  why: {
    orderedFen: number;
    premiumShare: number | null;
    scannedPacks: number | null;
    places: Partial<Record<GradingFigure, number>>;
    score: number;
    place: number;
    rank: number;
    shops: number;
    stepLimited: boolean;
  };
}

export interface GradingResult {
  proposals: GradeProposal[];
  notJudged: Array<{ retailerId: number; grade: number; reason: 'new_shop' | 'no_orders' }>;
}

/** How many of the ascending `sorted` are below `v`. */
function countBelow(sorted: readonly number[], v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** How many of the ascending `sorted` are at or below `v`. */
function countAtOrBelow(sorted: readonly number[], v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** p = (values below + ½ equal) ÷ n for each value, in the order given (ties share a place). */
export function places(values: readonly number[]): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  return values.map((v) => {
    const below = countBelow(sorted, v);
    return (below + (countAtOrBelow(sorted, v) - below) / 2) / n;
  });
}

/** The grade whose band holds a place (0–1); the top band includes 100 %. */
export function gradeForPlace(bands: readonly GradeBand[], place: number): number {
  const pct = Math.min(100, Math.max(0, place * 100));
  for (const b of bands) if (pct >= b.fromPercent && pct < b.toPercent) return b.grade;
  return bands.at(-1)!.grade;
}

/** Every judged shop's proposed grade under `rule` (changes and non-changes alike), and the shops not judged. */
export function proposeGrades(rule: GradingRule, shops: readonly GradingShop[]): GradingResult {
  const notJudged: GradingResult['notJudged'] = [];
  const byType = new Map<string, GradingShop[]>();
  for (const s of shops) {
    if (s.notJudged) {
      notJudged.push({ retailerId: s.retailerId, grade: s.grade, reason: s.notJudged });
      continue;
    }
    const list = byType.get(s.businessType);
    if (list) list.push(s);
    else byType.set(s.businessType, [s]);
  }
  const proposals: GradeProposal[] = [];
  for (const group of byType.values()) {
    const premiumShare = (s: GradingShop) => (s.orderedFen > 0 ? s.premiumFen / s.orderedFen : 0);
    const orderedPlaces = places(group.map((s) => s.orderedFen));
    const premiumPlaces = places(group.map(premiumShare));
    // The scanned figure is ranked among the shops that have it.
    const known = group.filter((s) => s.scannedPacks !== null);
    const knownPlaces = places(known.map((k) => k.scannedPacks!));
    const scannedPlace = new Map(known.map((s, i) => [s.retailerId, knownPlaces[i]!]));
    const scores = group.map((s, i) => {
      const p: Partial<Record<GradingFigure, number>> = { ordered: orderedPlaces[i]!, premium: premiumPlaces[i]! };
      const scanned = scannedPlace.get(s.retailerId);
      if (scanned !== undefined) p.scanned = scanned;
      let weighted = 0;
      let weights = 0;
      for (const f of GRADING_FIGURES) {
        if (p[f] === undefined) continue;
        weighted += rule.weights[f] * p[f];
        weights += rule.weights[f];
      }
      return { p, score: weights > 0 ? weighted / weights : 0 };
    });
    const finalPlaces = places(scores.map((s) => s.score));
    const ascending = scores.map((s) => s.score).sort((a, b) => a - b);
    group.forEach((s, i) => {
      const place = finalPlaces[i]!;
      const bandGrade = gradeForPlace(rule.bands, place);
      const gradeTo = Math.min(s.grade + rule.maxStep, Math.max(s.grade - rule.maxStep, bandGrade));
      proposals.push({
        retailerId: s.retailerId,
        gradeFrom: s.grade,
        bandGrade,
        gradeTo,
        why: {
          orderedFen: s.orderedFen,
          premiumShare: s.orderedFen > 0 ? Math.round(premiumShare(s) * 1000) / 1000 : null,
          scannedPacks: s.scannedPacks,
          places: Object.fromEntries(Object.entries(scores[i]!.p).map(([k, v]) => [k, Math.round(v * 1000) / 1000])),
          score: Math.round(scores[i]!.score * 1000) / 1000,
          place: Math.round(place * 1000) / 1000,
          // 1 = the best of its business type: one more than the shops scoring above it.
          rank: group.length - countAtOrBelow(ascending, scores[i]!.score) + 1,
          shops: group.length,
          stepLimited: gradeTo !== bandGrade,
        },
      });
    });
  }
  proposals.sort((a, b) => a.retailerId - b.retailerId);
  return { proposals, notJudged };
}
