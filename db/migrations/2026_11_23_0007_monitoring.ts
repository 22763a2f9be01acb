/**
 * Schema for daily roll-ups for the monitoring page (issue 6).
 * Frozen once landed: change the schema with a new migration.
 *
 * - monitoring_retailer_days: one row per retailer and day with the additive counts every indicator is
 *   built from (numerators and denominators), so a drill-down lists the retailers behind a figure.
 * - monitoring_rollups: the same counts summed per dimension value (county, station, manager, business type,
 *   market type, grade) and day. The page reads only this table, by its primary key (dim, dim_value, day);
 *   on SQLite it is WITHOUT ROWID, so the key's b-tree holds the whole row (a covering read).
 * - monitoring_dirty: retailers whose days changed (an upload, an order submit or cancel, an allocation),
 *   written inside the writer's transaction; the roll-ups are brought up to date from it before a read.
 * - monitoring_state: small key/value facts, e.g. the last day the roll-ups were built through.
 */
import { sql, type CreateTableBuilder, type Kysely } from 'kysely';
import { dayType, idType, isPostgres } from './columns';

/** Counts kept per retailer-day and per dimension-day (all integers, all summed). */
const COUNT_COLUMNS = [
  'due_upload',
  'uploaded',
  'due_order',
  'ordered_ok',
  'order_failed',
  'not_ordered_streak2',
  'ful_requested_cartons',
  'ful_allocated_cartons',
  'cap_lines',
  'cap_lines_full',
  'cap_requested_cartons',
  'cap_cartons',
  'match_abs_diff_cartons',
  'match_suggested_cartons',
  'scarce_eligible',
  'scarce_covered',
  'new_allocated',
  'new_listed',
  'fc_abs_error_packs',
  'fc_actual_packs',
  'sales_packs',
  'stock_known',
  'stock_packs',
  'stock_sales_packs',
  'carried_pairs',
  'stockout_pairs',
] as const;

function withCounts<T extends string, C extends string>(table: CreateTableBuilder<T, C>): CreateTableBuilder<T, C> {
  let t = table;
  for (const c of COUNT_COLUMNS) t = t.addColumn(c, 'integer', (col) => col.notNull().defaultTo(0));
  return t;
}

export async function up(db: Kysely<any>): Promise<void> {
  const day = dayType(db);
  const pg = isPostgres(db);

  await withCounts(
    db.schema
      .createTable('monitoring_retailer_days')
      .addColumn('retailer_id', 'integer', (c) => c.notNull().references('retailers.id'))
      .addColumn('day', day, (c) => c.notNull())
      // Consecutive cycles without a successful order, ending at this order day (0 when it ordered).
      .addColumn('empty_streak', 'integer', (c) => c.notNull().defaultTo(0))
      // The last stock count on or before this day, carried forward with the stock estimate.
      .addColumn('stock_count_day', day),
  )
    .addPrimaryKeyConstraint('monitoring_retailer_days_pk', ['retailer_id', 'day'])
    .execute();
  // Drill-downs read a period for every retailer: by day first.
  await db.schema.createIndex('monitoring_retailer_days_day_idx').on('monitoring_retailer_days').columns(['day', 'retailer_id']).execute();

  let rollups = withCounts(
    db.schema
      .createTable('monitoring_rollups')
      .addColumn('dim', 'text', (c) => c.notNull())
      .addColumn('dim_value', 'text', (c) => c.notNull())
      .addColumn('day', day, (c) => c.notNull()),
  ).addPrimaryKeyConstraint('monitoring_rollups_pk', ['dim', 'dim_value', 'day']);
  if (!pg) rollups = rollups.modifyEnd(sql`without rowid`);
  await rollups.execute();

  await db.schema
    .createTable('monitoring_dirty')
    .addColumn('id', idType(db), (c) => c.primaryKey())
    .addColumn('retailer_id', 'integer', (c) => c.notNull())
    .addColumn('day_from', day, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('monitoring_state')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();

  // Same-day fix rate reads the issues found since a day.
  await db.schema.createIndex('quality_issues_found_idx').on('quality_issues').columns(['found_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('quality_issues_found_idx').execute();
  await db.schema.dropTable('monitoring_state').execute();
  await db.schema.dropTable('monitoring_dirty').execute();
  await db.schema.dropTable('monitoring_rollups').execute();
  await db.schema.dropTable('monitoring_retailer_days').execute();
}
