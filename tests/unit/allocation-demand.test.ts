import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { censoredDailyMean, estimateDemand, poissonAtLeast, poissonMeanAtLeast, sellsRegularly, type DemandInput } from '~/domain/allocation';
import type { SalesDay } from '~/domain/replenishment';
import { addDays } from '~/domain/time';

const days = (sales: Array<number | [number, 'censored']>, from = '2026-09-01'): SalesDay[] =>
  sales.map((s, i) => (Array.isArray(s) ? { day: addDays(from, i), qtyPacks: s[0], censored: true } : { day: addDays(from, i), qtyPacks: s }));

const input = (over: Partial<DemandInput> = {}): DemandInput => ({ history: days(Array<number>(28).fill(2)), ruleDailyPacks: 2, cycleDays: 7, packsPerCarton: 10, requestedCartons: 1, capCartons: 3, onHandPacks: null, inTransitPacks: 0, leadDays: 0, ...over });

describe('estimated demand: examples', () => {
  it('a shop selling 2 packs a day, uncensored, needs the rule’s 2 × 7 = 14 packs: 1.4 cartons', () => {
    const e = estimateDemand(input());
    expect(e).toMatchObject({ demandCartons: 1.4, censoringUplift: 1, cappedOrder: false, regularSeller: true, basis: 'rule', soldOutDays: 0 });
  });

  it('reads a sold-out day as at least what sold: the estimate rises above the naive mean', () => {
    // Every 4th day the shelf emptied after 2 packs: demand that day was ≥ 2, not 2.
    const history = days(Array.from({ length: 28 }, (_, i) => (i % 4 === 3 ? ([2, 'censored'] as [number, 'censored']) : 2)));
    const m = censoredDailyMean(history)!;
    expect(m.naive).toBe(2);
    expect(m.mean).toBeGreaterThan(2);
    expect(m.soldOutDays).toBe(7);
    const e = estimateDemand(input({ history }));
    expect(e.censoringUplift).toBeGreaterThan(1);
    expect(e.demandCartons).toBeGreaterThan(1.4);
  });

  it('never reads a censored day with no sale as a zero: it is left out', () => {
    const open = days([...Array<number>(14).fill(2)]);
    const withGaps = days([...Array<number>(14).fill(2), ...Array<[number, 'censored']>(14).fill([0, 'censored'])]);
    expect(censoredDailyMean(withGaps)!.mean).toBe(censoredDailyMean(open)!.mean);
    expect(censoredDailyMean(withGaps)!.unknownDays).toBe(14);
  });

  it('reads a capped order as demand at least the cap, never the cap itself', () => {
    // The rule says 0.5 packs a day (0.35 cartons a week) but the shop asked its whole cap of 3: demand ≥ 3 cartons.
    const e = estimateDemand(input({ ruleDailyPacks: 0.5, requestedCartons: 3, capCartons: 3 }));
    expect(e.cappedOrder).toBe(true);
    expect(e.lowerBoundCartons).toBe(3);
    expect(e.demandCartons).toBeGreaterThan(3);
    expect(e.cycleDemandCartons).toBeGreaterThan(3);
    // Well above the cap, the forecast stands (E[D | D ≥ 30] ≈ μ = 70 packs).
    expect(estimateDemand(input({ ruleDailyPacks: 10, requestedCartons: 3, capCartons: 3 })).demandCartons).toBeCloseTo(7, 1);
  });

  it('needs what the delivery must bring: demand to the delivery and over the cycle, net of the shelf and what is on its way', () => {
    // 2 packs a day: 7 days of the cycle + 2 days until the delivery = 18 packs; 5 on the shelf, 3 in transit → 10 packs.
    const e = estimateDemand(input({ onHandPacks: 5, inTransitPacks: 3, leadDays: 2 }));
    expect(e).toMatchObject({ cycleDemandCartons: 1.4, demandCartons: 1, onHandPacks: 5, inTransitPacks: 3, leadDays: 2 });
    // A full shelf needs nothing from a short supply, whatever it asked (the cap's bound is on demand, not on need).
    expect(estimateDemand(input({ onHandPacks: 200, requestedCartons: 3, capCartons: 3 }))).toMatchObject({ cappedOrder: true, demandCartons: 0 });
    // Stock unknown is not an empty shelf and not a full one: nothing is subtracted.
    expect(estimateDemand(input({ onHandPacks: null, leadDays: 2 })).demandCartons).toBe(1.8);
  });

  it('without a forecast uses the history; with neither, nothing', () => {
    expect(estimateDemand(input({ ruleDailyPacks: null })).basis).toBe('history');
    expect(estimateDemand(input({ ruleDailyPacks: null, history: days(Array<[number, 'censored']>(10).fill([0, 'censored'])) }))).toMatchObject({ basis: 'none', demandCartons: 0, regularSeller: false });
  });

  it('a regular seller sells in at least half of the weeks that say anything', () => {
    const weekly = (sold: boolean[]) => days(sold.flatMap((s) => [s ? 1 : 0, 0, 0, 0, 0, 0, 0]));
    expect(sellsRegularly(weekly([true, false, true, false, true, false, true, false]))).toBe(true);
    expect(sellsRegularly(weekly([false, false, false, false, false, true, false, false]))).toBe(false);
    expect(sellsRegularly(weekly([true]))).toBe(false);
  });

  it('Poisson tails: P(D ≥ 0) = 1, E[D | D ≥ k] ≥ k, ≈ the mean far below it', () => {
    expect(poissonAtLeast(3, 0)).toBe(1);
    expect(poissonAtLeast(3, 1)).toBeCloseTo(1 - Math.exp(-3), 12);
    expect(poissonMeanAtLeast(100, 5)).toBeCloseTo(100, 6);
    expect(poissonMeanAtLeast(0.1, 40)).toBeGreaterThan(40);
    expect(poissonMeanAtLeast(2000, 3000)).toBeGreaterThan(3000);
  });
});

