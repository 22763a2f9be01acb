/**
 * A gzip-compressed file (a `.csv.gz` history for the replay), unpacked before it is read, and never past the
 * size a plain file may have: zlib stops at `maxBytes` of output (maxOutputLength), so a small file that would
 * unpack to gigabytes costs no more than one that does not. Only callers that ask for it (ReadTableOptions.gzip)
 * unpack; for the others a gzip file stays an unsupported archive.
 */
import { constants } from 'node:buffer';
import { gunzipSync } from 'node:zlib';

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** The name of the file inside: `sales.csv.gz` → `sales.csv`, `sales.gz` → `sales`. */
export function innerFileName(fileName: string): string {
  return fileName.replace(/\.gz$/i, '');
}

export type Gunzipped = { ok: true; bytes: Uint8Array } | { ok: false; code: 'too_large' | 'corrupt_gzip' };

export function gunzipAtMost(bytes: Uint8Array, maxBytes: number): Gunzipped {
  try {
    // One byte over the limit tells "over" from "exactly at it".
    const out = gunzipSync(bytes, { maxOutputLength: Math.min(maxBytes + 1, constants.MAX_LENGTH) });
    return out.length > maxBytes ? { ok: false, code: 'too_large' } : { ok: true, bytes: new Uint8Array(out.buffer, out.byteOffset, out.length) };
  } catch (error) {
    return (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' ? { ok: false, code: 'too_large' } : { ok: false, code: 'corrupt_gzip' };
  }
}
