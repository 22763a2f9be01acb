/**
 * Golden files end to end: bytes → readTable → recogniseColumns → readLines → resolveBarcodes → totals.
 * The files are written by scripts/make-upload-fixtures.ts against tests/fixtures/uploads/catalogue.ts.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { countTotals, dailyTotals, resolveBarcodes } from '~/domain/uploads/barcodes';
import { applyManualMapping, recogniseColumns } from '~/domain/uploads/columns';
import { readLines } from '~/domain/uploads/lines';
import type { RawTable, UploadKind } from '~/domain/uploads/types';
import { readTable } from '~/server/uploads/read-table.server';
import { FIXTURE_DIR, buildFixtures } from '../../scripts/make-upload-fixtures';
import { FIXTURE_SPECS, FIXTURE_TODAY, NON_TOBACCO, SPECS, UNKNOWN_TOBACCO } from '../fixtures/uploads/catalogue';

const { zhonghua, hongtashan, furongwang, huanghelou, liqun, nanjing, greatwall } = SPECS;

function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(path.join(FIXTURE_DIR, name)));
}

async function table(name: string): Promise<RawTable> {
  const read = await readTable(name, fixture(name));
  if (!read.ok) throw new Error(`${name}: ${JSON.stringify(read.error)}`);
  return read.table;
}

/** The whole way in, with the automatic mapping. */
async function pipeline(name: string, kind: UploadKind, opts: { countedAt?: string } = {}) {
  const t = await table(name);
  const recognition = recogniseColumns(t.header, kind);
  const read = readLines(t, recognition.mapping, kind, { today: FIXTURE_TODAY, ...opts });
  const { resolved, unknown } = resolveBarcodes(read.lines, FIXTURE_SPECS);
  return { table: t, recognition, ...read, resolved, unknown, daily: dailyTotals(resolved) };
}

const DAILY_TOTALS = [
  { specId: zhonghua.id, day: '2026-11-20', qtyPacks: 12 },
  { specId: hongtashan.id, day: '2026-11-20', qtyPacks: 30 },
  { specId: furongwang.id, day: '2026-11-20', qtyPacks: 20 }, // 2 cartons
  { specId: zhonghua.id, day: '2026-11-21', qtyPacks: 9 },
  { specId: hongtashan.id, day: '2026-11-21', qtyPacks: 28 },
  { specId: huanghelou.id, day: '2026-11-21', qtyPacks: 5 },
];

