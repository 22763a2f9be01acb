import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocate, allocateCycle, eligibleCartons, gradeWeight, shareSpec, type AllocationLine } from '~/domain/allocation';

const line = (key: number, grade: number, requestedCartons: number, capCartons: number | null = null, specId = 1): AllocationLine => ({ key, specId, grade, requestedCartons, capCartons });
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe('allocate: hand-worked examples', () => {
  it('gives every line min(requested, cap) when the supply covers it, or when there is no supply limit', () => {
    const lines = [line(1, 3, 2, 1), line(2, 20, 5, 4), line(3, 8, 3)];
    expect(shareSpec(lines, null)).toEqual([1, 4, 3]);
    expect(shareSpec(lines, 8)).toEqual([1, 4, 3]);
    expect(shareSpec(lines, 100)).toEqual([1, 4, 3]);
  });

  it('shares a short supply by grade weight (10 + grade): 2 × grade 10 and 1 × grade 30 asking 10 each, 20 cartons', () => {
    // weights 20, 20, 40 → exact shares 5, 5, 10 (no rounding needed)
    expect(shareSpec([line(1, 10, 10), line(2, 10, 10), line(3, 30, 10)], 20)).toEqual([5, 5, 10]);
  });

  it('rounds by largest remainder: grades 1, 2, 3 asking 4 each share 5 cartons', () => {
    // weights 11, 12, 13 (sum 36), shares 5·11/36 = 1.528, 5·12/36 = 1.667, 5·13/36 = 1.806 → floors 1,1,1 and
    // two cartons left for the two largest remainders (grades 3 and 2).
    expect(shareSpec([line(1, 1, 4), line(2, 2, 4), line(3, 3, 4)], 5)).toEqual([1, 2, 2]);
  });

  it('water-fills: a small ask covered by its share is given in full and the rest is shared again', () => {
    // Grade 30 asking 1 and two grade-1 shops asking 5, 9 cartons: λ = 9 / (1·40 + 5·11 + 5·11) = 0.06 and
    // grade 30's share 0.06·40 = 2.4 covers its 1 carton, so it gets it; 8 are shared by the two asks of 5 → 4, 4.
    expect(shareSpec([line(1, 30, 1), line(2, 1, 5), line(3, 1, 5)], 9)).toEqual([1, 4, 4]);
    // With 10 the two get 4.5 each: the carton left by rounding goes to the smaller key.
    expect(shareSpec([line(1, 30, 1), line(2, 1, 5), line(3, 1, 5)], 10)).toEqual([1, 5, 4]);
  });

  it('applies the cap before sharing, and ties go to the higher grade, then the smaller key', () => {
    // caps make the asks 2, 2, 2; 3 cartons between grades 5, 5 and 6 → weights 15, 15, 16: shares 0.978, 0.978, 1.043
    expect(shareSpec([line(7, 5, 9, 2), line(3, 5, 2, 2), line(5, 6, 2)], 3)).toEqual([1, 1, 1]);
    // 1 carton between two identical lines goes to the smaller key, whatever their order
    expect(shareSpec([line(9, 5, 1), line(4, 5, 1)], 1)).toEqual([0, 1]);
  });

  it('zero supply gives nothing; zero and negative asks get nothing', () => {
    expect(shareSpec([line(1, 30, 3), line(2, 1, 3)], 0)).toEqual([0, 0]);
    expect(shareSpec([line(1, 30, 0), line(2, 1, -2), line(3, 4, 3)], 2)).toEqual([0, 0, 2]);
    expect(eligibleCartons({ requestedCartons: 5, capCartons: 0 })).toBe(0);
  });

  it('reports each spec: supply, requested, eligible, allocated, short', () => {
    const r = allocate([line(1, 5, 3, 2, 10), line(2, 25, 4, null, 10), line(3, 1, 2, null, 20)], [{ specId: 10, supplyCartons: 4 }]);
    expect(r.specs).toEqual([
      { specId: 10, supplyCartons: 4, lines: 2, requestedCartons: 7, eligibleCartons: 6, allocatedCartons: 4, short: true },
      { specId: 20, supplyCartons: null, lines: 1, requestedCartons: 2, eligibleCartons: 2, allocatedCartons: 2, short: false },
    ]);
  });
});

