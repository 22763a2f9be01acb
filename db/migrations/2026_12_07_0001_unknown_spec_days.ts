/**
 * Spec-days whose figure is unknown: an upload named the spec on that day only in lines it refused, and there was
 * no earlier figure to keep (a refused line keeps the spec's earlier figure when there is one). Without this
 * record the day would read as a recorded zero sale (or receipt) of the spec, because the day has an upload. The
 * suggestions read such a sales day as censored and do not roll stock forward across such days. A later upload
 * of the day (or a fix of the figure) removes the row. Keyed by shop, kind and day first: the suggestions read a
 * shop's window and an upload replaces a shop's days. Frozen once landed.
 */
import type { Kysely } from 'kysely';
import { dayType } from './columns';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('unknown_spec_days')
    .addColumn('retailer_id', 'integer', (c) => c.notNull().references('retailers.id'))
    /** 'sales' or 'receipts' (a refused count line leaves the spec uncounted, which needs no record). */
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('day', dayType(db), (c) => c.notNull())
    .addColumn('spec_id', 'integer', (c) => c.notNull().references('specs.id'))
    /** The upload whose refused line left the day unknown. */
    .addColumn('batch_id', 'integer', (c) => c.notNull().references('upload_batches.id'))
    .addPrimaryKeyConstraint('unknown_spec_days_pk', ['retailer_id', 'kind', 'day', 'spec_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('unknown_spec_days').execute();
}
