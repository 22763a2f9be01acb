/**
 * Hostile input for the upload parsers: whatever bytes a shop's file holds — random bytes, zip-shaped junk,
 * text mixing UTF-8, GBK and UTF-16, quotes and delimiters everywhere, huge numbers, very long cells — reading
 * never throws, answers with a known error code or a table, and what comes out of the table is sane (whole
 * quantities within the limit, real days within the allowed range, problems that point at real rows).
 * Sized to finish in a few seconds.
 */
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { dailyTotals, resolveBarcodes } from '~/domain/uploads/barcodes';
import { parseBarcodeCell, parseQtyCell } from '~/domain/uploads/cells';
import { MAX_QTY_PER_LINE as MAX_QTY } from '~/domain/uploads/limits';
import { recogniseColumns } from '~/domain/uploads/columns';
import { parseDateCell, parseTimeCell } from '~/domain/uploads/dates';
import { DEFAULT_MAX_DAYS_BACK, readLines } from '~/domain/uploads/lines';
import type { ReadErrorCode } from '~/domain/uploads/read-errors';
import type { RawTable, UploadKind } from '~/domain/uploads/types';
import { addDays, isDay } from '~/domain/time';
import { readTable } from '~/server/uploads/read-table.server';

const TODAY = '2026-11-24';
const ERROR_CODES: ReadErrorCode[] = ['empty_file', 'too_large', 'too_many_rows', 'not_a_table', 'corrupt_xlsx', 'unsupported_type', 'mixed_encoding'];
const KINDS: UploadKind[] = ['sales', 'receipts', 'stock_count'];

/** Cells a hostile or broken POS export might hold. */
const nastyCell = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom(
    '', ' ', '"', '""', '","', ';', '\t', '\r', '\n', '\u0000', '\uFEFF', '\uFFFD', '=1+1', '+cmd', '-2', '@SUM(A1)', '合计', 'Total',
    '1e308', '-1e308', '9'.repeat(400), '1.7976931348623157e309', 'NaN', 'Infinity', '-0', '0x10', '１２３', '１，２３４', '3.00', '2.5', '−3',
    '6901028075015', '06901028075015', '6.901028075015E+12', "'6901028075015", '690102807501.0',
    '2026-11-23', '2026/11/23', '20261123', '2026年11月23日', '23/11/2026', '11/23/2026', '2026-02-30', '0000-00-00', '9999-12-31', '46000', '-1', '1e9',
    '25:61:61', '08:05', '23:59:59.999',
  ),
  fc.integer().map(String),
  fc.double({ noNaN: false }).map(String),
  fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map(String),
  fc.nat(5000).map((n) => 'x'.repeat(n)),
);

const headerCell = fc.oneof(
  fc.constantFrom('条码', '条形码', 'barcode', '数量', '销量', 'qty', '日期', '销售日期', 'date', '时间', 'time', '品名', 'name', '单位', 'unit', '货号', '编码', ''),
  fc.string({ maxLength: 12 }),
);

const table = fc.record({
  header: fc.array(headerCell, { minLength: 1, maxLength: 7 }),
  rows: fc.array(fc.array(nastyCell, { maxLength: 8 }), { maxLength: 25 }),
  delimiter: fc.constantFrom(',', ';', '\t', '|'),
  lineEnd: fc.constantFrom('\n', '\r\n', '\r'),
  quote: fc.boolean(),
});

function render(t: { header: string[]; rows: string[][]; delimiter: string; lineEnd: string; quote: boolean }): string {
  const cell = (c: string) => (t.quote ? `"${c.replace(/"/g, '""')}"` : c);
  return [t.header, ...t.rows].map((r) => r.map(cell).join(t.delimiter)).join(t.lineEnd);
}

const encodings = fc.constantFrom('utf8', 'utf8-bom', 'gbk', 'gb18030', 'utf16le-bom', 'mixed', 'latin1');