describe('sales files, daily totals, in every encoding and dialect', () => {
  it.each([
    ['sales-daily-utf8.csv', 'utf-8'],
    ['sales-daily-utf8-bom.csv', 'utf-8-bom'],
  ])('%s reads as %s with the same table', async (name, encoding) => {
    const r = await pipeline(name, 'sales');
    expect(r.table.encoding).toBe(encoding);
    expect(r.table.header).toEqual(['条码', '品名', '销量', '日期']);
    expect(r.table.headerRowNo).toBe(1);
    expect(r.table.rows.map((row) => row.rowNo)).toEqual([2, 3, 4, 5, 6, 7]);
    expect(r.recognition).toEqual({ mapping: { barcode: 0, name: 1, qty: 2, date: 3 }, missing: [], unrecognised: [] });
    expect(r.problems).toEqual([]);
    expect(r.unknown).toEqual([]);
    expect(r.daily).toEqual(DAILY_TOTALS);
  });

  it('GBK with Chinese headers in another order, and a 合计 row skipped', async () => {
    const r = await pipeline('sales-daily-gbk.csv', 'sales');
    expect(r.table.encoding).toBe('gb18030');
    expect(r.table.header).toEqual(['日期', '商品条码', '商品名称', '销售数量']);
    expect(r.recognition.mapping).toEqual({ date: 0, barcode: 1, name: 2, qty: 3 });
    expect(r.table.rows).toHaveLength(7);
    expect(r.lines).toHaveLength(6);
    expect(r.skipped).toEqual([{ rowNo: 8, reason: 'total_row' }]);
    expect(r.problems).toEqual([]);
    expect(r.daily).toEqual(DAILY_TOTALS);
  });

  it('semicolon-delimited, with commas inside names', async () => {
    const r = await pipeline('sales-semicolon.csv', 'sales');
    expect(r.table.header).toEqual(['条码', '品名', '数量', '日期']);
    expect(r.lines.map((l) => l.name)).toEqual(['中华(硬),20支', '利群(新版),20支', '南京(炫赫门),20支']);
    expect(r.daily).toEqual([
      { specId: zhonghua.id, day: '2026-11-22', qtyPacks: 4 },
      { specId: liqun.id, day: '2026-11-22', qtyPacks: 6 },
      { specId: nanjing.id, day: '2026-11-22', qtyPacks: 3 },
    ]);
  });

  const TAB_TOTALS = [
    { specId: hongtashan.id, day: '2026-11-22', qtyPacks: 11 },
    { specId: huanghelou.id, day: '2026-11-22', qtyPacks: 7 },
    { specId: greatwall.id, day: '2026-11-22', qtyPacks: 5 }, // a carton of a 5-pack spec
  ];

  it.each([
    ['sales-tab.txt', 'utf-8'],
    ['sales-unicode-text.txt', 'utf-16le'],
  ])('tab-delimited %s (%s)', async (name, encoding) => {
    const r = await pipeline(name, 'sales');
    expect(r.table.encoding).toBe(encoding);
    expect(r.table.header).toEqual(['条形码', '卷烟名称', '销量', '销售日期']);
    expect(r.recognition.missing).toEqual([]);
    expect(r.problems).toEqual([]);
    expect(r.daily).toEqual(TAB_TOTALS);
  });

  it('English headers, a unit column that is informational only', async () => {
    const r = await pipeline('sales-english.csv', 'sales');
    expect(r.recognition).toEqual({
      mapping: { barcode: 0, name: 1, qty: 2, date: 3, unit: 4 },
      missing: [],
      unrecognised: [],
    });
    // The carton line is a carton *barcode*: 1 × 10 packs, whatever the unit column says.
    expect(r.daily).toEqual([
      { specId: zhonghua.id, day: '2026-11-23', qtyPacks: 8 },
      { specId: hongtashan.id, day: '2026-11-23', qtyPacks: 15 },
      { specId: liqun.id, day: '2026-11-23', qtyPacks: 10 },
    ]);
  });

  it('per-transaction GBK lines under two title lines become daily totals', async () => {
    const r = await pipeline('sales-lines-gbk.csv', 'sales');
    expect(r.table.encoding).toBe('gb18030');
    expect(r.table.headerRowNo).toBe(4);
    expect(r.table.header).toEqual(['交易时间', '商品条码', '商品名称', '数量', '单位', '金额']);
    expect(r.recognition).toEqual({
      mapping: { date: 0, barcode: 1, name: 2, qty: 3, unit: 4 },
      missing: [],
      unrecognised: [{ index: 5, header: '金额' }],
    });
    expect(r.lines.map((l) => l.rowNo)).toEqual([5, 6, 7, 8, 9, 10]);
    expect(r.lines.every((l) => l.countedAt === null)).toBe(true);
    expect(r.skipped).toEqual([{ rowNo: 11, reason: 'total_row' }]);
    expect(r.daily).toEqual([
      { specId: zhonghua.id, day: '2026-11-23', qtyPacks: 4 },
      { specId: hongtashan.id, day: '2026-11-23', qtyPacks: 2 },
      { specId: nanjing.id, day: '2026-11-23', qtyPacks: 10 },
      { specId: liqun.id, day: '2026-11-24', qtyPacks: 3 },
    ]);
  });

  it('xlsx: hidden sheet skipped, merged title skipped, real date cells, numeric barcodes, rich text', async () => {
    const r = await pipeline('sales-chinese.xlsx', 'sales');
    expect(r.table.encoding).toBe('xlsx');
    expect(r.table.headerRowNo).toBe(3);
    expect(r.table.header).toEqual(['日期', '条码', '品名', '销量', '单位']);
    expect(r.table.rows).toEqual([
      { rowNo: 4, cells: ['2026-11-22', zhonghua.packBarcode, '中华(硬)', '6', '盒'] },
      { rowNo: 5, cells: ['2026-11-22', hongtashan.packBarcode, '红塔山(经典1956)', '14', '盒'] },
      { rowNo: 6, cells: ['2026-11-23', nanjing.cartonBarcode, '南京(炫赫门)', '1', '条'] },
      // A7 is merged into A6: the date applies to this row too.
      { rowNo: 7, cells: ['2026-11-23', liqun.packBarcode, '利群(新版)', '9', '盒'] },
    ]);
    expect(r.problems).toEqual([]);
    expect(r.daily).toEqual([
      { specId: zhonghua.id, day: '2026-11-22', qtyPacks: 6 },
      { specId: hongtashan.id, day: '2026-11-22', qtyPacks: 14 },
      { specId: liqun.id, day: '2026-11-23', qtyPacks: 9 },
      { specId: nanjing.id, day: '2026-11-23', qtyPacks: 10 },
    ]);
  });
});

