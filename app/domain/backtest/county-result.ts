/**
 * What the staff page's replay of the county's own history found (app/server/backtest.server.ts runBacktest, run as
 * a job): plain data, stored as the job's result.
 */
import type { PolicySummary, TargetCheck } from './aggregate';

/** The county replay: the comparison at the main service level, the trade-off curves and the targets against B1. */
export interface BacktestResult {
  testFirstDay: string;
  windowFirstDay: string;
  testWeeks: number;
  leadDays: number;
  shops: number;
  shopsUploadingDaily: number;
  shopsSimulated: number;
  shopSpecs: number;
  skippedSpecs: number;
  /** Shop-days of the replayed shops read as closed (an upload without a sale of any spec, where that is not chance). */
  closedShopDays: number;
  /** Share of test shop-spec-days the real shop was sold out (demand there is a lower bound). */
  lowerBoundDayShare: number;
  /** Rule at the main service level, B0, B1 ×1.0, B2. */
  comparison: PolicySummary[];
  tradeOff: { rule: PolicySummary[]; b1: PolicySummary[]; b0: PolicySummary; b2: PolicySummary };
  targets: TargetCheck[];
  timings: { loadMs: number; simulateMs: number };
}