function encode(text: string, encoding: string): Uint8Array {
  switch (encoding) {
    case 'utf8-bom':
      return new Uint8Array(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]));
    case 'gbk':
    case 'gb18030':
      return new Uint8Array(iconv.encode(text, encoding));
    case 'utf16le-bom':
      return new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf16le')]));
    case 'latin1':
      return new Uint8Array(Buffer.from(text, 'latin1'));
    case 'mixed': {
      // Every other line in GBK, the rest in UTF-8: what two POS exports pasted together look like.
      const parts = text.split('\n').map((line, i) => (i % 2 ? iconv.encode(line, 'gbk') : Buffer.from(line, 'utf8')));
      return new Uint8Array(Buffer.concat(parts.flatMap((p, i) => (i ? [Buffer.from('\n'), p] : [p]))));
    }
    default:
      return new Uint8Array(Buffer.from(text, 'utf8'));
  }
}

const fileName = fc.constantFrom('sales.csv', 'sales.CSV', 'sales.txt', 'sales.xlsx', 'sales.xls', 'sales', '销售.csv', '../../etc/passwd', 'a'.repeat(300) + '.csv');

/** A POS export that is nearly right: known headers in any order, cells mostly good, some hostile. */
const nearlyRight = fc
  .record({
    order: fc.shuffledSubarray(['条码', '数量', '日期', '品名', '时间'], { minLength: 5, maxLength: 5 }),
    rows: fc.array(
      fc.record({
        barcode: fc.oneof(fc.constantFrom('6901028075015', '6901028075022', '06901028075015', '6901028075015 '), nastyCell),
        qty: fc.oneof(fc.nat(MAX_QTY + 10).map(String), nastyCell),
        date: fc.oneof(fc.integer({ min: -420, max: 3 }).map((d) => addDays(TODAY, d)), nastyCell),
        name: nastyCell,
        time: fc.oneof(fc.constant('08:30'), nastyCell),
      }),
      { minLength: 1, maxLength: 30 },
    ),
  })
  .map(({ order, rows }) => {
    const key = { 条码: 'barcode', 数量: 'qty', 日期: 'date', 品名: 'name', 时间: 'time' } as const;
    return { header: order, rows: rows.map((r) => order.map((h) => r[key[h as keyof typeof key]])), delimiter: ',', lineEnd: '\r\n', quote: true };
  });

let linesSeen = 0;

/** Checks what a table yields downstream, for every kind of upload. */
function checkDownstream(raw: RawTable) {
  for (const kind of KINDS) {
    const { mapping } = recogniseColumns(raw.header, kind);
    if (mapping.barcode === undefined || mapping.qty === undefined || mapping.date === undefined) continue;
    const { lines, problems, skipped } = readLines(raw, mapping, kind, { today: TODAY });
    linesSeen += lines.length;
    const rowNos = new Set(raw.rows.map((r) => r.rowNo));
    for (const line of lines) {
      expect(rowNos.has(line.rowNo)).toBe(true);
      expect(Number.isSafeInteger(line.qty) && line.qty >= 0 && line.qty <= MAX_QTY).toBe(true);
      expect(isDay(line.day)).toBe(true);
      expect(line.day <= TODAY && line.day >= addDays(TODAY, -DEFAULT_MAX_DAYS_BACK)).toBe(true);
      expect(line.barcode).toMatch(/^\d{8,14}$/);
    }
    for (const p of problems) expect(rowNos.has(p.rowNo)).toBe(true);
    for (const s of skipped) expect(rowNos.has(s.rowNo)).toBe(true);
    // Every barcode resolves to a spec here: totals stay whole and within rows × limit × packs per carton.
    const specs = lines.slice(0, 3).map((l, i) => ({ id: i + 1, packBarcode: l.barcode, cartonBarcode: '', packsPerCarton: 10 }));
    const { resolved } = resolveBarcodes(lines, specs);
    for (const d of dailyTotals(resolved)) expect(Number.isSafeInteger(d.qtyPacks) && d.qtyPacks >= 0).toBe(true);
  }
}

