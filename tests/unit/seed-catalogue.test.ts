import { describe, expect, it } from 'vitest';
import { buildCatalogue, ean13CheckDigit, isValidEan13, priceClassOfWholesale } from '../../db/seed/catalogue';
import { Rng } from '../../db/seed/random';

describe('seed catalogue', () => {
  it('computes EAN-13 check digits', () => {
    expect(ean13CheckDigit('400638133393')).toBe('1');
    expect(isValidEan13('4006381333931')).toBe(true);
    expect(isValidEan13('4006381333932')).toBe(false);
    expect(isValidEan13('690102810007')).toBe(false);
  });

  it('classes prices exactly at the DOMAIN.md boundaries', () => {
    expect(priceClassOfWholesale(10_000)).toBe(1);
    expect(priceClassOfWholesale(9_999)).toBe(2);
    expect(priceClassOfWholesale(7_000)).toBe(2);
    expect(priceClassOfWholesale(6_999)).toBe(3);
    expect(priceClassOfWholesale(3_000)).toBe(3);
    expect(priceClassOfWholesale(2_999)).toBe(4);
    expect(priceClassOfWholesale(1_000)).toBe(5);
  });

  it.each([30, 120, 200])('builds %i distinct specs with every kind the demo needs', (count) => {
    const specs = buildCatalogue(new Rng(99), { count, today: '2026-11-24' });
    expect(specs).toHaveLength(count);
    const rows = specs.map((s) => s.row);
    for (const field of ['name', 'code', 'cartonBarcode', 'packBarcode'] as const) expect(new Set(rows.map((r) => r[field])).size).toBe(count);
    expect(rows.map((r) => r.id)).toEqual(Array.from({ length: count }, (_, i) => i + 1));
    for (const r of rows) {
      expect(r.code).toMatch(/^\d{8}$/);
      expect(r.cartonBarcode).toMatch(/^690/);
      expect(isValidEan13(r.cartonBarcode) && isValidEan13(r.packBarcode)).toBe(true);
      expect(r.priceClass).toBe(priceClassOfWholesale(r.wholesalePriceFenPerCarton));
      expect(r.retailPriceFenPerCarton / r.wholesalePriceFenPerCarton).toBeGreaterThanOrEqual(1.1);
      expect(r.retailPriceFenPerCarton / r.wholesalePriceFenPerCarton).toBeLessThanOrEqual(1.2);
    }
    const scarce = rows.filter((r) => r.isScarce);
    expect(scarce.length / count).toBeGreaterThanOrEqual(0.06);
    expect(scarce.length / count).toBeLessThanOrEqual(0.12);
    expect(scarce.every((r) => r.priceClass <= 2)).toBe(true);
    const fresh = rows.filter((r) => r.isNew);
    expect(fresh.length).toBeGreaterThanOrEqual(1);
    expect(fresh.every((r) => r.launchDate !== null && r.launchDate >= '2026-10-01' && r.launchDate <= '2026-11-24')).toBe(true);
    expect(rows.filter((r) => r.isDiscontinued).length).toBeGreaterThanOrEqual(1);
    expect(rows.filter((r) => !r.isOrderable).length).toBeGreaterThanOrEqual(1);
    expect(new Set(rows.map((r) => r.priceClass)).size).toBeGreaterThanOrEqual(4);
    expect(specs.every((s) => s.popularity > 0 && s.popularity <= 1)).toBe(true);
  });

  it('is the same for the same seed', () => {
    const a = buildCatalogue(new Rng(5), { count: 60, today: '2026-11-24' });
    const b = buildCatalogue(new Rng(5), { count: 60, today: '2026-11-24' });
    expect(a).toEqual(b);
  });
});
