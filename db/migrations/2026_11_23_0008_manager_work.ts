/**
 * Account managers' work (issue 7): contact notes (the outcome of a call or visit; they also give "last
 * contact"), why a shop is a benchmark store (the flag itself stays retailers.is_benchmark), the weekly
 * in-store visit log with an optional photo kept on disk, and the quarterly satisfaction survey (one answer
 * per retailer per quarter, enforced by the database). The survey keeps the manager and station the shop had
 * when it answered, so an answer about a manager stays with that manager after a route changes hands.
 * Frozen once landed: change the schema with a new migration.
 */
import type { Kysely } from 'kysely';
import { dayType, idType, instantType } from './columns';

export async function up(db: Kysely<any>): Promise<void> {
  const id = idType(db);
  const instant = instantType(db);
  const day = dayType(db);

  await db.schema
    .createTable('contact_notes')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('retailer_id', 'integer', (c) => c.notNull().references('retailers.id'))
    .addColumn('author_user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('at', instant, (c) => c.notNull())
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text')
    .addColumn('note', 'text')
    .addColumn('cycle_id', 'integer', (c) => c.references('order_cycles.id'))
    .execute();
  // Covers "last contact per retailer" (max(at)) and the profile's newest-first list.
  await db.schema.createIndex('contact_notes_retailer_idx').on('contact_notes').columns(['retailer_id', 'at']).execute();

  await db.schema
    .createTable('benchmark_marks')
    .addColumn('retailer_id', 'integer', (c) => c.primaryKey().references('retailers.id'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('marked_by_user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('marked_at', instant, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('store_visits')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('retailer_id', 'integer', (c) => c.notNull().references('retailers.id'))
    .addColumn('visited_on', day, (c) => c.notNull())
    .addColumn('duration_minutes', 'integer', (c) => c.notNull())
    .addColumn('what_done', 'text', (c) => c.notNull())
    .addColumn('photo_file', 'text')
    .addColumn('photo_content_type', 'text')
    .addColumn('photo_bytes', 'integer')
    .addColumn('created_by_user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', instant, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('store_visits_retailer_idx').on('store_visits').columns(['retailer_id', 'visited_on']).execute();

  await db.schema
    .createTable('satisfaction_responses')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('retailer_id', 'integer', (c) => c.notNull().references('retailers.id'))
    .addColumn('quarter', 'text', (c) => c.notNull())
    .addColumn('manager_id', 'integer', (c) => c.notNull().references('account_managers.id'))
    .addColumn('station_id', 'integer', (c) => c.notNull().references('stations.id'))
    .addColumn('supply_score', 'integer', (c) => c.notNull())
    .addColumn('ordering_score', 'integer', (c) => c.notNull())
    .addColumn('delivery_score', 'integer', (c) => c.notNull())
    .addColumn('manager_score', 'integer', (c) => c.notNull())
    .addColumn('comment', 'text')
    .addColumn('submitted_by_user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('submitted_at', instant, (c) => c.notNull())
    .addUniqueConstraint('satisfaction_responses_retailer_quarter_uq', ['retailer_id', 'quarter'])
    .execute();
  await db.schema.createIndex('satisfaction_responses_quarter_idx').on('satisfaction_responses').columns(['quarter', 'manager_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('satisfaction_responses').execute();
  await db.schema.dropTable('store_visits').execute();
  await db.schema.dropTable('benchmark_marks').execute();
  await db.schema.dropTable('contact_notes').execute();
}
