/**
 * "My grade" (我的档位): what the shop's grade gives it this cycle and the shop's own figures that grades are set
 * from (档位评定: sales amount and structure, ranked within the business type). Pure.
 */
import { capForGrade, type CapBand } from '../ordering';

export const GRADE_MIN = 1;
export const GRADE_MAX = 30;
/** The weeks of the shop's own figures shown beside its grade. */
export const GRADE_FIGURE_WEEKS = 13;
/** The most characters of staff's text on how grades are set. */
export const GRADE_RULES_MAX_CHARS = 4000;

export interface SpecCapBands {
  specId: number;
  bands: readonly CapBand[];
}

/**
 * Each capped spec's cap at the shop's grade and at the next grade up (null at 30, or where the next grade has
 * no cap), for specs whose cap applies to the grade. A spec capped only for other grades is not capped for it.
 */
export function capsAtGrade(specs: readonly SpecCapBands[], grade: number): Array<{ specId: number; capCartons: number; nextGradeCapCartons: number | null }> {
  const out: Array<{ specId: number; capCartons: number; nextGradeCapCartons: number | null }> = [];
  for (const s of specs) {
    const cap = capForGrade(s.bands, grade);
    if (cap === null) continue;
    out.push({ specId: s.specId, capCartons: cap, nextGradeCapCartons: grade < GRADE_MAX ? capForGrade(s.bands, grade + 1) : null });
  }
  return out;
}

/** The shop's sales by price class (一类 … 五类): each class's share of the amount, classes with sales only. */
export function salesStructure(rows: ReadonlyArray<{ priceClass: number; amountFen: number }>): Array<{ priceClass: number; amountFen: number; share: number }> {
  const byClass = new Map<number, number>();
  for (const r of rows) byClass.set(r.priceClass, (byClass.get(r.priceClass) ?? 0) + r.amountFen);
  const total = [...byClass.values()].reduce((a, b) => a + b, 0);
  return [...byClass]
    .filter(([, amount]) => amount > 0)
    .sort(([a], [b]) => a - b)
    .map(([priceClass, amountFen]) => ({ priceClass, amountFen, share: total > 0 ? amountFen / total : 0 }));
}
