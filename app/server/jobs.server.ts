/**
 * Long work as jobs (docs/decisions/0016-jobs.md): routes queue a job and redirect; a runner in every app process
 * (started by connectServices, stopped by shutdown: lifecycle.server.ts) takes queued jobs one after the other and
 * runs their bodies (job-kinds.server.ts); the page shows the latest job of each kind, with its progress while it
 * runs. The table and the rules that keep it right across instances — one running job per kind, only the
 * claiming instance reports on a job, stale jobs queued again — are db/jobs.ts's.
 *
 * - At start the runner queues again what a crash left running (on SQLite every running job; on PostgreSQL those
 *   whose heartbeat is stale, since another instance may be running them), then claims the oldest queued job.
 * - A body's `progress(done, total)` yields to the event loop (so a batch on SQLite, whose queries run on this
 *   thread, never holds up requests for more than a chunk), records progress at most twice a second, and throws
 *   `JobStopped` once the runner is stopping: the job is then queued again and resumes — from its start, every
 *   body being safe to repeat — at the next start of this or any instance.
 * - A heartbeat renews the claim while a body runs (also through a long transaction); a job whose instance lost
 *   its claim (its heartbeat went stale and another queued it again) stops at its next progress.
 */
import crypto from 'node:crypto';
import os from 'node:os';
import { setImmediate as nextTurn } from 'node:timers/promises';
import {
  claimJob,
  enqueueJob,
  failJob,
  finishJob,
  jobById,
  latestJobs,
  latestJobWithPayload,
  pendingJobs,
  pruneJobs,
  recordProgress,
  recoverJobs,
  releaseJob,
  renewHeartbeat,
  type Job,
} from '../../db/jobs';
import type { DB } from './db.server';
import { shanghaiDayOf } from '~/domain/time';
import { failureReasonOf, JOB_KINDS, type JobKind, type JobResults, type JobView } from '~/domain/jobs';
import { JOB_PAYLOADS, JobRefused, runJobBody, type JobContext, type JobPayload } from './job-kinds.server';
import { logError, logInfo, logWarn } from './log.server';
import { refreshRollups, rollupsNeedBuilding } from './rollups.server';
import { queueDueReminders } from './reminders.server';
import { queueDueHandovers } from './route-handover.server';
import { queueDueReports } from './scheduled-reports.server';
import type { ScopeUser } from './scope.server';
import { supervisionIsStale } from './supervision.server';
import { cycleDueForMeasure } from './suggestions/accuracy.server';

/** Thrown by a body's `progress` when the run must stop (shutdown, or the claim was lost); not a failure. */
export class JobStopped extends Error {
  constructor(readonly why: 'shutdown' | 'lost') {
    super(`job stopped: ${why}`);
  }
}

export interface RunnerOptions {
  /** How often an idle runner looks for queued jobs (a job queued by this process wakes it at once). */
  pollMs: number;
  /** How often a running job's claim is renewed. */
  heartbeatMs: number;
  /** A running job whose heartbeat is older than this was left by an instance that died. */
  staleAfterMs: number;
  /** Starts after which a job that keeps being interrupted fails instead of running again. */
  maxAttempts: number;
  /** Finished jobs are forgotten after this long. */
  keepFinishedMs: number;
  /** Progress is written at most this often (the last step always). */
  progressEveryMs: number;
  /** The kinds this runner runs, and their bodies (the app's by default; tests add kinds of their own). */
  kinds: readonly string[];
  body: (db: DB, job: Job, ctx: JobContext) => Promise<unknown>;
  /** What an idle runner queues by itself (the scheduled reports whose period has closed), and how often it looks. */
  schedule: (db: DB, now: Date) => Promise<unknown>;
  scheduleEveryMs: number;
}

export const DEFAULT_RUNNER_OPTIONS: RunnerOptions = {
  pollMs: 2_000,
  heartbeatMs: 10_000,
  staleAfterMs: 60_000,
  maxAttempts: 3,
  keepFinishedMs: 30 * 86_400_000,
  progressEveryMs: 500,
  kinds: JOB_KINDS,
  body: runJobBody,
  schedule: queueScheduledWork,
  scheduleEveryMs: 60_000,
};

