/** History cleaning: censored days left out, returns as 0, one-off bulk days clipped, the history's shape checked. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bulkDayBoundPacks, cleanHistory } from '~/domain/replenishment/cleaning';
import { DEFAULT_REPLENISHMENT_PARAMS as P } from '~/domain/replenishment/params';
import type { SalesDay } from '~/domain/replenishment/types';
import { addDays } from '~/domain/time';

const MONDAY = '2026-06-01';

function historyOf(packs: readonly number[], censored: ReadonlySet<number> = new Set(), start = MONDAY): SalesDay[] {
  return packs.map((qtyPacks, i) => (censored.has(i) ? { day: addDays(start, i), qtyPacks, censored: true } : { day: addDays(start, i), qtyPacks }));
}

describe('cleanHistory', () => {
  it('leaves censored days out instead of reading them as zero demand, and keeps weekdays aligned', () => {
    const cleaned = cleanHistory(historyOf([3, 0, 0, 4, 2], new Set([1, 2])), P);
    expect([...cleaned.demandPacks]).toEqual([3, 4, 2]);
    expect([...cleaned.weekdays]).toEqual([1, 4, 5]);
    expect(cleaned).toMatchObject({ historyDays: 5, observedDays: 3, censoredDays: 2, clippedDays: 0, clipBoundPacks: null });
  });

  it('reads a censored day with sales as its sales (a lower bound: the shop sold out), a censored day without as unknown', () => {
    const cleaned = cleanHistory(historyOf([0, 0, 5, 0, 0], new Set([2, 3])), P);
    expect([...cleaned.demandPacks]).toEqual([0, 0, 5, 0]);
    expect([...cleaned.weekdays]).toEqual([1, 2, 3, 5]);
    expect(cleaned).toMatchObject({ observedDays: 4, censoredDays: 1, lastSaleDaysAgo: 2 });
  });

  it('with censoredSalesAsDemand off, leaves out a censored day with sales too, but counts it as a sale for recency', () => {
    const cleaned = cleanHistory(historyOf([0, 0, 5, 0], new Set([2])), { ...P, censoredSalesAsDemand: false });
    expect([...cleaned.demandPacks]).toEqual([0, 0, 0]);
    expect(cleaned.lastSaleDaysAgo).toBe(1);
  });

  it('reads returns (negative quantities) as no sale', () => {
    expect([...cleanHistory(historyOf([2, -1, 3]), P).demandPacks]).toEqual([2, 0, 3]);
  });

  it('clips a one-off bulk day to the robust bound', () => {
    // 20 sale days of 2–3 packs and one of 40: M = 2, MAD = 0 → bound = max(2 + 0, 3 × 2) = 6.
    const packs = [...Array.from({ length: 20 }, (_, i) => (i % 4 === 0 ? 3 : 2)), 40];
    const cleaned = cleanHistory(historyOf(packs), P);
    expect(cleaned.clippedDays).toBe(1);
    expect(cleaned.clipBoundPacks).toBe(6);
    expect(cleaned.demandPacks[20]).toBe(6);
    expect(cleaned.demandPacks[0]).toBe(3);
  });

  it('uses the MAD when sales vary: bound = M + 5 × 1.4826 × MAD', () => {
    // Sale days 10 … 22 (M = 16, MAD = 4): 16 + 5 × 1.4826 × 4 = 45.65 < 3 × 16 = 48, so the median multiple sets it.
    expect(bulkDayBoundPacks([10, 12, 14, 16, 18, 20, 22], P)).toBe(48);
    // Sale days 4 … 28 (M = 16, MAD = 8; the 0 is no sale day): 16 + 5 × 1.4826 × 8 = 75.30 > 48.
    expect(bulkDayBoundPacks([4, 8, 0, 12, 16, 20, 24, 28], P)).toBeCloseTo(16 + 5 * 1.4826 * 8, 9);
    expect(bulkDayBoundPacks([1, 2, 3, 4, 5, 6], P)).toBeNull();
  });

  it('finds the same bound as a sort-based median and MAD (its quickselect is only faster)', () => {
    const medianOf = (sorted: number[]) => {
      const mid = sorted.length >> 1;
      return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
    };
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 9 }), fc.double({ min: 0.5, max: 200, noNaN: true })), { maxLength: 150 }), (values) => {
        const sale = values.filter((v) => v > 0).sort((a, b) => a - b);
        let expected: number | null = null;
        if (sale.length >= P.clipMinSaleDays) {
          const m = medianOf(sale);
          const mad = medianOf(sale.map((v) => Math.abs(v - m)).sort((a, b) => a - b));
          expected = Math.max(m + P.clipMadMultiple * 1.4826 * mad, P.clipMedianMultiple * m);
        }
        expect(bulkDayBoundPacks(values, P)).toBe(expected);
      }),
    );
  });

  it('keeps large days that are the spec\'s pattern, not one-offs (regular carton buyers)', () => {
    // 40 sale days, 4 of them a whole carton: 4 > max(1, ⌊0.02 × 40⌋) = 1, so they are the pattern and stay.
    const packs = Array.from({ length: 40 }, (_, i) => (i % 10 === 9 ? 10 : 1));
    const cleaned = cleanHistory(historyOf(packs), P);
    expect(cleaned.clippedDays).toBe(0);
    expect(Math.max(...cleaned.demandPacks)).toBe(10);
  });

  it('does not clip with fewer than 7 sale days', () => {
    expect(cleanHistory(historyOf([1, 1, 1, 1, 1, 50]), P).clippedDays).toBe(0);
  });

  it('gives the days since the last sale, null without any', () => {
    expect(cleanHistory(historyOf([0, 2, 0, 0]), P).lastSaleDaysAgo).toBe(2);
    expect(cleanHistory(historyOf([0, 0, 1]), P).lastSaleDaysAgo).toBe(0);
    expect(cleanHistory(historyOf([0, 0]), P).lastSaleDaysAgo).toBeNull();
    expect(cleanHistory([], P)).toMatchObject({ historyDays: 0, observedDays: 0, lastSaleDaysAgo: null });
  });

  it('refuses a history with gaps, duplicates or the wrong order, and non-finite quantities', () => {
    const gap = [{ day: '2026-06-01', qtyPacks: 1 }, { day: '2026-06-03', qtyPacks: 1 }];
    expect(() => cleanHistory(gap, P)).toThrow(RangeError);
    const reversed = historyOf([1, 2, 3]).reverse();
    expect(() => cleanHistory(reversed, P)).toThrow(RangeError);
    expect(() => cleanHistory(historyOf([1, Number.NaN]), P)).toThrow(RangeError);
  });

  it('scaling every sale by k scales the cleaned series by k exactly (the bound is proportional)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 20, max: 200 })), { minLength: 1, maxLength: 120 }),
        fc.integer({ min: 2, max: 6 }),
        (packs, k) => {
          const base = cleanHistory(historyOf(packs), P);
          const scaled = cleanHistory(historyOf(packs.map((v) => v * k)), P);
          expect(scaled.clippedDays).toBe(base.clippedDays);
          base.demandPacks.forEach((v, i) => expect(scaled.demandPacks[i]).toBeCloseTo(v * k, 9));
        },
      ),
    );
  });
});
