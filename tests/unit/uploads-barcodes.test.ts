import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countTotals, dailyTotals, gtinKey, refusedSpecDays, resolveBarcodes, splitOverLimit } from '~/domain/uploads/barcodes';
import { MAX_PACKS_PER_SPEC_AND_DAY } from '~/domain/uploads/limits';
import type { BarcodeSpec, ResolvedLine, ScanLine } from '~/domain/uploads/types';
import { FIXTURE_SPECS, NON_TOBACCO, SPECS, ean13 } from '../fixtures/uploads/catalogue';

const { zhonghua, greatwall } = SPECS;

function line(rowNo: number, barcode: string, qty: number, day = '2026-11-23', countedAt: string | null = null): ScanLine {
  return { rowNo, day, countedAt, barcode, qty, unit: null, name: null };
}

describe('resolveBarcodes', () => {
  it('a pack code counts packs; a carton code counts cartons of the spec’s own size', () => {
    const { resolved, unknown } = resolveBarcodes(
      [line(2, zhonghua.packBarcode, 3), line(3, zhonghua.cartonBarcode, 2), line(4, greatwall.cartonBarcode, 2)],
      FIXTURE_SPECS,
    );
    expect(unknown).toEqual([]);
    expect(resolved.map((r) => [r.rowNo, r.specId, r.qtyPacks])).toEqual([
      [2, zhonghua.id, 3],
      [3, zhonghua.id, 20],
      [4, greatwall.id, 10],
    ]);
  });

  it('a unit written with the quantity says what was counted, whichever code was scanned', () => {
    const { resolved } = resolveBarcodes(
      [
        { ...line(2, zhonghua.packBarcode, 3), unit: 'carton' },
        { ...line(3, zhonghua.cartonBarcode, 3), unit: 'pack' },
        { ...line(4, zhonghua.cartonBarcode, 3), unit: 'carton' },
      ],
      FIXTURE_SPECS,
    );
    expect(resolved.map((r) => r.qtyPacks)).toEqual([3 * zhonghua.packsPerCarton, 3, 3 * zhonghua.packsPerCarton]);
  });

  it('a shop’s own pack-like code with a carton unit counts the spec’s real carton', () => {
    const alias: BarcodeSpec = { id: zhonghua.id, packBarcode: '2000000000008', cartonBarcode: 'alias:2000000000008', packsPerCarton: 1 };
    const { resolved } = resolveBarcodes([{ ...line(2, '2000000000008', 2), unit: 'carton' }], [...FIXTURE_SPECS, alias]);
    expect(resolved[0]!.qtyPacks).toBe(2 * zhonghua.packsPerCarton);
  });

  it('groups unknown barcodes with all their rows, the first name seen, and the summed quantity', () => {
    const lines = [
      { ...line(2, NON_TOBACCO, 2), name: null },
      { ...line(5, NON_TOBACCO, 4), name: '农夫山泉' },
      { ...line(7, NON_TOBACCO, 1), name: '矿泉水' },
    ];
    expect(resolveBarcodes(lines, FIXTURE_SPECS).unknown).toEqual([
      { barcode: NON_TOBACCO, name: '农夫山泉', rowNos: [2, 5, 7], qty: 7 },
    ]);
  });

  it('compares codes as GTIN-14, so leading zeros do not matter', () => {
    expect(gtinKey('6901028075817')).toBe('06901028075817');
    const { resolved } = resolveBarcodes([line(2, `0${zhonghua.packBarcode}`, 1)], FIXTURE_SPECS);
    expect(resolved).toHaveLength(1);
  });

  it('a code listed twice in the catalogue resolves the same way whatever else is listed: first spec, pack first', () => {
    const dup = ean13('690102899990');
    const specs: BarcodeSpec[] = [
      { id: 1, packBarcode: '6901028000001', cartonBarcode: dup, packsPerCarton: 10 },
      { id: 2, packBarcode: dup, cartonBarcode: '6901028000002', packsPerCarton: 10 },
    ];
    expect(resolveBarcodes([line(2, dup, 1)], specs).resolved[0]).toMatchObject({ specId: 2, qtyPacks: 1 });
  });

  const specsArb = fc.uniqueArray(fc.integer({ min: 100_000, max: 999_999 }), { minLength: 1, maxLength: 8 }).chain((refs) =>
    fc.tuple(
      fc.constant(refs),
      fc.array(fc.integer({ min: 1, max: 20 }), { minLength: refs.length, maxLength: refs.length }),
    ).map(([rs, sizes]) =>
      rs.map(
        (ref, i): BarcodeSpec => ({
          id: i + 1,
          packBarcode: ean13(`690100${ref}`),
          cartonBarcode: ean13(`690200${ref}`),
          packsPerCarton: sizes[i]!,
        }),
      ),
    ),
  );

  it('packs out = Σ pack lines + Σ carton lines × packsPerCarton, and no line is lost (property)', () => {
    fc.assert(
      fc.property(
        specsArb,
        fc.array(
          fc.record({ spec: fc.nat(), kind: fc.constantFrom('pack', 'carton', 'unknown'), qty: fc.integer({ min: 0, max: 1000 }), day: fc.integer({ min: 1, max: 9 }) }),
          { maxLength: 60 },
        ),
        (specs, picks) => {
          const lines = picks.map((p, i) => {
            const s = specs[p.spec % specs.length]!;
            const code = p.kind === 'pack' ? s.packBarcode : p.kind === 'carton' ? s.cartonBarcode : NON_TOBACCO;
            return line(i + 2, code, p.qty, `2026-11-0${p.day}`);
          });
          const { resolved, unknown } = resolveBarcodes(lines, specs);
          expect(resolved.length + unknown.reduce((n, u) => n + u.rowNos.length, 0)).toBe(lines.length);
          for (const s of specs) {
            const expected = picks.reduce((n, p) => {
              if (specs[p.spec % specs.length] !== s) return n;
              return n + (p.kind === 'pack' ? p.qty : p.kind === 'carton' ? p.qty * s.packsPerCarton : 0);
            }, 0);
            const got = resolved.filter((r) => r.specId === s.id).reduce((n, r) => n + r.qtyPacks, 0);
            expect(got).toBe(expected);
          }
        },
      ),
    );
  });
});

