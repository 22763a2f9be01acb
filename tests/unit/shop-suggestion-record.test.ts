/**
 * "How did the suggestions do for me" (app/domain/shop/suggestion-record.ts): the suggestion in force, sold
 * cartons, and days without stock from counts rolled forward.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  COUNT_MAX_AGE_DAYS,
  cycleRecord,
  dayKey,
  recordSummary,
  soldCartons,
  stockOutDays,
  suggestedInForceCartons,
  type StockHistory,
} from '~/domain/shop/suggestion-record';
import { addDays, daysInRange } from '~/domain/time';

const CUTOFF = '2026-11-23T09:00:00.000Z';
const before = '2026-11-23T01:00:00.000Z';
const after = '2026-11-30T01:00:00.000Z';

describe('the suggestion in force', () => {
  it('an ordered spec counts the suggestion its line kept; an unordered one the stored suggestion made by the cut-off', () => {
    const lines = [
      { specId: 1, requestedCartons: 5, suggestedCartons: 4 },
      { specId: 2, requestedCartons: 2, suggestedCartons: null },
    ];
    const suggestions = [
      { specId: 1, suggestedCartons: 9, computedAt: after }, // recomputed later: the line's 4 counts
      { specId: 3, suggestedCartons: 3, computedAt: before },
      { specId: 4, suggestedCartons: 6, computedAt: after }, // never shown before the cut-off
    ];
    expect(suggestedInForceCartons(true, lines, suggestions, CUTOFF)).toBe(4 + 3);
    // No placed order: every stored suggestion made by the cut-off.
    expect(suggestedInForceCartons(false, lines, suggestions, CUTOFF)).toBe(3);
    expect(suggestedInForceCartons(false, [], [{ specId: 4, suggestedCartons: 6, computedAt: after }], CUTOFF)).toBeNull();
    expect(suggestedInForceCartons(true, [{ specId: 1, requestedCartons: 1, suggestedCartons: 0 }], [], CUTOFF)).toBe(0);
    // A spec only offered (similar shops sell it) was never in the draft: not suggested.
    expect(suggestedInForceCartons(false, [], [{ specId: 5, suggestedCartons: 2, computedAt: before, offered: true }, { specId: 3, suggestedCartons: 3, computedAt: before }], CUTOFF)).toBe(3);
  });

  it('sold cartons are packs over each spec’s packs per carton', () => {
    expect(soldCartons(new Map([[1, 25], [2, 7]]), new Map([[1, 10], [2, 20]]))).toBe(2.9);
  });
});

type Mutable = StockHistory & { counts: Array<StockHistory['counts'][number]> };
const empty = (): Mutable => ({ sales: new Map(), receipts: new Map(), counts: [] });

describe('days without stock', () => {
  const from = '2026-11-24';
  const to = '2026-11-30';

  it('a count rolled forward to nothing, with no sale that day, is a day out; a delivery ends it', () => {
    const h = empty();
    const sales = h.sales as Map<string, number>;
    const receipts = h.receipts as Map<string, number>;
    h.counts.push({ day: '2026-11-20', lines: new Map([[1, 6]]) });
    for (const [d, q] of [['2026-11-20', 2], ['2026-11-21', 2], ['2026-11-22', 2]] as const) sales.set(dayKey(1, d), q);
    receipts.set(dayKey(1, '2026-11-27'), 10);
    sales.set(dayKey(1, '2026-11-28'), 3);
    const out = stockOutDays(h, [1], from, to);
    expect([...out].filter(([, e]) => e.out.length).map(([d]) => d)).toEqual(['2026-11-24', '2026-11-25', '2026-11-26']);
    expect([...out.values()].every((e) => e.known)).toBe(true);
  });

  it('a spec not sold in the four weeks before is not carried; a count too old is unknown, not out', () => {
    const h = empty();
    h.counts.push({ day: addDays(from, -COUNT_MAX_AGE_DAYS - 1), lines: new Map([[1, 0]]) });
    (h.sales as Map<string, number>).set(dayKey(1, addDays(from, -3)), 1);
    const out = stockOutDays(h, [1, 2], from, to);
    expect([...out.values()].some((e) => e.out.length)).toBe(false);
    expect([...out.values()].some((e) => e.known)).toBe(false);
  });

  it('property: more stock counted never adds a day out', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 30 }), fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 20, maxLength: 20 }), (count, extra, daily) => {
        const build = (counted: number) => {
          const h = empty();
          h.counts.push({ day: '2026-11-10', lines: new Map([[1, counted]]) });
          daysInRange('2026-11-10', '2026-11-29').forEach((d, i) => (h.sales as Map<string, number>).set(dayKey(1, d), daily[i]!));
          return [...stockOutDays(h, [1], from, to).values()].filter((e) => e.out.length).length;
        };
        expect(build(count + extra)).toBeLessThanOrEqual(build(count));
      }),
      { numRuns: 300 },
    );
  });
});

describe('a cycle’s record and the summary', () => {
  it('counts the period’s days that have passed; an unplaced order counts as nothing ordered', () => {
    const h = empty();
    (h.sales as Map<string, number>).set(dayKey(1, '2026-11-24'), 15);
    (h.sales as Map<string, number>).set(dayKey(1, '2026-12-02'), 99); // after the period
    const input = { code: '2026-W48', orderDay: '2026-11-23', cutoffAt: CUTOFF, periodFrom: '2026-11-24', periodTo: '2026-11-30', orderStatus: 'cancelled', lines: [{ specId: 1, requestedCartons: 3, suggestedCartons: 2 }], suggestions: [{ specId: 1, suggestedCartons: 2, computedAt: before }] };
    const done = cycleRecord(input, h, new Map([[1, 10]]), new Set(['2026-11-24']), [1], '2026-12-05');
    expect(done).toMatchObject({ complete: true, days: 7, salesDays: 1, orderedCartons: 0, suggestedCartons: 2, soldCartons: 1.5, daysWithoutStock: null });
    const running = cycleRecord({ ...input, orderStatus: 'submitted' }, h, new Map([[1, 10]]), new Set(), [1], '2026-11-26');
    expect(running).toMatchObject({ complete: false, days: 2, countedTo: '2026-11-25', orderedCartons: 3, suggestedCartons: 2 });
    const notYet = cycleRecord(input, h, new Map(), new Set(), [1], '2026-11-23');
    expect(notYet).toMatchObject({ complete: false, days: 0, soldCartons: 0, daysWithoutStock: null });
  });

  it('the summary reads the complete cycles with a suggestion', () => {
    const r = (suggested: number | null, ordered: number, complete = true) => ({ code: 'x', orderDay: '', periodFrom: '', countedTo: '', complete, orderStatus: 'submitted', suggestedCartons: suggested, orderedCartons: ordered, soldCartons: ordered, days: 7, salesDays: 7, daysWithoutStock: 1, specsOut: [] });
    expect(recordSummary([r(10, 10), r(10, 11)])).toMatchObject({ cycles: 2, suggested: 20, ordered: 21, verdict: 'close', daysWithoutStock: 2 });
    expect(recordSummary([r(10, 20), r(null, 50), r(10, 90, false)])).toMatchObject({ cycles: 1, verdict: 'ordered_more' });
    expect(recordSummary([r(10, 2)]).verdict).toBe('ordered_less');
    expect(recordSummary([]).verdict).toBe('no_data');
  });
});
