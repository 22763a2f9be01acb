/**
 * Product pictures and descriptions per spec (新品推介, issue 19): staff set them one spec at a time or by a zip
 * of pictures named by spec code (previewed, then saved); the order page shows them; the images are served only
 * to those allowed to see them (pictureFile). Every image is checked and re-encoded in the upload reader's thread
 * before anything is written, and each save is one transaction: a refused picture or zip saves nothing.
 * Images are content-addressed (spec_picture_files, hash → bytes), so a replaced picture gets a new URL and the
 * old one is removed once nothing refers to it.
 */
import type { Transaction } from 'kysely';
import { normalizeCode, placeFiles, type SpecPictureView, type Unplaced } from '~/domain/showcase/pictures';
import type { Database } from '../../../db/schema';
import type { DB } from '../db.server';
import type { ScopeUser } from '../scope.server';
import { encodePicturesInPool } from '../uploads/read-pool.server';
import type { EncodedImage, EncodedPicture } from './encode-pictures.server';

type Trx = Transaction<Database>;
const IMAGE_KEYS = ['thumbWebp', 'thumbJpeg', 'cardWebp', 'cardJpeg'] as const;
/** A staged zip nobody confirmed is dropped after a day. */
const BATCH_MAX_AGE_MS = 24 * 60 * 60 * 1000;

const isStaff = (user: ScopeUser) => user.role === 'staff';

async function storeImages(trx: Trx, picture: EncodedPicture, now: string) {
  const rows = IMAGE_KEYS.map((k) => picture[k]).map((img: EncodedImage) => ({ hash: img.hash, contentType: img.contentType, bytes: Buffer.from(img.bytes), createdAt: now }));
  for (const row of rows) await trx.insertInto('specPictureFiles').values(row).onConflict((oc) => oc.column('hash').doNothing()).execute();
}

const hashesOf = (p: EncodedPicture) => ({ thumbWebp: p.thumbWebp.hash, thumbJpeg: p.thumbJpeg.hash, cardWebp: p.cardWebp.hash, cardJpeg: p.cardJpeg.hash, cardWidth: p.cardWidth, cardHeight: p.cardHeight });

/** Removes those of `hashes` that no picture and no staged zip refers to any more. */
async function dropUnused(trx: Trx, hashes: ReadonlyArray<string | null>) {
  const candidates = [...new Set(hashes.filter((h): h is string => !!h))];
  if (!candidates.length) return;
  const used = new Set<string>();
  for (const table of ['specPictures', 'specPictureBatchItems'] as const) {
    const rows = await trx
      .selectFrom(table)
      .select(IMAGE_KEYS)
      .where((eb) => eb.or(IMAGE_KEYS.map((k) => eb(k, 'in', candidates))))
      .execute();
    for (const r of rows) for (const k of IMAGE_KEYS) if (r[k]) used.add(r[k]);
  }
  const unused = candidates.filter((h) => !used.has(h));
  if (unused.length) await trx.deleteFrom('specPictureFiles').where('hash', 'in', unused).execute();
}

/** The staff page: every spec with its picture and description, and the user's staged zips. */
export async function pictureOverview(db: DB, user: ScopeUser) {
  if (!isStaff(user)) return null;
  const [specs, batches] = await Promise.all([
    db
      .selectFrom('specs')
      .leftJoin('specPictures', 'specPictures.specId', 'specs.id')
      .select(['specs.id', 'specs.code', 'specs.name', 'specs.isNew', 'specs.isScarce', 'specs.isOrderable', 'specs.isDiscontinued', 'specPictures.description', 'specPictures.thumbWebp', 'specPictures.thumbJpeg', 'specPictures.updatedAt'])
      .orderBy('specs.isNew', 'desc')
      .orderBy('specs.code')
      .execute(),
    db.selectFrom('specPictureBatches').select(['id', 'fileName', 'createdAt']).where('createdByUserId', '=', user.userId).orderBy('id', 'desc').limit(5).execute(),
  ]);
  return { specs, batches };
}

export type SaveRefusal = 'forbidden' | 'not_found' | 'not_image' | 'too_large' | 'unreadable' | 'busy' | 'too_complex';
export type SaveResult = { ok: true } | { ok: false; reason: SaveRefusal };

/**
 * One spec's description and (when a file is given) picture, or its picture removed. The picture is checked and
 * re-encoded before the transaction; a refusal saves nothing, the description included.
 */
