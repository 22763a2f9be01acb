import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BEYOND_FACTOR, MIN_CYCLES_ORDERED, superviseSpec, type SupervisionCycle, type SupervisionInput } from '~/domain/allocation';

const week = (askedCartons: number, soldPacks: number, uploadedDays = 7): SupervisionCycle => ({ cycleCode: 'W', askedCartons, allocatedCartons: askedCartons, soldPacks, uploadedDays, days: 7 });
const input = (cycles: SupervisionCycle[], over: Partial<SupervisionInput> = {}): SupervisionInput => ({ packsPerCarton: 10, cycles, receivedPacks: 0, openingStockPacks: null, closingStockPacks: null, ...over });

describe('market supervision: examples', () => {
  it('flags a shop asking 3 cartons a week of a spec it sells 5 packs a week of', () => {
    const c = superviseSpec(input([week(3, 5), week(3, 5), week(3, 5), week(3, 5)]));
    expect(c).toMatchObject({ flagged: true, cyclesOrdered: 4, askedCartons: 12, windowSoldPacks: 20, askedToSold: 6 });
  });

  it('does not flag a shop that sells what it asks, nor one that asked in too few cycles', () => {
    expect(superviseSpec(input([week(3, 25), week(3, 25), week(3, 25), week(3, 25)])).flagged).toBe(false);
    expect(superviseSpec(input([week(5, 1), week(5, 1), week(0, 1), week(0, 1)])).flagged).toBe(false);
  });

  it('a shop that ordered every other week is judged on its sales over the whole window, not the weeks it ordered', () => {
    // 2 cartons every other week = 10 packs a week on average, and it sells 9 a week: not far beyond.
    expect(superviseSpec(input([week(2, 9), week(0, 9), week(2, 9), week(0, 9), week(2, 9), week(0, 9)])).flagged).toBe(false);
  });

  it('days without a sales upload are not zero sales: scaled, and too few uploads are not judged', () => {
    const scaled = superviseSpec(input([week(1, 4, 4), week(1, 4, 4), week(1, 4, 4)]));
    expect(scaled.windowSoldPacks).toBe(21);
    expect(scaled.flagged).toBe(false);
    const blind = superviseSpec(input([week(3, 0, 2), week(3, 0, 3), week(3, 0, 0)]));
    expect(blind).toMatchObject({ windowSoldPacks: null, flagged: false, askedToSold: null });
  });

  it('counts what neither sold nor stayed on the shelf', () => {
    const c = superviseSpec(input([week(3, 5), week(3, 5), week(3, 5)], { receivedPacks: 90, openingStockPacks: 10, closingStockPacks: 30 }));
    // 90 received − 15 sold − 20 gained = 55 packs gone elsewhere.
    expect(c).toMatchObject({ stockGainedPacks: 20, unaccountedPacks: 55, flagged: true });
    expect(superviseSpec(input([week(3, 5)], { receivedPacks: 30, openingStockPacks: null, closingStockPacks: 30 })).unaccountedPacks).toBeNull();
  });
});

const cycle = fc.record({
  cycleCode: fc.constant('W'),
  askedCartons: fc.integer({ min: 0, max: 10 }),
  allocatedCartons: fc.integer({ min: 0, max: 10 }),
  soldPacks: fc.integer({ min: 0, max: 80 }),
  uploadedDays: fc.integer({ min: 0, max: 7 }),
  days: fc.constant(7),
});
const cycles = fc.array(cycle, { minLength: 1, maxLength: 8 });
const stock = fc.option(fc.integer({ min: 0, max: 300 }), { nil: null });
const anyInput = fc.record({ packsPerCarton: fc.constantFrom(10, 20), cycles, receivedPacks: fc.integer({ min: 0, max: 500 }), openingStockPacks: stock, closingStockPacks: stock });

describe('market supervision: properties', () => {
  it('flags only what its rule says: enough cycles ordered, judged, and asked beyond the factor', () => {
    fc.assert(
      fc.property(anyInput, (i) => {
        const c = superviseSpec(i);
        const expected = c.windowSoldPacks !== null && c.cyclesOrdered >= MIN_CYCLES_ORDERED && c.askedCartons * i.packsPerCarton > BEYOND_FACTOR * c.windowSoldPacks + i.packsPerCarton;
        return c.flagged === expected;
      }),
    );
  });

  it('asking more never clears a flag; selling more never raises one', () => {
    fc.assert(
      fc.property(anyInput, fc.nat({ max: 7 }), fc.integer({ min: 1, max: 20 }), (i, pick, more) => {
        const at = pick % i.cycles.length;
        const base = superviseSpec(i).flagged;
        const askedMore = superviseSpec({ ...i, cycles: i.cycles.map((c, k) => (k === at ? { ...c, askedCartons: c.askedCartons + more } : c)) }).flagged;
        const soldMore = superviseSpec({ ...i, cycles: i.cycles.map((c, k) => (k === at ? { ...c, soldPacks: c.soldPacks + more } : c)) }).flagged;
        return (!base || askedMore) && (base || !soldMore);
      }),
    );
  });

  it('what is unaccounted is received − sold − gained, known only with both stocks', () => {
    fc.assert(
      fc.property(anyInput, (i) => {
        const c = superviseSpec(i);
        if (i.openingStockPacks === null || i.closingStockPacks === null) return c.unaccountedPacks === null && c.stockGainedPacks === null;
        const sold = i.cycles.reduce((n, x) => n + x.soldPacks, 0);
        return c.unaccountedPacks === i.receivedPacks - sold - (i.closingStockPacks - i.openingStockPacks);
      }),
    );
  });
});
