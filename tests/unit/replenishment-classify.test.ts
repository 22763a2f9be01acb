/** Syntetos–Boylan classification: golden ADI/CV² values, the cut-offs, 'insufficient', scale invariance. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyDemand } from '~/domain/replenishment/classify';
import { DEFAULT_REPLENISHMENT_PARAMS } from '~/domain/replenishment/params';
import golden from '../fixtures/forecast/classify.json';

describe('classifyDemand', () => {
  it.each(golden.cases)('golden: $expectedClass', (c) => {
    const result = classifyDemand(c.series, golden.params);
    expect(result.demandClass).toBe(c.expectedClass);
    expect(Math.abs(result.adiDays! - c.expectedAdiDays)).toBeLessThan(1e-9);
    expect(Math.abs(result.cv2! - c.expectedCv2)).toBeLessThan(1e-9);
  });

  it('counts a value exactly at a cut-off as the low side', () => {
    // 33 observed days with 25 sale days: ADI = 1.32 exactly → not intermittent.
    const series = Array.from({ length: 33 }, (_, i) => (i < 25 ? 4 : 0));
    const result = classifyDemand(series, DEFAULT_REPLENISHMENT_PARAMS);
    expect(result.adiDays).toBe(1.32);
    expect(result.demandClass).toBe('smooth');
    expect(classifyDemand(series, { ...DEFAULT_REPLENISHMENT_PARAMS, adiCutoffDays: 1.31 }).demandClass).toBe('intermittent');
  });

  it('is insufficient below 28 observed days or 2 sale days, and says what it could measure', () => {
    expect(classifyDemand(Array<number>(27).fill(2), DEFAULT_REPLENISHMENT_PARAMS).demandClass).toBe('insufficient');
    expect(classifyDemand(Array<number>(28).fill(2), DEFAULT_REPLENISHMENT_PARAMS).demandClass).toBe('smooth');
    const oneSale = [...Array<number>(40).fill(0), 3];
    expect(classifyDemand(oneSale, DEFAULT_REPLENISHMENT_PARAMS)).toEqual({ demandClass: 'insufficient', adiDays: 41, cv2: null, saleDays: 1 });
    expect(classifyDemand(Array<number>(40).fill(0), DEFAULT_REPLENISHMENT_PARAMS)).toEqual({
      demandClass: 'insufficient',
      adiDays: null,
      cv2: null,
      saleDays: 0,
    });
  });

  it('does not change when every sale is scaled by the same factor', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 28, maxLength: 120 }), fc.integer({ min: 2, max: 9 }), (series, k) => {
        const base = classifyDemand(series, DEFAULT_REPLENISHMENT_PARAMS);
        const scaled = classifyDemand(
          series.map((v) => v * k),
          DEFAULT_REPLENISHMENT_PARAMS,
        );
        expect(scaled.demandClass).toBe(base.demandClass);
        expect(scaled.adiDays).toBe(base.adiDays);
        if (base.cv2 !== null) expect(scaled.cv2!).toBeCloseTo(base.cv2, 9);
      }),
    );
  });
});
