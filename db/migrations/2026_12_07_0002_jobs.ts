/**
 * Long work runs as jobs, not inside a request (docs/decisions/0016-jobs.md): one row per job, queued → running →
 * done or failed, with its progress (done of total) and its result or failure reason for the staff page. At most
 * one job of a kind runs at a time, held by a partial unique index, so two app instances sharing PostgreSQL can
 * never both start one. A running job renews `heartbeat_at`; one whose heartbeat has gone stale (its instance
 * died) is queued again. Frozen once landed.
 */
import { sql, type Kysely } from 'kysely';
import { idType, instantType } from './columns';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('jobs')
    .addColumn('id', idType(db), (c) => c.primaryKey())
    /** What the job does (app/server/job-kinds.server.ts): 'suggestions', 'accuracy', 'rollups'. */
    .addColumn('kind', 'text', (c) => c.notNull())
    /** Its input, as JSON (the kind's own schema reads it). */
    .addColumn('payload_json', 'text', (c) => c.notNull().defaultTo('{}'))
    /** 'queued', 'running', 'done' or 'failed'. */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('progress_done', 'integer', (c) => c.notNull().defaultTo(0))
    /** Null until the job knows how much there is to do. */
    .addColumn('progress_total', 'integer')
    /** What a finished job reports, as JSON. */
    .addColumn('result_json', 'text')
    /** Why a job failed: a reason code the page translates (never a message or a stack). */
    .addColumn('error', 'text')
    /** Runs so far; a clean stop (shutdown) gives its run back, so this counts starts that ended in a crash. */
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    /** The instance running it (a random id per process), so only that instance reports on it. */
    .addColumn('owner', 'text')
    .addColumn('requested_by_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', instantType(db), (c) => c.notNull())
    .addColumn('started_at', instantType(db))
    .addColumn('heartbeat_at', instantType(db))
    .addColumn('finished_at', instantType(db))
    .execute();
  await db.schema
    .createIndex('jobs_one_running_per_kind')
    .on('jobs')
    .column('kind')
    .unique()
    .where(sql.ref('status'), '=', sql.lit('running'))
    .execute();
  // The runner's claim (the oldest queued job) and the page's latest jobs of a kind.
  await db.schema.createIndex('jobs_status_idx').on('jobs').columns(['status', 'id']).execute();
  await db.schema.createIndex('jobs_kind_idx').on('jobs').columns(['kind', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('jobs').execute();
}
