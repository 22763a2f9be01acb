/**
 * What reading a file's bytes into a RawTable can fail with. Codes and parameters only: the route turns them
 * into words in the user's language. Kept in app/domain so the upload page (client code) can import the types.
 */
import type { RawTable } from './types';

export type ReadErrorCode =
  /** Zero bytes, or nothing but blank lines / empty sheets. */
  | 'empty_file'
  /** detail: { bytes, maxBytes } */
  | 'too_large'
  /** detail: { rows, maxRows } — data rows below the header. */
  | 'too_many_rows'
  /** detail: { reason: 'single_column' | 'no_header_row' } — no row with ≥ 2 header-like cells near the top. */
  | 'not_a_table'
  /** A zip-shaped (or .xlsx-named) file that Excel's format reader cannot open: truncated, damaged. */
  | 'corrupt_xlsx'
  /** detail: { type: 'xls' | 'pdf' | 'html' | 'image' | 'archive' | 'binary' | 'extension', ext, hint? }.
   *  hint 'save_as_xlsx_or_csv' when re-saving from Excel/WPS fixes it (old .xls, HTML "Excel" exports). */
  | 'unsupported_type'
  /** detail: { utf8Lines, otherLines, firstUtf8LineNo, firstOtherLineNo } — some lines UTF-8, others GBK. */
  | 'mixed_encoding';

export interface ReadError {
  code: ReadErrorCode;
  detail?: Record<string, string | number>;
}

export type ReadTableResult = { ok: true; table: RawTable } | { ok: false; error: ReadError };

export const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;
export const DEFAULT_MAX_ROWS = 200_000;

export function readFailure(code: ReadErrorCode, detail?: Record<string, string | number>): ReadTableResult {
  return detail ? { ok: false, error: { code, detail } } : { ok: false, error: { code } };
}
