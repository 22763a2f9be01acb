/**
 * Long work as jobs (docs/decisions/0016-jobs.md), on SQLite and PostgreSQL: a queued job runs and keeps its
 * result; one job of a kind runs at a time, also when several instances (runners with their own owner ids on the
 * same database) claim at once; a job left running by a crash is queued again at start and finishes; a shutdown
 * stops a job at its next progress and queues it again; progress is recorded as the body reports it.
 *
 * The runner is tested with the real suggestion batch and with a test kind whose body waits on gates the test
 * opens, so "while one runs" is a state the test holds, not a moment it hopes to catch.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimJob, enqueueJob, finishJob, jobById, recordProgress, recoverJobs, type Job } from '../../db/jobs';
import { shanghaiDayOf } from '~/domain/time';
import { runJobBody, runRollups, type JobContext } from '~/server/job-kinds.server';
import { JobRunner, keepRollupsFresh, queueJob } from '~/server/jobs.server';
import { hashPassword } from '~/server/password.server';
import { rebuildRollups, rollupsNeedBuilding } from '~/server/rollups.server';
import { computeSuggestionsForCounty } from '~/server/suggestions/batch.server';
import { postgresSkipped, useTestDb, type TestDb } from '../support/db';
import { seedDemo } from '~/server/seed.server';

/** Resolves once `check` holds (polling the database); fails after 30 s. Waits for a state, asserts no time. */
async function until<T>(check: () => Promise<T | null | undefined | false>, what: string): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A promise the test resolves when it chooses. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

/**
 * The test kind 'gated': its body takes `steps` steps, each waiting for the test to open its gate and then reporting
 * progress; it returns { steps }. The kind 'boom' throws.
 */
function gatedBodies(steps = 3) {
  const gates = new Map<number, ReturnType<typeof gate>[]>();
  const gatesOf = (id: number) => {
    if (!gates.has(id)) gates.set(id, Array.from({ length: steps }, gate));
    return gates.get(id)!;
  };
  return {
    gatesOf,
    body: async (_db: unknown, job: Job, ctx: JobContext) => {
      if (job.kind === 'boom') throw new Error('the test kind failed on purpose');
      const mine = gatesOf(job.id);
      for (let i = 0; i < steps; i++) {
        await mine[i]!.opened;
        await ctx.progress(i + 1, steps);
      }
      return { steps };
    },
  };
}

const FAST = { pollMs: 20, progressEveryMs: 0, heartbeatMs: 60_000 };

