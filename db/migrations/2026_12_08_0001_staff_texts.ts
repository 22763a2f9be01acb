/**
 * Texts staff write for the shops to read, one row per key (now: 'grade_rules', how grades are set, shown on the
 * shop's "my grade" page). The newest text stands; who wrote it and when is kept. Frozen once landed.
 */
import type { Kysely } from 'kysely';
import { instantType } from './columns';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('staff_texts')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('updated_by_user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('updated_at', instantType(db), (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('staff_texts').execute();
}
