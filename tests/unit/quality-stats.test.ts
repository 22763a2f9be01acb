import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lowerBound, maxOfSortedWithout, medianAbsoluteDeviation, medianOfSorted, medianOfSortedWithout } from '~/domain/quality/stats';

function naiveMedian(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

describe('quality statistics helpers', () => {
  it('takes medians of odd and even lengths, NaN when empty', () => {
    expect(medianOfSorted([1, 2, 9])).toBe(2);
    expect(medianOfSorted([1, 2, 4, 9])).toBe(3);
    expect(medianOfSorted([])).toBeNaN();
    expect(medianOfSortedWithout([5], 0)).toBeNaN();
    expect(medianAbsoluteDeviation([1, 2, 3, 4, 100], 3)).toBe(1);
  });

  it('the median without one element equals the median of the array with that element removed', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 2, maxLength: 40 }), fc.nat(), (values, pick) => {
        const sorted = [...values].sort((a, b) => a - b);
        const index = pick % sorted.length;
        const rest = sorted.filter((_, i) => i !== index);
        expect(medianOfSortedWithout(sorted, index)).toBe(naiveMedian(rest));
        expect(maxOfSortedWithout(sorted, index)).toBe(Math.max(...rest));
      }),
    );
  });

  it('finds the first element not below a value, for numbers and days', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 30 })), fc.integer({ min: -1, max: 31 }), (values, probe) => {
        const sorted = [...values].sort((a, b) => a - b);
        const expected = sorted.findIndex((v) => v >= probe);
        expect(lowerBound(sorted, probe)).toBe(expected < 0 ? sorted.length : expected);
      }),
    );
    expect(lowerBound(['2026-11-01', '2026-11-03'], '2026-11-02')).toBe(1);
  });
});
