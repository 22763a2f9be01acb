import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bestSellThrough, emptyTally, supplyRates, tallySpecCycle } from '~/domain/allocation';

describe('replay of supply methods: the tally', () => {
  it('counts what sold within two weeks, what was left, demand met, coverage, bands left out and evenness', () => {
    const t = emptyTally();
    tallySpecCycle(
      t,
      [
        // Sells 25 packs of 3 cartons: 25 sold, 0.5 carton left; demand 2 → met 2.
        { allocatedCartons: 3, sellablePacks: 25, demandCartons: 2, regularSeller: true, band: '1-5' },
        // Got nothing though it sells regularly: its band (its only regular seller) is left out.
        { allocatedCartons: 0, sellablePacks: 40, demandCartons: 4, regularSeller: true, band: '6-10' },
        // Not a regular seller, sells nothing: its carton stays on the shelf.
        { allocatedCartons: 1, sellablePacks: 0, demandCartons: 0, regularSeller: false, band: '6-10' },
      ],
      10,
    );
    expect(t).toMatchObject({ allocatedCartons: 4, allocatedPacks: 40, soldPacks: 25, demandCartons: 6, demandMetCartons: 2, regularSellers: 2, regularCovered: 1, bandsWithRegular: 2, bandsLeftOut: 1, evennessCount: 1 });
    expect(t.leftCartons).toBeCloseTo(1.5, 9);
    const r = supplyRates(t);
    expect(r.soldShare).toBeCloseTo(25 / 40, 9);
    expect(r.demandMet).toBeCloseTo(2 / 6, 9);
    expect(r.regularCoverage).toBe(0.5);
    expect(r.leftCartons).toBe(2);
    // Fills 1 and 0 over the two shops with demand: Gini 0.5.
    expect(r.evenness).toBe(0.5);
  });

  it('says nothing where there is nothing to measure', () => {
    expect(supplyRates(emptyTally())).toEqual({ soldShare: null, demandMet: null, regularCoverage: null, evenness: null, leftCartons: 0 });
  });
});

describe('the hindsight bound', () => {
  it('gives each carton to the line that sells most of it, within its ceiling', () => {
    // Supply 3: the line selling 25 packs takes 2 (10 + 10), then the 8-pack line beats the 5 left of the first.
    expect(bestSellThrough([3, 3], [25, 8], 10, 3)).toEqual([2, 1]);
    expect(bestSellThrough([1, 1], [25, 8], 10, 5)).toEqual([1, 1]);
  });

  const lines = fc.array(fc.record({ ceiling: fc.integer({ min: 0, max: 6 }), sellable: fc.integer({ min: 0, max: 80 }) }), { minLength: 1, maxLength: 6 });
  const sold = (shares: number[], sellable: number[]) => shares.reduce((n, a, i) => n + Math.min(a * 10, sellable[i]!), 0);

  it('never exceeds the supply or a ceiling, and no other sharing within them sells more', () => {
    fc.assert(
      fc.property(lines, fc.integer({ min: 0, max: 20 }), fc.array(fc.nat(), { minLength: 6, maxLength: 6 }), (ls, supply, other) => {
        const ceilings = ls.map((l) => l.ceiling);
        const sellable = ls.map((l) => l.sellable);
        const best = bestSellThrough(ceilings, sellable, 10, supply);
        if (best.reduce((a, b) => a + b, 0) > supply || best.some((a, i) => a < 0 || a > ceilings[i]!)) return false;
        // Any other sharing of at most `supply` within the ceilings.
        let left = supply;
        const alt = ceilings.map((c, i) => {
          const a = Math.min(c, other[i]! % (c + 1), left);
          left -= a;
          return a;
        });
        return sold(alt, sellable) <= sold(best, sellable);
      }),
    );
  });
});
