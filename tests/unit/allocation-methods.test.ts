import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkMethod, eligibleCartons, MethodRefused, shareSpec, shareSpecBy, type AllocationMethod, type DemandLine } from '~/domain/allocation';

const line = (key: number, grade: number, requestedCartons: number, demandCartons: number, regularSeller = true, capCartons: number | null = null): DemandLine => ({
  key,
  specId: 1,
  grade,
  requestedCartons,
  capCartons,
  demandCartons,
  regularSeller,
});
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const demand = (floorCartons: number): AllocationMethod => ({ kind: 'demand', floorCartons });

describe('allocation methods: examples', () => {
  it('按档位 is today’s rule', () => {
    const lines = [line(1, 1, 5, 5), line(2, 30, 5, 0.2)];
    expect(shareSpecBy(lines, 4, { kind: 'grade' })).toEqual(shareSpec(lines, 4));
  });

  it('按需 shares by estimated demand, not by grade or by what was asked', () => {
    // A grade-30 shop asking its cap of 6 but selling 0.5 a week, and two grade-5 shops selling 3 a week each.
    const lines = [line(1, 30, 6, 0.5, false), line(2, 5, 3, 3), line(3, 5, 3, 3)];
    expect(shareSpec(lines, 6)).toEqual([4, 1, 1]);
    expect(shareSpecBy(lines, 6, demand(0))).toEqual([0, 3, 3]);
  });

  it('the floor gives every regular seller one before anyone gets two', () => {
    const lines = [line(1, 30, 5, 10), line(2, 1, 5, 0.3), line(3, 2, 5, 0.2), line(4, 3, 5, 0, false)];
    const a = shareSpecBy(lines, 5, demand(1));
    expect(a[1]).toBe(1);
    expect(a[2]).toBe(1);
    expect(a[3]).toBe(0);
    expect(sum(a)).toBe(5);
  });

  it('floors above what the supply can give: one each by demand until it is gone', () => {
    const lines = [line(1, 30, 5, 1), line(2, 1, 5, 3), line(3, 2, 5, 2)];
    expect(shareSpecBy(lines, 2, demand(2))).toEqual([0, 1, 1]);
  });

  it('what no demand claims goes by grade', () => {
    // Only shop 1 has demand (ceiling 2); the other 3 cartons go to the asks without demand, by grade.
    const lines = [line(1, 10, 2, 4), line(2, 30, 3, 0, false), line(3, 1, 3, 0, false)];
    expect(shareSpecBy(lines, 5, demand(0))).toEqual([2, 2, 1]);
  });

  it('a blend 50/50 lies between the two', () => {
    const lines = [line(1, 30, 6, 0.5, false), line(2, 5, 3, 3), line(3, 5, 3, 3)];
    expect(shareSpecBy(lines, 6, { kind: 'blend', floorCartons: 0, gradePercent: 50, demandPercent: 50 })).toEqual([2, 2, 2]);
  });

  it('refuses bad input naming the field, and shares nothing', () => {
    expect(checkMethod(demand(5), 4)).toEqual([{ field: 'floorCartons', code: 'floor_above_supply' }]);
    expect(checkMethod({ kind: 'blend', floorCartons: 1, gradePercent: 60, demandPercent: 50 }, 10)).toEqual([{ field: 'demandPercent', code: 'weights_not_100' }]);
    expect(checkMethod(demand(1.5), 10)).toEqual([{ field: 'floorCartons', code: 'floor_not_whole' }]);
    expect(() => shareSpecBy([line(1, 1, 9, 9)], 4, demand(5))).toThrow(MethodRefused);
  });
});

