/** "My grade" (app/domain/shop/grade.ts): the caps a grade gives, one grade up, and the sales structure. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { capsAtGrade, GRADE_MAX, salesStructure } from '~/domain/shop/grade';

describe('capsAtGrade', () => {
  const specs = [
    { specId: 1, bands: [{ gradeFrom: 1, gradeTo: 5, capCartons: 1 }, { gradeFrom: 6, gradeTo: 30, capCartons: 3 }] },
    { specId: 2, bands: [{ gradeFrom: 10, gradeTo: 30, capCartons: 2 }] },
  ];

  it('the cap at the grade and one grade up; a spec capped only for other grades is left out', () => {
    expect(capsAtGrade(specs, 5)).toEqual([{ specId: 1, capCartons: 1, nextGradeCapCartons: 3 }]);
    expect(capsAtGrade(specs, 9)).toEqual([
      { specId: 1, capCartons: 3, nextGradeCapCartons: 3 },
    ]);
    expect(capsAtGrade(specs, 9).map((c) => c.specId)).not.toContain(2);
    expect(capsAtGrade(specs, GRADE_MAX)).toEqual([
      { specId: 1, capCartons: 3, nextGradeCapCartons: null },
      { specId: 2, capCartons: 2, nextGradeCapCartons: null },
    ]);
  });
});

describe('salesStructure', () => {
  it('shares by price class add up to one, classes in order, empty classes left out', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ priceClass: fc.integer({ min: 1, max: 5 }), amountFen: fc.integer({ min: 0, max: 1_000_000 }) }), { maxLength: 12 }), (rows) => {
        const s = salesStructure(rows);
        const total = rows.reduce((a, r) => a + r.amountFen, 0);
        if (total === 0) expect(s).toEqual([]);
        else expect(s.reduce((a, r) => a + r.share, 0)).toBeCloseTo(1, 9);
        expect(s.map((r) => r.priceClass)).toEqual([...new Set(s.map((r) => r.priceClass))].sort((a, b) => a - b));
        expect(s.every((r) => r.amountFen > 0)).toBe(true);
      }),
    );
  });
});
