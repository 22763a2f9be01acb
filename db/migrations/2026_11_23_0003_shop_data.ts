/**
 * Shop data in: every upload is a batch (who, when, how, counts, outcome) whose accepted rows replace that
 * shop's data for the same day and kind; rejected rows are kept so the shop can fix them later (an unknown
 * barcode mapped to a spec re-imports its rows). Files wait in `staged_uploads` between preview and import.
 * POS terminals use API tokens (stored as a SHA-256: they are 256-bit random, so a slow hash adds nothing).
 * Data-quality issues are kept with a log of every fix.
 */
import type { Kysely } from 'kysely';
import { dayType, idType, instantType } from './columns';

export async function up(db: Kysely<any>): Promise<void> {
  const id = idType(db);
  const instant = instantType(db);
  const day = dayType(db);

  await db.schema
    .createTable('upload_batches')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('retailer_id', 'integer', (c) => c.notNull().references('retailers.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text')
    .addColumn('content_sha256', 'text')
    .addColumn('created_by_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('api_token_id', 'integer')
    .addColumn('created_at', instant, (c) => c.notNull())
    .addColumn('rows_read', 'integer', (c) => c.notNull())
    .addColumn('rows_accepted', 'integer', (c) => c.notNull())
    .addColumn('rows_rejected', 'integer', (c) => c.notNull())
    .addColumn('day_from', day)
    .addColumn('day_to', day)
    .addColumn('outcome', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('upload_batches_retailer_idx').on('upload_batches').columns(['retailer_id', 'created_at']).execute();
  await db.schema.createIndex('upload_batches_sha_idx').on('upload_batches').columns(['retailer_id', 'content_sha256']).execute();

  await db.schema.alterTable('uploads').addColumn('batch_id', 'integer', (c) => c.references('upload_batches.id')).execute();

  await db.schema
    .createTable('upload_rejections')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('batch_id', 'integer', (c) => c.notNull().references('upload_batches.id').onDelete('cascade'))
    .addColumn('retailer_id', 'integer', (c) => c.notNull().references('retailers.id'))
    .addColumn('row_no', 'integer', (c) => c.notNull())
    .addColumn('column_name', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('barcode', 'text')
    .addColumn('day', day)
    .addColumn('qty', 'integer')
    .addColumn('resolved_at', instant)
    .execute();
  await db.schema.createIndex('upload_rejections_retailer_idx').on('upload_rejections').columns(['retailer_id', 'code', 'barcode']).execute();

  await db.schema
    .createTable('staged_uploads')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('retailer_id', 'integer', (c) => c.notNull().references('retailers.id'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('content_sha256', 'text', (c) => c.notNull())
    .addColumn('table_json', 'text', (c) => c.notNull())
    .addColumn('mapping_json', 'text')
    .addColumn('created_at', instant, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('api_tokens')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('retailer_id', 'integer', (c) => c.notNull().references('retailers.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_prefix', 'text', (c) => c.notNull())
    .addColumn('token_sha256', 'text', (c) => c.notNull().unique())
    .addColumn('created_by_user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', instant, (c) => c.notNull())
    .addColumn('last_used_at', instant)
    .addColumn('revoked_at', instant)
    .execute();
  await db.schema.createIndex('api_tokens_retailer_idx').on('api_tokens').columns(['retailer_id']).execute();

  await db.schema
    .createTable('barcode_aliases')
    .addColumn('retailer_id', 'integer', (c) => c.notNull().references('retailers.id'))
    .addColumn('barcode', 'text', (c) => c.notNull())
    .addColumn('spec_id', 'integer', (c) => c.notNull().references('specs.id'))
    .addColumn('qty_packs_per_unit', 'integer', (c) => c.notNull())
    .addColumn('created_by_user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', instant, (c) => c.notNull())
    .addPrimaryKeyConstraint('barcode_aliases_pk', ['retailer_id', 'barcode'])
    .execute();

  await db.schema
    .createTable('quality_issues')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('retailer_id', 'integer', (c) => c.notNull().references('retailers.id'))
    .addColumn('issue_key', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('spec_id', 'integer', (c) => c.references('specs.id'))
    .addColumn('day', day, (c) => c.notNull())
    .addColumn('detail_json', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('found_at', instant, (c) => c.notNull())
    .addColumn('resolved_at', instant)
    .addColumn('resolved_by_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('resolution_note', 'text')
    // One row per distinct finding; a re-run of the checks updates it instead of adding a twin.
    .addUniqueConstraint('quality_issues_key_uq', ['retailer_id', 'issue_key'])
    .execute();
  await db.schema.createIndex('quality_issues_open_idx').on('quality_issues').columns(['retailer_id', 'status', 'day']).execute();

  await db.schema
    .createTable('quality_fix_log')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('issue_id', 'integer', (c) => c.notNull().references('quality_issues.id').onDelete('cascade'))
    .addColumn('at', instant, (c) => c.notNull())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('before_json', 'text')
    .addColumn('after_json', 'text')
    .addColumn('note', 'text')
    .execute();

  await db.schema.alterTable('order_lines').addColumn('qty_received_cartons', 'integer').execute();
  await db.schema.alterTable('orders').addColumn('delivered_on', day).execute();
  await db.schema.alterTable('orders').addColumn('receipt_confirmed_at', instant).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('orders').dropColumn('receipt_confirmed_at').execute();
  await db.schema.alterTable('orders').dropColumn('delivered_on').execute();
  await db.schema.alterTable('order_lines').dropColumn('qty_received_cartons').execute();
  await db.schema.dropTable('quality_fix_log').execute();
  await db.schema.dropTable('quality_issues').execute();
  await db.schema.dropTable('barcode_aliases').execute();
  await db.schema.dropTable('api_tokens').execute();
  await db.schema.dropTable('staged_uploads').execute();
  await db.schema.dropTable('upload_rejections').execute();
  await db.schema.alterTable('uploads').dropColumn('batch_id').execute();
  await db.schema.dropTable('upload_batches').execute();
}
