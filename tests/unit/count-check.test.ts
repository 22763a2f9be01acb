/** "确认？" before a wildly-off stock count is saved (app/domain/quality/count-check.ts): examples and properties. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectationOf, judgeCount, wildCountLimitPacks, wildLines } from '~/domain/quality/count-check';
import { DEFAULT_TOLERANCE_PACKS, WILD_COUNT } from '~/domain/quality/thresholds';

describe('judgeCount', () => {
  it('does not question a count close to the expectation', () => {
    expect(judgeCount(48, 50)).toEqual({ wild: false });
    expect(judgeCount(70, 50)).toEqual({ wild: false }); // 20 packs off: two cartons is not wild
    expect(judgeCount(0, 12)).toEqual({ wild: false });
  });

  it('questions a count far from it, saying by how much', () => {
    expect(judgeCount(90, 50)).toEqual({ wild: true, expectedPacks: 50, differencePacks: 40, hint: 'far' });
    expect(judgeCount(0, 60)).toMatchObject({ wild: true, differencePacks: -60, hint: 'far' });
  });

  it('reads cartons typed into the packs field and an extra zero', () => {
    expect(judgeCount(8, 80)).toMatchObject({ wild: true, hint: 'cartons' });
    expect(judgeCount(800, 80)).toMatchObject({ wild: true, hint: 'extra_zero' });
    expect(judgeCount(800, 80, 20)).toMatchObject({ wild: true, hint: 'extra_zero' });
  });

  it('has no yardstick without an earlier count or when the records roll forward below zero', () => {
    expect(judgeCount(5000, null)).toEqual({ wild: false });
    expect(judgeCount(5000, -3)).toEqual({ wild: false });
  });

  it('refuses what is not a count', () => {
    expect(() => judgeCount(-1, 10)).toThrow(RangeError);
    expect(() => judgeCount(1.5, 10)).toThrow(RangeError);
  });

  it('asks only well beyond the tolerance of the 库存误差 check', () => {
    expect(WILD_COUNT.minPacks).toBeGreaterThan(DEFAULT_TOLERANCE_PACKS);
  });
});

const expected = fc.integer({ min: 0, max: 5_000 });
const count = fc.integer({ min: 0, max: 50_000 });

describe('judgeCount properties', () => {
  it('wild exactly when the difference exceeds the limit', () => {
    fc.assert(
      fc.property(count, expected, (c, e) => {
        expect(judgeCount(c, e).wild).toBe(Math.abs(c - e) > wildCountLimitPacks(e));
      }),
    );
  });

  it('never questions the expected figure itself, nor anything within two cartons of it', () => {
    fc.assert(
      fc.property(expected, fc.integer({ min: -WILD_COUNT.minPacks, max: WILD_COUNT.minPacks }), (e, d) => {
        fc.pre(e + d >= 0);
        expect(judgeCount(e + d, e).wild).toBe(false);
      }),
    );
  });

  it('is symmetric: as far above as below gives the same answer', () => {
    fc.assert(
      fc.property(expected, fc.integer({ min: 0, max: 5_000 }), (e, d) => {
        fc.pre(e - d >= 0);
        expect(judgeCount(e + d, e).wild).toBe(judgeCount(e - d, e).wild);
      }),
    );
  });

  it('is monotone: a count further from the expectation on the same side is at least as wild', () => {
    fc.assert(
      fc.property(expected, fc.integer({ min: 0, max: 5_000 }), fc.integer({ min: 0, max: 5_000 }), (e, d, more) => {
        if (judgeCount(e + d, e).wild) expect(judgeCount(e + d + more, e).wild).toBe(true);
        if (e - d - more >= 0 && judgeCount(e - d, e).wild) expect(judgeCount(e - d - more, e).wild).toBe(true);
      }),
    );
  });

  it('a wild judgement carries the difference, and its hint is right about the slip', () => {
    fc.assert(
      fc.property(count, expected, fc.constantFrom(10, 20), (c, e, ppc) => {
        const j = judgeCount(c, e, ppc);
        if (!j.wild) return;
        expect(j.differencePacks).toBe(c - e);
        if (j.hint === 'cartons') expect(judgeCount(c * ppc, e, ppc).wild).toBe(false);
        if (j.hint === 'extra_zero') expect(Math.abs(c / 10 - e)).toBeLessThanOrEqual(wildCountLimitPacks(e));
      }),
    );
  });

  it('a true figure typed in cartons is caught when the stock is large enough to tell', () => {
    fc.assert(
      fc.property(fc.integer({ min: 5, max: 500 }), (cartons) => {
        const e = cartons * 10;
        expect(judgeCount(cartons, e)).toMatchObject({ wild: true, hint: 'cartons' });
      }),
    );
  });
});

describe('wildLines', () => {
  it('lists only the wild lines, in order, with what was expected', () => {
    const exp = new Map([
      [1, expectationOf('2026-05-01', 30, 50, 20)],
      [2, expectationOf('2026-05-01', 40, 0, 10)],
    ]);
    expect(exp.get(1)!.expectedPacks).toBe(60);
    const lines = [
      { specId: 1, qtyPacks: 6 },
      { specId: 2, qtyPacks: 31 },
      { specId: 3, qtyPacks: 900 },
    ];
    expect(wildLines(lines, exp)).toEqual([{ specId: 1, countedPacks: 6, expectedPacks: 60, differencePacks: -54, hint: 'cartons' }]);
  });
});