export async function saveSpecPicture(
  db: DB,
  user: ScopeUser,
  input: { specId: number; description: string; file: { name: string; bytes: Uint8Array } | null; removePicture: boolean },
  now = new Date(),
): Promise<SaveResult> {
  if (!isStaff(user)) return { ok: false, reason: 'forbidden' };
  const spec = await db.selectFrom('specs').select('id').where('id', '=', input.specId).executeTakeFirst();
  if (!spec) return { ok: false, reason: 'not_found' };
  let picture: EncodedPicture | null = null;
  if (input.file && !input.removePicture) {
    const encoded = await encodePicturesInPool(input.file.name, { kind: 'one', bytes: input.file.bytes });
    if (!encoded.ok) return { ok: false, reason: 'error' in encoded ? (encoded.error.code === 'busy' ? 'busy' : 'too_complex') : 'problem' in encoded ? encoded.problem : 'unreadable' };
    if (!('picture' in encoded)) return { ok: false, reason: 'unreadable' };
    picture = encoded.picture;
  }
  const at = now.toISOString();
  const description = input.description.trim() || null;
  await db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('specPictures').selectAll().where('specId', '=', input.specId).executeTakeFirst();
    const images = picture
      ? hashesOf(picture)
      : input.removePicture || !before
        ? { thumbWebp: null, thumbJpeg: null, cardWebp: null, cardJpeg: null, cardWidth: null, cardHeight: null }
        : { thumbWebp: before.thumbWebp, thumbJpeg: before.thumbJpeg, cardWebp: before.cardWebp, cardJpeg: before.cardJpeg, cardWidth: before.cardWidth, cardHeight: before.cardHeight };
    if (picture) await storeImages(trx, picture, at);
    const row = { description, ...images, updatedByUserId: user.userId, updatedAt: at };
    await trx
      .insertInto('specPictures')
      .values({ specId: input.specId, ...row })
      .onConflict((oc) => oc.column('specId').doUpdateSet(row))
      .execute();
    if (before) await dropUnused(trx, IMAGE_KEYS.map((k) => before[k]));
  });
  return { ok: true };
}

export type StageRefusal = 'forbidden' | 'not_zip' | 'archive_too_large' | 'too_many_files' | 'busy' | 'too_complex';
export type StageResult = { ok: true; batchId: number } | { ok: false; reason: StageRefusal; detail: Record<string, string | number> };

/** A zip of pictures, read and placed on specs, kept for its preview (nothing is shown to shops until confirmed). */
export async function stagePictureZip(db: DB, user: ScopeUser, fileName: string, bytes: Uint8Array, now = new Date()): Promise<StageResult> {
  if (!isStaff(user)) return { ok: false, reason: 'forbidden', detail: {} };
  const specs = await db.selectFrom('specs').select(['id', 'code']).execute();
  const specIdByCode = new Map(specs.map((s) => [normalizeCode(s.code), s.id]));
  const read = await encodePicturesInPool(fileName, { kind: 'zip', bytes, codes: [...specIdByCode.keys()] });
  if (!read.ok) {
    if ('error' in read) return { ok: false, reason: read.error.code === 'busy' ? 'busy' : 'too_complex', detail: {} };
    if ('code' in read) return { ok: false, reason: read.code, detail: read.detail };
    return { ok: false, reason: 'not_zip', detail: {} };
  }
  if (!('files' in read)) return { ok: false, reason: 'not_zip', detail: {} };
  const { placed, unplaced } = placeFiles(read.files, specIdByCode);
  const pictureOf = new Map(read.files.map((f) => [f.fileName, f.picture]));
  const at = now.toISOString();
  const batchId = await db.transaction().execute(async (trx) => {
    // Staged zips left for more than a day go (and the images only they held).
    const stale = await trx.selectFrom('specPictureBatches').select('id').where('createdAt', '<', new Date(now.getTime() - BATCH_MAX_AGE_MS).toISOString()).execute();
    if (stale.length) await removeBatches(trx, stale.map((b) => b.id));
    const batch = await trx.insertInto('specPictureBatches').values({ createdByUserId: user.userId, fileName, unplacedJson: JSON.stringify(unplaced), createdAt: at }).returning('id').executeTakeFirstOrThrow();
    for (const p of placed) {
      const picture = pictureOf.get(p.fileName)!;
      await storeImages(trx, picture, at);
      await trx.insertInto('specPictureBatchItems').values({ batchId: batch.id, specId: p.specId, fileName: p.fileName, ...hashesOf(picture) }).execute();
    }
    return batch.id;
  });
  return { ok: true, batchId };
}

async function removeBatches(trx: Trx, batchIds: number[]) {
  const items = await trx.selectFrom('specPictureBatchItems').select(IMAGE_KEYS).where('batchId', 'in', batchIds).execute();
  await trx.deleteFrom('specPictureBatchItems').where('batchId', 'in', batchIds).execute();
  await trx.deleteFrom('specPictureBatches').where('id', 'in', batchIds).execute();
  await dropUnused(trx, items.flatMap((i) => IMAGE_KEYS.map((k) => i[k])));
}

/** A staged zip's preview, for the staff user who uploaded it (another's, or none: null). */
export async function pictureBatch(db: DB, user: ScopeUser, batchId: number) {
  if (!isStaff(user)) return null;
  const batch = await db.selectFrom('specPictureBatches').selectAll().where('id', '=', batchId).where('createdByUserId', '=', user.userId).executeTakeFirst();
  if (!batch) return null;
  const items = await db
    .selectFrom('specPictureBatchItems')
    .innerJoin('specs', 'specs.id', 'specPictureBatchItems.specId')
    .leftJoin('specPictures', 'specPictures.specId', 'specs.id')
    .select(['specs.id as specId', 'specs.code', 'specs.name', 'specPictureBatchItems.fileName', 'specPictureBatchItems.thumbWebp', 'specPictureBatchItems.thumbJpeg', 'specPictures.thumbWebp as replaces'])
    .where('specPictureBatchItems.batchId', '=', batchId)
    .orderBy('specs.code')
    .execute();
  return { id: batch.id, fileName: batch.fileName, createdAt: batch.createdAt, placed: items.map(({ replaces, ...i }) => ({ ...i, replacesPicture: replaces !== null })), unplaced: JSON.parse(batch.unplacedJson) as Unplaced[] };
}

