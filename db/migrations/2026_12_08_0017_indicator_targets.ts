/**
 * 考核目标 (issue 17): one target per monitoring indicator, set by staff. The target and the amber margin are
 * integers in hundredths of the unit the page shows (a rate in percent: 95.5 % → 9550), so no dialect's
 * floating-point type is needed (decision 0002). Frozen once landed.
 */
import type { Kysely } from 'kysely';
import { instantType } from './columns';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('indicator_targets')
    .addColumn('indicator', 'text', (c) => c.primaryKey())
    .addColumn('target_hundredths', 'integer', (c) => c.notNull())
    // 'atLeast' (higher is better) or 'atMost'.
    .addColumn('direction', 'text', (c) => c.notNull())
    // null: the stated rule (5 percentage points for a rate, 10 % of the target otherwise).
    .addColumn('amber_hundredths', 'integer')
    .addColumn('updated_by_user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('updated_at', instantType(db), (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('indicator_targets').execute();
}
