import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  capForGrade,
  checkOrder,
  depositShortfallFen,
  MAX_CARTONS_PER_LINE,
  repeatLastOrder,
  type OrderableSpec,
} from '~/domain/ordering';

const bands = [
  { gradeFrom: 1, gradeTo: 5, capCartons: 1 },
  { gradeFrom: 6, gradeTo: 15, capCartons: 3 },
  { gradeFrom: 16, gradeTo: 30, capCartons: 6 },
];

const spec = (id: number, over: Partial<OrderableSpec> = {}): OrderableSpec => ({
  id,
  isOrderable: 1,
  isDiscontinued: 0,
  wholesalePriceFenPerCarton: 25_000,
  capCartons: null,
  ...over,
});

describe('caps by grade band', () => {
  it('finds the band of the grade, or no cap', () => {
    expect(capForGrade(bands, 1)).toBe(1);
    expect(capForGrade(bands, 5)).toBe(1);
    expect(capForGrade(bands, 6)).toBe(3);
    expect(capForGrade(bands, 30)).toBe(6);
    expect(capForGrade([], 12)).toBeNull();
    expect(capForGrade(bands.slice(0, 1), 12)).toBeNull();
  });
});

describe('checking an order', () => {
  const specs = new Map([
    [1, spec(1, { capCartons: 2 })],
    [2, spec(2)],
    [3, spec(3, { isDiscontinued: 1 })],
    [4, spec(4, { isOrderable: 0 })],
  ]);

  it('accepts lines within caps and totals them in fen', () => {
    const r = checkOrder([{ specId: 1, qtyCartons: 2 }, { specId: 2, qtyCartons: 5 }, { specId: 4, qtyCartons: 0 }], specs);
    expect(r.lineProblems).toEqual([]);
    expect(r.orderProblems).toEqual([]);
    expect(r.totals).toEqual({ lineCount: 2, totalCartons: 7, totalAmountFen: 7 * 25_000 });
  });

  it('names every bad line with its reason', () => {
    const r = checkOrder(
      [
        { specId: 1, qtyCartons: 3 },
        { specId: 3, qtyCartons: 1 },
        { specId: 4, qtyCartons: 1 },
        { specId: 9, qtyCartons: 1 },
        { specId: 2, qtyCartons: 1.5 },
      ],
      specs,
    );
    expect(r.lineProblems).toEqual([
      { specId: 1, problem: { code: 'over_cap', cap: 2 } },
      { specId: 3, problem: { code: 'discontinued' } },
      { specId: 4, problem: { code: 'not_orderable' } },
      { specId: 9, problem: { code: 'unknown_spec' } },
      { specId: 2, problem: { code: 'not_whole_cartons' } },
    ]);
  });

  it('refuses negative, absurd, duplicate and empty orders', () => {
    expect(checkOrder([{ specId: 2, qtyCartons: -1 }], specs).lineProblems[0]!.problem).toEqual({ code: 'negative' });
    expect(checkOrder([{ specId: 2, qtyCartons: MAX_CARTONS_PER_LINE + 1 }], specs).lineProblems[0]!.problem).toEqual({ code: 'too_many', max: MAX_CARTONS_PER_LINE });
    expect(checkOrder([{ specId: 2, qtyCartons: 1 }, { specId: 2, qtyCartons: 2 }], specs).lineProblems).toEqual([{ specId: 2, problem: { code: 'duplicate' } }]);
    expect(checkOrder([], specs).orderProblems).toEqual([{ code: 'empty' }]);
    expect(checkOrder([{ specId: 2, qtyCartons: 0 }], specs).orderProblems).toEqual([{ code: 'empty' }]);
  });

  it('never lets a line above its cap through, whatever is asked', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ cap: fc.option(fc.integer({ min: 0, max: 20 }), { nil: null }), qty: fc.integer({ min: -5, max: 600 }) }), { maxLength: 30 }),
        (rows) => {
          const m = new Map(rows.map((r, i) => [i, spec(i, { capCartons: r.cap })]));
          const checked = checkOrder(rows.map((r, i) => ({ specId: i, qtyCartons: r.qty })), m);
          for (const line of checked.lines) {
            expect(line.qtyCartons).toBeGreaterThan(0);
            expect(line.qtyCartons).toBeLessThanOrEqual(line.capCartons ?? MAX_CARTONS_PER_LINE);
          }
          expect(checked.totals.totalAmountFen).toBe(checked.lines.reduce((n, l) => n + l.qtyCartons * 25_000, 0));
          expect(checked.lines.length + checked.lineProblems.length).toBe(rows.filter((r) => r.qty !== 0).length);
        },
      ),
    );
  });
});

