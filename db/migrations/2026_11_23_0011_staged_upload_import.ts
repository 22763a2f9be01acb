/**
 * A file import remembers which staged upload it came from. The import deletes the staged row and records its
 * id on the batch in the same transaction, so "imported" and "no longer staged" commit together: a client that
 * retries the confirm after a crash (or a lost answer) finds the batch by the staged id and is told the file
 * was already imported, instead of being asked to confirm replacing the days it has just written. Unique, so
 * one staged upload can never become two batches. Frozen once landed.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('upload_batches').addColumn('staged_upload_id', 'text').execute();
  await db.schema
    .createIndex('upload_batches_staged_upload_idx')
    .on('upload_batches')
    .column('staged_upload_id')
    .unique()
    .where(sql.ref('staged_upload_id'), 'is not', null)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('upload_batches_staged_upload_idx').execute();
  await db.schema.alterTable('upload_batches').dropColumn('staged_upload_id').execute();
}
