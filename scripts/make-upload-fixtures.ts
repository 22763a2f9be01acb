/**
 * Writes the golden upload files into tests/fixtures/uploads/ with real writers — papaparse for CSV,
 * iconv-lite for GBK and UTF-16, ExcelJS for .xlsx — so the readers are tested against bytes produced the way
 * POS systems and Excel produce them, not against strings typed into a test.
 *
 *   npx tsx scripts/make-upload-fixtures.ts
 *
 * Every fixture is byte-for-byte reproducible (zip timestamps are pinned), and a unit test checks the committed
 * files against this script. The 100k-row file is not committed: tests call buildLargeCsv() and write it to the
 * OS temp dir.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import Papa from 'papaparse';
import { FIXTURE_SPECS, NON_TOBACCO, SPECS, UNKNOWN_TOBACCO } from '../tests/fixtures/uploads/catalogue';

export const FIXTURE_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '../tests/fixtures/uploads');

type Cell = string | number;
type Encoding = 'utf-8' | 'utf-8-bom' | 'gbk' | 'utf-16le';

const { zhonghua, hongtashan, furongwang, huanghelou, liqun, nanjing, greatwall } = SPECS;

function csv(rows: Cell[][], delimiter = ','): string {
  // CRLF, as Windows POS software and Excel write it.
  return Papa.unparse(rows, { delimiter, newline: '\r\n' }) + '\r\n';
}

function encode(text: string, encoding: Encoding): Uint8Array {
  switch (encoding) {
    case 'utf-8':
      return new Uint8Array(Buffer.from(text, 'utf8'));
    case 'utf-8-bom':
      return new Uint8Array(Buffer.from(`\uFEFF${text}`, 'utf8'));
    case 'gbk':
      return new Uint8Array(iconv.encode(text, 'gbk'));
    case 'utf-16le':
      return new Uint8Array(iconv.encode(text, 'utf-16le', { addBOM: true }));
  }
}

const concat = (...parts: Uint8Array[]) => new Uint8Array(Buffer.concat(parts));

/** Fixed workbook metadata, so regenerated files differ from the committed ones only in zip timestamps. */
function newBook(): ExcelJS.Workbook {
  const book = new ExcelJS.Workbook();
  book.creator = 'peihuo fixtures';
  book.created = new Date(Date.UTC(2026, 10, 24));
  book.modified = new Date(Date.UTC(2026, 10, 24));
  return book;
}

/** An Excel date cell holding the wall-clock value (ExcelJS writes Dates as UTC serials). */
function excelDate(day: string, time = '00:00:00'): Date {
  return new Date(`${day}T${time}Z`);
}

/**
 * JSZip stamps every entry with the current time; pinning the DOS date/time fields (which no checksum covers)
 * to 2026-11-24 00:00 makes regenerated workbooks byte-identical, so regenerating leaves git clean.
 */
