/**
 * Sales-driven suggestions (销售引导购进): the rule's parameters, versioned (every change is a new row, so a
 * suggestion can say which settings made it); each computed suggestion with the numbers that made it; the
 * quick reason a shop gives for ordering differently; forecast accuracy per cycle for the staff page.
 */
import type { Kysely } from 'kysely';
import { idType, instantType } from './columns';

export async function up(db: Kysely<any>): Promise<void> {
  const id = idType(db);
  const instant = instantType(db);

  await db.schema
    .createTable('rule_settings')
    .addColumn('version', id, (c) => c.primaryKey())
    .addColumn('settings_json', 'text', (c) => c.notNull())
    .addColumn('created_by_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', instant, (c) => c.notNull())
    .addColumn('note', 'text')
    .execute();

  await db.schema
    .createTable('suggestions')
    .addColumn('cycle_id', 'integer', (c) => c.notNull().references('order_cycles.id'))
    .addColumn('retailer_id', 'integer', (c) => c.notNull().references('retailers.id'))
    .addColumn('spec_id', 'integer', (c) => c.notNull().references('specs.id'))
    .addColumn('suggested_cartons', 'integer', (c) => c.notNull())
    .addColumn('forecast_daily_packs', 'real', (c) => c.notNull())
    .addColumn('explanation_json', 'text', (c) => c.notNull())
    .addColumn('settings_version', 'integer', (c) => c.notNull())
    .addColumn('computed_at', instant, (c) => c.notNull())
    // Keyed by cycle and retailer first: one shop's suggestions are read together (and could be sharded).
    .addPrimaryKeyConstraint('suggestions_pk', ['cycle_id', 'retailer_id', 'spec_id'])
    .execute();

  await db.schema.alterTable('order_lines').addColumn('deviation_reason', 'text').execute();

  await db.schema
    .createTable('forecast_accuracy')
    .addColumn('cycle_id', 'integer', (c) => c.notNull().references('order_cycles.id'))
    // 0 stands for the county total (a real spec id otherwise); 0 keeps the key free of NULLs on both dialects.
    .addColumn('spec_id', 'integer', (c) => c.notNull())
    .addColumn('forecast_packs', 'integer', (c) => c.notNull())
    .addColumn('actual_packs', 'integer', (c) => c.notNull())
    .addColumn('abs_error_packs', 'integer', (c) => c.notNull())
    .addColumn('computed_at', instant, (c) => c.notNull())
    .addPrimaryKeyConstraint('forecast_accuracy_pk', ['cycle_id', 'spec_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('forecast_accuracy').execute();
  await db.schema.alterTable('order_lines').dropColumn('deviation_reason').execute();
  await db.schema.dropTable('suggestions').execute();
  await db.schema.dropTable('rule_settings').execute();
}