describe('receipts and stock counts', () => {
  it('receipts in cartons and packs', async () => {
    const r = await pipeline('receipts-gbk.csv', 'receipts');
    expect(r.recognition.mapping).toEqual({ date: 0, barcode: 1, name: 2, qty: 3, unit: 4 });
    expect(r.daily).toEqual([
      { specId: zhonghua.id, day: '2026-11-19', qtyPacks: 50 },
      { specId: hongtashan.id, day: '2026-11-19', qtyPacks: 100 },
      { specId: liqun.id, day: '2026-11-19', qtyPacks: 10 },
      { specId: greatwall.id, day: '2026-11-19', qtyPacks: 10 },
    ]);
  });

  it('a receipts file uploaded as sales has no sales quantity column: the user must notice and map', async () => {
    const t = await table('receipts-gbk.csv');
    const rec = recogniseColumns(t.header, 'sales');
    expect(rec.missing).toEqual(['qty']);
    expect(rec.unrecognised).toEqual([{ index: 3, header: '到货数量' }]);
  });

  it('stock count CSV: countedAt in UTC, 08:00 Shanghai when only a day is given', async () => {
    const r = await pipeline('stock-count.csv', 'stock_count');
    expect(r.recognition.mapping).toEqual({ date: 0, barcode: 1, name: 2, qty: 3 });
    expect(r.lines.map((l) => [l.rowNo, l.day, l.countedAt])).toEqual([
      [2, '2026-11-23', '2026-11-23T00:30:00.000Z'],
      [3, '2026-11-23', '2026-11-23T00:30:00.000Z'],
      [4, '2026-11-23', '2026-11-23T00:30:00.000Z'],
      [5, '2026-11-23', '2026-11-23T00:00:00.000Z'],
    ]);
    expect(countTotals(r.resolved)).toEqual([
      { specId: furongwang.id, countedAt: '2026-11-23T00:00:00.000Z', day: '2026-11-23', qtyPacks: 0 },
      { specId: zhonghua.id, countedAt: '2026-11-23T00:30:00.000Z', day: '2026-11-23', qtyPacks: 37 },
      { specId: hongtashan.id, countedAt: '2026-11-23T00:30:00.000Z', day: '2026-11-23', qtyPacks: 72 },
    ]);
  });

  it('stock count xlsx with date cells and one date-time cell', async () => {
    const r = await pipeline('stock-count.xlsx', 'stock_count');
    expect(r.table.rows.map((row) => row.cells[0])).toEqual(['2026-11-23', '2026-11-23', '2026-11-23 19:30:00']);
    expect(countTotals(r.resolved)).toEqual([
      { specId: zhonghua.id, countedAt: '2026-11-23T00:00:00.000Z', day: '2026-11-23', qtyPacks: 40 },
      { specId: liqun.id, countedAt: '2026-11-23T00:00:00.000Z', day: '2026-11-23', qtyPacks: 25 },
      { specId: zhonghua.id, countedAt: '2026-11-23T11:30:00.000Z', day: '2026-11-23', qtyPacks: 30 },
    ]);
  });

  it('stock count without a date column: missing date reported, then the user-given countedAt is used', async () => {
    const t = await table('stock-count-no-date.csv');
    const rec = recogniseColumns(t.header, 'stock_count');
    expect(rec.missing).toEqual(['date']);
    expect(() => readLines(t, rec.mapping, 'stock_count', { today: FIXTURE_TODAY })).toThrow(RangeError);
    const r = readLines(t, rec.mapping, 'stock_count', { today: FIXTURE_TODAY, countedAt: '2026-11-23T20:00:00+08:00' });
    expect(r.problems).toEqual([]);
    expect(r.lines.map((l) => [l.day, l.countedAt, l.qty])).toEqual([
      ['2026-11-23', '2026-11-23T12:00:00.000Z', 20],
      ['2026-11-23', '2026-11-23T12:00:00.000Z', 14],
    ]);
  });
});

