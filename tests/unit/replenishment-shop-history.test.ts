/**
 * A spec's history as the rule reads it (shop-history.ts): the window before the order day, censored days
 * (no upload, a refused line, an empty shelf of a spec still restocked) and stock rolled forward from the latest
 * count. Properties over generated histories: a day without an upload is always censored; the sales are passed
 * through; with every day uploaded and nothing refused, stock is the count plus receipts minus sales.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emptyShopData, HISTORY_DAYS, historyDaysBefore, specHistory, type ShopData } from '~/domain/replenishment/shop-history';
import { STOCK_COUNT_MAX_AGE_DAYS } from '~/domain/replenishment/unknown-stock';
import { addDays } from '~/domain/time';

const RUNS = { numRuns: 200 };
const SPEC = 7;

function shop(days: readonly string[], over: { sales?: number[]; receipts?: number[]; uploaded?: boolean[]; count?: { at: number; qty: number } }): ShopData {
  const data = emptyShopData();
  const sales = new Map<string, number>();
  const receipts = new Map<string, number>();
  days.forEach((day, i) => {
    if (over.sales?.[i]) sales.set(day, over.sales[i]);
    if (over.receipts?.[i]) receipts.set(day, over.receipts[i]);
    if (over.uploaded?.[i] ?? true) data.uploadedDays.add(day);
  });
  data.sales.set(SPEC, sales);
  data.receipts.set(SPEC, receipts);
  if (over.count) data.counts.set(SPEC, [{ day: days[over.count.at]!, qtyPacks: over.count.qty }]);
  return data;
}

describe('historyDaysBefore', () => {
  it('is the HISTORY_DAYS consecutive days up to the day before the order day', () => {
    const days = historyDaysBefore('2026-09-14');
    expect(days).toHaveLength(HISTORY_DAYS);
    expect(days.at(-1)).toBe('2026-09-13');
    expect(days[0]).toBe(addDays('2026-09-14', -HISTORY_DAYS));
    days.slice(1).forEach((d, i) => expect(d).toBe(addDays(days[i]!, 1)));
  });
});

describe('specHistory', () => {
  const days = historyDaysBefore('2026-09-14');

  it('censors a day without an upload and a refused line; stock unknown without a count', () => {
    const data = shop(days, { sales: days.map(() => 1), uploaded: days.map((_, i) => i !== 3) });
    data.unknownSales.set(SPEC, new Set([days[5]!]));
    const { history, onHandPacks } = specHistory(days, data, SPEC);
    expect(history.filter((d) => d.censored).map((d) => d.day)).toEqual([days[3], days[5]]);
    expect(onHandPacks).toBeNull();
  });

  it('censors an empty shelf only while the shop still restocks the spec', () => {
    const n = days.length;
    // Counted 0 ten days before the end, nothing sold or received since: an empty shelf.
    const restocked = shop(days, { receipts: days.map((_, i) => (i === n - 20 ? 12 : 0)), sales: days.map((_, i) => (i === n - 19 ? 12 : 0)), count: { at: n - 10, qty: 0 } });
    expect(specHistory(days, restocked, SPEC).history.slice(n - 10).every((d) => d.censored)).toBe(true);
    const stopped = shop(days, { receipts: days.map((_, i) => (i === 0 ? 12 : 0)), count: { at: n - 10, qty: 0 } });
    expect(specHistory(days, stopped, SPEC).history.some((d) => d.censored)).toBe(false);
  });

  it('forgets a count older than STOCK_COUNT_MAX_AGE_DAYS', () => {
    const n = days.length;
    expect(specHistory(days, shop(days, { count: { at: n - STOCK_COUNT_MAX_AGE_DAYS, qty: 5 } }), SPEC).onHandPacks).toBe(5);
    expect(specHistory(days, shop(days, { count: { at: n - STOCK_COUNT_MAX_AGE_DAYS - 1, qty: 5 } }), SPEC).onHandPacks).toBeNull();
  });

  it('passes sales through, censors every day without an upload, and rolls a recent count forward', () => {
    const n = days.length;
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }),
        fc.array(fc.integer({ min: 0, max: 24 }), { minLength: n, maxLength: n }),
        fc.array(fc.boolean(), { minLength: n, maxLength: n }),
        fc.integer({ min: n - STOCK_COUNT_MAX_AGE_DAYS, max: n - 1 }),
        fc.integer({ min: 0, max: 100 }),
        (sales, receipts, uploaded, at, qty) => {
          const { history } = specHistory(days, shop(days, { sales, receipts, uploaded }), SPEC);
          history.forEach((d, i) => {
            expect(d.day).toBe(days[i]);
            expect(d.qtyPacks).toBe(sales[i]);
            if (!uploaded[i]) expect(d.censored).toBe(true);
          });
          const all = specHistory(days, shop(days, { sales, receipts, count: { at, qty } }), SPEC);
          let expected = qty;
          for (let i = at; i < n; i++) expected += receipts[i]! - sales[i]!;
          expect(all.onHandPacks).toBe(expected);
        },
      ),
      RUNS,
    );
  });
});
