/**
 * Chasing the shops that have not acknowledged (or read) a notice (issue 19): each chase — who, when, in which
 * scope (a manager's route, or the county for staff), how many shops it reminded — and, on each recipient row, when
 * that shop was last reminded (so a shop is not reminded twice within the interval, whoever chases). The reminders
 * themselves go through the notification outbox (kind 'notice_reminder'). Frozen once landed.
 */
import type { Kysely } from 'kysely';
import { idType, instantType } from './columns';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('notice_chases')
    .addColumn('id', idType(db), (c) => c.primaryKey())
    .addColumn('notice_id', 'integer', (c) => c.notNull().references('notices.id'))
    .addColumn('chased_by_user_id', 'integer', (c) => c.notNull().references('users.id'))
    /** The chaser's route when a manager chased (its shops only); null: staff, the county. */
    .addColumn('manager_id', 'integer', (c) => c.references('account_managers.id'))
    /** How many shops this chase reminded. */
    .addColumn('shops', 'integer', (c) => c.notNull())
    .addColumn('created_at', instantType(db), (c) => c.notNull())
    .execute();
  await db.schema.createIndex('notice_chases_notice').on('notice_chases').columns(['notice_id', 'created_at']).execute();
  /** When the shop was last reminded of this notice; null: never. */
  await db.schema.alterTable('notice_recipients').addColumn('chased_at', instantType(db)).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('notice_recipients').dropColumn('chased_at').execute();
  await db.schema.dropTable('notice_chases').execute();
}
