import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatYuan, lineAmountFen, parseYuanToFen } from '~/domain/money';

describe('money in fen', () => {
  it('formats fen as yuan with two decimals', () => {
    expect(formatYuan(0)).toBe('0.00');
    expect(formatYuan(5)).toBe('0.05');
    expect(formatYuan(123456)).toBe('1,234.56');
    expect(formatYuan(-1999)).toBe('-19.99');
  });

  it('format then parse gives the same fen back', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), (fen) => {
        expect(parseYuanToFen(formatYuan(fen))).toBe(fen);
      }),
    );
  });

  it('rejects what is not an amount', () => {
    for (const bad of ['', 'abc', '1.234', '1,23', '¥5', '1e3']) expect(parseYuanToFen(bad)).toBeNull();
  });

  it('line amounts are exact integers and refuse fractional fen', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 0, max: 10_000_000 }), (cartons, price) => {
        expect(lineAmountFen(cartons, price)).toBe(cartons * price);
      }),
    );
    expect(() => lineAmountFen(1, 10.5)).toThrow(RangeError);
  });
});
