/** Small robust statistics on sorted arrays (ascending), allocation-free where it matters. */

/** Median of an ascending array; NaN when empty. */
export function medianOfSorted(sorted: readonly number[]): number {
  return medianOfSortedWithout(sorted, -1);
}

/**
 * Median of an ascending array with the element at `skipIndex` left out (−1: none left out), without copying:
 * the k-th element of the reduced array is sorted[k] before the gap and sorted[k + 1] after it.
 */
export function medianOfSortedWithout(sorted: readonly number[], skipIndex: number): number {
  const length = skipIndex >= 0 ? sorted.length - 1 : sorted.length;
  if (length <= 0) return Number.NaN;
  const at = (k: number) => sorted[skipIndex >= 0 && k >= skipIndex ? k + 1 : k]!;
  const mid = length >> 1;
  return length % 2 === 1 ? at(mid) : (at(mid - 1) + at(mid)) / 2;
}

/** Largest element of an ascending array with the element at `skipIndex` left out; NaN when nothing is left. */
export function maxOfSortedWithout(sorted: readonly number[], skipIndex: number): number {
  const last = sorted.length - 1;
  if (skipIndex === last) return last >= 1 ? sorted[last - 1]! : Number.NaN;
  return last >= 0 ? sorted[last]! : Number.NaN;
}

/** Index of the first element ≥ value (sorted.length when none), for numbers or 'YYYY-MM-DD' days. */
export function lowerBound<T extends number | string>(sorted: readonly T[], value: T): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Median absolute deviation from a given centre. */
export function medianAbsoluteDeviation(values: readonly number[], centre: number): number {
  const deviations = values.map((v) => Math.abs(v - centre)).sort((a, b) => a - b);
  return medianOfSorted(deviations);
}
