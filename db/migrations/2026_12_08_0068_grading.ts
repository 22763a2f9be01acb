/**
 * 档位评定 (issue 18, "grades kept honest"): staff's grading rule (each version kept: weights of the shop's figures,
 * the percent band of each grade within its business type, the most a grade may move at once), the proposals the
 * app computes from it (a 'grading' job), each shop's proposed grade with the numbers behind it and staff's decision,
 * and when an approved change was applied (when the next cycle opened). Frozen once landed.
 */
import type { Kysely } from 'kysely';
import { dayType, idType, instantType } from './columns';

export async function up(db: Kysely<any>): Promise<void> {
  const instant = instantType(db);
  await db.schema
    .createTable('grading_rules')
    .addColumn('id', idType(db), (c) => c.primaryKey())
    .addColumn('weights_json', 'text', (c) => c.notNull())
    .addColumn('bands_json', 'text', (c) => c.notNull())
    .addColumn('max_step', 'integer', (c) => c.notNull())
    .addColumn('set_by_user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('set_at', instant, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('grade_proposals')
    .addColumn('id', idType(db), (c) => c.primaryKey())
    .addColumn('rule_id', 'integer', (c) => c.references('grading_rules.id'))
    .addColumn('rule_json', 'text', (c) => c.notNull())
    .addColumn('window_from', dayType(db), (c) => c.notNull())
    .addColumn('window_to', dayType(db), (c) => c.notNull())
    .addColumn('computed_at', instant, (c) => c.notNull())
    .addColumn('computed_by_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('judged', 'integer', (c) => c.notNull())
    .addColumn('not_judged', 'integer', (c) => c.notNull())
    .addColumn('decided_at', instant)
    .addColumn('decided_by_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('applied_at', instant)
    .addColumn('applied_cycle_id', 'integer', (c) => c.references('order_cycles.id'))
    .execute();
  await db.schema
    .createTable('grade_proposal_lines')
    .addColumn('proposal_id', 'integer', (c) => c.notNull().references('grade_proposals.id'))
    .addColumn('retailer_id', 'integer', (c) => c.notNull().references('retailers.id'))
    .addColumn('grade_from', 'integer', (c) => c.notNull())
    .addColumn('grade_to', 'integer', (c) => c.notNull())
    .addColumn('step_size', 'integer', (c) => c.notNull())
    .addColumn('band_grade', 'integer', (c) => c.notNull())
    .addColumn('why_json', 'text', (c) => c.notNull())
    .addColumn('decision', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('grade_proposal_lines_pk', ['proposal_id', 'retailer_id'])
    .execute();
  // The review lists a proposal's changes, the biggest first; the shop's page its latest applied line.
  await db.schema.createIndex('grade_proposal_lines_step_idx').on('grade_proposal_lines').columns(['proposal_id', 'step_size']).execute();
  await db.schema.createIndex('grade_proposal_lines_retailer_idx').on('grade_proposal_lines').columns(['retailer_id', 'proposal_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('grade_proposal_lines').execute();
  await db.schema.dropTable('grade_proposals').execute();
  await db.schema.dropTable('grading_rules').execute();
}
