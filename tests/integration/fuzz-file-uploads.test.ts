/**
 * Hostile files through the whole file path — stage, preview, import — on both dialects: random bytes,
 * near-miss CSVs with hostile cells (NUL bytes, lone surrogates, huge numbers, formulas, long text) in mixed
 * encodings. Nothing throws; a refused file stages nothing; an import that is refused writes nothing; an
 * accepted import writes only whole, in-range quantities, and the rows it refused are kept as readable
 * rejections.
 */
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { previewStaged, importStaged, stageFile } from '~/server/uploads/staging.server';
import { addDays } from '~/domain/time';
import { postgresSkipped, useTestDb, type TestDb } from '../support/db';
import { orderingFixture, smallCounty } from '../support/fixtures';
import { MAX_PACKS_PER_SPEC_AND_DAY } from '~/domain/uploads/limits';

const NOW = new Date('2026-11-24T02:00:00.000Z');
const TODAY = '2026-11-24';
const TABLES = ['posDailySales', 'receipts', 'stockCounts', 'stockCountLines', 'uploads', 'uploadBatches', 'uploadRejections'] as const;

const hostileCell = fc.oneof(
  fc.string({ maxLength: 15 }),
  fc.string({ unit: 'grapheme', maxLength: 15 }),
  fc.constantFrom('\u0000', 'a\u0000b', '\uD800', '\uDFFF', '\uFEFF', '=cmd|"/c calc"!A1', '+1', '@x', '1e308', '9'.repeat(40), '-0', 'NaN', '１００', '合计', '', '"', '\r\n'),
  fc.nat(3_000).map((n) => '长'.repeat(n)),
);

/** fast-check's report with the counterexample cut short (a 50,000-level JSON would fill the screen). */
function briefReport(out: fc.RunDetails<unknown>) {
  if (!out.failed) return;
  const example = JSON.stringify(out.counterexample) ?? '';
  throw new Error(`property failed after ${out.numRuns} runs (seed ${out.seed}): ${String(out.errorInstance)}\ncounterexample (first 600 characters): ${example.slice(0, 600)}`);
}

