/**
 * A shop's file (bytes as uploaded) → RawTable, or a ReadError code. Async because Excel files are zips that
 * ExcelJS unpacks asynchronously; CSV work is synchronous inside.
 *
 *   size limits → sniff type (magic bytes, then extension) → CSV: decode (UTF-8 / BOM / GB18030 / UTF-16,
 *   mixed refused) → papaparse with the detected delimiter │ XLSX: ExcelJS, first visible non-empty sheet
 *   → buildRawTable (blank rows dropped, title lines above the header skipped, row limit).
 * See read/*.server.ts and app/domain/uploads/table.ts for the rules of each step.
 */
import {
  DEFAULT_MAX_BYTES,
  DEFAULT_MAX_ROWS,
  readFailure,
  type ReadTableResult,
} from '~/domain/uploads/read-errors';
import { buildRawTable } from '~/domain/uploads/table';
import { decodeText } from './read/decode-text.server';
import { parseDelimited } from './read/delimited.server';
import { sniffFile } from './read/sniff.server';
import { readXlsx } from './read/xlsx.server';

export type { ReadErrorCode, ReadError, ReadTableResult } from '~/domain/uploads/read-errors';

export interface ReadTableOptions {
  /** Data rows below the header; default 200,000. */
  maxRows?: number;
  /** Default 20 MiB. */
  maxBytes?: number;
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

  const sniffed = sniffFile(fileName, bytes);
  switch (sniffed.type) {
    case 'unsupported':
      return readFailure('unsupported_type', sniffed.detail);
    case 'corrupt_xlsx':
      return readFailure('corrupt_xlsx');
    case 'xlsx': {
      const read = await readXlsx(bytes);
      if (!read.ok) return readFailure(read.code);
      return buildRawTable(fileName, 'xlsx', read.rows, maxRows);
    }
    case 'text': {
      const decoded = decodeText(bytes);
      if (!decoded.ok) return readFailure('mixed_encoding', decoded.detail);
      const { rows } = parseDelimited(decoded.text);
      return buildRawTable(fileName, decoded.encoding, rows, maxRows);
    }
  }
}
