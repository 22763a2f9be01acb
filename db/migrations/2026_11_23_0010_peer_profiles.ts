/**
 * Similar shops' profiles (同档位同业态), as each suggestion batch leaves them: per cycle, business type and grade
 * band, how many shops sell each spec and their mean forecast daily sales. A single shop's suggestions (its order
 * page before or after the batch) read its group's ≤ 200 rows here instead of every similar shop's suggestions,
 * which at city scale is tens of thousands of rows. Frozen once landed.
 */
import type { Kysely } from 'kysely';
import { instantType } from './columns';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('peer_profiles')
    .addColumn('cycle_id', 'integer', (c) => c.notNull().references('order_cycles.id'))
    .addColumn('business_type', 'text', (c) => c.notNull())
    .addColumn('grade_from', 'integer', (c) => c.notNull())
    .addColumn('spec_id', 'integer', (c) => c.notNull())
    .addColumn('shops', 'integer', (c) => c.notNull())
    .addColumn('daily_packs', 'real', (c) => c.notNull())
    /** Similar shops with suggestions in the group (the same on every row of the group). */
    .addColumn('group_shops', 'integer', (c) => c.notNull())
    .addColumn('computed_at', instantType(db), (c) => c.notNull())
    .addPrimaryKeyConstraint('peer_profiles_pk', ['cycle_id', 'business_type', 'grade_from', 'spec_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('peer_profiles').execute();
}
