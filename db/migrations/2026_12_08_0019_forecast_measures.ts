/**
 * 预测准确率 measured once a week has closed (issue 17): per cycle, shop and spec, the rule's 7-day forecast as of
 * the shop's order day against what the shop then sold over the 7 days from it (shops that uploaded sales on all
 * 7). Kept apart from `suggestions`, so measuring a past week never creates or replaces the suggestions that were
 * in force. The roll-ups read it per shop and order day; the page sums it per spec for the county-level figures.
 * Frozen once landed.
 */
import type { Kysely } from 'kysely';
import { dayType, instantType } from './columns';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('forecast_measures')
    .addColumn('cycle_id', 'integer', (c) => c.notNull().references('order_cycles.id'))
    .addColumn('retailer_id', 'integer', (c) => c.notNull().references('retailers.id'))
    .addColumn('spec_id', 'integer', (c) => c.notNull().references('specs.id'))
    /** The shop's order day in the cycle: the first of the 7 days measured. */
    .addColumn('order_day', dayType(db), (c) => c.notNull())
    /** The forecast for the 7 days, rounded to whole packs. */
    .addColumn('forecast_packs', 'integer', (c) => c.notNull())
    .addColumn('actual_packs', 'integer', (c) => c.notNull())
    /** 1 when the spec was only offered to the shop (similar shops sell it; not in its draft). */
    .addColumn('offered', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('measured_at', instantType(db), (c) => c.notNull())
    .addPrimaryKeyConstraint('forecast_measures_pk', ['cycle_id', 'retailer_id', 'spec_id'])
    .execute();
  await db.schema.createIndex('forecast_measures_retailer_day').on('forecast_measures').columns(['retailer_id', 'order_day']).execute();
  await db.schema.createIndex('forecast_measures_day').on('forecast_measures').columns(['order_day']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('forecast_measures').execute();
}