const salesDay = fc.record({ qtyPacks: fc.integer({ min: 0, max: 30 }), censored: fc.boolean() });
const history = fc.array(salesDay, { minLength: 0, maxLength: 112 }).map((ds) => ds.map((d, i) => ({ day: addDays('2026-06-01', i), ...d })));
const demandInput = fc.record({
  history,
  ruleDailyPacks: fc.option(fc.double({ min: 0, max: 50, noNaN: true }), { nil: null }),
  cycleDays: fc.integer({ min: 1, max: 14 }),
  packsPerCarton: fc.constantFrom(10, 20),
  requestedCartons: fc.integer({ min: 0, max: 20 }),
  capCartons: fc.option(fc.integer({ min: 0, max: 10 }), { nil: null }),
  onHandPacks: fc.option(fc.integer({ min: -20, max: 400 }), { nil: null }),
  inTransitPacks: fc.integer({ min: 0, max: 200 }),
  leadDays: fc.integer({ min: 0, max: 7 }),
});

describe('estimated demand: properties', () => {
  it('is finite and never negative', () => {
    fc.assert(
      fc.property(demandInput, (i) => {
        const e = estimateDemand(i);
        return Number.isFinite(e.demandCartons) && e.demandCartons >= 0 && e.censoringUplift >= 1;
      }),
    );
  });

  it('a capped order is read as more than its cap, never the cap itself or less', () => {
    fc.assert(
      fc.property(demandInput, fc.integer({ min: 1, max: 10 }), (i, cap) => {
        const e = estimateDemand({ ...i, capCartons: cap, requestedCartons: cap });
        return e.cappedOrder && e.cycleDemandCartons > cap;
      }),
    );
  });

  it('reads censored sales as at least what sold: the mean is never below the naive reading, and more sales on a sold-out day never lower it', () => {
    fc.assert(
      fc.property(history, fc.nat({ max: 200 }), fc.integer({ min: 1, max: 20 }), (h, pick, more) => {
        const m = censoredDailyMean(h);
        if (!m) return true;
        if (m.mean < m.naive - 1e-9) return false;
        const soldOut = h.map((d, i) => [d, i] as const).filter(([d]) => d.censored && d.qtyPacks > 0);
        if (!soldOut.length) return Math.abs(m.mean - m.naive) < 1e-9;
        const [, at] = soldOut[pick % soldOut.length]!;
        const raised = h.map((d, i) => (i === at ? { ...d, qtyPacks: d.qtyPacks + more } : d));
        return censoredDailyMean(raised)!.mean >= m.mean - 1e-9;
      }),
    );
  });

  it('a censored day with no sale changes nothing (it is not a zero)', () => {
    fc.assert(
      fc.property(history, fc.integer({ min: 1, max: 10 }), (h, blanks) => {
        const more = [...h, ...Array.from({ length: blanks }, (_, i) => ({ day: addDays('2027-01-01', i), qtyPacks: 0, censored: true }))];
        const a = censoredDailyMean(h);
        const b = censoredDailyMean(more);
        return a === null ? b === null : Math.abs(a.mean - b!.mean) < 1e-9;
      }),
    );
  });

  it('the need is never more than the demand to the delivery and over the cycle, and equals it with nothing on the shelf or on the way', () => {
    fc.assert(
      fc.property(demandInput, (i) => {
        const e = estimateDemand(i);
        const gross = estimateDemand({ ...i, onHandPacks: null, inTransitPacks: 0 });
        const upper = e.cycleDemandCartons + (e.dailyPacks * e.leadDays) / i.packsPerCarton;
        return e.demandCartons <= upper + 0.01 && Math.abs(gross.demandCartons - upper) <= 0.011 && estimateDemand({ ...i, onHandPacks: 0, inTransitPacks: 0 }).demandCartons === gross.demandCartons;
      }),
    );
  });

  it('more on the shelf or on the way never gives a larger need', () => {
    fc.assert(
      fc.property(demandInput, fc.integer({ min: 1, max: 100 }), fc.integer({ min: 0, max: 100 }), (i, more, transit) => {
        const base = estimateDemand({ ...i, onHandPacks: i.onHandPacks ?? 0 });
        const fuller = estimateDemand({ ...i, onHandPacks: (i.onHandPacks ?? 0) + more, inTransitPacks: i.inTransitPacks + transit });
        return fuller.demandCartons <= base.demandCartons && fuller.cycleDemandCartons === base.cycleDemandCartons;
      }),
    );
  });

  it('a larger forecast never gives a smaller estimate', () => {
    fc.assert(fc.property(demandInput, fc.double({ min: 0, max: 20, noNaN: true }), (i, more) => estimateDemand({ ...i, ruleDailyPacks: (i.ruleDailyPacks ?? 0) + more }).demandCartons >= estimateDemand({ ...i, ruleDailyPacks: i.ruleDailyPacks ?? 0 }).demandCartons));
  });
});
