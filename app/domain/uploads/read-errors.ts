/**
 * What reading a file's bytes into a RawTable can fail with. Codes and parameters only: the pages turn them
 * into words in the user's language (app/ui/uploads/read-error-message.ts, the one place that knows which
 * parameter each message uses). Kept in app/domain so the upload page (client code) can import the types.
 *
 * `sheet` in a detail names the worksheet of an Excel file the problem was found in.
 */
import type { RawTable } from './types';

export type ReadErrorCode =
  /** Zero bytes, or nothing but blank lines / empty sheets. */
  | 'empty_file'
  /** detail: { bytes, maxBytes }; or { maxBytes, unpacked: 1 } when a gzip file unpacks past maxBytes. */
  | 'too_large'
  /** detail: { rows, maxRows, sheet? } — data rows below the header. */
  | 'too_many_rows'
  /** detail: { reason: 'single_column' | 'no_header_row', format: 'text' | 'xlsx', sheet? } — no row with ≥ 2
   *  header-like cells near the top (of any sheet, for Excel). */
  | 'not_a_table'
  /** A zip-shaped (or .xlsx-named) file that Excel's format reader cannot open: truncated, damaged. */
  | 'corrupt_xlsx'
  /** A gzip file (accepted only where the caller asks for it: the replay's histories) that cannot be unpacked. */
  | 'corrupt_gzip'
  /** detail: { type: 'xls' | 'pdf' | 'html' | 'image' | 'archive' | 'binary' | 'extension', ext, hint? }.
   *  hint 'save_as_xlsx_or_csv' when re-saving from Excel/WPS fixes it (old .xls, HTML "Excel" exports). */
  | 'unsupported_type'
  /** detail: { utf8Lines, otherLines, firstUtf8LineNo, firstOtherLineNo } — some lines UTF-8, others GBK. */
  | 'mixed_encoding'
  /** An Excel file (a zip) that unpacks to more than a real sheet of the largest allowed size would: a "zip bomb",
   *  or a workbook stuffed with something else. detail: ArchiveLimitDetail. */
  | 'archive_too_large'
  /** Reading the file took more memory or time than any allowed file needs (the reader was stopped). */
  | 'too_complex'
  /** Every file reader is busy and the queue is full: try again in a minute (answered 503). */
  | 'busy';

export type ArchiveLimitReason = 'entries' | 'entry_size' | 'total_size' | 'ratio';

export interface ArchiveLimitDetail {
  reason: ArchiveLimitReason;
  /** The part of the workbook that went over (a path inside the zip), for 'entry_size'. */
  entry?: string;
  /** For 'entries': how many parts the workbook has, and the most allowed. */
  entries?: number;
  maxEntries?: number;
  /** For sizes: what it unpacks to (so far) and the most allowed, in whole MiB (rounded up). */
  sizeMb?: number;
  maxMb?: number;
}

export interface ReadError {
  code: ReadErrorCode;
  detail?: Record<string, string | number>;
}

export type ReadTableResult = { ok: true; table: RawTable } | { ok: false; error: ReadError };

export const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;
export const DEFAULT_MAX_ROWS = 200_000;

export function readFailure(code: ReadErrorCode, detail?: object): ReadTableResult {
  return detail ? { ok: false, error: { code, detail: detail as Record<string, string | number> } } : { ok: false, error: { code } };
}
