/**
 * .xlsx → worksheets of grid rows, with ExcelJS: the visible worksheets that have any cell (hidden sheets are
 * usually lookup lists), or if every non-empty sheet is hidden, those. Which one holds the data is decided by
 * app/domain/uploads/sheets.ts. The zip's sizes are checked before ExcelJS sees it (zip-limits.server.ts).
 *
 * Cells become the strings a user would type:
 *  - numbers: plain decimals, no exponent, at Excel's 15 significant digits (so 6901028075862 stays whole and a
 *    float like 2.9999999999999996 reads 3);
 *  - dates: ExcelJS turns date-formatted serials into Dates by treating the serial as UTC; those UTC fields are
 *    the wall-clock values the shop typed, read as Asia/Shanghai: 'YYYY-MM-DD', 'YYYY-MM-DD HH:mm:ss', or
 *    'HH:mm:ss' for a time-only cell;
 *  - formulas: '=' + the formula text, never the cached result, so readLines reports them;
 *  - rich text and hyperlinks: their plain text; errors: their code ('#N/A'); booleans: TRUE / FALSE.
 * Merged cells: the value sits in the top-left cell. A cell merged *down* from the cell above repeats its value
 * (a date merged over a day's rows applies to each); a cell merged *across* stays empty, so a title merged over
 * the width of the sheet remains a one-cell title line, not a header.
 */
import ExcelJS from 'exceljs';
import type { SheetRows } from '~/domain/uploads/sheets';
import type { GridRow } from '~/domain/uploads/table';

const pad2 = (n: number) => String(n).padStart(2, '0');

export function renderNumber(n: number): string {
  if (!Number.isFinite(n)) return '';
  const v = Number(n.toPrecision(15)) + 0;
  const s = String(v);
  if (!/e/i.test(s)) return s;
  // Very large or very small: write all the digits out.
  return Number.isInteger(v) ? BigInt(v).toString() : v.toFixed(20).replace(/0+$/, '').replace(/\.$/, '');
}

export function renderDate(d: Date, date1904: boolean): string {
  const ms = d.getTime();
  if (Number.isNaN(ms)) return '';
  const t = new Date(Math.round(ms / 1000) * 1000); // serials carry float noise below the second
  const day = `${t.getUTCFullYear()}-${pad2(t.getUTCMonth() + 1)}-${pad2(t.getUTCDate())}`;
  const time = `${pad2(t.getUTCHours())}:${pad2(t.getUTCMinutes())}:${pad2(t.getUTCSeconds())}`;
  const timeOnly = day === '1899-12-30' || day === '1899-12-31' || (date1904 && day === '1904-01-01');
  if (timeOnly) return time;
  return time === '00:00:00' ? day : `${day} ${time}`;
}

function renderValue(value: ExcelJS.CellValue, date1904: boolean): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return renderNumber(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return renderDate(value, date1904);
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('error' in value) return value.error;
  if ('hyperlink' in value) return renderValue(value.text, date1904);
  // A formula the cell's type did not announce: the streaming reader's shared formula, whose text is elsewhere.
  if ('formula' in value) return `=${value.formula ?? ''}`;
  return ''; // formulas are handled by the caller, which has the cell
}

export function renderCell(cell: ExcelJS.Cell, date1904: boolean): string {
  if (cell.isMerged && cell.master !== cell) {
    // Merged: repeat the value only when merged down from above (see the module comment).
    if (cell.master.fullAddress.col !== cell.fullAddress.col) return '';
    return renderCell(cell.master, date1904);
  }
  if (cell.type === ExcelJS.ValueType.Formula) {
    const formula = cell.formula;
    return formula ? `=${formula}` : '=';
  }
  return renderValue(cell.value, date1904).trim();
}

/** Visible non-empty sheets, in workbook order; the hidden ones only when nothing visible has a cell. */
function candidateSheets(book: ExcelJS.Workbook): ExcelJS.Worksheet[] {
  const nonEmpty = book.worksheets.filter((s) => s.actualRowCount > 0);
  const visible = nonEmpty.filter((s) => s.state === 'visible' || s.state === undefined);
  return visible.length ? visible : nonEmpty;
}

function sheetRows(sheet: ExcelJS.Worksheet, date1904: boolean): GridRow[] {
  const rows: GridRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNo) => {
    const cells: string[] = [];
    for (let c = 1; c <= row.cellCount; c++) cells.push(renderCell(row.getCell(c), date1904));
    rows.push({ rowNo, cells });
  });
  return rows;
}

export type XlsxRead = { ok: true; sheets: SheetRows[] } | { ok: false; code: 'corrupt_xlsx' | 'empty_file' };

export async function readXlsx(bytes: Uint8Array): Promise<XlsxRead> {
  const book = new ExcelJS.Workbook();
  try {
    // ExcelJS declares its own `Buffer extends ArrayBuffer`; an exact-size ArrayBuffer copy satisfies it and JSZip.
    await book.xlsx.load(bytes.slice().buffer);
  } catch {
    return { ok: false, code: 'corrupt_xlsx' };
  }
  // A zip that is not a workbook loads as a workbook with no sheets; a real one always has a sheet.
  if (book.worksheets.length === 0) return { ok: false, code: 'corrupt_xlsx' };
  const sheets = candidateSheets(book);
  if (!sheets.length) return { ok: false, code: 'empty_file' };
  const date1904 = book.properties?.date1904 === true;
  return { ok: true, sheets: sheets.map((sheet) => ({ name: sheet.name, rows: () => sheetRows(sheet, date1904) })) };
}