/** Saves every picture a staged zip placed, in one transaction, keeping each spec's description; the zip goes. */
export async function confirmPictureBatch(db: DB, user: ScopeUser, batchId: number, now = new Date()): Promise<{ ok: true; saved: number } | { ok: false; reason: 'not_found' }> {
  if (!isStaff(user)) return { ok: false, reason: 'not_found' };
  const at = now.toISOString();
  return db.transaction().execute(async (trx) => {
    const batch = await trx.selectFrom('specPictureBatches').select('id').where('id', '=', batchId).where('createdByUserId', '=', user.userId).executeTakeFirst();
    if (!batch) return { ok: false as const, reason: 'not_found' as const };
    const items = await trx.selectFrom('specPictureBatchItems').selectAll().where('batchId', '=', batchId).execute();
    const replaced: Array<string | null> = [];
    for (const item of items) {
      const before = await trx.selectFrom('specPictures').selectAll().where('specId', '=', item.specId).executeTakeFirst();
      if (before) replaced.push(...IMAGE_KEYS.map((k) => before[k]));
      const images = { thumbWebp: item.thumbWebp, thumbJpeg: item.thumbJpeg, cardWebp: item.cardWebp, cardJpeg: item.cardJpeg, cardWidth: item.cardWidth, cardHeight: item.cardHeight };
      await trx
        .insertInto('specPictures')
        .values({ specId: item.specId, description: before?.description ?? null, ...images, updatedByUserId: user.userId, updatedAt: at })
        .onConflict((oc) => oc.column('specId').doUpdateSet({ ...images, updatedByUserId: user.userId, updatedAt: at }))
        .execute();
    }
    await removeBatches(trx, [batchId]);
    await dropUnused(trx, replaced);
    return { ok: true as const, saved: items.length };
  });
}

/** Drops a staged zip (idempotent: another's or a gone one changes nothing). */
export async function discardPictureBatch(db: DB, user: ScopeUser, batchId: number): Promise<void> {
  if (!isStaff(user)) return;
  await db.transaction().execute(async (trx) => {
    const batch = await trx.selectFrom('specPictureBatches').select('id').where('id', '=', batchId).where('createdByUserId', '=', user.userId).executeTakeFirst();
    if (batch) await removeBatches(trx, [batch.id]);
  });
}

/**
 * One image, for a user allowed to see it: staff any (their previews included); a retailer or manager only a
 * picture of a spec on the order list (orderable, not discontinued). Anything else is null, as a missing one.
 */
export async function pictureFile(db: DB, user: ScopeUser, hash: string): Promise<{ bytes: Uint8Array; contentType: string } | null> {
  let query = db.selectFrom('specPictureFiles').select(['specPictureFiles.bytes', 'specPictureFiles.contentType']).where('specPictureFiles.hash', '=', hash);
  if (!isStaff(user)) {
    if (user.role !== 'retailer' && user.role !== 'manager') return null;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('specPictures')
          .innerJoin('specs', 'specs.id', 'specPictures.specId')
          .select('specPictures.specId')
          .where('specs.isOrderable', '=', 1)
          .where('specs.isDiscontinued', '=', 0)
          .where((w) => w.or(IMAGE_KEYS.map((k) => w(`specPictures.${k}`, '=', hash)))),
      ),
    );
  }
  const row = await query.executeTakeFirst();
  return row ? { bytes: row.bytes, contentType: row.contentType } : null;
}

/** The pictures and descriptions of the order list's specs (orderable, not discontinued). */
export async function orderPictures(db: DB): Promise<SpecPictureView[]> {
  const rows = await db
    .selectFrom('specPictures')
    .innerJoin('specs', 'specs.id', 'specPictures.specId')
    .select(['specPictures.specId', 'specPictures.description', ...IMAGE_KEYS.map((k) => `specPictures.${k}` as const), 'specPictures.cardWidth', 'specPictures.cardHeight'])
    .where('specs.isOrderable', '=', 1)
    .where('specs.isDiscontinued', '=', 0)
    .execute();
  return rows.map((r) => ({
    specId: r.specId,
    description: r.description,
    image:
      r.thumbWebp && r.thumbJpeg && r.cardWebp && r.cardJpeg && r.cardWidth && r.cardHeight
        ? { thumbWebp: r.thumbWebp, thumbJpeg: r.thumbJpeg, cardWebp: r.cardWebp, cardJpeg: r.cardJpeg, cardWidth: r.cardWidth, cardHeight: r.cardHeight }
        : null,
  }));
}
