import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bandFillGap, fillEvenness } from '~/domain/allocation';

describe('evenness of fill: examples', () => {
  it('is 1 when every shop got the same share of its demand, lower when a few got it all', () => {
    expect(fillEvenness([{ allocatedCartons: 1, demandCartons: 2 }, { allocatedCartons: 3, demandCartons: 6 }])).toBe(1);
    // Two of four shops filled, two with nothing: Gini 0.5.
    const half = [1, 1, 0, 0].map((a) => ({ allocatedCartons: a, demandCartons: 1 }));
    expect(fillEvenness(half)).toBe(0.5);
    expect(fillEvenness([{ allocatedCartons: 3, demandCartons: 0 }])).toBeNull();
  });

  it('the gap between grade bands is the best band’s 需求满足率 minus the worst’s', () => {
    expect(bandFillGap([{ demandCartons: 10, demandMetCartons: 9 }, { demandCartons: 4, demandMetCartons: 1 }, { demandCartons: 0, demandMetCartons: 0 }])).toBe(0.65);
    expect(bandFillGap([{ demandCartons: 10, demandMetCartons: 9 }])).toBeNull();
  });
});

const line = fc.record({ allocatedCartons: fc.integer({ min: 0, max: 20 }), demandCartons: fc.double({ min: 0, max: 20, noNaN: true }) });

describe('evenness of fill: properties', () => {
  it('lies between 0 and 1 and does not depend on the order of the shops', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 40 }), (lines) => {
        const e = fillEvenness(lines);
        const r = fillEvenness([...lines].reverse());
        return e === r && (e === null || (e >= 0 && e <= 1));
      }),
    );
  });

  it('giving every shop the same share of its demand is perfectly even', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 20 }), { minLength: 1, maxLength: 30 }), fc.integer({ min: 0, max: 4 }), (demands, k) =>
        fillEvenness(demands.map((d) => ({ allocatedCartons: (d * k) / 4, demandCartons: d }))) === 1,
      ),
    );
  });
});
