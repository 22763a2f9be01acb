import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cartonsToPacks,
  casesToCartons,
  packsToCartonsAndPacks,
  packsToCartonsCeil,
  packsToSticks,
} from '~/domain/units';

const packsPerCarton = fc.integer({ min: 1, max: 50 });

describe('unit conversions', () => {
  it('uses the standard ratios: 1 条 = 10 盒, 1 盒 = 20 支, 1 件 = 50 条', () => {
    expect(cartonsToPacks(1)).toBe(10);
    expect(packsToSticks(1)).toBe(20);
    expect(casesToCartons(1)).toBe(50);
    expect(packsToCartonsAndPacks(34)).toEqual({ qtyCartons: 3, qtyPacks: 4 });
  });

  it('cartons → packs → cartons and packs is lossless', () => {
    fc.assert(
      fc.property(fc.integer({ min: -100_000, max: 100_000 }), packsPerCarton, (qtyPacks, ppc) => {
        const { qtyCartons, qtyPacks: rest } = packsToCartonsAndPacks(qtyPacks, ppc);
        expect(cartonsToPacks(qtyCartons, ppc) + rest).toBe(qtyPacks);
        expect(Math.abs(rest)).toBeLessThan(ppc);
      }),
    );
  });

  it('rounding up to cartons never leaves the shop short, and never adds a whole spare carton', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), packsPerCarton, (qtyPacks, ppc) => {
        const cartons = packsToCartonsCeil(qtyPacks, ppc);
        expect(cartonsToPacks(cartons, ppc)).toBeGreaterThanOrEqual(qtyPacks);
        expect(cartonsToPacks(cartons, ppc) - qtyPacks).toBeLessThan(ppc);
      }),
    );
    expect(packsToCartonsCeil(-5)).toBe(0);
  });

  it('refuses a spec with a nonsensical packs-per-carton', () => {
    expect(() => cartonsToPacks(1, 0)).toThrow(RangeError);
    expect(() => packsToCartonsCeil(1, 2.5)).toThrow(RangeError);
  });
});
