/**
 * Demand classification (Syntetos, Boylan & Croston 2005), on the observed series from cleaning.ts:
 *
 *   ADI = observed days ÷ days with a sale          (average inter-demand interval, in days)
 *   CV² = s² ÷ m² of the sizes of the sale days      (s² the sample variance, n − 1)
 *
 *                    CV² ≤ 0.49        CV² > 0.49
 *   ADI ≤ 1.32       smooth            erratic
 *   ADI > 1.32       intermittent      lumpy
 *
 * The cut-offs are where Croston/SBA starts to beat exponential smoothing in their analysis; a value exactly at
 * a cut-off counts as the low side. With fewer than classifyMinObservedDays observed days (default 28) or fewer
 * than classifyMinSaleDays sale days (default 2: CV² needs two sizes) the class is 'insufficient'.
 * Both measures are unchanged when every sale is scaled by the same factor.
 */
import type { ReplenishmentParams } from './params';
import type { DemandClass } from './types';

export interface DemandClassification {
  demandClass: DemandClass;
  /** null when there was no sale. */
  adiDays: number | null;
  /** null with fewer than 2 sale days. */
  cv2: number | null;
  saleDays: number;
}

export function classifyDemand(
  demandPacks: ArrayLike<number>,
  params: Pick<ReplenishmentParams, 'classifyMinObservedDays' | 'classifyMinSaleDays' | 'adiCutoffDays' | 'cv2Cutoff'>,
): DemandClassification {
  const observedDays = demandPacks.length;
  let saleDays = 0;
  let sumPacks = 0;
  for (let i = 0; i < observedDays; i++) {
    const v = demandPacks[i]!;
    if (v > 0) {
      saleDays++;
      sumPacks += v;
    }
  }
  const adiDays = saleDays > 0 ? observedDays / saleDays : null;
  let cv2: number | null = null;
  if (saleDays >= 2) {
    const meanSizePacks = sumPacks / saleDays;
    let sumSquares = 0;
    for (let i = 0; i < observedDays; i++) {
      const v = demandPacks[i]!;
      if (v > 0) sumSquares += (v - meanSizePacks) * (v - meanSizePacks);
    }
    cv2 = sumSquares / (saleDays - 1) / (meanSizePacks * meanSizePacks);
  }

  let demandClass: DemandClass;
  if (observedDays < params.classifyMinObservedDays || saleDays < params.classifyMinSaleDays || adiDays === null || cv2 === null) {
    demandClass = 'insufficient';
  } else {
    const infrequent = adiDays > params.adiCutoffDays;
    const variable = cv2 > params.cv2Cutoff;
    demandClass = infrequent ? (variable ? 'lumpy' : 'intermittent') : variable ? 'erratic' : 'smooth';
  }
  return { demandClass, adiDays, cv2, saleDays };
}