/**
 * What the runner queues by itself about once a minute: the scheduled reports whose period has closed, the order
 * reminders due, the sending of notifications due, the route hand-overs whose day has come, and the market supervision
 * list once a day. Each part runs even when another fails.
 */
export async function queueScheduledWork(db: DB, now: Date): Promise<void> {
  const parts = await Promise.allSettled([queueDueReports(db, now), queueDueReminders(db, now), queueDueHandovers(db, now), keepSupervisionFresh(db, now)]);
  for (const p of parts) if (p.status === 'rejected') logError(p.reason, { component: 'jobs', event: 'schedule' });
}

export class JobRunner {
  /** This instance, as the jobs it claims name it. */
  readonly owner = `${os.hostname()}:${process.pid}:${crypto.randomBytes(4).toString('hex')}`;
  private readonly options: RunnerOptions;
  private stopping = false;
  private loop: Promise<void> | null = null;
  private wakeUp: (() => void) | null = null;
  private lastRecovery = 0;
  private lastSchedule = 0;

  constructor(
    private readonly db: DB,
    options: Partial<RunnerOptions> = {},
  ) {
    this.options = { ...DEFAULT_RUNNER_OPTIONS, ...options };
  }

  /** Starts looking for jobs (recovering what a crash left first); resolves once that recovery is done. */
  async start(): Promise<void> {
    if (this.loop) return;
    await this.recover(true);
    try {
      await pruneJobs(this.db, new Date(Date.now() - this.options.keepFinishedMs));
    } catch (error) {
      logError(error, { component: 'jobs', event: 'prune' });
    }
    this.loop = this.run();
  }

  /** Looks for a queued job now instead of at the next poll. */
  wake(): void {
    this.wakeUp?.();
  }