describe('totals', () => {
  const resolvedArb = fc.array(
    fc.record({
      rowNo: fc.nat(),
      day: fc.constantFrom('2026-11-20', '2026-11-21', '2026-11-22'),
      countedAt: fc.constantFrom('2026-11-20T00:00:00.000Z', '2026-11-20T10:00:00.000Z'),
      specId: fc.integer({ min: 1, max: 5 }),
      qtyPacks: fc.integer({ min: 0, max: 10_000 }),
    }),
    { maxLength: 80 },
  );
  const sum = (xs: Array<{ qtyPacks: number }>) => xs.reduce((n, x) => n + x.qtyPacks, 0);

  it('dailyTotals keeps the sum overall and per (spec, day), with one entry per pair (property)', () => {
    fc.assert(
      fc.property(resolvedArb, (resolved: ResolvedLine[]) => {
        const totals = dailyTotals(resolved);
        expect(sum(totals)).toBe(sum(resolved));
        const keys = totals.map((t) => `${t.specId}|${t.day}`);
        expect(new Set(keys).size).toBe(keys.length);
        for (const t of totals) {
          expect(t.qtyPacks).toBe(sum(resolved.filter((r) => r.specId === t.specId && r.day === t.day)));
        }
      }),
    );
  });

  it('splitOverLimit refuses every line of a spec-day past the limit and keeps the rest (property)', () => {
    const bigArb = fc.array(
      fc.record({
        rowNo: fc.nat(),
        day: fc.constantFrom('2026-11-20', '2026-11-21'),
        countedAt: fc.constant(null),
        specId: fc.integer({ min: 1, max: 3 }),
        qtyPacks: fc.integer({ min: 0, max: 400_000 }),
      }),
      { maxLength: 30 },
    );
    fc.assert(
      fc.property(bigArb, (lines) => {
        const { within, over } = splitOverLimit(lines);
        expect(within.length + over.length).toBe(lines.length);
        for (const t of dailyTotals(within)) expect(t.qtyPacks).toBeLessThanOrEqual(MAX_PACKS_PER_SPEC_AND_DAY);
        const key = (l: ResolvedLine) => `${l.specId}|${l.day}`;
        const overKeys = new Set(over.map(key));
        expect(within.some((l) => overKeys.has(key(l)))).toBe(false);
        for (const k of overKeys) expect(sum(over.filter((l) => key(l) === k))).toBeGreaterThan(MAX_PACKS_PER_SPEC_AND_DAY);
      }),
    );
  });

  it('refusedSpecDays names the spec of a known code once per day or count, and skips unknown codes', () => {
    const refused = [
      { rowNo: 2, barcode: zhonghua.packBarcode, day: '2026-11-20', countedAt: null },
      { rowNo: 3, barcode: `0${zhonghua.cartonBarcode}`, day: '2026-11-20', countedAt: null },
      { rowNo: 4, barcode: NON_TOBACCO, day: '2026-11-20', countedAt: null },
      { rowNo: 5, barcode: greatwall.packBarcode, day: '2026-11-21', countedAt: null },
    ];
    expect(refusedSpecDays(refused, FIXTURE_SPECS)).toEqual([
      { specId: zhonghua.id, day: '2026-11-20', countedAt: null },
      { specId: greatwall.id, day: '2026-11-21', countedAt: null },
    ]);
  });

  it('dailyTotals orders by day, then spec', () => {
    const r = (specId: number, day: string, qtyPacks: number): ResolvedLine => ({ rowNo: 1, day, countedAt: null, specId, qtyPacks });
    expect(dailyTotals([r(2, '2026-11-21', 1), r(1, '2026-11-21', 2), r(3, '2026-11-20', 3), r(1, '2026-11-21', 4)])).toEqual([
      { specId: 3, day: '2026-11-20', qtyPacks: 3 },
      { specId: 1, day: '2026-11-21', qtyPacks: 6 },
      { specId: 2, day: '2026-11-21', qtyPacks: 1 },
    ]);
  });

  it('countTotals keeps the sum per (spec, instant) and keeps two counts of one day apart (property)', () => {
    fc.assert(
      fc.property(resolvedArb, (resolved: ResolvedLine[]) => {
        const totals = countTotals(resolved);
        expect(sum(totals)).toBe(sum(resolved));
        for (const t of totals) {
          expect(t.qtyPacks).toBe(sum(resolved.filter((r) => r.specId === t.specId && r.countedAt === t.countedAt)));
        }
      }),
    );
  });

  it('countTotals refuses lines without countedAt', () => {
    expect(() => countTotals([{ rowNo: 4, day: '2026-11-20', countedAt: null, specId: 1, qtyPacks: 1 }])).toThrow(/row 4/);
  });
});
