/**
 * Closed days read from the shop's own sales (issue 14). A shop's POS sends the day's file even when the shop was
 * shut (Spring Festival, a funeral, its weekly day off): the day arrives as an upload with no sale of any spec,
 * which the rule would read as a recorded zero for every spec — a week's closure then looks like a week without
 * demand. Such a day is read as closed (censored: no demand, nothing known) when, by the shop's own sales, a day
 * without a single sale of any spec is too unlikely to be chance:
 *
 *     p(s)         = days spec s sold ÷ recorded days of s          (from its first counted day on)
 *     chance(t)    = Π over the specs counted on day t of (1 − p(s)) (no spec sells, were they independent)
 *     closed(t)    = day t recorded, no spec sold, no line of it refused, and chance(t) < CLOSED_DAY_MAX_CHANCE
 *
 * A spec counts once it has CLOSED_DAY_MIN_RECORDED_DAYS recorded days (fewer say nothing about its pace). The
 * recorded days include the closed ones, so p is a little low and the chance a little high: an empty day is read
 * as closed only when it is clearly not chance. A shop selling a few specs now and then (its empty days are
 * ordinary) keeps its zeros; a shop whose thirty specs sell most days does not have an empty day by chance.
 * Independence understates the chance when busy and quiet days come to every spec at once; the 1 % threshold
 * leaves room for that (a shop of 30 specs each selling one day in five has a chance of 0.1 %).
 *
 * Guarantees (tests/unit/replenishment-closed-days.test.ts, fast-check): a day with a sale, a day not recorded
 * and a day with a refused line are never closed; more sale days of any spec, or another spec, never reopen a
 * closed day; a shop whose chance stays at or above the threshold has no closed day.
 */

/** An empty day is read as closed when the chance of it by the shop's own pace is below this. */
export const CLOSED_DAY_MAX_CHANCE = 0.01;
/** A spec's pace counts once it has this many recorded days. */
export const CLOSED_DAY_MIN_RECORDED_DAYS = 14;

/** One spec of the shop over the window: day index → packs sold (> 0 = a sale), from `first` on. */
export interface ClosedDaySpec {
  /** The first day index the spec counts from (0 for a spec of the whole window). */
  first: number;
  /** Packs sold per day index, over the whole window (indices before `first` are not read). */
  soldPacks: ArrayLike<number>;
}

export interface ClosedDayInput {
  /** Days in the window. */
  dayCount: number;
  /** Per day index: true when the shop's sales of the day are on record (an upload, no line of it refused). */
  recorded: (t: number) => boolean;
  specs: readonly ClosedDaySpec[];
}

/**
 * Per day index, 1 when the day is read as closed. Pure; O(specs × days).
 */
export function closedDaysOf(input: ClosedDayInput): Uint8Array {
  const { dayCount, specs } = input;
  const closed = new Uint8Array(dayCount);
  if (dayCount === 0) return closed;
  const recorded = new Uint8Array(dayCount);
  for (let t = 0; t < dayCount; t++) recorded[t] = input.recorded(t) ? 1 : 0;
  // Recorded days from t on, so a spec's recorded days are a subtraction.
  const recordedFrom = new Int32Array(dayCount + 1);
  for (let t = dayCount - 1; t >= 0; t--) recordedFrom[t] = recordedFrom[t + 1]! + recorded[t]!;
  // log chance(t) as a difference array over each spec's first day; a spec that sold every recorded day makes
  // every later empty day impossible by chance (−Infinity).
  const logChangeAt = new Float64Array(dayCount + 1);
  const anySale = new Uint8Array(dayCount);
  for (const spec of specs) {
    const first = Math.max(0, Math.floor(spec.first));
    if (first >= dayCount) continue;
    let saleDays = 0;
    for (let t = first; t < dayCount; t++) {
      if (spec.soldPacks[t]! > 0) {
        anySale[t] = 1;
        if (recorded[t]) saleDays++;
      }
    }
    const days = recordedFrom[first]!;
    if (days < CLOSED_DAY_MIN_RECORDED_DAYS || saleDays === 0) continue;
    logChangeAt[first] = logChangeAt[first]! + Math.log1p(-Math.min(1, saleDays / days));
  }
  const logThreshold = Math.log(CLOSED_DAY_MAX_CHANCE);
  let logChance = 0;
  for (let t = 0; t < dayCount; t++) {
    logChance += logChangeAt[t]!;
    if (recorded[t] && !anySale[t] && logChance < logThreshold) closed[t] = 1;
  }
  return closed;
}
