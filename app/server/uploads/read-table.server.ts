/**
 * A shop's file (bytes as uploaded) → RawTable, or a ReadError code. Async because Excel files are zips that
 * ExcelJS unpacks asynchronously; CSV work is synchronous inside.
 *
 *   size limits → (gzip, when the caller accepts it: unpacked within the size limit) → sniff type (magic bytes, then extension) → CSV: decode (UTF-8 / BOM / GB18030 / UTF-16,
 *   mixed refused) → papaparse with the detected delimiter │ XLSX: the zip's declared and actual unpacked sizes
 *   checked (zip bombs refused), ExcelJS, the visible sheet whose header fits the caller's need
 *   → buildRawTable (blank rows dropped, title lines above the header skipped, row limit).
 * See read/*.server.ts and app/domain/uploads/{table,sheets}.ts for the rules of each step.
 *
 * This runs on whatever thread calls it: the app calls it through the worker pool (read-pool.server.ts), so a
 * large or hostile file never blocks the event loop.
 */
import {
  DEFAULT_MAX_BYTES,
  DEFAULT_MAX_ROWS,
  readFailure,
  type ReadTableResult,
} from '~/domain/uploads/read-errors';
import type { HeaderNeed } from '~/domain/uploads/header-need';
import { tableFromSheets } from '~/domain/uploads/sheets';
import { buildRawTable } from '~/domain/uploads/table';
import { decodeText } from './read/decode-text.server';
import { gunzipAtMost, innerFileName, isGzip } from './read/gzip.server';
import { parseDelimited } from './read/delimited.server';
import { sniffFile } from './read/sniff.server';
import { readXlsx } from './read/xlsx.server';
import { readXlsxStreaming, STREAM_FROM_BYTES } from './read/xlsx-stream.server';
import { checkZipLimits } from './read/zip-limits.server';

export type { ReadErrorCode, ReadError, ReadTableResult } from '~/domain/uploads/read-errors';

export interface ReadTableOptions {
  /** Data rows below the header; default 200,000. */
  maxRows?: number;
  /** Default 20 MiB. */
  maxBytes?: number;
  /** The columns the caller needs: decides which sheet of a workbook is read. */
  need?: HeaderNeed;
  /**
   * Accept a gzip-compressed file (told by its first bytes): unpacked to at most maxBytes (else 'too_large' with
   * `unpacked: 1`; a damaged one 'corrupt_gzip'), then read as the file inside. Off for shop files.
   */
  gzip?: boolean;
}

/** Decoded and parsed; the decoded text (as large as the file, twice over) is garbage once this returns. */
function textGrid(bytes: Uint8Array) {
  const decoded = decodeText(bytes);
  if (!decoded.ok) return decoded;
  return { ok: true as const, encoding: decoded.encoding, rows: parseDelimited(decoded.text).rows };
}

export async function readTable(
  fileName: string,
  bytes: Uint8Array,
  opts: ReadTableOptions = {},
): Promise<ReadTableResult> {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxRows = opts.maxRows ?? DEFAULT_MAX_ROWS;
  if (bytes.length === 0) return readFailure('empty_file');
  if (bytes.length > maxBytes) return readFailure('too_large', { bytes: bytes.length, maxBytes });
  if (opts.gzip && isGzip(bytes)) {
    const inner = gunzipAtMost(bytes, maxBytes);
    if (!inner.ok) return inner.code === 'too_large' ? readFailure('too_large', { maxBytes, unpacked: 1 }) : readFailure('corrupt_gzip');
    // Read as the file inside, by its own name (a gzip inside a gzip stays an unsupported archive).
    return readTable(innerFileName(fileName), inner.bytes, { ...opts, gzip: false });
  }

  const sniffed = sniffFile(fileName, bytes);
  switch (sniffed.type) {
    case 'unsupported':
      return readFailure('unsupported_type', sniffed.detail);
    case 'corrupt_xlsx':
      return readFailure('corrupt_xlsx');
    case 'xlsx': {
      const zip = await checkZipLimits(bytes);
      if (!zip.ok) return zip.code === 'archive_too_large' ? readFailure(zip.code, zip.detail) : readFailure(zip.code);
      // Large workbooks are streamed: the in-memory reader needs ~10 × the sheets' XML in heap.
      const read = zip.sheetBytes > STREAM_FROM_BYTES ? await readXlsxStreaming(bytes) : await readXlsx(bytes);
      if (!read.ok) return readFailure(read.code);
      return tableFromSheets(fileName, read.sheets, maxRows, opts.need);
    }
    case 'text': {
      const grid = textGrid(bytes);
      if (!grid.ok) return readFailure('mixed_encoding', grid.detail);
      const result = buildRawTable(fileName, grid.encoding, grid.rows, maxRows);
      // The message for "no table" tells how columns are separated, which only a text file has.
      return !result.ok && result.error.code === 'not_a_table' ? readFailure('not_a_table', { ...result.error.detail, format: 'text' }) : result;
    }
  }
}
