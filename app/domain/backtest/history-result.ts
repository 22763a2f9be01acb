/**
 * What the staff backtest page shows of an uploaded history's replay: the preview of the file and the replay's
 * figures. Plain data computed by app/server/backtest-history.server.ts and drawn by app/ui/backtest; kept here
 * so the page's components need nothing from app/server.
 */
import type { DemandClass } from '../replenishment/types';
import type { PolicySummary, TargetCheck } from './aggregate';
import type { HistoryFacts } from './history-plan';
import type { HistoryRowProblem } from './history-table';
import type { ForecastAccuracy, Headline, ReplayTargets } from './replay';

/** What the preview shows and the result repeats. */
export interface HistoryPreview {
  fileName: string;
  encoding: string;
  sheetName: string | null;
  tradingDaysFileName: string | null;
  /** The files' SHA-256 (history, then trading days): a "replay the good rows" choice names the files it was made on. */
  fingerprint: string;
  facts: HistoryFacts;
  /** The first bad cells (all are counted in facts.problemCount). */
  problems: HistoryRowProblem[];
}

export interface ClassFigures {
  items: number;
  headline: Headline;
  target: TargetCheck | null;
  forecast: ForecastAccuracy;
}

/** The replay's figures as the command line prints them (headline, per class, the curves), and the targets. */
export interface UploadReplay {
  leadDays: number;
  packsPerCarton: number;
  warmupDays: number;
  items: number;
  headline: Headline;
  target: TargetCheck | null;
  forecast: ForecastAccuracy;
  rule: PolicySummary[];
  b1: PolicySummary[];
  b0: PolicySummary;
  b2: PolicySummary;
  byClass: Partial<Record<DemandClass, ClassFigures>>;
  targets: ReplayTargets;
  seconds: number;
}