describe.skipIf(postgresSkipped())('jobs', () => {
  let t: TestDb;
  let staff: { userId: number; role: 'staff' };
  let activeShops: number;
  const runners: JobRunner[] = [];
  const runner = (options: ConstructorParameters<typeof JobRunner>[1] = {}) => {
    const r = new JobRunner(t.db, { ...FAST, ...options });
    runners.push(r);
    return r;
  };

  beforeAll(async () => {
    t = await useTestDb();
    // The runner computes as of now, so the county is seeded up to today.
    await seedDemo(t.db, { retailers: 24, specs: 24, weeks: 6, today: shanghaiDayOf(new Date()) }, { passwordHash: await hashPassword('x') });
    const user = await t.db.selectFrom('users').select('id').where('role', '=', 'staff').orderBy('id').executeTakeFirstOrThrow();
    staff = { userId: user.id, role: 'staff' };
    activeShops = (await t.db.selectFrom('retailers').select('id').where('active', '=', 1).execute()).length;
  });

  afterAll(async () => {
    for (const r of runners) await r.stop();
    await t.close();
  });

  /** Clears the table between cases, with every runner of the case stopped. */
  async function clean() {
    for (const r of runners.splice(0)) await r.stop();
    await t.db.deleteFrom('jobs').execute();
  }

  it('a queued suggestion batch runs and keeps its result and progress; only staff can queue one', async () => {
    await clean();
    expect(await queueJob(t.db, { userId: staff.userId, role: 'manager' }, 'suggestions', {})).toBeNull();
    const queued = (await queueJob(t.db, staff, 'suggestions', {}))!;
    // Clicking again while it waits queues nothing more.
    expect(await queueJob(t.db, staff, 'suggestions', {})).toEqual({ id: queued.id, alreadyQueued: true });
    expect((await jobById(t.db, queued.id))!.status).toBe('queued');

    await runner().start();
    const job = await until(async () => {
      const j = await jobById(t.db, queued.id);
      return j?.status === 'done' || j?.status === 'failed' ? j : null;
    }, 'the batch to finish');
    expect(job.status).toBe('done');
    const result = job.result as { shops: number; suggestions: number };
    expect(result.shops).toBe(activeShops);
    const stored = await t.db.selectFrom('suggestions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(result.suggestions).toBeGreaterThan(0);
    expect(result.suggestions).toBe(Number(stored.n));
    // Progress ends at every planned shop done.
    expect(job.progressTotal).toBeGreaterThan(0);
    expect(job.progressDone).toBe(job.progressTotal);
    expect(job.attempts).toBe(1);
    expect(job.owner).toBeNull();
    expect(job.requestedByUserId).toBe(staff.userId);
  });

  it('the batch reports its progress after every chunk, in shops, up to all of them', async () => {
    const seen: Array<[number, number]> = [];
    await computeSuggestionsForCounty(t.db, staff, new Date(), undefined, {
      chunkShops: 5,
      inFlight: 2,
      onChunk: (done, total) => Promise.resolve(void seen.push([done, total])),
    });
    expect(seen.length).toBeGreaterThan(1);
    for (let i = 1; i < seen.length; i++) expect(seen[i]![0]).toBeGreaterThan(seen[i - 1]![0]);
    const [lastDone, lastTotal] = seen[seen.length - 1]!;
    expect(lastDone).toBe(lastTotal);
    expect(lastTotal).toBeGreaterThanOrEqual(activeShops);
  });

  it('records progress as the body reports it, and a failing body fails its job with a reason, not a message', async () => {
    await clean();
    const { gatesOf, body } = gatedBodies(3);
    const { id } = await enqueueJob(t.db, { kind: 'gated' });
    const { id: boomId } = await enqueueJob(t.db, { kind: 'boom' });
    const r = runner({ kinds: ['gated', 'boom'], body });
    await r.start();
    await until(async () => (await jobById(t.db, id))?.status === 'running', 'the job to start');
    for (let step = 1; step <= 3; step++) {
      gatesOf(id)[step - 1]!.open();
      const j = await until(async () => {
        const j = await jobById(t.db, id);
        return j && j.progressDone === step ? j : null;
      }, `progress ${step}`);
      expect(j.progressTotal).toBe(3);
    }
    const done = await until(async () => {
      const j = await jobById(t.db, id);
      return j?.status === 'done' ? j : null;
    }, 'the job to finish');
    expect(done.result).toEqual({ steps: 3 });
    const failed = await until(async () => {
      const j = await jobById(t.db, boomId);
      return j?.status === 'failed' ? j : null;
    }, 'the failing job');
    expect(failed.error).toBe('error');
  });

  it('runs one job of a kind at a time: a second waits until the first is done, another kind runs beside it', async () => {
    await clean();
    const { gatesOf, body } = gatedBodies(1);
    const first = await enqueueJob(t.db, { kind: 'gated', payload: { n: 1 } });
    const second = await enqueueJob(t.db, { kind: 'gated', payload: { n: 2 } });
    // Two instances.
    await runner({ kinds: ['gated'], body }).start();
    await runner({ kinds: ['gated'], body }).start();
    await until(async () => (await jobById(t.db, first.id))?.status === 'running', 'the first job to start');
    // Whoever asks now gets nothing of that kind …
    expect(await claimJob(t.db, { owner: 'a third instance', kinds: ['gated'] })).toBeNull();
    expect((await jobById(t.db, second.id))!.status).toBe('queued');
    // … but a job of another kind.
    const other = await enqueueJob(t.db, { kind: 'other' });
    const claimed = await claimJob(t.db, { owner: 'a third instance', kinds: ['gated', 'other'] });
    expect(claimed?.id).toBe(other.id);
    await finishJob(t.db, other.id, 'a third instance', null);

    gatesOf(first.id)[0]!.open();
    await until(async () => (await jobById(t.db, second.id))?.status === 'running', 'the second job to start');
    expect((await jobById(t.db, first.id))!.status).toBe('done');
    gatesOf(second.id)[0]!.open();
    await until(async () => (await jobById(t.db, second.id))?.status === 'done', 'the second job to finish');
  });

  it('instances claiming at the same moment never run two jobs of one kind', async () => {
    await clean();
    for (let i = 0; i < 4; i++) await enqueueJob(t.db, { kind: 'a', payload: { i } });
    for (let i = 0; i < 4; i++) await enqueueJob(t.db, { kind: 'b', payload: { i } });
    const claims = await Promise.all(Array.from({ length: 12 }, (_, i) => claimJob(t.db, { owner: `instance ${i}`, kinds: ['a', 'b'] })));
    const won = claims.filter((c): c is Job => c !== null);
    expect(won.map((c) => c.kind).sort()).toEqual(['a', 'b']);
    const running = await t.db.selectFrom('jobs').select(['kind']).where('status', '=', 'running').execute();
    expect(running.map((r) => r.kind).sort()).toEqual(['a', 'b']);
    // The index holds even against a write that skips the claim.
    const queuedA = await t.db.selectFrom('jobs').select('id').where('kind', '=', 'a').where('status', '=', 'queued').executeTakeFirstOrThrow();
    await expect(t.db.updateTable('jobs').set({ status: 'running' }).where('id', '=', queuedA.id).execute()).rejects.toThrow();
  });

  it('a job running at a crash is queued again at start and finishes; one that keeps crashing fails as interrupted', async () => {
    await clean();
    const { id } = await enqueueJob(t.db, { kind: 'suggestions', requestedByUserId: staff.userId });
    // An instance claims it, reports some progress and dies: its heartbeat stops.
    const dead = (await claimJob(t.db, { owner: 'instance that crashed', kinds: ['suggestions'] }))!;
    expect(dead.id).toBe(id);
    expect(await recordProgress(t.db, id, 'instance that crashed', { done: 5, total: 24 })).toBe(true);
    await t.db.updateTable('jobs').set({ heartbeatAt: new Date(Date.now() - 10 * 60_000).toISOString() }).where('id', '=', id).execute();
    // A job that was started three times and crashed each time.
    const { id: hopeless } = await enqueueJob(t.db, { kind: 'rollups', payload: { full: false } });
    await t.db.updateTable('jobs').set({ status: 'running', owner: 'instance that crashed', attempts: 3, heartbeatAt: new Date(Date.now() - 10 * 60_000).toISOString() }).where('id', '=', hopeless).execute();

    await runner().start();
    const resumed = await until(async () => {
      const j = await jobById(t.db, id);
      return j?.status === 'done' ? j : null;
    }, 'the resumed batch to finish');
    expect(resumed.attempts).toBe(2);
    expect((resumed.result as { shops: number }).shops).toBe(activeShops);
    // The dead instance can no longer report on it.
    expect(await recordProgress(t.db, id, 'instance that crashed', { done: 6, total: 24 })).toBe(false);
    const gaveUp = (await jobById(t.db, hopeless))!;
    expect(gaveUp.status).toBe('failed');
    expect(gaveUp.error).toBe('interrupted');
  });

  it('at start, a job another instance is still running is left to it on PostgreSQL; on SQLite (one process) it was a crash', async () => {
    await clean();
    const { id } = await enqueueJob(t.db, { kind: 'gated' });
    await claimJob(t.db, { owner: 'the other instance', kinds: ['gated'] });
    const r = await recoverJobs(t.db, { staleAfterMs: 60_000, maxAttempts: 3, atStart: true });
    if (t.dialect === 'postgres') {
      expect(r.requeued).toEqual([]);
      expect((await jobById(t.db, id))!.status).toBe('running');
    } else {
      expect(r.requeued).toEqual([id]);
      expect((await jobById(t.db, id))!.status).toBe('queued');
    }
  });

  it('a shutdown stops the running job at its next progress and queues it again; the next start finishes it', async () => {
    await clean();
    const { gatesOf, body } = gatedBodies(2);
    const { id } = await enqueueJob(t.db, { kind: 'gated' });
    const first = runner({ kinds: ['gated'], body });
    await first.start();
    await until(async () => (await jobById(t.db, id))?.status === 'running', 'the job to start');
    const stopped = first.stop(30_000);
    gatesOf(id)[0]!.open();
    await stopped;
    const released = (await jobById(t.db, id))!;
    expect(released.status).toBe('queued');
    expect(released.owner).toBeNull();
    // A clean stop is not a crash: it does not count as an attempt.
    expect(released.attempts).toBe(0);

    await runner({ kinds: ['gated'], body }).start();
    await until(async () => (await jobById(t.db, id))?.status === 'running', 'the job to start again');
    gatesOf(id)[1]!.open();
    const done = await until(async () => {
      const j = await jobById(t.db, id);
      return j?.status === 'done' ? j : null;
    }, 'the job to finish');
    expect(done.progressDone).toBe(2);
  });

  it('forecast accuracy of a cycle that is not finished is refused with a reason', async () => {
    await clean();
    const open = await t.db.selectFrom('orderCycles').select('id').where('status', '!=', 'delivered').executeTakeFirstOrThrow();
    const { id } = await enqueueJob(t.db, { kind: 'accuracy', payload: { cycleId: open.id }, requestedByUserId: staff.userId });
    await runner({ body: runJobBody }).start();
    const failed = await until(async () => {
      const j = await jobById(t.db, id);
      return j?.status === 'failed' ? j : null;
    }, 'the refusal');
    expect(failed.error).toBe('not_found');
  });

  it('the monitoring page leaves days to build to a job and shows it; once it is done the page refreshes in place again', async () => {
    await clean();
    const today = shanghaiDayOf(new Date());
    await rebuildRollups(t.db, today, today);
    expect(await rollupsNeedBuilding(t.db, today)).toBe(false);
    expect(await keepRollupsFresh(t.db, staff)).toBeNull();
    // A cycle changes state (the cycle services mark no shop): every shop's days of that cycle are to be built again.
    const cycle = await t.db.selectFrom('orderCycles').select(['id', 'status']).where('startsOn', '<=', today).orderBy('startsOn', 'desc').executeTakeFirstOrThrow();
    await t.db.updateTable('orderCycles').set({ status: cycle.status === 'closed' ? 'open' : 'closed' }).where('id', '=', cycle.id).execute();
    expect(await rollupsNeedBuilding(t.db, today)).toBe(true);
    const job = (await keepRollupsFresh(t.db, staff))!;
    expect(job).toMatchObject({ kind: 'rollups', status: 'queued' });
    // Another page load while it waits: the same job, nothing built in the request.
    expect((await keepRollupsFresh(t.db, staff))!.id).toBe(job.id);
    // The page may also have queued a week's 预测准确率 measurement (a job of its own kind, which brings the shops it
    // measured up to date itself); this test is about the roll-up job, so that one is set aside before the runner starts.
    expect(await t.db.selectFrom('jobs').select('id').where('kind', '=', 'rollups').execute()).toHaveLength(1);
    await t.db.deleteFrom('jobs').where('kind', '=', 'accuracy').execute();

    await runner().start();
    const done = await until(async () => {
      const j = await jobById(t.db, job.id);
      return j?.status === 'done' ? j : null;
    }, 'the roll-up job');
    expect((done.result as { builtDays: number }).builtDays).toBeGreaterThan(0);
    expect(await rollupsNeedBuilding(t.db, today)).toBe(false);
    expect(await keepRollupsFresh(t.db, staff)).toBeNull();
  });

  it('a full roll-up rebuild a week at a time gives exactly what one rebuild gives, with progress in days', async () => {
    await clean();
    const today = shanghaiDayOf(new Date());
    const first = await t.db.selectFrom('orderCycles').select((eb) => eb.fn.min('startsOn').as('d')).executeTakeFirstOrThrow();
    const snapshot = async () => ({
      rollups: await t.db.selectFrom('monitoringRollups').selectAll().orderBy(['dim', 'dimValue', 'day']).execute(),
      days: await t.db.selectFrom('monitoringRetailerDays').selectAll().orderBy(['retailerId', 'day']).execute(),
    });
    await rebuildRollups(t.db, String(first.d), today);
    const once = await snapshot();
    expect(once.days.length).toBeGreaterThan(0);
    const seen: Array<[number, number]> = [];
    const r = await runRollups(t.db, { full: true }, { progress: (done, total) => Promise.resolve(void seen.push([done, total])) });
    expect(await snapshot()).toEqual(once);
    expect(r.from).toBe(String(first.d));
    expect(seen.length).toBeGreaterThan(2);
    expect(seen[seen.length - 1]).toEqual([r.builtDays, r.builtDays]);
  });
});
