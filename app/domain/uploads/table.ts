/**
 * From a grid of cells (as read from CSV or a worksheet) to a RawTable: drop blank rows, find the header row,
 * enforce the row limit. Shared by every file format so the rules are the same for CSV and Excel.
 *
 * Header rule (POS exports often put a title or an "exported at" line above the header):
 *  - only the first HEADER_SEARCH_ROWS non-blank rows are looked at;
 *  - rows with fewer than 2 non-empty cells are title lines and never the header;
 *  - the first row with ≥ 2 cells that are known column names (条码, 数量, date, …) is the header;
 *  - failing that, the first row with ≥ 2 header-like cells (text that is not a number or a date);
 *  - failing that, 'not_a_table' (reason 'single_column' if no row had 2 cells, else 'no_header_row').
 * Rows above the header are dropped; data rows keep their row number in the file.
 */
import { isKnownHeader } from './columns';
import { readFailure, type ReadTableResult } from './read-errors';
import { fold } from './text';
import type { RawTable } from './types';

export const HEADER_SEARCH_ROWS = 10;

export interface GridRow {
  /** 1-based line (CSV record) or worksheet row number. */
  rowNo: number;
  cells: string[];
}

const NUMBER_OR_DATE = /^[-+]?[\d\s.,:/年月日时分秒-]*$/;

function nonEmpty(cells: string[]): string[] {
  return cells.filter((c) => c !== '');
}

function looksLikeHeaderCell(cell: string): boolean {
  return cell !== '' && !NUMBER_OR_DATE.test(fold(cell));
}

/** Index (into `rows`) of the header row, or why there is none. */
export function findHeaderRow(rows: GridRow[]): { index: number } | { reason: 'single_column' | 'no_header_row' } {
  const window = rows.slice(0, HEADER_SEARCH_ROWS);
  const wide = window.map((r, index) => ({ index, cells: nonEmpty(r.cells) })).filter((r) => r.cells.length >= 2);
  if (wide.length === 0) return { reason: 'single_column' };
  const known = wide.find((r) => r.cells.filter(isKnownHeader).length >= 2);
  if (known) return { index: known.index };
  const headerLike = wide.find((r) => r.cells.filter(looksLikeHeaderCell).length >= 2);
  return headerLike ? { index: headerLike.index } : { reason: 'no_header_row' };
}

/** Trailing empty header cells are dropped (a trailing delimiter is not a column). */
function trimTrailingEmpty(cells: string[]): string[] {
  let end = cells.length;
  while (end > 0 && cells[end - 1] === '') end--;
  return end === cells.length ? cells : cells.slice(0, end);
}

/**
 * `grid` rows must already hold trimmed strings. Blank rows (every cell empty) are skipped wherever they are.
 */
export function buildRawTable(
  fileName: string,
  encoding: string,
  grid: GridRow[],
  maxRows: number,
): ReadTableResult {
  const rows = grid.filter((r) => r.cells.some((c) => c !== ''));
  if (rows.length === 0) return readFailure('empty_file');
  const found = findHeaderRow(rows);
  if ('reason' in found) return readFailure('not_a_table', { reason: found.reason });
  const headerRow = rows[found.index]!;
  const dataRows = rows.slice(found.index + 1);
  if (dataRows.length > maxRows) return readFailure('too_many_rows', { rows: dataRows.length, maxRows });
  const table: RawTable = {
    fileName,
    encoding,
    header: trimTrailingEmpty(headerRow.cells),
    headerRowNo: headerRow.rowNo,
    rows: dataRows,
  };
  return { ok: true, table };
}
