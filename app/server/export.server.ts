/**
 * Spreadsheet downloads, the one way the app writes a workbook (and a CSV). Cells that a spreadsheet would run as
 * a formula (=, +, -, @, tab, CR) are prefixed with an apostrophe, so an exported shop name can never execute
 * anything on the reader's machine.
 *
 * A report sheet (`writeWorkbook`) has a title block (one cell per line, so the upload readers take them as title
 * lines and find the header below them), a bold header row that stays frozen, an auto-filter over the header and
 * the rows, typed columns — numbers stay numbers with a number format: a rate is the fraction with a % format,
 * money is given in integer fen and written as 元 with two decimals, cartons and counts as integers — and, when
 * given, a 合计 row under the rows, outside the filter.
 */
import ExcelJS from 'exceljs';
import Papa from 'papaparse';

export type Cell = string | number | null;

export function neutraliseFormula(value: Cell): Cell {
  return typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** CSV with a UTF-8 byte-order mark, which Excel needs to read Chinese correctly. */
export function toCsv(header: string[], rows: Cell[][]): string {
  return `\uFEFF${Papa.unparse({ fields: header, data: rows.map((r) => r.map(neutraliseFormula)) }, { newline: '\r\n' })}`;
}

/**
 * How a column's cells are written: text as given; `integer` (cartons, shops, counts) as whole numbers; `percent`
 * a fraction (0.916) shown as 91.6 %; `points` a difference of two rates shown as +1.2 %; `yuan` integer fen shown
 * as 元 (1234 → 12.34); `ratio` and `days` as numbers with two and one decimals.
 */
export type ColumnKind = 'text' | 'integer' | 'percent' | 'points' | 'yuan' | 'ratio' | 'days';

export const NUMBER_FORMATS: Record<Exclude<ColumnKind, 'text'>, string> = {
  integer: '#,##0',
  percent: '0.0%',
  points: '+0.0%;-0.0%;0.0%',
  yuan: '#,##0.00',
  ratio: '0.00',
  days: '0.0',
};

export interface Column {
  header: string;
  kind?: ColumnKind;
  /** Characters; a default from the kind otherwise. */
  width?: number;
}

export interface SheetSpec {
  /** The tab's name (made safe for Excel: no []:*?/\, at most 31 characters, unique in the book). */
  name: string;
  /** The title block above the header: the title in bold, then one line each (period, county, generated at, units). */
  title?: { title: string; lines: string[] };
  columns: Column[];
  rows: Cell[][];
  /** A 合计 row under the rows (its cells typed as the columns are). */
  total?: Cell[] | null;
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function sheetName(name: string, taken: Set<string>): string {
  const base = name.replace(/[[\]:*?/\\]/g, ' ').trim().slice(0, 31) || 'Sheet';
  let candidate = base;
  for (let i = 2; taken.has(candidate.toLowerCase()); i++) candidate = `${base.slice(0, 31 - String(i).length - 1)}-${i}`;
  taken.add(candidate.toLowerCase());
  return candidate;
}

/** A cell's value as written: null/'' empty, fen as 元, text neutralised (a text column keeps a number given it). */
function cellValue(kind: ColumnKind, value: Cell): ExcelJS.CellValue {
  if (value === null || value === '') return null;
  if (kind === 'text') return neutraliseFormula(value);
  if (typeof value !== 'number' || !Number.isFinite(value)) return neutraliseFormula(String(value));
  return kind === 'yuan' ? value / 100 : value;
}

function defaultWidth(kind: ColumnKind, header: string): number {
  const wide = [...header].reduce((n, ch) => n + (ch.charCodeAt(0) > 0x2e80 ? 2 : 1), 0);
  return Math.min(40, Math.max(kind === 'text' ? 14 : 10, wide + 2));
}

function addSheet(book: ExcelJS.Workbook, spec: SheetSpec, taken: Set<string>) {
  const sheet = book.addWorksheet(sheetName(spec.name, taken));
  const kinds = spec.columns.map((c) => c.kind ?? 'text');
  if (spec.title) {
    const title = sheet.addRow([spec.title.title]);
    title.font = { bold: true, size: 14 };
    for (const line of spec.title.lines) sheet.addRow([line]);
    sheet.addRow([]);
  }
  const header = sheet.addRow(spec.columns.map((c) => c.header));
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', wrapText: true };
  header.eachCell((c) => (c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF5' } }));
  const headerRowNo = header.number;
  for (const r of spec.rows) sheet.addRow(kinds.map((k, i) => cellValue(k, r[i] ?? null)));
  const lastDataRow = sheet.rowCount;
  if (spec.total) {
    const total = sheet.addRow(kinds.map((k, i) => cellValue(k, spec.total![i] ?? null)));
    total.font = { bold: true };
    total.eachCell((c) => (c.border = { top: { style: 'thin' } }));
  }
  spec.columns.forEach((c, i) => {
    const column = sheet.getColumn(i + 1);
    column.width = c.width ?? defaultWidth(kinds[i]!, c.header);
    const kind = kinds[i]!;
    if (kind === 'text') return;
    // Formats on the cells below the header only (a column's style would also reach the title lines).
    for (let row = headerRowNo + 1; row <= sheet.rowCount; row++) sheet.getCell(row, i + 1).numFmt = NUMBER_FORMATS[kind];
  });
  sheet.views = [{ state: 'frozen', ySplit: headerRowNo, xSplit: 0 }];
  if (spec.columns.length > 0) sheet.autoFilter = { from: { row: headerRowNo, column: 1 }, to: { row: Math.max(lastDataRow, headerRowNo), column: spec.columns.length } };
}

/** A workbook of report sheets, in the order given. */
export async function writeWorkbook(sheets: SheetSpec[]): Promise<ArrayBuffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'Peihuo';
  const taken = new Set<string>();
  for (const spec of sheets) addSheet(book, spec, taken);
  return book.xlsx.writeBuffer();
}

/** A plain table (header and rows, text and numbers as given) on one sheet: templates and simple lists. */
export function toXlsx(name: string, header: string[], rows: Cell[][]): Promise<ArrayBuffer> {
  return writeWorkbook([{ name, columns: header.map((h) => ({ header: h, width: 16 })), rows }]);
}

export function downloadHeaders(filename: string, contentType: string): HeadersInit {
  return {
    'Content-Type': contentType,
    'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(filename)}`,
    'Cache-Control': 'private, no-store',
  };
}

/** An Excel file as a download. */
export function xlsxResponse(fileName: string, body: ArrayBuffer | Uint8Array): Response {
  const bytes = body instanceof ArrayBuffer ? body : (body.slice().buffer);
  return new Response(bytes, { headers: downloadHeaders(fileName.endsWith('.xlsx') ? fileName : `${fileName}.xlsx`, XLSX_TYPE) });
}