describe('files with bad rows', () => {
  it('quantities: negative, fractional, too large, empty, not a number; 1,234 and full-width accepted', async () => {
    const r = await pipeline('quantities.csv', 'sales');
    expect(r.problems).toEqual([
      { rowNo: 3, column: '销量', field: 'qty', code: 'negative', value: '-2' },
      { rowNo: 4, column: '销量', field: 'qty', code: 'fractional', value: '1.5' },
      { rowNo: 5, column: '销量', field: 'qty', code: 'too_large', value: '200000' },
      { rowNo: 8, column: '销量', field: 'qty', code: 'missing_value', value: '' },
      { rowNo: 9, column: '销量', field: 'qty', code: 'not_a_number', value: 'abc' },
    ]);
    expect(r.lines.map((l) => [l.rowNo, l.qty])).toEqual([
      [2, 3],
      [6, 1234],
      [7, 12],
      [10, 3],
      [11, 5],
    ]);
  });

  it('barcodes: scientific notation, too short, letters and empty are bad; spaces, apostrophe, .0 are not', async () => {
    const r = await pipeline('barcodes.csv', 'sales');
    expect(r.problems).toEqual([
      { rowNo: 2, column: '条码', field: 'barcode', code: 'bad_barcode', value: '6.90103E+12' },
      { rowNo: 6, column: '条码', field: 'barcode', code: 'bad_barcode', value: '12345' },
      { rowNo: 7, column: '条码', field: 'barcode', code: 'bad_barcode', value: '69010ABC00012' },
      { rowNo: 8, column: '条码', field: 'barcode', code: 'missing_value', value: '' },
    ]);
    expect(r.lines.map((l) => l.barcode)).toEqual([zhonghua.packBarcode, hongtashan.packBarcode, liqun.packBarcode]);
  });

  it('dates in several formats, and out of range', async () => {
    const r = await pipeline('dates-formats.csv', 'sales');
    expect(r.lines.map((l) => [l.name, l.day])).toEqual([
      ['iso', '2026-11-23'],
      ['slashes', '2026-11-22'],
      ['dots', '2026-11-21'],
      ['compact', '2026-11-20'],
      ['chinese', '2026-11-19'],
      ['with minutes', '2026-11-18'],
      ['with seconds', '2026-11-17'],
      ['excel serial', '2026-11-23'],
      ['iso instant', '2026-11-16'],
      ['oldest allowed', '2025-10-20'],
    ]);
    expect(r.problems).toEqual([
      { rowNo: 12, column: '日期', field: 'date', code: 'date_in_future', value: '2026-11-25' },
      { rowNo: 13, column: '日期', field: 'date', code: 'date_too_old', value: '2025-10-19' },
      { rowNo: 14, column: '日期', field: 'date', code: 'bad_date', value: '2026-02-30' },
      { rowNo: 15, column: '日期', field: 'date', code: 'bad_date', value: '昨天' },
      { rowNo: 16, column: '日期', field: 'date', code: 'missing_value', value: '' },
    ]);
  });

  it('day-first dates: the column shows it (23/11), so 01/11 is 1 November', async () => {
    const r = await pipeline('dates-day-first.csv', 'sales');
    expect(r.problems).toEqual([]);
    expect(r.lines.map((l) => l.day)).toEqual(['2026-11-23', '2026-11-01', '2026-05-05', '2026-11-24']);
  });

  it('formulas in CSV are reported per cell; ="…" text literals are not formulas', async () => {
    const r = await pipeline('broken-formulas.csv', 'sales');
    expect(r.lines.map((l) => [l.rowNo, l.barcode])).toEqual([[2, zhonghua.packBarcode]]);
    expect(r.problems).toEqual([
      { rowNo: 3, column: '销量', field: 'qty', code: 'formula', value: '=1+1' },
      { rowNo: 4, column: '条码', field: 'barcode', code: 'formula', value: '=A2' },
      { rowNo: 5, column: '日期', field: 'date', code: 'formula', value: '=TODAY()' },
      { rowNo: 6, column: '品名', field: 'name', code: 'formula', value: '=B2' },
    ]);
  });

  it('formulas in xlsx are reported even though a cached result exists', async () => {
    const r = await pipeline('broken-formulas.xlsx', 'sales');
    expect(r.lines.map((l) => l.rowNo)).toEqual([2]);
    expect(r.problems).toEqual([
      { rowNo: 3, column: '销量', field: 'qty', code: 'formula', value: '=C2*5' },
      { rowNo: 4, column: '日期', field: 'date', code: 'formula', value: '=TODAY()' },
    ]);
  });

  it('unknown tobacco and non-tobacco goods are grouped with their rows, never dropped; GTIN-14 matches', async () => {
    const r = await pipeline('unknown-barcodes.csv', 'sales');
    expect(r.lines).toHaveLength(6);
    expect(r.resolved.map((l) => [l.rowNo, l.specId, l.qtyPacks])).toEqual([
      [2, zhonghua.id, 4],
      [3, hongtashan.id, 10],
      [7, liqun.id, 2],
    ]);
    expect(r.unknown).toEqual([
      { barcode: UNKNOWN_TOBACCO, name: '贵烟(跨越)', rowNos: [4, 6], qty: 3 },
      { barcode: NON_TOBACCO, name: '农夫山泉饮用天然水550ml', rowNos: [5], qty: 6 },
    ]);
  });

  it('an unrecognised header (货号) is mapped by hand, then reads normally', async () => {
    const t = await table('unmapped-header.csv');
    const rec = recogniseColumns(t.header, 'sales');
    expect(rec.missing).toEqual(['barcode']);
    expect(rec.unrecognised).toEqual([{ index: 0, header: '货号' }]);
    const manual = applyManualMapping(t.header, rec.mapping, { barcode: 0 });
    expect(manual.ok).toBe(true);
    if (!manual.ok) return;
    expect(manual.recognition.missing).toEqual([]);
    const r = readLines(t, manual.mapping, 'sales', { today: FIXTURE_TODAY });
    expect(r.problems).toEqual([]);
    expect(r.lines.map((l) => [l.barcode, l.qty])).toEqual([
      [zhonghua.packBarcode, 2],
      [liqun.packBarcode, 1],
    ]);
  });
});

