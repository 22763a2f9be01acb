/**
 * Staged files keep their table gzipped as bytes, not as JSON text (decision 0019): a 200,000-row file was ~40 MB
 * of text, passed from the reader's thread to the main thread and written in one piece; packed it is ~4 MB.
 * The three staging tables hold files only between a preview and its import (a day at most), so the rows staged
 * when this runs are dropped rather than converted: whoever was looking at a preview uploads the file again.
 * The new column may be NULL for SQLite's sake (a NOT NULL column cannot be added without a default); the app
 * always writes it. Frozen once landed.
 */
import type { Kysely } from 'kysely';
import { bytesType } from './columns';

const STAGING_TABLES = ['staged_uploads', 'cycle_imports', 'master_data_staged'] as const;

export async function up(db: Kysely<any>): Promise<void> {
  for (const table of STAGING_TABLES) {
    await db.deleteFrom(table).execute();
    await db.schema.alterTable(table).dropColumn('table_json').execute();
    await db.schema.alterTable(table).addColumn('table_gz', bytesType(db)).execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of STAGING_TABLES) {
    await db.deleteFrom(table).execute();
    await db.schema.alterTable(table).dropColumn('table_gz').execute();
    await db.schema.alterTable(table).addColumn('table_json', 'text', (c) => c.notNull().defaultTo('{}')).execute();
  }
}
