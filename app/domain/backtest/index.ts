/**
 * Backtest of the replenishment rule (pure: no I/O). simulate.ts replays one shop × spec under a policy;
 * policies.ts has the rule and the baselines B0/B1/B2; aggregate.ts sums series into county figures and
 * checks the target on the fill-rate / stock trade-off curve; replay.ts replays whole histories, items.ts
 * builds them from daily rows, history-table.ts reads those rows from a file's table and history-plan.ts
 * decides what the staff page replays of an upload. The loaders are scripts/backtest.ts and app/server.
 */
export * from './aggregate';
export * from './history-plan';
export * from './history-table';
export type * from './county-result';
export type * from './history-result';
export * from './items';
export * from './policies';
export * from './replay';
export { simulateSeries } from './simulate';
export type * from './types';