  /**
   * Stops: the running job (if any) stops at its next progress and is queued again. Waits for it at most
   * `waitMs`; a body still running then is left to the process's end, and its job is recovered like a crash's.
   */
  async stop(waitMs = 5_000): Promise<void> {
    this.stopping = true;
    this.wake();
    if (!this.loop) return;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), waitMs)));
    const r = await Promise.race([this.loop.then(() => 'stopped' as const), timeout]);
    clearTimeout(timer);
    if (r === 'timeout') logWarn('a job was still running at shutdown; it is queued again at the next start', { component: 'jobs' });
  }

  private async recover(atStart: boolean) {
    this.lastRecovery = Date.now();
    try {
      const r = await recoverJobs(this.db, { staleAfterMs: this.options.staleAfterMs, maxAttempts: this.options.maxAttempts, atStart });
      if (r.requeued.length || r.failed.length) logWarn('interrupted jobs found', { component: 'jobs', requeued: r.requeued, failed: r.failed });
    } catch (error) {
      logError(error, { component: 'jobs', event: 'recover' });
    }
  }

  private async queueScheduled() {
    this.lastSchedule = Date.now();
    try {
      await this.options.schedule(this.db, new Date());
    } catch (error) {
      logError(error, { component: 'jobs', event: 'schedule' });
    }
  }

  private async run() {
    while (!this.stopping) {
      if (Date.now() - this.lastRecovery > this.options.staleAfterMs / 2) await this.recover(false);
      if (Date.now() - this.lastSchedule >= this.options.scheduleEveryMs) await this.queueScheduled();
      let job: Job | null = null;
      try {
        job = await claimJob(this.db, { owner: this.owner, kinds: this.options.kinds });
      } catch (error) {
        logError(error, { component: 'jobs', event: 'claim' });
      }
      if (job) await this.runOne(job);
      else await this.idle();
    }
  }

  private idle() {
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakeUp = null;
        resolve();
      };
      const timer = setTimeout(done, this.options.pollMs);
      this.wakeUp = done;
    });
  }

  private async runOne(job: Job) {
    const { db, owner } = this;
    let lost = false;
    let lastWrite = 0;
    // Chunks in flight report out of order: the furthest report wins, and writes go one after the other.
    let furthest = { done: 0, total: 0 };
    let writes: Promise<boolean> = Promise.resolve(true);
    const heartbeat = setInterval(() => {
      renewHeartbeat(db, job.id, owner).then(
        (ours) => (lost ||= !ours),
        (error: unknown) => logError(error, { component: 'jobs', event: 'heartbeat', jobId: job.id }),
      );
    }, this.options.heartbeatMs);
    heartbeat.unref();
    const ctx: JobContext = {
      progress: async (done, total) => {
        await nextTurn();
        if (this.stopping) throw new JobStopped('shutdown');
        if (lost) throw new JobStopped('lost');
        furthest = { done: Math.max(furthest.done, done), total: Math.max(furthest.total, total) };
        const now = Date.now();
        if (furthest.done < furthest.total && now - lastWrite < this.options.progressEveryMs) return;
        lastWrite = now;
        writes = writes.then(() => recordProgress(db, job.id, owner, furthest));
        if (!(await writes)) {
          lost = true;
          throw new JobStopped('lost');
        }
      },
    };
    const started = performance.now();
    logInfo('job started', { component: 'jobs', jobId: job.id, kind: job.kind, attempt: job.attempts });
    try {
      const result = await this.options.body(db, job, ctx);
      await finishJob(db, job.id, owner, result);
      logInfo('job done', { component: 'jobs', jobId: job.id, kind: job.kind, ms: Math.round(performance.now() - started) });
    } catch (error) {
      try {
        if (error instanceof JobStopped) {
          if (error.why === 'shutdown') await releaseJob(db, job.id, owner);
          logInfo(error.why === 'shutdown' ? 'job stopped for shutdown; queued again' : 'job taken back by another instance', { component: 'jobs', jobId: job.id, kind: job.kind });
        } else if (error instanceof JobRefused) {
          await failJob(db, job.id, owner, error.reason);
          logInfo('job refused', { component: 'jobs', jobId: job.id, kind: job.kind, reason: error.reason });
        } else {
          logError(error, { component: 'jobs', jobId: job.id, kind: job.kind });
          await failJob(db, job.id, owner, 'error');
        }
      } catch (bookkeeping) {
        // The database went away (shutdown past its wait): the job stays running and is recovered at the next start.
        logError(bookkeeping, { component: 'jobs', event: 'after run', jobId: job.id });
      }
    } finally {
      clearInterval(heartbeat);
    }
  }
}

// ------------------------------------------------------------------ the process's runner

const globalForJobs = globalThis as unknown as { __peihuoJobRunner?: JobRunner };

/** Starts this process's runner on the app's database (connectServices). */
export async function startJobRunner(db: DB, options: Partial<RunnerOptions> = {}): Promise<JobRunner> {
  globalForJobs.__peihuoJobRunner ??= new JobRunner(db, options);
  await globalForJobs.__peihuoJobRunner.start();
  return globalForJobs.__peihuoJobRunner;
}

/** Stops this process's runner (shutdown), before the database closes. */
export async function stopJobRunner(waitMs?: number): Promise<void> {
  const runner = globalForJobs.__peihuoJobRunner;
  globalForJobs.__peihuoJobRunner = undefined;
  await runner?.stop(waitMs);
}

// ------------------------------------------------------------------ what routes call

/**
 * Queues a job for staff (null for anyone else); this process's runner looks at once, another instance's at its
 * next poll. The same job already waiting is not queued twice.
 */
export async function queueJob<K extends JobKind>(db: DB, user: ScopeUser, kind: K, payload: JobPayload<K>): Promise<{ id: number; alreadyQueued: boolean } | null> {
  if (user.role !== 'staff') return null;
  const queued = await enqueueJob(db, { kind, payload: JOB_PAYLOADS[kind].parse(payload), requestedByUserId: user.userId });
  globalForJobs.__peihuoJobRunner?.wake();
  return queued;
}

