/**
 * What each kind of job does (docs/decisions/0016-jobs.md): the job bodies. The runner (jobs.server.ts) calls them
 * for queued jobs; the command-line scripts call the same functions directly (scripts/suggest-county.ts,
 * scripts/refresh-rollups.ts). A body reports progress through its context, which also yields to the event loop
 * and stops the run (by throwing) when the instance shuts down; every body is safe to run again from the start,
 * which is how a stopped or crashed job resumes.
 */
import { z } from 'zod';
import type { BacktestResult } from '~/domain/backtest';
import { backtestForm } from '~/domain/forms/backtest';
import type { SupplyReplayResult } from '~/domain/allocation';
import { supplyReplayForm } from '~/domain/forms/supply-replay';
import { type DemandJobResult, type ForecastAccuracyResult, type GradingJobResult, type JobKind, type RollupsResult, type SuggestionBatchResult, type SupervisionJobResult } from '~/domain/jobs';
import { REPORT_KINDS, REPORT_LANGUAGES } from '~/domain/forms/reports';
import { addDays, daysInRange, isDay, shanghaiDayOf } from '~/domain/time';
import { prepareDemandEstimates } from './allocation-demand.server';
import { runBacktest } from './backtest.server';
import { computeGradeProposal } from './grading.server';
import type { DB } from './db.server';
import { FIRST_BUILD_DAYS, rebuildRollups, refreshRollups } from './rollups.server';
import { sendDueNotifications } from './notifications.server';
import { applyDueHandovers } from './route-handover.server';
import { produceReport } from './scheduled-reports.server';
import type { ScopeUser } from './scope.server';
import { measureCycle } from './suggestions/accuracy.server';
import { computeSuggestionsForCounty } from './suggestions/batch.server';
import { refreshSupervision } from './supervision.server';
import { replaySupplyMethods } from './supply-replay.server';

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

/** Cycles past ordering (closed, allocated, published, delivered): their forecasts can be measured. */
const PAST_ORDERING = ['closed', 'allocated', 'published', 'delivered'] as const;

/** The cycles past ordering whose accuracy can be measured, newest first. */
export function finishedCycles(db: DB, limit = 12) {
  return db.selectFrom('orderCycles').select(['id', 'code']).where('status', 'in', PAST_ORDERING).orderBy('startsOn', 'desc').limit(limit).execute();
}

/** The cycle if it is past ordering, else undefined. */
export function finishedCycle(db: DB, cycleId: number) {
  return db.selectFrom('orderCycles').select(['id', 'code']).where('id', '=', cycleId).where('status', 'in', PAST_ORDERING).executeTakeFirst();
}

/**
 * A cycle's forecast accuracy: the rule's forecasts as of its order days, computed without storing them as
 * suggestions (progress: shops), then how they compare with what sold. Refused ('not_found') for a cycle that is
 * not there or still ordering. Queued by hand on the suggestions page, and by itself once a week has closed
 * (keepRollupsFresh).
 */
