/**
 * Route hand-overs dated ahead (issue 17, item 7; decision 0037): a hand-over whose effective day is still to come is
 * kept here, visible and cancellable, until the jobs runner applies it on its day. `scope` 'all' moves every shop the
 * manager has on that day; 'some' the shops listed in scheduled_handover_shops (those still on the route then).
 * `status` pending → applied | cancelled; an applied row says how many shops moved and how many were left (no
 * longer on the route, or moved after the day meanwhile). Frozen once landed.
 */
import type { Kysely } from 'kysely';
import { dayType, idType, instantType } from './columns';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('scheduled_handovers')
    .addColumn('id', idType(db), (c) => c.primaryKey())
    .addColumn('from_manager_id', 'integer', (c) => c.notNull().references('account_managers.id'))
    .addColumn('to_manager_id', 'integer', (c) => c.notNull().references('account_managers.id'))
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('effective_on', dayType(db), (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_by_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', instantType(db), (c) => c.notNull())
    .addColumn('cancelled_by_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('cancelled_at', instantType(db))
    .addColumn('applied_at', instantType(db))
    .addColumn('moved_shops', 'integer')
    .addColumn('skipped_shops', 'integer')
    .execute();
  await db.schema.createIndex('scheduled_handovers_due').on('scheduled_handovers').columns(['status', 'effective_on']).execute();
  await db.schema
    .createTable('scheduled_handover_shops')
    .addColumn('handover_id', 'integer', (c) => c.notNull().references('scheduled_handovers.id').onDelete('cascade'))
    .addColumn('retailer_id', 'integer', (c) => c.notNull().references('retailers.id'))
    .addPrimaryKeyConstraint('scheduled_handover_shops_pk', ['handover_id', 'retailer_id'])
    .execute();
  await db.schema.createIndex('scheduled_handover_shops_retailer').on('scheduled_handover_shops').column('retailer_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('scheduled_handover_shops').execute();
  await db.schema.dropTable('scheduled_handovers').execute();
}
