/**
 * Product pictures (新品推介, issue 19): a picture and a short description per spec. The picture is kept as small
 * re-encoded images (a square thumbnail for the order list, a card image for the new-spec card; each WebP and
 * JPEG), content-addressed: spec_picture_files holds the bytes under their hash, so a URL names exactly one
 * image and can be cached for a year. A zip of pictures is staged first (spec_picture_batches, one row per file
 * it placed in spec_picture_batch_items, with what it could not place as JSON) and saved on confirmation.
 * Frozen once landed.
 */
import type { Kysely } from 'kysely';
import { bytesType, idType, instantType } from './columns';

const IMAGE_COLUMNS = ['thumb_webp', 'thumb_jpeg', 'card_webp', 'card_jpeg'] as const;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('spec_picture_files')
    .addColumn('hash', 'text', (c) => c.primaryKey())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('bytes', bytesType(db), (c) => c.notNull())
    .addColumn('created_at', instantType(db), (c) => c.notNull())
    .execute();

  let pictures = db.schema
    .createTable('spec_pictures')
    .addColumn('spec_id', 'integer', (c) => c.primaryKey().references('specs.id'))
    .addColumn('description', 'text');
  for (const col of IMAGE_COLUMNS) pictures = pictures.addColumn(col, 'text');
  await pictures
    .addColumn('card_width', 'integer')
    .addColumn('card_height', 'integer')
    .addColumn('updated_by_user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('updated_at', instantType(db), (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('spec_picture_batches')
    .addColumn('id', idType(db), (c) => c.primaryKey())
    .addColumn('created_by_user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('unplaced_json', 'text', (c) => c.notNull())
    .addColumn('created_at', instantType(db), (c) => c.notNull())
    .execute();

  let items = db.schema
    .createTable('spec_picture_batch_items')
    .addColumn('batch_id', 'integer', (c) => c.notNull().references('spec_picture_batches.id').onDelete('cascade'))
    .addColumn('spec_id', 'integer', (c) => c.notNull().references('specs.id'))
    .addColumn('file_name', 'text', (c) => c.notNull());
  for (const col of IMAGE_COLUMNS) items = items.addColumn(col, 'text', (c) => c.notNull());
  await items
    .addColumn('card_width', 'integer', (c) => c.notNull())
    .addColumn('card_height', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('spec_picture_batch_items_pk', ['batch_id', 'spec_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('spec_picture_batch_items').execute();
  await db.schema.dropTable('spec_picture_batches').execute();
  await db.schema.dropTable('spec_pictures').execute();
  await db.schema.dropTable('spec_picture_files').execute();
}
