/**
 * Foundation schema: stations, users, account managers, retailers, specs, cycles, supply, caps, orders,
 * shop uploads (sales, receipts, stock counts), sessions. Frozen once landed: change the schema with a new
 * migration. Instants are never defaulted by the database (SQLite's CURRENT_TIMESTAMP is not ISO): the
 * app writes them.
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { dayType, idType, instantType } from './columns';

export async function up(db: Kysely<any>): Promise<void> {
  const id = idType(db);
  const day = dayType(db);
  const instant = instantType(db);

  await db.schema
    .createTable('stations')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name_zh', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('users')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('username', 'text', (c) => c.notNull().unique())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull().check(sqlIn('role', ['retailer', 'manager', 'staff'])))
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('locale', 'text')
    .addColumn('large_text', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', instant, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('account_managers')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().unique().references('users.id'))
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('phone', 'text', (c) => c.notNull())
    .addColumn('station_id', 'integer', (c) => c.notNull().references('stations.id'))
    .execute();

  await db.schema
    .createTable('retailers')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.unique().references('users.id'))
    .addColumn('licence_no', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('owner_name', 'text', (c) => c.notNull())
    .addColumn('phone', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('station_id', 'integer', (c) => c.notNull().references('stations.id'))
    .addColumn('manager_id', 'integer', (c) => c.notNull().references('account_managers.id'))
    .addColumn('business_type', 'text', (c) => c.notNull())
    .addColumn('market_type', 'text', (c) => c.notNull())
    .addColumn('grade', 'integer', (c) => c.notNull())
    .addColumn('order_weekday', 'integer', (c) => c.notNull())
    .addColumn('is_online', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('is_benchmark', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('deposit_balance_fen', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', instant, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('retailers_manager_idx').on('retailers').columns(['manager_id', 'id']).execute();
  await db.schema.createIndex('retailers_station_idx').on('retailers').columns(['station_id']).execute();

  await db.schema
    .createTable('specs')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('brand', 'text', (c) => c.notNull())
    .addColumn('manufacturer', 'text', (c) => c.notNull())
    .addColumn('carton_barcode', 'text', (c) => c.notNull().unique())
    .addColumn('pack_barcode', 'text', (c) => c.notNull().unique())
    .addColumn('packs_per_carton', 'integer', (c) => c.notNull().defaultTo(10))
    .addColumn('price_class', 'integer', (c) => c.notNull())
    .addColumn('wholesale_price_fen_per_carton', 'integer', (c) => c.notNull())
    .addColumn('retail_price_fen_per_carton', 'integer', (c) => c.notNull())
    .addColumn('is_scarce', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('is_new', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('launch_date', day)
    .addColumn('is_orderable', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('is_discontinued', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('order_cycles')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('starts_on', day, (c) => c.notNull())
    .addColumn('ends_on', day, (c) => c.notNull())
    .addColumn('opens_at', instant, (c) => c.notNull())
    .addColumn('cutoff_local_time', 'text', (c) => c.notNull())
    .addColumn('lead_days', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', instant, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('order_cycles_starts_idx').on('order_cycles').columns(['starts_on']).execute();

  await db.schema
    .createTable('cycle_supply')
    .addColumn('cycle_id', 'integer', (c) => c.notNull().references('order_cycles.id'))
    .addColumn('spec_id', 'integer', (c) => c.notNull().references('specs.id'))
    .addColumn('supply_cartons', 'integer')
    .addPrimaryKeyConstraint('cycle_supply_pk', ['cycle_id', 'spec_id'])
    .execute();

  await db.schema
    .createTable('caps')
    .addColumn('cycle_id', 'integer', (c) => c.notNull().references('order_cycles.id'))
    .addColumn('spec_id', 'integer', (c) => c.notNull().references('specs.id'))
    .addColumn('grade_from', 'integer', (c) => c.notNull())
    .addColumn('grade_to', 'integer', (c) => c.notNull())
    .addColumn('cap_cartons', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('caps_pk', ['cycle_id', 'spec_id', 'grade_from'])
    .execute();

  await db.schema
    .createTable('orders')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('retailer_id', 'integer', (c) => c.notNull().references('retailers.id'))
    .addColumn('cycle_id', 'integer', (c) => c.notNull().references('order_cycles.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('submitted_by_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('on_behalf', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('submitted_at', instant)
    .addColumn('total_cartons', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('total_amount_fen', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('failure_reason', 'text')
    .addColumn('created_at', instant, (c) => c.notNull())
    .addColumn('updated_at', instant, (c) => c.notNull())
    // One order per retailer per cycle, enforced by the database so concurrent submits cannot make two.
    .addUniqueConstraint('orders_retailer_cycle_uq', ['retailer_id', 'cycle_id'])
    .execute();
  await db.schema.createIndex('orders_cycle_idx').on('orders').columns(['cycle_id', 'status']).execute();

  await db.schema
    .createTable('order_lines')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('order_id', 'integer', (c) => c.notNull().references('orders.id').onDelete('cascade'))
    .addColumn('spec_id', 'integer', (c) => c.notNull().references('specs.id'))
    .addColumn('qty_requested_cartons', 'integer', (c) => c.notNull())
    .addColumn('cap_cartons', 'integer')
    .addColumn('suggested_cartons', 'integer')
    .addColumn('qty_allocated_cartons', 'integer')
    .addColumn('unit_price_fen', 'integer', (c) => c.notNull())
    .addUniqueConstraint('order_lines_order_spec_uq', ['order_id', 'spec_id'])
    .execute();
  await db.schema.createIndex('order_lines_spec_idx').on('order_lines').columns(['spec_id']).execute();

  await db.schema
    .createTable('uploads')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('retailer_id', 'integer', (c) => c.notNull().references('retailers.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('business_date', day, (c) => c.notNull())
    .addColumn('created_by_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', instant, (c) => c.notNull())
    .addColumn('rows_accepted', 'integer', (c) => c.notNull())
    .addColumn('rows_rejected', 'integer', (c) => c.notNull())
    .execute();
  // Upload rate reads "who uploaded on day d": a covering index on (day, kind, retailer).
  await db.schema
    .createIndex('uploads_day_idx')
    .on('uploads')
    .columns(['business_date', 'kind', 'retailer_id'])
    .execute();
  await db.schema.createIndex('uploads_retailer_idx').on('uploads').columns(['retailer_id', 'business_date']).execute();

  await db.schema
    .createTable('pos_daily_sales')
    .addColumn('retailer_id', 'integer', (c) => c.notNull().references('retailers.id'))
    .addColumn('spec_id', 'integer', (c) => c.notNull().references('specs.id'))
    .addColumn('sales_date', day, (c) => c.notNull())
    .addColumn('qty_packs', 'integer', (c) => c.notNull())
    .addColumn('upload_id', 'integer', (c) => c.references('uploads.id'))
    // Keyed by retailer first: one shop's history is contiguous, and the table could be sharded by retailer.
    .addPrimaryKeyConstraint('pos_daily_sales_pk', ['retailer_id', 'spec_id', 'sales_date'])
    .execute();
  await db.schema
    .createIndex('pos_daily_sales_day_idx')
    .on('pos_daily_sales')
    .columns(['sales_date', 'spec_id', 'qty_packs'])
    .execute();

  await db.schema
    .createTable('receipts')
    .addColumn('retailer_id', 'integer', (c) => c.notNull().references('retailers.id'))
    .addColumn('spec_id', 'integer', (c) => c.notNull().references('specs.id'))
    .addColumn('received_on', day, (c) => c.notNull())
    .addColumn('qty_packs', 'integer', (c) => c.notNull())
    .addColumn('upload_id', 'integer', (c) => c.references('uploads.id'))
    .addColumn('order_id', 'integer', (c) => c.references('orders.id'))
    .addPrimaryKeyConstraint('receipts_pk', ['retailer_id', 'spec_id', 'received_on'])
    .execute();

  await db.schema
    .createTable('stock_counts')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('retailer_id', 'integer', (c) => c.notNull().references('retailers.id'))
    .addColumn('counted_at', instant, (c) => c.notNull())
    .addColumn('upload_id', 'integer', (c) => c.references('uploads.id'))
    .execute();
  await db.schema.createIndex('stock_counts_retailer_idx').on('stock_counts').columns(['retailer_id', 'counted_at']).execute();

  await db.schema
    .createTable('stock_count_lines')
    .addColumn('stock_count_id', 'integer', (c) => c.notNull().references('stock_counts.id').onDelete('cascade'))
    .addColumn('spec_id', 'integer', (c) => c.notNull().references('specs.id'))
    .addColumn('qty_packs', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('stock_count_lines_pk', ['stock_count_id', 'spec_id'])
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', instant, (c) => c.notNull())
    .addColumn('expires_at', instant, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sessions_user_idx').on('sessions').columns(['user_id']).execute();

  await db.schema
    .createTable('seed_injections')
    .addColumn('retailer_id', 'integer', (c) => c.notNull().references('retailers.id'))
    .addColumn('spec_id', 'integer', (c) => c.notNull().references('specs.id'))
    .addColumn('day', day, (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'seed_injections',
    'sessions',
    'stock_count_lines',
    'stock_counts',
    'receipts',
    'pos_daily_sales',
    'uploads',
    'order_lines',
    'orders',
    'caps',
    'cycle_supply',
    'order_cycles',
    'specs',
    'retailers',
    'account_managers',
    'users',
    'stations',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}

/** A CHECK constraint listing the allowed values (constants only, never user input); same SQL on both dialects. */
function sqlIn(column: string, values: string[]) {
  return sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(', ')})`);
}
