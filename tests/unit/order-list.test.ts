/**
 * The order list's rules (app/domain/order-list.ts): frequent specs first without losing or moving any other, and
 * the review before a submit marking exactly the lines that differ from the order compared with.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { frequentFirst, reviewOrder, sameLines, type CartonLine } from '~/domain/order-list';

const lines = fc.uniqueArray(fc.record({ specId: fc.integer({ min: 1, max: 30 }), qtyCartons: fc.integer({ min: 0, max: 9 }) }), { selector: (l) => l.specId, maxLength: 20 });

describe('frequent specs first', () => {
  it('puts the frequent ones first in their order, the rest after in their own order, and keeps every spec once', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 40 }), { maxLength: 30 }), fc.uniqueArray(fc.integer({ min: 1, max: 50 }), { maxLength: 20 }), (ids, frequent) => {
        const specs = ids.map((id) => ({ id }));
        const out = frequentFirst(specs, frequent).map((s) => s.id);
        expect([...out].sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a - b));
        const head = frequent.filter((id) => ids.includes(id));
        expect(out.slice(0, head.length)).toEqual(head);
        expect(out.slice(head.length)).toEqual(ids.filter((id) => !frequent.includes(id)));
      }),
    );
  });
});

describe('the review before a submit', () => {
  it('marks new, more, fewer and dropped lines against the order compared with, changed ones first', () => {
    const review = reviewOrder(
      [
        { specId: 1, qtyCartons: 2 },
        { specId: 2, qtyCartons: 5 },
        { specId: 3, qtyCartons: 1 },
        { specId: 4, qtyCartons: 0 },
        { specId: 5, qtyCartons: 3 },
      ],
      [
        { specId: 1, qtyCartons: 2 },
        { specId: 2, qtyCartons: 3 },
        { specId: 3, qtyCartons: 4 },
        { specId: 6, qtyCartons: 1 },
      ],
    );
    expect(review.lines.map((l) => [l.specId, l.mark, l.baselineCartons])).toEqual([
      [5, 'new', null],
      [2, 'more', 3],
      [3, 'fewer', 4],
      [1, 'same', 2],
    ]);
    expect(review.dropped).toEqual([{ specId: 6, baselineCartons: 1 }]);
    expect(review.changedCount).toBe(4);
  });

  it('with nothing to compare with, lists the cart and counts no change', () => {
    const review = reviewOrder([{ specId: 7, qtyCartons: 1 }], null);
    expect(review).toEqual({ lines: [{ specId: 7, qtyCartons: 1, baselineCartons: null, mark: 'new' }], dropped: [], changedCount: 0 });
  });

  it('lists every cart line of more than 0 once, counts as changed exactly the lines whose cartons differ, and finds the same order unchanged', () => {
    fc.assert(
      fc.property(lines, lines, (cart, baseline) => {
        const review = reviewOrder(cart, baseline);
        const want = (ls: CartonLine[]) => new Map(ls.filter((l) => l.qtyCartons > 0).map((l) => [l.specId, l.qtyCartons]));
        const now = want(cart);
        const before = want(baseline);
        expect(new Map(review.lines.map((l) => [l.specId, l.qtyCartons]))).toEqual(now);
        const differ = new Set([...now.keys(), ...before.keys()].filter((id) => now.get(id) !== before.get(id)));
        expect(review.changedCount).toBe(differ.size);
        expect(sameLines(cart, baseline)).toBe(differ.size === 0);
        expect(sameLines(cart, cart)).toBe(true);
      }),
    );
  });
});