export async function runForecastAccuracy(db: DB, user: ScopeUser, cycleId: number, ctx: JobContext = QUIET, now = new Date()): Promise<ForecastAccuracyResult> {
  const cycle = await finishedCycle(db, cycleId);
  if (!cycle) throw new JobRefused('not_found');
  const r = await measureCycle(db, user, cycle.id, now, (done, total) => ctx.progress(done, total));
  // The measured shops are marked: bring their roll-ups up to date here rather than in the next page load.
  await refreshRollups(db, shanghaiDayOf(now));
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

// ------------------------------------------------------------------ the county backtest

/**
 * The staff backtest page's replay of the county's own history (progress: shop-spec runs, one series under one
 * policy). Nothing is written; run again from the start it gives the same figures. A history too short to warm
 * up on, or without a replayable shop-spec, is refused ('no_history').
 */
export async function runCountyBacktest(db: DB, payload: JobPayload<'backtest'>, ctx: JobContext = QUIET): Promise<BacktestResult> {
  const { today, testWeeks, leadDays, sampleShops, ...ruleParams } = payload;
  let result: BacktestResult;
  try {
    result = await runBacktest(db, { today, testWeeks, leadDays, sampleShops, ruleParams, progress: (done, total) => ctx.progress(done, total) });
  } catch (error) {
    // loadCounty refuses a history too short to warm up on; anything else is a real failure.
    if (error instanceof RangeError) throw new JobRefused('no_history');
    throw error;
  }
  if (result.shopSpecs === 0) throw new JobRefused('no_history');
  return result;
}

// ------------------------------------------------------------------ issue 18: demand, the supply replay, supervision

/**
 * A cycle's demand estimates, computed and stored (progress: shops), replacing the cycle's earlier ones: what an
 * allocation run with 按需 or a blend reads. Refused for a cycle that is not there ('not_found') or not between its
 * close and its publication ('bad_status').
 */
export async function runDemandEstimates(db: DB, user: ScopeUser, cycleId: number, ctx: JobContext = QUIET, now = new Date()): Promise<DemandJobResult> {
  const r = await prepareDemandEstimates(db, user, cycleId, now, (done, total) => ctx.progress(done, total));
  if (!r.ok) throw new JobRefused(r.reason);
  return { cycleId, code: r.code, estimates: r.estimates, shops: r.shops };
}

/** The staff page's replay of supply methods on the county's own delivered cycles (progress: cycles). Nothing is written. */
export function runSupplyReplay(db: DB, payload: JobPayload<'supply'>, ctx: JobContext = QUIET): Promise<SupplyReplayResult> {
  return replaySupplyMethods(db, { ...payload, progress: (done, total) => ctx.progress(done, total) });
}

/** The market supervision list's figures for the county, computed and stored for the pages to read (progress: shops). */
export function runSupervision(db: DB, ctx: JobContext = QUIET, now = new Date()): Promise<SupervisionJobResult> {
  return refreshSupervision(db, now, (done, total) => ctx.progress(done, total));
}

/**
 * 档位评定: the month's grade proposal under the rule in force, from every active shop's last 12 full weeks (progress:
 * shops), replacing an undecided one. The monitoring roll-ups it reads scanned sales from are brought up to date first.
 */
export async function runGrading(db: DB, user: ScopeUser, ctx: JobContext = QUIET, now = new Date()): Promise<GradingJobResult> {
  await refreshRollups(db, shanghaiDayOf(now));
  return computeGradeProposal(db, user.userId || null, now, (done, total) => ctx.progress(done, total));
}

// ------------------------------------------------------------------ the kinds

/** Each kind's input, checked when it is queued and again when it runs (a row is data, not a promise). */
export const JOB_PAYLOADS = {
  suggestions: z.object({}),
  accuracy: z.object({ cycleId: z.number().int().positive() }),
  rollups: z.object({ full: z.boolean() }),
  report: z.object({ kind: z.enum(REPORT_KINDS), from: z.string().refine(isDay), language: z.enum(REPORT_LANGUAGES) }),
  notifications: z.object({}),
  // The page's form, and the day it was asked on (the replay's last day is the day before: stable on a re-run).
  backtest: backtestForm.extend({ today: z.string().refine(isDay) }),
  handovers: z.object({}),
  demand: z.object({ cycleId: z.number().int().positive() }),
  // The page's form, and the day it was asked on (a cycle counts once its two weeks after delivery are over).
  supply: supplyReplayForm.extend({ today: z.string().refine(isDay) }),
  supervision: z.object({}),
  grading: z.object({}),
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
    case 'report': {
      const r = await produceReport(db, runAs(job.requestedByUserId), JOB_PAYLOADS.report.parse(job.payload));
      if (!r) throw new JobRefused('not_found');
      return r;
    }
    case 'notifications':
      JOB_PAYLOADS.notifications.parse(job.payload);
      return sendDueNotifications(db, ctx);
    case 'backtest':
      return runCountyBacktest(db, JOB_PAYLOADS.backtest.parse(job.payload), ctx);
    case 'handovers':
      JOB_PAYLOADS.handovers.parse(job.payload);
      return applyDueHandovers(db, (done, total) => ctx.progress(done, total));
    case 'demand':
      return runDemandEstimates(db, runAs(job.requestedByUserId), JOB_PAYLOADS.demand.parse(job.payload).cycleId, ctx);
    case 'supply':
      return runSupplyReplay(db, JOB_PAYLOADS.supply.parse(job.payload), ctx);
    case 'supervision':
      JOB_PAYLOADS.supervision.parse(job.payload);
      return runSupervision(db, ctx);
    case 'grading':
      JOB_PAYLOADS.grading.parse(job.payload);
      return runGrading(db, runAs(job.requestedByUserId), ctx);
    default:
      throw new JobRefused('unknown_kind');
  }
}
