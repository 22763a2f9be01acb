/**
 * The jobs table (docs/decisions/0016-jobs.md): long work queued by the app and run outside requests by a runner
 * in each app process (app/server/jobs.server.ts). This module owns the table's queries and every rule that must
 * hold whichever instance runs them, on SQLite and PostgreSQL alike:
 *
 * - one job of a kind runs at a time: a claim takes the oldest queued job whose kind has none running, under one
 *   application lock (PostgreSQL: an advisory lock, so two instances claim one after the other; SQLite: one
 *   writer at a time anyway, so no lock), and the partial unique index `jobs_one_running_per_kind` refuses a second running
 *   row of a kind should anything get past that;
 * - only the instance that claimed a job (its `owner`) reports progress, finishes, fails or releases it;
 * - a running job renews its heartbeat; one whose heartbeat is stale was left by an instance that died and is
 *   queued again (or failed once it has been started `maxAttempts` times). A SQLite file belongs to one process,
 *   so at that process's start every running job was left by a crash and is queued again at once.
 *
 * Kinds and payloads are the app's: here a kind is a string and a payload any JSON.
 */
import { PostgresAdapter, sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { Database, Instant, JobStatus } from './schema';

/** An arbitrary application-wide key for the claim's advisory lock. */
const JOBS_LOCK_KEY = 7_007_016;

/**
 * The two things about the dialect this module needs. PostgreSQL: several instances may share the database, and
 * they take turns through an advisory lock held to the end of the transaction. SQLite: the file is one process's,
 * and a transaction that writes is alone until it ends, so there is nothing to lock.
 */
function sharedByInstances(db: Kysely<Database>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

export interface Job {
  id: number;
  kind: string;
  payload: unknown;
  status: JobStatus;
  progressDone: number;
  progressTotal: number | null;
  result: unknown;
  error: string | null;
  attempts: number;
  owner: string | null;
  requestedByUserId: number | null;
  createdAt: Instant;
  startedAt: Instant | null;
  heartbeatAt: Instant | null;
  finishedAt: Instant | null;
}

type Row = Selectable<Database['jobs']>;

function toJob(r: Row): Job {
  return {
    id: r.id,
    kind: r.kind,
    payload: JSON.parse(r.payloadJson) as unknown,
    status: r.status,
    progressDone: r.progressDone,
    progressTotal: r.progressTotal,
    result: r.resultJson === null ? null : (JSON.parse(r.resultJson) as unknown),
    error: r.error,
    attempts: r.attempts,
    owner: r.owner,
    requestedByUserId: r.requestedByUserId,
    createdAt: r.createdAt,
    startedAt: r.startedAt,
    heartbeatAt: r.heartbeatAt,
    finishedAt: r.finishedAt,
  };
}

/** The same JSON text for the same payload whatever the order its keys were built in, so equal payloads compare equal. */
function payloadText(payload: unknown): string {
  return JSON.stringify(payload ?? {}, (_key, value: unknown) =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : value,
  );
}

async function locked<T>(db: Kysely<Database>, work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    if (sharedByInstances(trx)) await sql`select pg_advisory_xact_lock(${JOBS_LOCK_KEY})`.execute(trx);
    return work(trx);
  });
}

/**
 * Queues a job. A job of the same kind with the same payload already waiting is that job (a second click, or two
 * staff members at once, queue one run, not two); one already running does not count: the new one runs after it.
 */
export async function enqueueJob(
  db: Kysely<Database>,
  job: { kind: string; payload?: unknown; requestedByUserId?: number | null; now?: Date },
): Promise<{ id: number; alreadyQueued: boolean }> {
  const payloadJson = payloadText(job.payload);
  return locked(db, async (trx) => {
    const waiting = await trx.selectFrom('jobs').select('id').where('kind', '=', job.kind).where('status', '=', 'queued').where('payloadJson', '=', payloadJson).executeTakeFirst();
    if (waiting) return { id: waiting.id, alreadyQueued: true };
    const row = await trx
      .insertInto('jobs')
      .values({
        kind: job.kind,
        payloadJson,
        status: 'queued',
        requestedByUserId: job.requestedByUserId ?? null,
        createdAt: (job.now ?? new Date()).toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id: row.id, alreadyQueued: false };
  });
}

/**
 * Takes the oldest queued job of one of `kinds` whose kind has no job running, for `owner`; null when there is none.
 * Its progress starts again from nothing (a job that was stopped runs again from the start: every kind's work is
 * safe to repeat).
 */
export async function claimJob(db: Kysely<Database>, options: { owner: string; kinds: readonly string[]; now?: Date }): Promise<Job | null> {
  if (!options.kinds.length) return null;
  const now = (options.now ?? new Date()).toISOString();
  // An idle runner asks every few seconds: a plain read, no lock, when nothing waits.
  const waiting = await db.selectFrom('jobs').select('id').where('status', '=', 'queued').where('kind', 'in', options.kinds).limit(1).executeTakeFirst();
  if (!waiting) return null;
  return locked(db, async (trx) => {
    const next = await trx
      .selectFrom('jobs as j')
      .select('j.id')
      .where('j.status', '=', 'queued')
      .where('j.kind', 'in', options.kinds)
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('jobs as r')
              .select('r.id')
              .whereRef('r.kind', '=', 'j.kind')
              .where('r.status', '=', 'running'),
          ),
        ),
      )
      .orderBy('j.id')
      .limit(1)
      .executeTakeFirst();
    if (!next) return null;
    const row = await trx
      .updateTable('jobs')
      .set((eb) => ({
        status: 'running',
        owner: options.owner,
        startedAt: now,
        heartbeatAt: now,
        progressDone: 0,
        progressTotal: null,
        error: null,
        attempts: eb('attempts', '+', 1),
      }))
      .where('id', '=', next.id)
      .where('status', '=', 'queued')
      .returningAll()
      .executeTakeFirst();
    return row ? toJob(row) : null;
  });
}