async function readAndCheck(name: string, bytes: Uint8Array) {
  const result = await readTable(name, bytes, { maxRows: 1_000 });
  if (!result.ok) {
    expect(ERROR_CODES).toContain(result.error.code);
    return;
  }
  expect(Array.isArray(result.table.header)).toBe(true);
  for (const row of result.table.rows) expect(row.cells.every((c) => typeof c === 'string')).toBe(true);
  checkDownstream(result.table);
}

describe('fuzz: reading uploaded files', () => {
  it('random bytes under any name: a known error or a table, never a throw', async () => {
    await fc.assert(fc.asyncProperty(fileName, fc.uint8Array({ minLength: 0, maxLength: 2_000 }), (name, bytes) => readAndCheck(name, bytes)), { numRuns: 300 });
  });

  it('zip- and Excel-shaped junk: refused as corrupt or unsupported, never a throw', async () => {
    const magic = fc.constantFrom([0x50, 0x4b, 0x03, 0x04], [0x50, 0x4b, 0x05, 0x06], [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], [0x25, 0x50, 0x44, 0x46], [0x3c, 0x68, 0x74, 0x6d, 0x6c, 0x3e]);
    await fc.assert(
      fc.asyncProperty(fileName, magic, fc.uint8Array({ maxLength: 1_500 }), (name, head, tail) => readAndCheck(name, new Uint8Array([...head, ...tail]))),
      { numRuns: 150 },
    );
  });

  it('table-shaped text with hostile cells, in any encoding (mixed too): never a throw, sane lines out', async () => {
    await fc.assert(fc.asyncProperty(table, encodings, fileName, (t, encoding, name) => readAndCheck(name, encode(render(t), encoding))), { numRuns: 300 });
  });

  it('nearly right exports with hostile cells mixed in, in any encoding: only sane lines come out', async () => {
    linesSeen = 0;
    await fc.assert(fc.asyncProperty(nearlyRight, encodings, (t, encoding) => readAndCheck('pos.csv', encode(render(t), encoding))), { numRuns: 200 });
    // The property was about something: good lines did come through.
    expect(linesSeen).toBeGreaterThan(100);
  });

  it('one very long line, very many columns, unbalanced quotes: never a throw', async () => {
    const shapes = fc.oneof(
      fc.nat(200_000).map((n) => `条码,数量,日期\n${'9'.repeat(n)},1,2026-11-23`),
      fc.nat(5_000).map((n) => `${Array.from({ length: n }, (_, i) => `c${i}`).join(',')}\n${'1,'.repeat(n)}`),
      fc.nat(2_000).map((n) => `条码,数量,日期\n"${'"'.repeat(n)}6901028075015,1,2026-11-23`),
      fc.nat(3_000).map((n) => `${'\n'.repeat(n)}条码,数量,日期\n6901028075015,1,2026-11-23`),
    );
    await fc.assert(fc.asyncProperty(shapes, (text) => readAndCheck('deep.csv', encode(text, 'utf8'))), { numRuns: 40 });
  });
});

describe('fuzz: single cells', () => {
  it('a quantity cell is a whole number from 0 to the limit, or a reason', () => {
    fc.assert(
      fc.property(nastyCell, (raw) => {
        const r = parseQtyCell(raw);
        if (r.ok) expect(Number.isSafeInteger(r.value) && r.value >= 0 && r.value <= MAX_QTY && !Object.is(r.value, -0)).toBe(true);
        else expect(typeof r.code).toBe('string');
      }),
      { numRuns: 2_000 },
    );
  });

  it('a barcode cell is 8–14 digits, or a reason; date and time cells never throw', () => {
    fc.assert(
      fc.property(nastyCell, (raw) => {
        const b = parseBarcodeCell(raw);
        if (b.ok) expect(b.value).toMatch(/^\d{8,14}$/);
        const d = parseDateCell(raw);
        if (d) expect(isDay(d.day)).toBe(true);
        parseTimeCell(raw);
      }),
      { numRuns: 2_000 },
    );
  });
});
