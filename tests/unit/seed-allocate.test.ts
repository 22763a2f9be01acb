import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocateShortSupply, gradeWeight } from '../../db/seed/allocate';

describe('seed allocation of short scarce supply', () => {
  it('gives everyone what they asked when the supply covers it', () => {
    expect(allocateShortSupply([{ grade: 3, requestedCartons: 2 }, { grade: 20, requestedCartons: 5 }], 10)).toEqual([2, 5]);
    expect(allocateShortSupply([], 4)).toEqual([]);
  });

  it('shares a short supply by grade: higher grades get more per carton asked', () => {
    const requests = [
      { grade: 2, requestedCartons: 10 },
      { grade: 15, requestedCartons: 10 },
      { grade: 30, requestedCartons: 10 },
    ];
    const allocated = allocateShortSupply(requests, 15);
    expect(allocated.reduce((a, b) => a + b, 0)).toBe(15);
    expect(allocated[0]!).toBeLessThan(allocated[1]!);
    expect(allocated[1]!).toBeLessThan(allocated[2]!);
  });

  it('gives small asks in full and re-shares what they leave', () => {
    const allocated = allocateShortSupply(
      [
        { grade: 30, requestedCartons: 1 },
        { grade: 1, requestedCartons: 50 },
        { grade: 1, requestedCartons: 50 },
      ],
      21,
    );
    expect(allocated).toEqual([1, 10, 10]);
  });

  it('never exceeds an ask or the supply and loses nothing to rounding (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ grade: fc.integer({ min: 1, max: 30 }), requestedCartons: fc.integer({ min: 0, max: 40 }) }), { maxLength: 60 }),
        fc.integer({ min: 0, max: 800 }),
        (requests, supply) => {
          const allocated = allocateShortSupply(requests, supply);
          const asked = requests.reduce((a, r) => a + r.requestedCartons, 0);
          expect(allocated.reduce((a, b) => a + b, 0)).toBe(Math.min(asked, supply));
          allocated.forEach((a, i) => {
            expect(Number.isInteger(a)).toBe(true);
            expect(a).toBeGreaterThanOrEqual(0);
            expect(a).toBeLessThanOrEqual(requests[i]!.requestedCartons);
          });
        },
      ),
    );
  });

  it('weights grade 30 about four times grade 1', () => {
    expect(gradeWeight(30) / gradeWeight(1)).toBeCloseTo(3.6, 1);
  });
});
