/**
 * Schema for master data import, grade history, account hand-over (issue 6).
 * - password_handovers: a one-time password staff handed over and the user has not replaced yet (while the row
 *   exists the user must choose its own; the demo seed's users have none);
 * - master_data_staged: a staff user's parsed file between preview and confirm (expires);
 * - master_data_imports: one row per confirmed import, with what it did;
 * - retailer_grade_history: every grade a shop was given, from which business day (档位变更记录).
 * Frozen once landed: change the schema with a new migration.
 */
import type { Kysely } from 'kysely';
import { dayType, idType, instantType } from './columns';

export async function up(db: Kysely<any>): Promise<void> {
  const id = idType(db);
  const instant = instantType(db);
  const day = dayType(db);

  await db.schema
    .createTable('password_handovers')
    .addColumn('user_id', 'integer', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('issued_at', instant, (c) => c.notNull())
    .addColumn('issued_by_user_id', 'integer', (c) => c.notNull().references('users.id'))
    .execute();

  await db.schema
    .createTable('master_data_staged')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('content_sha256', 'text', (c) => c.notNull())
    .addColumn('table_json', 'text', (c) => c.notNull())
    .addColumn('created_at', instant, (c) => c.notNull())
    .addColumn('expires_at', instant, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('master_data_staged_user_idx').on('master_data_staged').columns(['user_id', 'expires_at']).execute();

  await db.schema
    .createTable('master_data_imports')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('content_sha256', 'text', (c) => c.notNull())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', instant, (c) => c.notNull())
    .addColumn('rows_read', 'integer', (c) => c.notNull())
    .addColumn('rows_skipped', 'integer', (c) => c.notNull())
    .addColumn('created_count', 'integer', (c) => c.notNull())
    .addColumn('changed_count', 'integer', (c) => c.notNull())
    .addColumn('unchanged_count', 'integer', (c) => c.notNull())
    .addColumn('missing_count', 'integer', (c) => c.notNull())
    .addColumn('deactivated_count', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('master_data_imports_created_idx').on('master_data_imports').columns(['created_at']).execute();

  await db.schema
    .createTable('retailer_grade_history')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('retailer_id', 'integer', (c) => c.notNull().references('retailers.id'))
    .addColumn('grade_from', 'integer')
    .addColumn('grade_to', 'integer', (c) => c.notNull())
    .addColumn('effective_on', day, (c) => c.notNull())
    .addColumn('changed_at', instant, (c) => c.notNull())
    .addColumn('changed_by_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('import_id', 'integer', (c) => c.references('master_data_imports.id'))
    .execute();
  await db.schema
    .createIndex('retailer_grade_history_retailer_idx')
    .on('retailer_grade_history')
    .columns(['retailer_id', 'effective_on'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('retailer_grade_history').execute();
  await db.schema.dropTable('master_data_imports').execute();
  await db.schema.dropTable('master_data_staged').execute();
  await db.schema.dropTable('password_handovers').execute();
}
