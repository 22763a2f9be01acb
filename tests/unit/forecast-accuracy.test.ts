import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { accuracyOf, accuracyRows } from '~/domain/forecast-accuracy';

describe('forecast accuracy', () => {
  it('is 1 − Σ|F − A| ÷ ΣA, for the county and per spec', () => {
    const rows = accuracyRows([
      { specId: 1, forecastPacks: 10, actualPacks: 8 },
      { specId: 1, forecastPacks: 5, actualPacks: 7 },
      { specId: 2, forecastPacks: 3.4, actualPacks: 3 },
    ]);
    expect(rows[0]).toEqual({ specId: 0, forecastPacks: 18, actualPacks: 18, absErrorPacks: 4 });
    expect(accuracyOf(rows[0]!)).toBeCloseTo(1 - 4 / 18, 12);
    expect(rows[1]).toEqual({ specId: 1, forecastPacks: 15, actualPacks: 15, absErrorPacks: 4 });
    expect(accuracyOf(rows[2]!)).toBe(1);
    expect(accuracyOf({ absErrorPacks: 3, actualPacks: 0 })).toBeNull();
  });

  it('a perfect forecast scores 1; the county row adds up the specs', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ specId: fc.integer({ min: 1, max: 5 }), actualPacks: fc.nat(50) }), { minLength: 1 }), (pairs) => {
        const rows = accuracyRows(pairs.map((p) => ({ ...p, forecastPacks: p.actualPacks })));
        expect(rows[0]!.absErrorPacks).toBe(0);
        const specs = rows.slice(1);
        expect(specs.reduce((n, r) => n + r.actualPacks, 0)).toBe(rows[0]!.actualPacks);
      }),
    );
  });
});
