/** What the preview and the import say about rows added up into one figure (app/domain/uploads/merges.ts). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countTotals, dailyTotals } from '~/domain/uploads/barcodes';
import { rowMerges } from '~/domain/uploads/merges';
import type { ResolvedLine } from '~/domain/uploads/types';

const line = (rowNo: number, specId: number, day: string, countedAt: string | null = null): ResolvedLine => ({ rowNo, specId, day, countedAt, qtyPacks: 1 });

describe('rowMerges', () => {
  it('five good rows, two of one spec and day: one figure from two rows, four figures stored', () => {
    const lines = [line(2, 1, '2026-05-01'), line(3, 1, '2026-05-01'), line(4, 2, '2026-05-01'), line(5, 1, '2026-05-02'), line(6, 3, '2026-05-01')];
    expect(rowMerges('sales', lines)).toEqual({ goodRows: 5, stored: 4, mergedRows: 2, mergedInto: 1 });
  });

  it('nothing merged when every row is its own spec and day', () => {
    expect(rowMerges('receipts', [line(2, 1, '2026-05-01'), line(3, 2, '2026-05-01')])).toEqual({ goodRows: 2, stored: 2, mergedRows: 0, mergedInto: 0 });
  });

  it('stock counts add up by count instant, not by day', () => {
    const a = '2026-05-01T00:00:00.000Z';
    const b = '2026-05-01T04:00:00.000Z';
    expect(rowMerges('stock_count', [line(2, 1, '2026-05-01', a), line(3, 1, '2026-05-01', b), line(4, 1, '2026-05-01', a)])).toEqual({ goodRows: 3, stored: 2, mergedRows: 2, mergedInto: 1 });
  });

  const lines = fc
    .array(fc.record({ specId: fc.integer({ min: 1, max: 5 }), d: fc.integer({ min: 1, max: 4 }), h: fc.integer({ min: 0, max: 2 }) }), { maxLength: 60 })
    .map((rows) =>
      rows.map(({ specId, d, h }, i) => {
        const day = `2026-05-0${d}`;
        return line(i + 2, specId, day, `${day}T0${h}:00:00.000Z`);
      }),
    );

  it('agrees with what the import stores, and its numbers add up', () => {
    fc.assert(
      fc.property(lines, (ls) => {
        for (const kind of ['sales', 'stock_count'] as const) {
          const m = rowMerges(kind, ls);
          expect(m.stored).toBe(kind === 'stock_count' ? countTotals(ls).length : dailyTotals(ls).length);
          expect(m.goodRows - m.mergedRows + m.mergedInto).toBe(m.stored);
          expect(m.mergedRows === 0).toBe(m.mergedInto === 0);
          expect(m.mergedRows).toBeGreaterThanOrEqual(2 * m.mergedInto);
        }
      }),
    );
  });
});