describe('files that are not tables', () => {
  it.each([
    ['broken-empty.csv', 'empty_file', undefined],
    ['broken-truncated.xlsx', 'corrupt_xlsx', undefined],
    ['broken-pipe-delimiter.csv', 'not_a_table', { reason: 'single_column', format: 'text' }],
    [
      'broken-mixed-encoding.csv',
      'mixed_encoding',
      { utf8Lines: 3, otherLines: 2, firstUtf8LineNo: 1, firstOtherLineNo: 4 },
    ],
    ['unsupported-old-excel.xls', 'unsupported_type', { type: 'xls', ext: 'xls', hint: 'save_as_xlsx_or_csv' }],
    ['unsupported-report.pdf', 'unsupported_type', { type: 'pdf', ext: 'pdf' }],
    ['unsupported-html-export.xls', 'unsupported_type', { type: 'html', ext: 'xls', hint: 'save_as_xlsx_or_csv' }],
  ])('%s → %s', async (name, code, detail) => {
    const read = await readTable(name, fixture(name));
    expect(read).toEqual({ ok: false, error: detail ? { code, detail } : { code } });
  });

  it('a header with no rows is a table with no rows (the caller says "nothing to import")', async () => {
    const t = await table('broken-header-only.csv');
    expect(t.header).toEqual(['条码', '品名', '销量', '日期']);
    expect(t.rows).toEqual([]);
  });
});

describe('the generator', () => {
  it('reproduces every committed fixture byte for byte', async () => {
    for (const f of await buildFixtures()) {
      expect(Buffer.from(f.bytes).equals(Buffer.from(fixture(f.name))), f.name).toBe(true);
    }
  });

  it('keeps committed fixtures small', async () => {
    for (const f of await buildFixtures()) expect(f.bytes.length, f.name).toBeLessThan(10_000);
  });
});