function owned(db: Kysely<Database>, id: number, owner: string) {
  return db.updateTable('jobs').where('id', '=', id).where('owner', '=', owner).where('status', '=', 'running');
}

/**
 * Records progress (and renews the heartbeat). False when the job is no longer this owner's to run: it was taken
 * back as stale (the instance looked dead), so the caller must stop.
 */
export async function recordProgress(db: Kysely<Database>, id: number, owner: string, progress: { done: number; total: number | null }, now = new Date()): Promise<boolean> {
  const r = await owned(db, id, owner)
    .set({ progressDone: Math.max(0, Math.round(progress.done)), progressTotal: progress.total === null ? null : Math.max(0, Math.round(progress.total)), heartbeatAt: now.toISOString() })
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Renews the heartbeat of a job that is still this owner's; false when it is not any more. */
export async function renewHeartbeat(db: Kysely<Database>, id: number, owner: string, now = new Date()): Promise<boolean> {
  const r = await owned(db, id, owner).set({ heartbeatAt: now.toISOString() }).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** The job is done, with what it reports. */
export async function finishJob(db: Kysely<Database>, id: number, owner: string, result: unknown, now = new Date()): Promise<boolean> {
  const r = await owned(db, id, owner)
    .set({ status: 'done', resultJson: JSON.stringify(result ?? null), finishedAt: now.toISOString(), owner: null })
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** The job failed, for a reason code the page translates. */
export async function failJob(db: Kysely<Database>, id: number, owner: string, reason: string, now = new Date()): Promise<boolean> {
  const r = await owned(db, id, owner).set({ status: 'failed', error: reason, finishedAt: now.toISOString(), owner: null }).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/**
 * A clean stop (the instance shuts down): the job is queued again, ahead of later ones (it keeps its id), and the
 * run does not count as an attempt.
 */
export async function releaseJob(db: Kysely<Database>, id: number, owner: string): Promise<boolean> {
  const r = await owned(db, id, owner)
    .set((eb) => ({ status: 'queued', owner: null, heartbeatAt: null, attempts: eb('attempts', '-', 1) }))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/**
 * Running jobs left by an instance that died: queued again, or failed ('interrupted') once started `maxAttempts`
 * times (a job that brings its instance down every time must not do so for ever). Left means a heartbeat older
 * than `staleAfterMs`; and `atStart` on a database only one process uses (SQLite), every running job.
 */
export async function recoverJobs(
  db: Kysely<Database>,
  options: { now?: Date; staleAfterMs: number; maxAttempts: number; atStart?: boolean },
): Promise<{ requeued: number[]; failed: number[] }> {
  const now = options.now ?? new Date();
  const staleBefore = new Date(now.getTime() - options.staleAfterMs).toISOString();
  const everyRunning = options.atStart === true && !sharedByInstances(db);
  return locked(db, async (trx) => {
    let q = trx.selectFrom('jobs').select(['id', 'attempts']).where('status', '=', 'running');
    if (!everyRunning) q = q.where((eb) => eb.or([eb('heartbeatAt', 'is', null), eb('heartbeatAt', '<', staleBefore)]));
    const left = await q.execute();
    const failed = left.filter((j) => j.attempts >= options.maxAttempts).map((j) => j.id);
    const requeued = left.filter((j) => j.attempts < options.maxAttempts).map((j) => j.id);
    if (failed.length) {
      await trx.updateTable('jobs').set({ status: 'failed', error: 'interrupted', owner: null, finishedAt: now.toISOString() }).where('id', 'in', failed).execute();
    }
    if (requeued.length) await trx.updateTable('jobs').set({ status: 'queued', owner: null, heartbeatAt: null }).where('id', 'in', requeued).execute();
    return { requeued, failed };
  });
}

export async function jobById(db: Kysely<Database>, id: number): Promise<Job | null> {
  const row = await db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toJob(row) : null;
}

/** The latest `perKind` jobs of each kind, newest first. */
export async function latestJobs(db: Kysely<Database>, kinds: readonly string[], perKind = 1): Promise<Job[]> {
  const rows = await Promise.all(kinds.map((kind) => db.selectFrom('jobs').selectAll().where('kind', '=', kind).orderBy('id', 'desc').limit(perKind).execute()));
  return rows
    .flat()
    .map((r) => toJob(r))
    .sort((a, b) => b.id - a.id);
}

/** The latest job of `kind` queued with exactly this payload (e.g. one cycle's), whatever its status; null if none. */
export async function latestJobWithPayload(db: Kysely<Database>, kind: string, payload: unknown): Promise<Job | null> {
  const row = await db.selectFrom('jobs').selectAll().where('kind', '=', kind).where('payloadJson', '=', payloadText(payload)).orderBy('id', 'desc').limit(1).executeTakeFirst();
  return row ? toJob(row) : null;
}

/** The jobs of `kinds` waiting or running, oldest first. */
export async function pendingJobs(db: Kysely<Database>, kinds: readonly string[]): Promise<Job[]> {
  if (!kinds.length) return [];
  const rows = await db.selectFrom('jobs').selectAll().where('kind', 'in', kinds).where('status', 'in', ['queued', 'running']).orderBy('id').execute();
  return rows.map((r) => toJob(r));
}

/** Forgets finished jobs that ended before `before`; returns how many. */
export async function pruneJobs(db: Kysely<Database>, before: Date): Promise<number> {
  const r = await db.deleteFrom('jobs').where('status', 'in', ['done', 'failed']).where('finishedAt', '<', before.toISOString()).executeTakeFirst();
  return Number(r.numDeletedRows);
}
