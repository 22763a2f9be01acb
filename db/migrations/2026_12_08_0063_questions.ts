/**
 * Questions a retailer asks from the page it is on (issue 19): the context it came from (an order line, an
 * allocation, a data issue, a delivery), the manager it went to, a hand-over to staff, the one answer, when the
 * shop read it and how it rated it. The shop's manager, station, business type, market type and grade are kept as
 * they were when it asked, so the service indicator of a past period (answer time by manager and station) stays
 * what it was after a route changes hands or a grade is re-evaluated. Frozen once landed.
 */
import type { Kysely } from 'kysely';
import { idType, instantType } from './columns';

export async function up(db: Kysely<any>): Promise<void> {
  const instant = instantType(db);
  await db.schema
    .createTable('questions')
    .addColumn('id', idType(db), (c) => c.primaryKey())
    .addColumn('retailer_id', 'integer', (c) => c.notNull().references('retailers.id'))
    .addColumn('asked_by_user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('asked_at', instant, (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('context_kind', 'text', (c) => c.notNull())
    .addColumn('context_cycle_id', 'integer', (c) => c.references('order_cycles.id'))
    .addColumn('context_order_id', 'integer', (c) => c.references('orders.id'))
    .addColumn('context_spec_id', 'integer', (c) => c.references('specs.id'))
    .addColumn('context_issue_id', 'integer', (c) => c.references('quality_issues.id'))
    .addColumn('context_code', 'text')
    .addColumn('context_label', 'text', (c) => c.notNull())
    .addColumn('manager_id', 'integer', (c) => c.notNull().references('account_managers.id'))
    .addColumn('station_id', 'integer', (c) => c.notNull().references('stations.id'))
    .addColumn('business_type', 'text', (c) => c.notNull())
    .addColumn('market_type', 'text', (c) => c.notNull())
    .addColumn('grade', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('handed_at', instant)
    .addColumn('handed_by_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('hand_note', 'text')
    .addColumn('answer', 'text')
    .addColumn('answered_at', instant)
    .addColumn('answered_by_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('answered_by_role', 'text')
    .addColumn('response_minutes', 'integer')
    .addColumn('answer_read_at', instant)
    .addColumn('rating', 'integer')
    .addColumn('rated_at', instant)
    .execute();
  // The shop's list (newest first) and its unread answers on home.
  await db.schema.createIndex('questions_retailer_idx').on('questions').columns(['retailer_id', 'asked_at']).execute();
  // The inboxes: unanswered questions by status.
  await db.schema.createIndex('questions_status_idx').on('questions').columns(['status', 'asked_at']).execute();
  // The service indicator reads answers by the day they were given.
  await db.schema.createIndex('questions_answered_idx').on('questions').columns(['answered_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('questions').execute();
}