describe.skipIf(postgresSkipped())('fuzz: file uploads (stage, preview, import)', () => {
  let t: TestDb;
  let user: { userId: number; role: 'retailer' };
  let shopId: number;
  let barcodes: string[];

  beforeAll(async () => {
    fc.configureGlobal({ ...fc.readConfigureGlobal(), reporter: briefReport });
    t = await useTestDb();
    const county = await smallCounty(t.db);
    await orderingFixture(t.db);
    const shop = county.retailers[0]!;
    user = { userId: shop.userId, role: 'retailer' };
    shopId = shop.id;
    barcodes = (await t.db.selectFrom('specs').select(['packBarcode', 'cartonBarcode']).execute()).flatMap((s) => [s.packBarcode, s.cartonBarcode]);
  });
  afterAll(async () => {
    fc.resetConfigureGlobal();
    await t?.close();
  });

  const counts = async () => {
    const out: Record<string, number> = {};
    for (const table of TABLES) out[table] = Number((await t.db.selectFrom(table).select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    return out;
  };
  const stagedCount = async () => Number((await t.db.selectFrom('stagedUploads').select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  async function throughTheFilePath(fileName: string, bytes: Uint8Array, kind: 'sales' | 'receipts' | 'stock_count') {
    const stagedBefore = await stagedCount();
    const staged = await stageFile(t.db, user, shopId, kind, fileName, bytes, NOW);
    if (!staged.ok) {
      expect(await stagedCount()).toBe(stagedBefore);
      return 'refused';
    }
    const preview = await previewStaged(t.db, user, staged.stagedId, NOW);
    expect(preview).not.toBeNull();
    const before = await counts();
    const imported = await importStaged(t.db, user, staged.stagedId, { confirmReplace: true }, NOW);
    if (!imported.ok) {
      expect(await counts()).toEqual(before);
      return imported.code;
    }
    const sales = await t.db.selectFrom(kind === 'receipts' ? 'receipts' : 'posDailySales').select('qtyPacks').where('retailerId', '=', shopId).execute();
    for (const s of sales) expect(Number.isSafeInteger(s.qtyPacks) && s.qtyPacks >= 0).toBe(true);
    // One rejection per bad cell; the import counts bad rows, as the preview does.
    const rejections = await t.db.selectFrom('uploadRejections').select('rowNo').where('batchId', '=', imported.batchId).execute();
    expect(new Set(rejections.map((r) => r.rowNo)).size).toBe(imported.rejected);
    expect(imported.accepted).toBe(preview && !preview.needsMapping ? preview.rowsGood : -1);
    return 'imported';
  }

  it('random bytes under any name: refused without staging, or read and handled without a throw', async () => {
    const name = fc.constantFrom('a.csv', 'a.xlsx', 'a.txt', 'a', 'a.xls');
    await fc.assert(
      fc.asyncProperty(name, fc.uint8Array({ maxLength: 1_500 }), fc.constantFrom('sales', 'receipts', 'stock_count' as const), (n, bytes, kind) => throughTheFilePath(n, bytes, kind).then(() => undefined)),
      { numRuns: 60 },
    );
  });

  it('near-miss exports with hostile cells, in UTF-8, GBK or both: never a throw; what is stored is sane', async () => {
    const row = fc.record({
      barcode: fc.oneof(fc.constantFrom(...barcodes), hostileCell),
      qty: fc.oneof(fc.nat(100_000).map(String), hostileCell),
      date: fc.oneof(fc.integer({ min: -5, max: 1 }).map((d) => addDays(TODAY, d)), hostileCell),
      name: hostileCell,
    });
    const file = fc.record({
      rows: fc.array(row, { minLength: 1, maxLength: 20 }),
      encoding: fc.constantFrom('utf8', 'gbk', 'mixed'),
      kind: fc.constantFrom('sales', 'receipts', 'stock_count' as const),
    });
    const outcomes = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(file, async ({ rows, encoding, kind }) => {
        const quote = (c: string) => `"${c.replace(/"/g, '""')}"`;
        const lines = ['条码,数量,日期,品名', ...rows.map((r) => [r.barcode, r.qty, r.date, r.name].map(quote).join(','))];
        const bytes =
          encoding === 'utf8'
            ? Buffer.from(lines.join('\r\n'), 'utf8')
            : encoding === 'gbk'
              ? iconv.encode(lines.join('\r\n'), 'gbk')
              : Buffer.concat(lines.map((l, i) => Buffer.concat([i % 2 ? iconv.encode(l, 'gbk') : Buffer.from(l, 'utf8'), Buffer.from('\r\n')])));
        const outcome = await throughTheFilePath('pos.csv', new Uint8Array(bytes), kind);
        outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      }),
      { numRuns: 80 },
    );
    // The generator reached the database: some files were imported.
    expect(outcomes.get('imported') ?? 0).toBeGreaterThan(5);
  });

  it('rows that add up past what any shop sells (and past a 32-bit quantity) are refused as too large', async () => {
    // 25,000 rows of 100,000 packs of one spec on one day: 2.5 billion packs. One ordinary row beside them.
    const day = addDays(TODAY, -1);
    const bytes = new Uint8Array(Buffer.from(`条码,数量,日期\r\n${`${barcodes[0]},100000,${day}\r\n`.repeat(25_000)}${barcodes[2]},7,${day}\r\n`, 'utf8'));
    // What the earlier (random) imports left for that day: the refused spec keeps its earlier figure, whatever it was.
    const specOf = async (code: string) => (await t.db.selectFrom('specs').select('id').where((eb) => eb.or([eb('packBarcode', '=', code), eb('cartonBarcode', '=', code)])).executeTakeFirstOrThrow()).id;
    const [refusedSpec, goodSpec] = [await specOf(barcodes[0]!), await specOf(barcodes[2]!)];
    const figureOf = async (specId: number) => (await t.db.selectFrom('posDailySales').select('qtyPacks').where('retailerId', '=', shopId).where('salesDate', '=', day).where('specId', '=', specId).execute()).map((r) => r.qtyPacks);
    const refusedBefore = await figureOf(refusedSpec);
    const staged = await stageFile(t.db, user, shopId, 'sales', 'huge.csv', bytes, NOW);
    if (!staged.ok) throw new Error(staged.code);
    const preview = await previewStaged(t.db, user, staged.stagedId, NOW);
    expect(preview).toMatchObject({ rowsRead: 25_001, rowsGood: 1, rowsBad: 25_000, problemCount: 25_000 });
    expect(preview && 'problems' in preview ? preview.problems[0] : null).toMatchObject({ rowNo: 2, column: '数量', code: 'too_large' });
    const imported = await importStaged(t.db, user, staged.stagedId, { confirmReplace: true }, NOW);
    expect(imported).toMatchObject({ ok: true, accepted: 1, rejected: 25_000 });
    expect(await figureOf(goodSpec)).toEqual([7]);
    expect(await figureOf(refusedSpec)).toEqual(refusedBefore);
    const stored = await t.db.selectFrom('posDailySales').select('qtyPacks').where('retailerId', '=', shopId).where('salesDate', '=', day).execute();
    for (const r of stored) expect(r.qtyPacks).toBeLessThanOrEqual(MAX_PACKS_PER_SPEC_AND_DAY);
  });
});
