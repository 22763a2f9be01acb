/**
 * Product pictures are re-encoded here, in the upload reader's worker thread (read-pool.server.ts
 * encodePicturesInPool, decision 0030): the bytes are checked first (app/domain/image-type.ts: JPEG, PNG or WebP,
 * never the declared type or the name), then decoded by sharp with a pixel limit and re-encoded to the sizes the
 * order page shows, as WebP and JPEG, with every piece of metadata dropped (EXIF, XMP, ICC, comments: sharp keeps
 * none unless told) after the EXIF orientation is applied. A zip of pictures is checked with the same zip-bomb
 * limits as a workbook (read/zip-limits.server.ts) before anything in it is unpacked, then each file is unpacked
 * up to the picture limit.
 */
import crypto from 'node:crypto';
import sharp from 'sharp';
import yauzl from 'yauzl';
import { sniffImageType } from '~/domain/image-type';
import { CARD_PX, codeOfPictureFile, MAX_PICTURE_BYTES, MAX_PICTURE_PIXELS, MAX_PICTURE_ZIP_FILES, THUMB_PX, type PictureFileOutcome } from '~/domain/showcase/pictures';
import { checkZipLimits, ZIP_LIMITS } from '../uploads/read/zip-limits.server';
import { zipEntryName } from '../uploads/read/zip-names.server';

export interface EncodedImage {
  hash: string;
  contentType: 'image/webp' | 'image/jpeg';
  bytes: Uint8Array;
}

export interface EncodedPicture {
  thumbWebp: EncodedImage;
  thumbJpeg: EncodedImage;
  cardWebp: EncodedImage;
  cardJpeg: EncodedImage;
  cardWidth: number;
  cardHeight: number;
}

export type PictureProblem = 'not_image' | 'too_large' | 'unreadable';
export type EncodeOutcome = { ok: true; picture: EncodedPicture } | { ok: false; problem: PictureProblem };

export type ZipFileOutcome = PictureFileOutcome & { picture: EncodedPicture | null };
export type ZipOutcome = { ok: true; files: ZipFileOutcome[] } | { ok: false; code: 'not_zip' | 'archive_too_large' | 'too_many_files'; detail: Record<string, string | number> };

export type EncodeTask = { kind: 'one'; bytes: Uint8Array } | { kind: 'zip'; bytes: Uint8Array; codes: string[] };
export type EncodeResult = EncodeOutcome | ZipOutcome;

sharp.cache(false);
sharp.concurrency(1);

const image = (bytes: Buffer, contentType: EncodedImage['contentType']): EncodedImage => ({
  hash: crypto.createHash('sha256').update(bytes).digest('hex').slice(0, 32),
  contentType,
  bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
});

/** One picture, checked by its bytes and re-encoded (see the module comment). */
export async function encodePicture(bytes: Uint8Array): Promise<EncodeOutcome> {
  if (bytes.length > MAX_PICTURE_BYTES) return { ok: false, problem: 'too_large' };
  if (!sniffImageType(bytes)) return { ok: false, problem: 'not_image' };
  try {
    const input = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const base = () => sharp(input, { limitInputPixels: MAX_PICTURE_PIXELS, failOn: 'error', animated: false }).rotate();
    const thumb = base().resize(THUMB_PX, THUMB_PX, { fit: 'cover', position: 'attention' });
    const card = base().resize(CARD_PX, CARD_PX, { fit: 'inside', withoutEnlargement: true });
    const white = { background: '#ffffff' };
    const [thumbWebp, thumbJpeg, cardWebp, cardJpeg] = await Promise.all([
      thumb.clone().webp({ quality: 70 }).toBuffer(),
      thumb.clone().flatten(white).jpeg({ quality: 72, mozjpeg: true }).toBuffer(),
      card.clone().webp({ quality: 72 }).toBuffer({ resolveWithObject: true }),
      card.clone().flatten(white).jpeg({ quality: 75, mozjpeg: true }).toBuffer(),
    ]);
    return {
      ok: true,
      picture: {
        thumbWebp: image(thumbWebp, 'image/webp'),
        thumbJpeg: image(thumbJpeg, 'image/jpeg'),
        cardWebp: image(cardWebp.data, 'image/webp'),
        cardJpeg: image(cardJpeg, 'image/jpeg'),
        cardWidth: cardWebp.info.width,
        cardHeight: cardWebp.info.height,
      },
    };
  } catch {
    // Truncated or corrupt, or more pixels than allowed: sharp refuses it before decoding the whole of it.
    return { ok: false, problem: 'unreadable' };
  }
}

/** Unpacks one part, stopping past `limit` bytes (null: too large). */
async function unpack(zip: yauzl.ZipFile, entry: yauzl.Entry, limit: number): Promise<Buffer | null> {
  if (entry.uncompressedSize > limit) return null;
  const stream = await zip.openReadStreamPromise(entry);
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      size += (chunk as Buffer).length;
      if (size > limit) return null;
      chunks.push(chunk as Buffer);
    }
  } finally {
    stream.destroy();
  }
  return Buffer.concat(chunks);
}

/**
 * A zip of pictures: every file in it with the code its name gives and, for a picture whose code is one of
 * `codes`, the picture re-encoded (files naming no known code are not decoded at all).
 */
export async function encodePictureZip(bytes: Uint8Array, codes: readonly string[]): Promise<ZipOutcome> {
  const limits = await checkZipLimits(bytes, ZIP_LIMITS);
  if (!limits.ok) return limits.code === 'archive_too_large' ? { ok: false, code: 'archive_too_large', detail: { ...limits.detail } } : { ok: false, code: 'not_zip', detail: {} };
  const known = new Set(codes);
  // Names are decoded by zipEntryName (GBK names from Chinese Windows among them), not by yauzl's CP437 fallback.
  const zip = await yauzl.fromBufferPromise(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { lazyEntries: true, validateEntrySizes: true, decodeStrings: false });
  try {
    const files: ZipFileOutcome[] = [];
    const entries: yauzl.Entry[] = [];
    for await (const entry of zip.eachEntry()) if (!zipEntryName(entry).endsWith('/')) entries.push(entry);
    if (entries.length > MAX_PICTURE_ZIP_FILES) return { ok: false, code: 'too_many_files', detail: { files: entries.length, max: MAX_PICTURE_ZIP_FILES } };
    const seen = new Set<string>();
    for (const entry of entries) {
      const fileName = zipEntryName(entry);
      const named = codeOfPictureFile(fileName);
      if ('reason' in named) {
        files.push({ fileName, code: null, problem: named.reason, picture: null });
        continue;
      }
      // Only the first file for a known code is decoded; placeFiles names the others.
      if (!known.has(named.code) || seen.has(named.code)) {
        files.push({ fileName, code: named.code, problem: null, picture: null });
        continue;
      }
      const content = await unpack(zip, entry, MAX_PICTURE_BYTES);
      if (!content) {
        files.push({ fileName, code: named.code, problem: 'too_large', picture: null });
        continue;
      }
      const encoded = await encodePicture(content);
      if (encoded.ok) seen.add(named.code);
      files.push({ fileName, code: named.code, problem: encoded.ok ? null : encoded.problem, picture: encoded.ok ? encoded.picture : null });
    }
    return { ok: true, files };
  } catch {
    return { ok: false, code: 'not_zip', detail: {} };
  } finally {
    zip.close();
  }
}

/** The worker thread's entry (read-table.worker.ts `encodePictures`). */
export async function encodePicturesTask(task: EncodeTask): Promise<EncodeResult> {
  return task.kind === 'one' ? encodePicture(task.bytes) : encodePictureZip(task.bytes, task.codes);
}
