/**
 * Schema for cycles, supply and caps admin, allocation runs, publishing and confirmation (issue 6).
 * Frozen once landed: change the schema with a new migration.
 *
 * - orders gain the shop's check of its allocation (配货结果核查): when it confirmed, or the problem it
 *   reported and when (the order stays 'allocated' until it confirms).
 * - allocation_runs record every run (who, when, a summary of inputs and outputs); the last one before
 *   publishing is the one that stands, and publishing stamps it.
 * - cycle_imports hold a staff member's supply or caps file between its preview and its import, so the
 *   import writes exactly the rows the preview showed.
 */
import type { Kysely } from 'kysely';
import { idType, instantType } from './columns';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('orders').addColumn('allocation_confirmed_at', instantType(db)).execute();
  await db.schema.alterTable('orders').addColumn('allocation_problem', 'text').execute();
  await db.schema.alterTable('orders').addColumn('allocation_problem_at', instantType(db)).execute();

  await db.schema
    .createTable('allocation_runs')
    .addColumn('id', idType(db), (c) => c.primaryKey())
    .addColumn('cycle_id', 'integer', (c) => c.notNull().references('order_cycles.id'))
    .addColumn('run_by_user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('run_at', instantType(db), (c) => c.notNull())
    .addColumn('orders_count', 'integer', (c) => c.notNull())
    .addColumn('lines_count', 'integer', (c) => c.notNull())
    .addColumn('requested_cartons', 'integer', (c) => c.notNull())
    .addColumn('allocated_cartons', 'integer', (c) => c.notNull())
    .addColumn('failed_orders', 'integer', (c) => c.notNull())
    .addColumn('short_specs', 'integer', (c) => c.notNull())
    .addColumn('elapsed_ms', 'integer', (c) => c.notNull())
    /** Inputs (supply, caps, requests per spec) and outputs (allocated per spec, failed order ids) in brief. */
    .addColumn('summary_json', 'text', (c) => c.notNull())
    .addColumn('published_at', instantType(db))
    .addColumn('published_by_user_id', 'integer', (c) => c.references('users.id'))
    .execute();
  await db.schema.createIndex('allocation_runs_cycle_idx').on('allocation_runs').columns(['cycle_id', 'run_at']).execute();

  await db.schema
    .createTable('cycle_imports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('cycle_id', 'integer', (c) => c.notNull().references('order_cycles.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('table_json', 'text', (c) => c.notNull())
    .addColumn('created_at', instantType(db), (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('cycle_imports').execute();
  await db.schema.dropIndex('allocation_runs_cycle_idx').execute();
  await db.schema.dropTable('allocation_runs').execute();
  await db.schema.alterTable('orders').dropColumn('allocation_problem_at').execute();
  await db.schema.alterTable('orders').dropColumn('allocation_problem').execute();
  await db.schema.alterTable('orders').dropColumn('allocation_confirmed_at').execute();
}
