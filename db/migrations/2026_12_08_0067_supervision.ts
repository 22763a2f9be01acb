/**
 * The market supervision line (市场监管, issue 18), read rather than computed by its pages (decision 0038): each
 * computation of the flagged shop × scarce spec pairs (a 'supervision' job: when, for which day, the delivered cycles
 * read), the pairs it flagged with their figures, and the notes managers and staff keep on a pair — a trail that
 * outlives the pair dropping off the list and coming back. Frozen once landed.
 */
import type { Kysely } from 'kysely';
import { dayType, idType, instantType } from './columns';

export async function up(db: Kysely<any>): Promise<void> {
  const instant = instantType(db);
  await db.schema
    .createTable('supervision_runs')
    .addColumn('id', idType(db), (c) => c.primaryKey())
    .addColumn('computed_at', instant, (c) => c.notNull())
    .addColumn('computed_for_day', dayType(db), (c) => c.notNull())
    .addColumn('cycles_json', 'text', (c) => c.notNull())
    .addColumn('rows_count', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('supervision_cases')
    .addColumn('run_id', 'integer', (c) => c.notNull().references('supervision_runs.id'))
    .addColumn('retailer_id', 'integer', (c) => c.notNull().references('retailers.id'))
    .addColumn('spec_id', 'integer', (c) => c.notNull().references('specs.id'))
    .addColumn('excess_packs', 'real', (c) => c.notNull())
    .addColumn('figures_json', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('supervision_cases_pk', ['run_id', 'retailer_id', 'spec_id'])
    .execute();
  await db.schema
    .createTable('supervision_notes')
    .addColumn('id', idType(db), (c) => c.primaryKey())
    .addColumn('retailer_id', 'integer', (c) => c.notNull().references('retailers.id'))
    .addColumn('spec_id', 'integer', (c) => c.notNull().references('specs.id'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', instant, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('supervision_notes_pair_idx').on('supervision_notes').columns(['retailer_id', 'spec_id', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('supervision_notes').execute();
  await db.schema.dropTable('supervision_cases').execute();
  await db.schema.dropTable('supervision_runs').execute();
}