function viewOf<K extends JobKind>(job: Job): JobView<K> {
  const base = { id: job.id, kind: job.kind as K, createdAt: job.createdAt, startedAt: job.startedAt, finishedAt: job.finishedAt };
  switch (job.status) {
    case 'queued':
      return { ...base, status: 'queued' };
    case 'running':
      return { ...base, status: 'running', done: job.progressDone, total: job.progressTotal };
    case 'done':
      return { ...base, status: 'done', result: job.result as JobResults[K] };
    case 'failed':
      return { ...base, status: 'failed', reason: failureReasonOf(job.error) };
  }
}

/** The latest job of each of `kinds` (null for a kind never run), for a page. */
export async function latestJobViews<K extends JobKind>(db: DB, kinds: readonly K[]): Promise<{ [P in K]: JobView<P> | null }> {
  const jobs = await latestJobs(db, kinds, 1);
  return Object.fromEntries(
    kinds.map((k) => {
      const job = jobs.find((j) => j.kind === k);
      return [k, job ? viewOf(job) : null];
    }),
  ) as { [P in K]: JobView<P> | null };
}

/**
 * The market supervision list, kept fresh without a long request (decision 0038): when the stored list is missing or
 * from an earlier day and no such job waits or runs, a 'supervision' job is queued (by the schedule, or by the first
 * page that finds it so — a manager's as well: the job computes the county, and each page reads its own scope).
 * Returns the job waiting or running, if any.
 */
export async function keepSupervisionFresh(db: DB, now = new Date()): Promise<JobView<'supervision'> | null> {
  const [pending] = await pendingJobs(db, ['supervision']);
  if (pending) return viewOf<'supervision'>(pending);
  if (!(await supervisionIsStale(db, now))) return null;
  const queued = await enqueueJob(db, { kind: 'supervision', payload: {}, requestedByUserId: null, now });
  globalForJobs.__peihuoJobRunner?.wake();
  const job = await jobById(db, queued.id);
  return job ? viewOf<'supervision'>(job) : null;
}

/** The latest job of `kind` queued with this payload (one cycle's demand estimates, say), for a page; null if none. */
export async function latestJobViewFor<K extends JobKind>(db: DB, kind: K, payload: JobPayload<K>): Promise<JobView<K> | null> {
  const job = await latestJobWithPayload(db, kind, JOB_PAYLOADS[kind].parse(payload));
  return job ? viewOf<K>(job) : null;
}

/**
 * The staff monitoring page's roll-ups, kept fresh without a long request: a few shops marked changed are brought up
 * to date here and now (a small transaction); days to build for every shop (a new day, a cycle that changed state —
 * tens of seconds at city scale) are queued as a 'rollups' job, and the page shows the figures as they are, with
 * the job's progress, until it is done. Nothing is done while such a job waits or runs. Returns that job, if any.
 */
export async function keepRollupsFresh(db: DB, user: ScopeUser, now = new Date()): Promise<JobView<'rollups'> | null> {
  // A week whose shops' 7 days from their order days are over gets its 预测准确率 measured (a job, which then
  // brings the measured shops' roll-ups up to date itself).
  if (!(await pendingJobs(db, ['accuracy'])).length) {
    const due = await cycleDueForMeasure(db, shanghaiDayOf(now));
    if (due) await queueJob(db, user, 'accuracy', { cycleId: due.id });
  }
  const [pending] = await pendingJobs(db, ['rollups']);
  if (pending) return viewOf<'rollups'>(pending);
  const today = shanghaiDayOf(now);
  if (await rollupsNeedBuilding(db, today)) {
    const queued = await queueJob(db, user, 'rollups', { full: false });
    const job = queued ? await jobById(db, queued.id) : null;
    return job ? viewOf<'rollups'>(job) : null;
  }
  await refreshRollups(db, today);
  return null;
}
