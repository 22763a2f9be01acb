/**
 * What each kind of job does (docs/decisions/0016-jobs.md): the job bodies. The runner (jobs.server.ts) calls them
 * for queued jobs; the command-line scripts call the same functions directly (scripts/suggest-county.ts,
 * scripts/refresh-rollups.ts). A body reports progress through its context, which also yields to the event loop
 * and stops the run (by throwing) when the instance shuts down; every body is safe to run again from the start,
 * which is how a stopped or crashed job resumes.
 */
import { z } from 'zod';
import { type ForecastAccuracyResult, type JobKind, type RollupsResult, type SuggestionBatchResult } from '~/domain/jobs';
import { addDays, daysInRange, shanghaiDayOf } from '~/domain/time';
import type { DB } from './db.server';
import { FIRST_BUILD_DAYS, rebuildRollups, refreshRollups } from './rollups.server';
import type { ScopeUser } from './scope.server';
import { computeForecastAccuracy } from './suggestions/accuracy.server';
import { computeSuggestionsForCounty } from './suggestions/batch.server';

/** What a body is given besides its input. */
export interface JobContext {
  /** Records progress (done of total), lets requests waiting on the event loop run, and throws to stop the run. */
  progress(done: number, total: number): Promise<void>;
}

/** For callers that run a body directly and want nothing reported (scripts, tests). */
export const QUIET: JobContext = { progress: () => Promise.resolve() };

/** A body's refusal of its input (a cycle that is gone): the job fails with this reason code, not as an error. */
export class JobRefused extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

// ------------------------------------------------------------------ the suggestion batch

/** Staff's county batch: this cycle's suggestions for every active shop (progress: shops). */
export async function runSuggestionBatch(db: DB, user: ScopeUser, ctx: JobContext = QUIET, now = new Date()): Promise<SuggestionBatchResult> {
  const r = await computeSuggestionsForCounty(db, user, now, undefined, { onChunk: (done, total) => ctx.progress(done, total) });
  return { shops: r.shops, suggestions: r.suggestions, seconds: Math.round(r.elapsedMs / 100) / 10 };
}

// ------------------------------------------------------------------ forecast accuracy

/** The finished (delivered) cycles whose accuracy can be measured, newest first. */
export function finishedCycles(db: DB, limit = 12) {
  return db.selectFrom('orderCycles').select(['id', 'code']).where('status', '=', 'delivered').orderBy('startsOn', 'desc').limit(limit).execute();
}

/** The cycle if it is finished (delivered), else undefined. */
export function finishedCycle(db: DB, cycleId: number) {
  return db.selectFrom('orderCycles').select(['id', 'code']).where('id', '=', cycleId).where('status', '=', 'delivered').executeTakeFirst();
}

/**
 * A finished cycle's forecast accuracy: its suggestions as of its order days (progress: shops), then how they
 * compare with what sold. Refused ('not_found') for a cycle that is not there or not delivered.
 */
export async function runForecastAccuracy(db: DB, user: ScopeUser, cycleId: number, ctx: JobContext = QUIET, now = new Date()): Promise<ForecastAccuracyResult> {
  const cycle = await finishedCycle(db, cycleId);
  if (!cycle) throw new JobRefused('not_found');
  await computeSuggestionsForCounty(db, user, now, cycle.id, { onChunk: (done, total) => ctx.progress(done, total) });
  const r = await computeForecastAccuracy(db, cycle.id, now);
  return { cycleId: cycle.id, code: cycle.code, rate: r?.accuracy ?? null };
}

// ------------------------------------------------------------------ monitoring roll-ups

/** Days per transaction of a full rebuild: each is short, and progress moves a week at a time. */
const REBUILD_DAYS_PER_STEP = 7;

/**
 * The monitoring roll-ups: brought up to today (`full: false`, what the page does by itself), or every day rebuilt
 * from the first order cycle (`full: true`), a week per transaction in day order — each week's stock estimate and
 * not-ordered streak continue from the week before, as in one long rebuild (progress: days).
 */
export async function runRollups(db: DB, options: { full: boolean }, ctx: JobContext = QUIET, now = new Date()): Promise<RollupsResult> {
  const today = shanghaiDayOf(now);
  if (!options.full) {
    await ctx.progress(0, 1);
    const r = await refreshRollups(db, today);
    await ctx.progress(1, 1);
    return { builtDays: r.builtDays, dirtyRetailers: r.dirtyRetailers, from: null, to: today };
  }
  const first = await db.selectFrom('orderCycles').select((eb) => eb.fn.min('startsOn').as('d')).executeTakeFirst();
  const from = first?.d ? String(first.d) : addDays(today, -FIRST_BUILD_DAYS);
  const days = daysInRange(from, today).length;
  await ctx.progress(0, days);
  for (let done = 0; done < days; done += REBUILD_DAYS_PER_STEP) {
    const stepTo = Math.min(done + REBUILD_DAYS_PER_STEP, days);
    await rebuildRollups(db, addDays(from, done), addDays(from, stepTo - 1));
    await ctx.progress(stepTo, days);
  }
  return { builtDays: days, dirtyRetailers: 0, from, to: today };
}

// ------------------------------------------------------------------ the kinds

/** Each kind's input, checked when it is queued and again when it runs (a row is data, not a promise). */
export const JOB_PAYLOADS = {
  suggestions: z.object({}),
  accuracy: z.object({ cycleId: z.number().int().positive() }),
  rollups: z.object({ full: z.boolean() }),
} satisfies Record<JobKind, z.ZodType>;

export type JobPayload<K extends JobKind> = z.output<(typeof JOB_PAYLOADS)[K]>;

/** The staff member a job runs as (its scope): who queued it. */
function runAs(userId: number | null): ScopeUser {
  return { userId: userId ?? 0, role: 'staff' };
}

/** Runs a job of any kind: what the runner calls. */
export async function runJobBody(db: DB, job: { kind: string; payload: unknown; requestedByUserId: number | null }, ctx: JobContext): Promise<unknown> {
  switch (job.kind as JobKind) {
    case 'suggestions':
      JOB_PAYLOADS.suggestions.parse(job.payload);
      return runSuggestionBatch(db, runAs(job.requestedByUserId), ctx);
    case 'accuracy':
      return runForecastAccuracy(db, runAs(job.requestedByUserId), JOB_PAYLOADS.accuracy.parse(job.payload).cycleId, ctx);
    case 'rollups':
      return runRollups(db, JOB_PAYLOADS.rollups.parse(job.payload), ctx);
    default:
      throw new JobRefused('unknown_kind');
  }
}
