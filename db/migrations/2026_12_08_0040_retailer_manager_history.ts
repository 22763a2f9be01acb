/**
 * Which account manager had each shop before its current one, and over which days (route hand-over, docs/staff.md).
 * A row is a closed period: the shop was on `manager_id`'s route from `valid_from` (null: since it was first
 * recorded) up to the day before `valid_to`; from the latest row's `valid_to` on, the shop's manager is
 * retailers.manager_id. A shop never handed over has no row. Frozen once landed.
 */
import type { Kysely } from 'kysely';
import { dayType, idType, instantType } from './columns';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('retailer_manager_history')
    .addColumn('id', idType(db), (c) => c.primaryKey())
    .addColumn('retailer_id', 'integer', (c) => c.notNull().references('retailers.id'))
    .addColumn('manager_id', 'integer', (c) => c.notNull().references('account_managers.id'))
    .addColumn('valid_from', dayType(db))
    .addColumn('valid_to', dayType(db), (c) => c.notNull())
    .addColumn('changed_at', instantType(db), (c) => c.notNull())
    .addColumn('changed_by_user_id', 'integer', (c) => c.references('users.id'))
    .execute();
  await db.schema.createIndex('retailer_manager_history_retailer').on('retailer_manager_history').columns(['retailer_id', 'valid_to']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('retailer_manager_history').execute();
}
