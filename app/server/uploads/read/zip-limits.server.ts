/**
 * An .xlsx is a zip: 300 KB can unpack to 300 MiB of XML (a "zip bomb"), and the Excel reader would unpack and
 * parse all of it in memory. Before the workbook is parsed, every part of the zip is checked with yauzl:
 *   1. the number of parts;
 *   2. each part's *declared* unpacked size (the central directory's), against a limit by kind of part, and their
 *      sum, and the ratio of the sum to the file's size;
 *   3. each part's *actual* unpacked size, by inflating it and throwing the bytes away: inflating stops as soon
 *      as a part yields more than its limit or more than it declared (yauzl's own size validation), so a zip that
 *      lies about its sizes costs no more than one that tells the truth.
 *
 * The limits fit the largest legitimate file, 200,000 rows × about 10 columns, with room to spare: such a sheet
 * is 75–100 MiB of XML (compressed 7–10 ×) and its shared strings a few MiB; the other parts of a workbook
 * (styles, themes, relationships, the odd picture) are small.
 */
import yauzl from 'yauzl';
import { zipEntryName } from './zip-names.server';
import type { ArchiveLimitDetail } from '~/domain/uploads/read-errors';

const MIB = 1024 * 1024;

export const ZIP_LIMITS = {
  /** A workbook of 50 sheets has about 150 parts. */
  maxEntries: 500,
  /** One worksheet's XML (xl/worksheets/sheetN.xml). */
  maxSheetBytes: 128 * MIB,
  /** The shared strings table (xl/sharedStrings.xml). */
  maxSharedStringsBytes: 64 * MIB,
  /** Any other part. */
  maxOtherBytes: 16 * MIB,
  /** All parts together. */
  maxTotalBytes: 192 * MIB,
  /** Unpacked ÷ packed, once the unpacked total passes ratioFloorBytes: real workbooks compress 5–20 ×. */
  maxRatio: 100,
  ratioFloorBytes: 16 * MIB,
} as const;

/** ok: with what the worksheets unpack to in all (which reader to use depends on it). */
export type ZipCheck = { ok: true; sheetBytes: number } | { ok: false; code: 'archive_too_large'; detail: ArchiveLimitDetail } | { ok: false; code: 'corrupt_xlsx' };

function limitFor(fileName: string, limits: typeof ZIP_LIMITS): number {
  if (/^xl\/worksheets\/[^/]+\.xml$/i.test(fileName)) return limits.maxSheetBytes;
  if (/^xl\/sharedStrings\.xml$/i.test(fileName)) return limits.maxSharedStringsBytes;
  return limits.maxOtherBytes;
}

const mibUp = (bytes: number) => Math.ceil(bytes / MIB);

class OverLimit extends Error {
  constructor(readonly detail: ArchiveLimitDetail) {
    super('archive over limit');
  }
}

/** Inflates one part, counting bytes, and stops at `limit` (or at the part's declared size, via yauzl). */
async function inflatedSize(zip: yauzl.ZipFile, entry: yauzl.Entry, limit: number, onBytes: (n: number) => void): Promise<number> {
  const stream = await zip.openReadStreamPromise(entry);
  let size = 0;
  try {
    for await (const chunk of stream) {
      size += (chunk as Buffer).length;
      onBytes((chunk as Buffer).length);
      if (size > limit) throw new OverLimit({ reason: 'entry_size', entry: zipEntryName(entry), sizeMb: mibUp(size), maxMb: mibUp(limit) });
    }
  } catch (e) {
    // yauzl's "too many bytes in the stream": the part unpacks to more than it declared.
    if (e instanceof Error && /too many bytes/.test(e.message)) {
      throw new OverLimit({ reason: 'entry_size', entry: zipEntryName(entry), sizeMb: mibUp(Math.max(size, entry.uncompressedSize)), maxMb: mibUp(limit) });
    }
    throw e;
  } finally {
    stream.destroy();
  }
  return size;
}

export async function checkZipLimits(bytes: Uint8Array, limits: typeof ZIP_LIMITS = ZIP_LIMITS): Promise<ZipCheck> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.fromBufferPromise(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { lazyEntries: true, validateEntrySizes: true, strictFileNames: false });
  } catch {
    return { ok: false, code: 'corrupt_xlsx' };
  }
  const overTotal = (total: number): ArchiveLimitDetail | null => {
    if (total > limits.maxTotalBytes) return { reason: 'total_size', sizeMb: mibUp(total), maxMb: mibUp(limits.maxTotalBytes) };
    if (total > limits.ratioFloorBytes && total > bytes.length * limits.maxRatio) return { reason: 'ratio', sizeMb: mibUp(total), maxMb: mibUp(Math.max(limits.ratioFloorBytes, bytes.length * limits.maxRatio)) };
    return null;
  };
  try {
    if (zip.entryCount > limits.maxEntries) return { ok: false, code: 'archive_too_large', detail: { reason: 'entries', entries: zip.entryCount, maxEntries: limits.maxEntries } };
    // Declared sizes first, from the central directory: a bomb that tells the truth costs nothing to refuse.
    const entries: yauzl.Entry[] = [];
    let declared = 0;
    for await (const entry of zip.eachEntry()) {
      const limit = limitFor(entry.fileName, limits);
      if (entry.uncompressedSize > limit) {
        return { ok: false, code: 'archive_too_large', detail: { reason: 'entry_size', entry: zipEntryName(entry), sizeMb: mibUp(entry.uncompressedSize), maxMb: mibUp(limit) } };
      }
      declared += entry.uncompressedSize;
      const over = overTotal(declared);
      if (over) return { ok: false, code: 'archive_too_large', detail: over };
      entries.push(entry);
    }
    // Then the actual sizes.
    let actual = 0;
    let sheetBytes = 0;
    for (const entry of entries) {
      if (entry.fileName.endsWith('/')) continue; // a folder
      const limit = limitFor(entry.fileName, limits);
      const size = await inflatedSize(zip, entry, limit, (n) => {
        actual += n;
        const over = overTotal(actual);
        if (over) throw new OverLimit(over);
      });
      if (limit === limits.maxSheetBytes) sheetBytes += size;
    }
    return { ok: true, sheetBytes };
  } catch (e) {
    if (e instanceof OverLimit) return { ok: false, code: 'archive_too_large', detail: e.detail };
    return { ok: false, code: 'corrupt_xlsx' };
  } finally {
    zip.close();
  }
}