describe('deposit and repeat order', () => {
  it('reports the shortfall only when the deposit does not cover the order', () => {
    expect(depositShortfallFen(100_00, 150_00)).toBe(0);
    expect(depositShortfallFen(150_00, 100_00)).toBe(50_00);
    fc.assert(
      fc.property(fc.nat(), fc.nat(), (a, b) => {
        expect(depositShortfallFen(a, b)).toBe(a > b ? a - b : 0);
      }),
    );
  });

  it('repeats the last order within this cycle’s caps, leaving out what can no longer be ordered', () => {
    const specs = new Map([[1, spec(1, { capCartons: 2 })], [2, spec(2)], [3, spec(3, { isDiscontinued: 1 })]]);
    expect(
      repeatLastOrder(
        [{ specId: 1, qtyCartons: 5 }, { specId: 2, qtyCartons: 4 }, { specId: 3, qtyCartons: 1 }, { specId: 7, qtyCartons: 1 }],
        specs,
      ),
    ).toEqual([{ specId: 1, qtyCartons: 2 }, { specId: 2, qtyCartons: 4 }]);
  });
});

describe('fit to my balance', () => {
  const line = (specId: number, qtyCartons: number, suggestedCartons: number | null, forecastDailyPacks: number, priceFenPerCarton = 10_000): import('~/domain/ordering').FitLine => ({
    specId,
    qtyCartons,
    priceFenPerCarton,
    suggestedCartons,
    forecastDailyPacks,
    positionPacks: 0,
    packsPerCarton: 10,
  });

  it('takes cartons above the suggestion first, then from what would last longest', async () => {
    const { fitToBalance } = await import('~/domain/ordering');
    const r = fitToBalance([line(1, 5, 3, 10), line(2, 2, 2, 1), line(3, 2, 2, 10)], 60_000);
    // 90,000 → 60,000: two cartons above spec 1's suggestion, then the slow seller (spec 2).
    expect(Object.fromEntries(r.quantities)).toEqual({ 1: 3, 2: 1, 3: 2 });
    expect(r.removedCartons).toBe(3);
  });

  it('always ends within the balance (or empty), never below zero, only removing', async () => {
    const { fitToBalance } = await import('~/domain/ordering');
    fc.assert(
      fc.property(
        fc.array(fc.record({ q: fc.nat(8), s: fc.option(fc.nat(8), { nil: null }), f: fc.nat(20), p: fc.integer({ min: 1, max: 50_000 }) }), { minLength: 1, maxLength: 12 }),
        fc.nat(400_000),
        (rows, balance) => {
          const lines = rows.map((r, i) => line(i, r.q, r.s, r.f, r.p));
          const { quantities, removedCartons } = fitToBalance(lines, balance);
          const total = lines.reduce((n, l) => n + quantities.get(l.specId)! * l.priceFenPerCarton, 0);
          expect(total <= balance || [...quantities.values()].every((q) => q === 0)).toBe(true);
          for (const l of lines) {
            expect(quantities.get(l.specId)!).toBeGreaterThanOrEqual(0);
            expect(quantities.get(l.specId)!).toBeLessThanOrEqual(l.qtyCartons);
          }
          expect(removedCartons).toBe(lines.reduce((n, l) => n + l.qtyCartons - quantities.get(l.specId)!, 0));
        },
      ),
    );
  });
});
