/**
 * Spreadsheet downloads. Cells that a spreadsheet would run as a formula (=, +, -, @, tab, CR) are prefixed
 * with an apostrophe, so an exported shop name can never execute anything on the reader's machine.
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

export async function toXlsx(sheetName: string, header: string[], rows: Cell[][]): Promise<ArrayBuffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet(sheetName);
  sheet.addRow(header).font = { bold: true };
  for (const r of rows) sheet.addRow(r.map(neutraliseFormula));
  sheet.columns.forEach((c) => (c.width = 16));
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  return book.xlsx.writeBuffer();
}

export function downloadHeaders(filename: string, contentType: string): HeadersInit {
  return {
    'Content-Type': contentType,
    'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(filename)}`,
    'Cache-Control': 'private, no-store',
  };
}
