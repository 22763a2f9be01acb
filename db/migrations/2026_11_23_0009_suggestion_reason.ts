/**
 * Each stored suggestion's reason (normal, short_history_prior, no_history_prior, new_spec_start, …) as a column:
 * the similar-shops prior is built from the suggestions whose forecast came from the shop's own sales, and
 * reading it out of explanation_json for a whole cycle would mean parsing every row. Null for rows stored
 * before this migration. Frozen once landed.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('suggestions').addColumn('reason', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('suggestions').dropColumn('reason').execute();
}