const lineArb = fc.record({
  grade: fc.integer({ min: 1, max: 30 }),
  requestedCartons: fc.integer({ min: 0, max: 12 }),
  capCartons: fc.option(fc.integer({ min: 0, max: 8 }), { nil: null }),
  demandCartons: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 30, noNaN: true })),
  regularSeller: fc.boolean(),
});
const linesArb = fc.array(lineArb, { minLength: 1, maxLength: 40 }).map((ls) => ls.map((l, i) => ({ ...l, key: i * 7 + 3, specId: 1 })));
const methodArb: fc.Arbitrary<AllocationMethod> = fc.oneof(
  fc.constant({ kind: 'grade' } as const),
  fc.record({ kind: fc.constant('demand' as const), floorCartons: fc.integer({ min: 0, max: 3 }) }),
  fc.integer({ min: 0, max: 100 }).chain((g) => fc.record({ kind: fc.constant('blend' as const), floorCartons: fc.integer({ min: 0, max: 3 }), gradePercent: fc.constant(g), demandPercent: fc.constant(100 - g) })),
);
const supplyArb = fc.integer({ min: 3, max: 120 });

describe('allocation methods: properties', () => {
  it('never more than the supply, never above min(asked, cap), whole cartons, and all of the supply when the lines can take it', () => {
    fc.assert(
      fc.property(linesArb, supplyArb, methodArb, (lines, supply, method) => {
        const a = shareSpecBy(lines, supply, method);
        const eligible = lines.map(eligibleCartons);
        return (
          a.every((x, i) => Number.isInteger(x) && x >= 0 && x <= eligible[i]!) && sum(a) <= supply && sum(a) === Math.min(supply, sum(eligible))
        );
      }),
    );
  });

  it('the floor is honoured when the supply allows: each regular seller gets min(floor, asked, cap)', () => {
    fc.assert(
      fc.property(linesArb, supplyArb, methodArb, (lines, supply, method) => {
        if (method.kind === 'grade') return true;
        const eligible = lines.map(eligibleCartons);
        const floors = lines.map((l, i) => (l.regularSeller ? Math.min(method.floorCartons, eligible[i]!) : 0));
        if (sum(floors) > supply) return true;
        const a = shareSpecBy(lines, supply, method);
        return a.every((x, i) => x >= floors[i]!);
      }),
    );
  });

  it('when the floors are more than the supply, no regular seller gets two while another asking gets none', () => {
    fc.assert(
      fc.property(linesArb, fc.integer({ min: 2, max: 10 }), (lines, supply) => {
        const eligible = lines.map(eligibleCartons);
        const asking = lines.map((l, i) => l.regularSeller && eligible[i]! > 0);
        if (asking.filter(Boolean).length <= supply) return true;
        const a = shareSpecBy(lines, supply, demand(2));
        return !(a.some((x, i) => asking[i] && x >= 2) && a.some((x, i) => asking[i] && x === 0)) && sum(a) === supply;
      }),
    );
  });

  it('is deterministic: the same lines in any order get the same cartons', () => {
    fc.assert(
      fc.property(linesArb, supplyArb, methodArb, fc.infiniteStream(fc.double({ min: 0, max: 1, noNaN: true })), (lines, supply, method, noise) => {
        const a = shareSpecBy(lines, supply, method);
        const byKey = new Map(lines.map((l, i) => [l.key, a[i]!]));
        const shuffled = lines.map((l) => [noise.next().value, l] as const).sort((x, y) => x[0] - y[0]).map(([, l]) => l);
        const b = shareSpecBy(shuffled, supply, method);
        return shuffled.every((l, i) => byKey.get(l.key) === b[i]);
      }),
    );
  });

  it('按需: a line with more demand and no smaller ceiling never gets less', () => {
    fc.assert(
      fc.property(linesArb, supplyArb, (lines, supply) => {
        const a = shareSpecBy(lines, supply, demand(0));
        const eligible = lines.map(eligibleCartons);
        const units = lines.map((l) => Math.round(l.demandCartons * 100));
        return lines.every((_, i) => lines.every((_, j) => !(units[i]! > units[j]! && eligible[i]! >= eligible[j]!) || a[i]! >= a[j]!));
      }),
    );
  });
});
