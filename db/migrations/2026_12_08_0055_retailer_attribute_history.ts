/**
 * What a shop was on each day it is reported on (issue 17): its station, account manager, business type (业态),
 * market type and grade, as closed periods. A row is what the shop was from `valid_from` (null: since it was first
 * recorded) up to the day before `valid_to`; from the latest row's `valid_to` on, the shop is what its retailers row
 * says. A shop that never changed has no row. `cause` says what closed the period ('handover', 'import').
 *
 * Replaces retailer_manager_history (0040), which kept the manager alone: its rows are copied here with the shop's
 * other attributes as they are now (the only ones known), then it is dropped. Frozen once landed.
 */
import { sql, type Kysely } from 'kysely';
import { dayType, idType, instantType } from './columns';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('retailer_attribute_history')
    .addColumn('id', idType(db), (c) => c.primaryKey())
    .addColumn('retailer_id', 'integer', (c) => c.notNull().references('retailers.id'))
    .addColumn('station_id', 'integer', (c) => c.notNull().references('stations.id'))
    .addColumn('manager_id', 'integer', (c) => c.notNull().references('account_managers.id'))
    .addColumn('business_type', 'text', (c) => c.notNull())
    .addColumn('market_type', 'text', (c) => c.notNull())
    .addColumn('grade', 'integer', (c) => c.notNull())
    .addColumn('valid_from', dayType(db))
    .addColumn('valid_to', dayType(db), (c) => c.notNull())
    .addColumn('cause', 'text', (c) => c.notNull())
    .addColumn('changed_at', instantType(db), (c) => c.notNull())
    .addColumn('changed_by_user_id', 'integer', (c) => c.references('users.id'))
    .execute();
  await db.schema.createIndex('retailer_attribute_history_retailer').on('retailer_attribute_history').columns(['retailer_id', 'valid_to']).execute();
  await sql`
    insert into retailer_attribute_history
      (retailer_id, station_id, manager_id, business_type, market_type, grade, valid_from, valid_to, cause, changed_at, changed_by_user_id)
    select h.retailer_id, r.station_id, h.manager_id, r.business_type, r.market_type, r.grade, h.valid_from, h.valid_to, 'handover', h.changed_at, h.changed_by_user_id
    from retailer_manager_history h join retailers r on r.id = h.retailer_id
    order by h.id`.execute(db);
  await db.schema.dropTable('retailer_manager_history').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
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
  await sql`
    insert into retailer_manager_history (retailer_id, manager_id, valid_from, valid_to, changed_at, changed_by_user_id)
    select retailer_id, manager_id, valid_from, valid_to, changed_at, changed_by_user_id
    from retailer_attribute_history order by id`.execute(db);
  await db.schema.dropTable('retailer_attribute_history').execute();
}
