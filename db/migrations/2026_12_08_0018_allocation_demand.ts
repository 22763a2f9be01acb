/**
 * 按需供货 (issue 18): each shop's estimated demand per spec for a cycle, stored when the cycle's allocation is
 * prepared so that a run reads it instead of recomputing it; and the method staff chose per spec for the cycle
 * (按档位 grade, 按需 demand, or a blend, with the floor and the blend's percentages). Frozen once landed.
 */
import type { Kysely } from 'kysely';
import { instantType } from './columns';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('demand_estimates')
    .addColumn('cycle_id', 'integer', (c) => c.notNull().references('order_cycles.id'))
    .addColumn('spec_id', 'integer', (c) => c.notNull().references('specs.id'))
    .addColumn('retailer_id', 'integer', (c) => c.notNull().references('retailers.id'))
    .addColumn('demand_cartons', 'real', (c) => c.notNull())
    .addColumn('regular_seller', 'integer', (c) => c.notNull())
    .addColumn('capped_order', 'integer', (c) => c.notNull())
    .addColumn('explanation_json', 'text', (c) => c.notNull())
    .addColumn('computed_at', instantType(db), (c) => c.notNull())
    .addPrimaryKeyConstraint('demand_estimates_pk', ['cycle_id', 'spec_id', 'retailer_id'])
    .execute();
  await db.schema
    .createTable('cycle_allocation_methods')
    .addColumn('cycle_id', 'integer', (c) => c.notNull().references('order_cycles.id'))
    .addColumn('spec_id', 'integer', (c) => c.notNull().references('specs.id'))
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('floor_cartons', 'integer', (c) => c.notNull())
    .addColumn('grade_percent', 'integer', (c) => c.notNull())
    .addColumn('demand_percent', 'integer', (c) => c.notNull())
    .addColumn('set_by_user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('set_at', instantType(db), (c) => c.notNull())
    .addPrimaryKeyConstraint('cycle_allocation_methods_pk', ['cycle_id', 'spec_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('cycle_allocation_methods').execute();
  await db.schema.dropTable('demand_estimates').execute();
}
