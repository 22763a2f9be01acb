/**
 * Jobs as the pages see them (docs/decisions/0016-jobs.md): the kinds of long work, what each reports when done, and
 * a job's state. The bodies are app/server/job-kinds.server.ts; the table and its rules db/jobs.ts.
 */

import type { SupplyReplayResult } from './allocation/supply-replay';
import type { BacktestResult } from './backtest/county-result';

/**
 * The county's suggestion batch, a finished cycle's forecast accuracy, the monitoring roll-ups, an Excel report, the
 * notification outbox's due messages sent (app/server/notifications.server.ts), the staff backtest page's replay of
 * the county's own history, the route hand-overs whose day has come applied (decision 0037); issue 18's: a cycle's
 * demand estimates (read by the allocation run), the replay of supply methods, the market supervision list's figures,
 * and the month's grade proposal (档位评定).
 */
export const JOB_KINDS = ['suggestions', 'accuracy', 'rollups', 'report', 'notifications', 'backtest', 'handovers', 'demand', 'supply', 'supervision', 'grading'] as const;
export type JobKind = (typeof JOB_KINDS)[number];

export interface SuggestionBatchResult {
  shops: number;
  suggestions: number;
  seconds: number;
}

export interface ForecastAccuracyResult {
  cycleId: number;
  code: string;
  /** Null when nothing could be compared (no shop uploaded all seven days). */
  rate: number | null;
}

export interface RollupsResult {
  /** Days built again (every one for a full rebuild). */
  builtDays: number;
  /** Shops whose changed days were brought up to date (a refresh). */
  dirtyRetailers: number;
  /** The first day rebuilt (null for a refresh). */
  from: string | null;
  to: string;
}

/** A 日通报 / 周分析 / 月对标 workbook produced and kept (report_files). */
export interface ReportJobResult {
  reportId: number;
  kind: 'day' | 'week' | 'month';
  from: string;
  to: string;
}

/** What a run of the notification outbox's sender did with the messages due. */
export interface NotificationsJobResult {
  sent: number;
  failed: number;
  held: number;
  expired: number;
  cancelled: number;
  retried: number;
}

/** What a run of the due route hand-overs did: hand-overs applied, shops moved, shops left (off the route by then). */
export interface HandoversJobResult {
  applied: number;
  moved: number;
  skipped: number;
}

/** A cycle's demand estimates computed and stored (allocation-demand.server.ts prepareDemandEstimates). */
export interface DemandJobResult {
  cycleId: number;
  code: string;
  estimates: number;
  shops: number;
}

/** The market supervision list computed and stored (supervision.server.ts). */
export interface SupervisionJobResult {
  /** Flagged shop × spec pairs. */
  rows: number;
  /** Delivered cycles read. */
  cycles: number;
}

/** A grade proposal computed (grading.server.ts computeGradeProposal): shops judged and not, and how many would move. */
export interface GradingJobResult {
  proposalId: number;
  judged: number;
  notJudged: number;
  up: number;
  down: number;
}

export interface JobResults {
  suggestions: SuggestionBatchResult;
  accuracy: ForecastAccuracyResult;
  rollups: RollupsResult;
  report: ReportJobResult;
  notifications: NotificationsJobResult;
  backtest: BacktestResult;
  handovers: HandoversJobResult;
  demand: DemandJobResult;
  supply: SupplyReplayResult;
  supervision: SupervisionJobResult;
  grading: GradingJobResult;
}

/**
 * Why a job failed, as the page translates it: an error in its work, interrupted by too many crashes, its input
 * gone (a cycle), a kind this version does not know, (a backtest) no history long enough to replay, or (demand
 * estimates) a cycle still ordering or already published.
 */
export const JOB_FAILURE_REASONS = ['error', 'interrupted', 'not_found', 'unknown_kind', 'no_history', 'bad_status'] as const;
export type JobFailureReason = (typeof JOB_FAILURE_REASONS)[number];

/** What a page shows of a job. */
export type JobView<K extends JobKind = JobKind> = {
  id: number;
  kind: K;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
} & (
  | { status: 'queued' }
  /** `total` is null until the job knows how much there is to do. */
  | { status: 'running'; done: number; total: number | null }
  | { status: 'done'; result: JobResults[K] }
  | { status: 'failed'; reason: JobFailureReason }
);

/** True while the job is waiting or running (the page then polls for its progress). */
export function isJobActive(job: { status: string } | null | undefined): boolean {
  return job?.status === 'queued' || job?.status === 'running';
}

/** A stored reason as one the page knows ('error' for anything else). */
export function failureReasonOf(reason: string | null): JobFailureReason {
  return (JOB_FAILURE_REASONS as readonly string[]).includes(reason ?? '') ? (reason as JobFailureReason) : 'error';
}
