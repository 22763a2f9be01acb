/**
 * Every threshold the data-quality checks use, in one place, so the rules documented in index.ts and the
 * numbers the code applies cannot drift apart. Quantities are packs (盒).
 */

/** Stock identity: |counted − expected| above this many packs is a 库存误差 (QualityOptions can override). */
export const DEFAULT_TOLERANCE_PACKS = 2;

export const TIMES_TEN = {
  /** Recorded quantity must be at least this multiple of the spec's typical nonzero day. */
  minFactorOverTypical: 8,
  /** The typical day is the median of at least this many *other* nonzero days of the same spec and flow. */
  minOtherDays: 5,
  /**
   * recorded ÷ 10 must still be a believable day for the spec: at most this multiple of the typical day
   * (or the largest other day, when that is larger). Beyond it the value is not "packs typed as cartons"
   * but something else (×100, a stray number), and suggesting ÷ 10 would be a wrong one-tap fix.
   */
  maxSuggestedOverTypical: 5,
} as const;

export const OUTLIER_DAY = {
  /** Days with recorded sales, besides the day judged, needed before any day is judged. */
  minOtherDays: 14,
  /** A day must exceed the median by more than this many MADs (raw median absolute deviation)… */
  madMultiple: 6,
  /** …and be at least this multiple of the median: weekday rhythm and festivals stay well below it. */
  medianMultiple: 3,
  /** A perfectly steady shop has MAD 0; one pack keeps "6 MADs" meaningful. */
  madFloorPacks: 1,
  /**
   * The day must also reach medianMultiple × the median of this many recorded days before it, so a festival
   * rush, which builds up over the days before, is not read as a string of scan errors.
   */
  neighbours: 6,
} as const;

/**
 * A typed stock count far from the stock the records expect (count-check.ts): the shop is asked "确认？" before
 * it is saved. Far means |counted − expected| above the larger of minPacks and share × expected — well beyond
 * the 库存误差 tolerance, which only flags the count for fixing after it is saved.
 */
export const WILD_COUNT = {
  /** Two cartons: a count this close to the expectation is never questioned, whatever the stock. */
  minPacks: 20,
  /** Half the expected stock: on a big stock, 50 % off is still a miscount or a wrong unit, not shrinkage. */
  share: 0.5,
} as const;
