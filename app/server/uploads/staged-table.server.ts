/**
 * A read file's table as it waits between preview and import: JSON, gzipped (decision 0019). The reader's worker
 * thread packs it, so the main thread receives and stores a few MB of bytes instead of a string of tens of MB
 * (a 200,000-row, 10-column sales file is ~80 MB as a JavaScript string, ~4 MB packed), and the database keeps
 * the small form. The preview and the import unpack it.
 */
import { once } from 'node:events';
import { createGzip, gunzipSync } from 'node:zlib';
import type { RawTable } from '~/domain/uploads/types';

/** Rows serialised per write: a chunk of a few hundred KB, never the whole table's JSON at once. */
const ROWS_PER_CHUNK = 2_000;

/**
 * The table's JSON streamed through gzip a chunk of rows at a time, so no string of the whole table is ever held
 * beside the rows it came from. Level 1, the fastest: repeated dates, barcodes and names already shrink ~10×.
 */
export async function packTable(table: RawTable): Promise<Uint8Array> {
  const { rows, ...head } = table;
  const gzip = createGzip({ level: 1 });
  const packed: Buffer[] = [];
  gzip.on('data', (chunk: Buffer) => packed.push(chunk));
  const ended = once(gzip, 'end');
  const write = async (text: string) => {
    if (!gzip.write(text)) await once(gzip, 'drain');
  };
  await write(`${JSON.stringify(head).slice(0, -1)},"rows":[`);
  for (let i = 0; i < rows.length; i += ROWS_PER_CHUNK) {
    await write((i > 0 ? ',' : '') + rows.slice(i, i + ROWS_PER_CHUNK).map((row) => JSON.stringify(row)).join(','));
  }
  gzip.end(']}');
  await ended;
  return Buffer.concat(packed);
}

export function unpackTable(bytes: Uint8Array): RawTable {
  return JSON.parse(gunzipSync(bytes).toString('utf8')) as RawTable;
}