describe('allocate: properties', () => {
  const lineArb = fc.record({
    grade: fc.integer({ min: 1, max: 30 }),
    requestedCartons: fc.integer({ min: 0, max: 60 }),
    capCartons: fc.option(fc.integer({ min: 0, max: 40 }), { nil: null }),
  });
  const specArb = fc.record({
    lines: fc.array(lineArb, { minLength: 0, maxLength: 60 }),
    supply: fc.option(fc.integer({ min: 0, max: 1500 }), { nil: null }),
  });
  const keyed = (ls: Array<Omit<AllocationLine, 'key' | 'specId'>>) => ls.map((l, i) => ({ ...l, key: i + 1, specId: 1 }));

  it('never above request, cap or supply; total = min(supply, Σ min(request, cap)) — nothing lost to rounding', () => {
    fc.assert(
      fc.property(specArb, ({ lines, supply }) => {
        const ls = keyed(lines);
        const a = shareSpec(ls, supply);
        const eligible = sum(ls.map(eligibleCartons));
        ls.forEach((l, i) => {
          expect(Number.isInteger(a[i])).toBe(true);
          expect(a[i]).toBeGreaterThanOrEqual(0);
          expect(a[i]).toBeLessThanOrEqual(Math.max(0, l.requestedCartons));
          if (l.capCartons !== null) expect(a[i]).toBeLessThanOrEqual(l.capCartons);
        });
        expect(sum(a)).toBe(supply === null ? eligible : Math.min(supply, eligible));
      }),
      { numRuns: 400 },
    );
  });

  it('a higher grade never gets less than a lower grade asking the same (or less)', () => {
    fc.assert(
      fc.property(specArb, ({ lines, supply }) => {
        const ls = keyed(lines);
        const a = shareSpec(ls, supply);
        for (let i = 0; i < ls.length; i++) {
          for (let j = 0; j < ls.length; j++) {
            if (ls[i]!.grade > ls[j]!.grade && eligibleCartons(ls[i]!) >= eligibleCartons(ls[j]!)) expect(a[i]).toBeGreaterThanOrEqual(a[j]!);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('is deterministic: the same lines in any order give every line the same cartons', () => {
    fc.assert(
      fc.property(specArb, fc.integer(), ({ lines, supply }, seed) => {
        const ls = keyed(lines);
        const shuffled = [...ls].sort((x, y) => ((x.key * 2654435761 + seed) % 97) - ((y.key * 2654435761 + seed) % 97));
        const first = allocate(ls, [{ specId: 1, supplyCartons: supply }]).allocated;
        const again = allocate(shuffled, [{ specId: 1, supplyCartons: supply }]).allocated;
        expect([...again].sort((x, y) => x[0] - y[0])).toEqual([...first].sort((x, y) => x[0] - y[0]));
      }),
      { numRuns: 200 },
    );
  });

  it('weights grow with grade', () => {
    for (let g = 1; g < 30; g++) expect(gradeWeight(g + 1)).toBeGreaterThan(gradeWeight(g));
  });
});

describe('allocateCycle: deposits', () => {
  it('fails an order its deposit cannot cover and gives its scarce cartons to the others', () => {
    const orders = [
      { orderId: 1, depositBalanceFen: 1_000, lines: [{ ...line(1, 30, 4), unitPriceFen: 500 }] },
      { orderId: 2, depositBalanceFen: 100_000, lines: [{ ...line(2, 1, 4), unitPriceFen: 500 }] },
    ];
    const r = allocateCycle(orders, [{ specId: 1, supplyCartons: 4 }]);
    expect(r.failed).toEqual([{ orderId: 1, amountFen: expect.any(Number) as unknown, depositBalanceFen: 1_000 }]);
    expect(r.allocated.get(1)).toBe(0);
    expect(r.allocated.get(2)).toBe(4);
    expect(r.amountFen.get(2)).toBe(2_000);
    expect(r.rounds).toBe(2);
  });

  it('keeps failing until every remaining order is covered, and never hands out more than the supply', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ grade: fc.integer({ min: 1, max: 30 }), req: fc.integer({ min: 1, max: 8 }), deposit: fc.integer({ min: 0, max: 6_000 }) }), { minLength: 1, maxLength: 25 }),
        fc.integer({ min: 0, max: 60 }),
        (shops, supply) => {
          const orders = shops.map((s, i) => ({ orderId: i + 1, depositBalanceFen: s.deposit, lines: [{ ...line(i + 1, s.grade, s.req), unitPriceFen: 1_000 }] }));
          const r = allocateCycle(orders, [{ specId: 1, supplyCartons: supply }]);
          const failed = new Set(r.failed.map((f) => f.orderId));
          let total = 0;
          for (const o of orders) {
            const a = r.allocated.get(o.orderId)!;
            total += a;
            if (failed.has(o.orderId)) expect(a).toBe(0);
            else expect(a * 1_000).toBeLessThanOrEqual(o.depositBalanceFen);
          }
          const eligible = sum(orders.filter((o) => !failed.has(o.orderId)).map((o) => o.lines[0]!.requestedCartons));
          expect(total).toBe(Math.min(supply, eligible));
        },
      ),
      { numRuns: 300 },
    );
  });
});