function pinZipTimestamps(zip: Uint8Array): Uint8Array {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const eocd = zip.byteLength - 22; // JSZip writes no archive comment
  if (view.getUint32(eocd, true) !== 0x06054b50) throw new Error('unexpected zip layout');
  const entries = view.getUint16(eocd + 10, true);
  const dosDate = ((2026 - 1980) << 9) | (11 << 5) | 24;
  let at = view.getUint32(eocd + 16, true);
  for (let i = 0; i < entries; i++) {
    if (view.getUint32(at, true) !== 0x02014b50) throw new Error('unexpected zip layout');
    view.setUint16(at + 12, 0, true);
    view.setUint16(at + 14, dosDate, true);
    const local = view.getUint32(at + 42, true);
    view.setUint16(local + 10, 0, true);
    view.setUint16(local + 12, dosDate, true);
    at += 46 + view.getUint16(at + 28, true) + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return zip;
}

async function xlsxBytes(book: ExcelJS.Workbook): Promise<Uint8Array> {
  return pinZipTimestamps(new Uint8Array(await book.xlsx.writeBuffer()));
}

// ── the daily-totals sales file, in several encodings and dialects ───────────────────────────────────────────

const DAILY_ROWS: Cell[][] = [
  [zhonghua.packBarcode, zhonghua.name, 12, '2026-11-20'],
  [hongtashan.packBarcode, hongtashan.name, 30, '2026-11-20'],
  [furongwang.cartonBarcode, furongwang.name, 2, '2026-11-20'],
  [zhonghua.packBarcode, zhonghua.name, 9, '2026-11-21'],
  [huanghelou.packBarcode, huanghelou.name, 5, '2026-11-21'],
  [hongtashan.packBarcode, hongtashan.name, 28, '2026-11-21'],
];

function salesDaily(): Cell[][] {
  return [['条码', '品名', '销量', '日期'], ...DAILY_ROWS];
}

function salesDailyGbk(): Cell[][] {
  return [
    ['日期', '商品条码', '商品名称', '销售数量'],
    ...DAILY_ROWS.map(([code, name, qty, day]) => [day!, code!, name!, qty!]),
    ['合计', '', '', 86],
  ];
}

/** A POS "销售流水" export: two title lines and a blank line above the header, a time per sale, amounts. */
function salesLinesGbk(): Cell[][] {
  return [
    ['张三便利店 销售流水'],
    ['导出时间：2026-11-24 08:00:00'],
    [''],
    ['交易时间', '商品条码', '商品名称', '数量', '单位', '金额'],
    ['2026-11-23 09:15:02', zhonghua.packBarcode, zhonghua.name, 1, '盒', '50.00'],
    ['2026-11-23 09:40:41', hongtashan.packBarcode, hongtashan.name, 2, '盒', '34.00'],
    ['2026-11-23 11:02:17', zhonghua.packBarcode, zhonghua.name, 2, '盒', '100.00'],
    ['2026-11-23 18:30:55', nanjing.cartonBarcode, nanjing.name, 1, '条', '230.00'],
    ['2026-11-23 21:12:09', zhonghua.packBarcode, zhonghua.name, 1, '盒', '50.00'],
    ['2026-11-24 07:45:00', liqun.packBarcode, liqun.name, 3, '盒', '45.00'],
    ['合计', '', '', 10, '', '509.00'],
  ];
}

function salesSemicolon(): Cell[][] {
  return [
    ['条码', '品名', '数量', '日期'],
    [zhonghua.packBarcode, '中华(硬),20支', 4, '2026-11-22'],
    [liqun.packBarcode, '利群(新版),20支', 6, '2026-11-22'],
    [nanjing.packBarcode, '南京(炫赫门),20支', 3, '2026-11-22'],
  ];
}

function salesTab(): Cell[][] {
  return [
    ['条形码', '卷烟名称', '销量', '销售日期'],
    [hongtashan.packBarcode, hongtashan.name, 11, '2026/11/22'],
    [huanghelou.packBarcode, huanghelou.name, 7, '2026/11/22'],
    [greatwall.cartonBarcode, greatwall.name, 1, '2026/11/22'],
  ];
}

function salesEnglish(): Cell[][] {
  return [
    ['Barcode', 'Product Name', 'Qty Sold', 'Sale Date', 'Unit'],
    [zhonghua.packBarcode, 'Zhonghua (hard)', 8, '2026/11/23', 'pack'],
    [liqun.cartonBarcode, 'Liqun (new)', 1, '2026/11/23', 'carton'],
    [hongtashan.packBarcode, 'Hongtashan 1956', 15, '2026/11/23', 'pack'],
  ];
}

function receipts(): Cell[][] {
  return [
    ['到货日期', '条码', '品名', '到货数量', '单位'],
    ['2026-11-19', zhonghua.cartonBarcode, zhonghua.name, 5, '条'],
    ['2026-11-19', hongtashan.cartonBarcode, hongtashan.name, 10, '条'],
    ['2026-11-19', greatwall.cartonBarcode, greatwall.name, 2, '条'],
    ['2026-11-19', liqun.packBarcode, liqun.name, 10, '盒'],
  ];
}

function stockCount(): Cell[][] {
  return [
    ['盘点时间', '条码', '品名', '实盘数量'],
    ['2026-11-23 08:30', zhonghua.packBarcode, zhonghua.name, 37],
    ['2026-11-23 08:30', hongtashan.packBarcode, hongtashan.name, 52],
    ['2026-11-23 08:30', hongtashan.cartonBarcode, hongtashan.name, 2],
    ['2026-11-23', furongwang.packBarcode, furongwang.name, 0],
  ];
}

function stockCountNoDate(): Cell[][] {
  return [
    ['条码', '品名', '库存'],
    [zhonghua.packBarcode, zhonghua.name, 20],
    [nanjing.packBarcode, nanjing.name, 14],
  ];
}

// ── broken and awkward files ──────────────────────────────────────────────────────────────────────────────────

function quantities(): Cell[][] {
  return [
    ['条码', '品名', '销量', '日期'],
    [zhonghua.packBarcode, zhonghua.name, '3', '2026-11-23'],
    [hongtashan.packBarcode, hongtashan.name, '-2', '2026-11-23'],
    [furongwang.packBarcode, furongwang.name, '1.5', '2026-11-23'],
    [huanghelou.packBarcode, huanghelou.name, '200000', '2026-11-23'],
    [liqun.packBarcode, liqun.name, '1,234', '2026-11-23'],
    [nanjing.packBarcode, nanjing.name, '１２', '2026-11-23'],
    [zhonghua.packBarcode, zhonghua.name, '', '2026-11-23'],
    [hongtashan.packBarcode, hongtashan.name, 'abc', '2026-11-23'],
    [furongwang.packBarcode, furongwang.name, '3.00', '2026-11-23'],
    [huanghelou.packBarcode, huanghelou.name, "'5", '2026-11-23'],
  ];
}

function badBarcodes(): Cell[][] {
  return [
    ['条码', '品名', '销量', '日期'],
    ['6.90103E+12', zhonghua.name, 1, '2026-11-23'],
    [`${zhonghua.packBarcode}.0`, zhonghua.name, 1, '2026-11-23'],
    [`'${hongtashan.packBarcode}`, hongtashan.name, 1, '2026-11-23'],
    [`${liqun.packBarcode.slice(0, 3)} ${liqun.packBarcode.slice(3, 7)} ${liqun.packBarcode.slice(7)}`, liqun.name, 1, '2026-11-23'],
    ['12345', '短码', 1, '2026-11-23'],
    ['69010ABC00012', '字母', 1, '2026-11-23'],
    ['', '无条码', 1, '2026-11-23'],
  ];
}

function dateFormats(): Cell[][] {
  const p = zhonghua.packBarcode;
  return [
    ['条码', '品名', '销量', '日期'],
    [p, 'iso', 1, '2026-11-23'],
    [p, 'slashes', 1, '2026/11/22'],
    [p, 'dots', 1, '2026.11.21'],
    [p, 'compact', 1, '20261120'],
    [p, 'chinese', 1, '2026年11月19日'],
    [p, 'with minutes', 1, '2026-11-18 14:05'],
    [p, 'with seconds', 1, '2026/11/17 9:05:07'],
    [p, 'excel serial', 1, '46349'],
    [p, 'iso instant', 1, '2026-11-16T06:05:00Z'],
    [p, 'oldest allowed', 1, '2025-10-20'],
    [p, 'future', 1, '2026-11-25'],
    [p, 'too old', 1, '2025-10-19'],
    [p, 'no such day', 1, '2026-02-30'],
    [p, 'words', 1, '昨天'],
    [p, 'empty', 1, ''],
  ];
}

function datesDayFirst(): Cell[][] {
  const p = hongtashan.packBarcode;
  return [
    ['条码', '品名', '销量', '日期'],
    [p, hongtashan.name, 1, '23/11/2026'],
    [p, hongtashan.name, 2, '01/11/2026'],
    [p, hongtashan.name, 3, '05/05/2026'],
    [p, hongtashan.name, 4, '24/11/2026'],
  ];
}

function formulas(): Cell[][] {
  return [
    ['条码', '品名', '销量', '日期'],
    [`="${zhonghua.packBarcode}"`, zhonghua.name, 3, '2026-11-23'],
    [hongtashan.packBarcode, hongtashan.name, '=1+1', '2026-11-23'],
    ['=A2', zhonghua.name, 2, '2026-11-23'],
    [furongwang.packBarcode, furongwang.name, 4, '=TODAY()'],
    [huanghelou.packBarcode, '=B2', 1, '2026-11-23'],
  ];
}

function unknownBarcodes(): Cell[][] {
  return [
    ['条码', '品名', '销量', '日期'],
    [zhonghua.packBarcode, zhonghua.name, 4, '2026-11-23'],
    [hongtashan.cartonBarcode, hongtashan.name, 1, '2026-11-23'],
    [UNKNOWN_TOBACCO, '贵烟(跨越)', 2, '2026-11-23'],
    [NON_TOBACCO, '农夫山泉饮用天然水550ml', 6, '2026-11-23'],
    [UNKNOWN_TOBACCO, '贵烟(跨越)', 1, '2026-11-22'],
    [`0${liqun.packBarcode}`, liqun.name, 2, '2026-11-23'],
  ];
}

function unmappedHeader(): Cell[][] {
  return [
    ['货号', '品名', '数量', '日期'],
    [zhonghua.packBarcode, zhonghua.name, 2, '2026-11-23'],
    [liqun.packBarcode, liqun.name, 1, '2026-11-23'],
  ];
}

function mixedEncoding(): Uint8Array {
  const utf8Part = csv([
    ['条码', '品名', '销量', '日期'],
    [zhonghua.packBarcode, zhonghua.name, 3, '2026-11-23'],
    [hongtashan.packBarcode, hongtashan.name, 5, '2026-11-23'],
  ]);
  const gbkPart = csv([
    [furongwang.packBarcode, furongwang.name, 2, '2026-11-23'],
    [huanghelou.packBarcode, huanghelou.name, 1, '2026-11-23'],
  ]);
  return concat(encode(utf8Part, 'utf-8'), encode(gbkPart, 'gbk'));
}

// ── Excel ─────────────────────────────────────────────────────────────────────────────────────────────────────

/** A sales day sheet as a shop keeps it: merged title, an export line, real date cells, numeric barcodes. */
async function salesXlsx(): Promise<Uint8Array> {
  const book = newBook();
  // A hidden sheet first (lookup lists, instructions): the reader must skip it.
  book.addWorksheet('说明', { state: 'hidden' }).addRow(['这是隐藏的说明页', '不应被读取']);
  const sheet = book.addWorksheet('销售');
  sheet.addRow(['张三便利店 销售日报']);
  sheet.mergeCells('A1:E1');
  sheet.addRow(['导出时间：2026-11-24 08:00']);
  sheet.addRow(['日期', '条码', '品名', '销量', '单位']);
  const rows: Array<[Date, Cell, ExcelJS.CellValue, number, string]> = [
    [excelDate('2026-11-22'), Number(zhonghua.packBarcode), zhonghua.name, 6, '盒'],
    [excelDate('2026-11-22'), hongtashan.packBarcode, { richText: [{ text: '红塔山', font: { bold: true } }, { text: '(经典1956)' }] }, 14, '盒'],
    [excelDate('2026-11-23'), Number(nanjing.cartonBarcode), nanjing.name, 1, '条'],
    [excelDate('2026-11-23'), Number(liqun.packBarcode), liqun.name, 9, '盒'],
  ];
  for (const r of rows) sheet.addRow(r);
  for (let r = 4; r <= 7; r++) sheet.getCell(`A${r}`).numFmt = 'yyyy-mm-dd';
  // The 2026-11-23 date is merged down over its two rows, as people do in hand-kept sheets.
  sheet.mergeCells('A6:A7');
  return xlsxBytes(book);
}

async function stockCountXlsx(): Promise<Uint8Array> {
  const book = newBook();
  const sheet = book.addWorksheet('盘点');
  sheet.addRow(['盘点日期', '条码', '品名', '库存数量']);
  sheet.addRow([excelDate('2026-11-23'), Number(zhonghua.packBarcode), zhonghua.name, 40]);
  sheet.addRow([excelDate('2026-11-23'), Number(liqun.packBarcode), liqun.name, 25]);
  sheet.addRow([excelDate('2026-11-23', '19:30:00'), Number(zhonghua.cartonBarcode), zhonghua.name, 3]);
  sheet.getCell('A2').numFmt = 'yyyy-mm-dd';
  sheet.getCell('A3').numFmt = 'yyyy-mm-dd';
  sheet.getCell('A4').numFmt = 'yyyy-mm-dd hh:mm';
  return xlsxBytes(book);
}

async function formulasXlsx(): Promise<Uint8Array> {
  const book = newBook();
  const sheet = book.addWorksheet('Sheet1');
  sheet.addRow(['条码', '品名', '销量', '日期']);
  sheet.addRow([Number(zhonghua.packBarcode), zhonghua.name, 2, '2026-11-23']);
  sheet.addRow([Number(hongtashan.packBarcode), hongtashan.name, { formula: 'C2*5', result: 10 }, '2026-11-23']);
  sheet.addRow([Number(liqun.packBarcode), liqun.name, 1, { formula: 'TODAY()', result: excelDate('2026-11-23') }]);
  return xlsxBytes(book);
}

// ── not tables at all ────────────────────────────────────────────────────────────────────────────────────────

/** The 8-byte OLE2 signature and a zeroed sector: how every Excel 97–2003 .xls file starts. */
function oldExcel(): Uint8Array {
  const bytes = new Uint8Array(512);
  bytes.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
  return bytes;
}

function pdf(): Uint8Array {
  return encode('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'utf-8');
}

/** Many Chinese POS systems' "导出Excel" writes an HTML table named .xls. */
function htmlXls(): Uint8Array {
  return encode(
    '<html><head><meta charset="utf-8"></head><body><table><tr><td>条码</td><td>数量</td></tr></table></body></html>\r\n',
    'utf-8',
  );
}

export interface Fixture {
  name: string;
  bytes: Uint8Array;
}

/** Every committed fixture, in a stable order. */
export async function buildFixtures(): Promise<Fixture[]> {
  const sales = await salesXlsx();
  return [
    { name: 'sales-daily-utf8.csv', bytes: encode(csv(salesDaily()), 'utf-8') },
    { name: 'sales-daily-utf8-bom.csv', bytes: encode(csv(salesDaily()), 'utf-8-bom') },
    { name: 'sales-daily-gbk.csv', bytes: encode(csv(salesDailyGbk()), 'gbk') },
    { name: 'sales-lines-gbk.csv', bytes: encode(csv(salesLinesGbk()), 'gbk') },
    { name: 'sales-semicolon.csv', bytes: encode(csv(salesSemicolon(), ';'), 'utf-8-bom') },
    { name: 'sales-tab.txt', bytes: encode(csv(salesTab(), '\t'), 'utf-8') },
    { name: 'sales-english.csv', bytes: encode(csv(salesEnglish()), 'utf-8') },
    { name: 'sales-unicode-text.txt', bytes: encode(csv(salesTab(), '\t'), 'utf-16le') },
    { name: 'sales-chinese.xlsx', bytes: sales },
    { name: 'receipts-gbk.csv', bytes: encode(csv(receipts()), 'gbk') },
    { name: 'stock-count.csv', bytes: encode(csv(stockCount()), 'utf-8-bom') },
    { name: 'stock-count-no-date.csv', bytes: encode(csv(stockCountNoDate()), 'utf-8') },
    { name: 'stock-count.xlsx', bytes: await stockCountXlsx() },
    { name: 'quantities.csv', bytes: encode(csv(quantities()), 'utf-8') },
    { name: 'barcodes.csv', bytes: encode(csv(badBarcodes()), 'utf-8') },
    { name: 'dates-formats.csv', bytes: encode(csv(dateFormats()), 'utf-8') },
    { name: 'dates-day-first.csv', bytes: encode(csv(datesDayFirst()), 'utf-8') },
    { name: 'unknown-barcodes.csv', bytes: encode(csv(unknownBarcodes()), 'gbk') },
    { name: 'unmapped-header.csv', bytes: encode(csv(unmappedHeader()), 'gbk') },
    { name: 'broken-formulas.csv', bytes: encode(csv(formulas()), 'utf-8') },
    { name: 'broken-formulas.xlsx', bytes: await formulasXlsx() },
    { name: 'broken-truncated.xlsx', bytes: sales.slice(0, Math.floor(sales.length * 0.6)) },
    { name: 'broken-empty.csv', bytes: new Uint8Array(0) },
    { name: 'broken-header-only.csv', bytes: encode(csv([['条码', '品名', '销量', '日期']]), 'utf-8') },
    { name: 'broken-pipe-delimiter.csv', bytes: encode(csv(salesDaily(), '|'), 'utf-8') },
    { name: 'broken-mixed-encoding.csv', bytes: mixedEncoding() },
    { name: 'unsupported-old-excel.xls', bytes: oldExcel() },
    { name: 'unsupported-report.pdf', bytes: pdf() },
    { name: 'unsupported-html-export.xls', bytes: htmlXls() },
  ];
}

/**
 * A large GBK per-transaction sales file: `rows` sales over the 7 days before 2026-11-24, cycling through the
 * catalogue so every spec sells on every day (pack codes, every 10th line a carton code). Deterministic.
 */
export function buildLargeCsv(rows: number): Uint8Array {
  const data: Cell[][] = [['交易时间', '商品条码', '商品名称', '数量', '单位']];
  for (let i = 0; i < rows; i++) {
    const s = FIXTURE_SPECS[i % FIXTURE_SPECS.length]!;
    const day = 17 + (Math.floor(i / FIXTURE_SPECS.length) % 7); // every spec on every day
    const second = (i * 37) % 86_400;
    const time = [Math.floor(second / 3600), Math.floor(second / 60) % 60, second % 60]
      .map((n) => String(n).padStart(2, '0'))
      .join(':');
    const carton = i % 10 === 9;
    data.push([
      `2026-11-${day} ${time}`,
      carton ? s.cartonBarcode : s.packBarcode,
      s.name,
      1 + (i % 3),
      carton ? '条' : '盒',
    ]);
  }
  return encode(csv(data), 'gbk');
}

async function main() {
  mkdirSync(FIXTURE_DIR, { recursive: true });
  for (const f of await buildFixtures()) {
    writeFileSync(path.join(FIXTURE_DIR, f.name), f.bytes);
    console.log(`${f.name.padEnd(32)} ${String(f.bytes.length).padStart(6)} bytes`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
