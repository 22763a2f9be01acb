/**
 * Backtest of the replenishment rule (pure: no I/O). simulate.ts replays one shop × spec under a policy;
 * policies.ts has the rule and the baselines B0/B1/B2; aggregate.ts sums series into county figures and
 * checks the target on the fill-rate / stock trade-off curve. The loader is scripts/backtest.ts.
 */
export * from './aggregate';
export * from './items';
export * from './policies';
export * from './replay';
export { simulateSeries } from './simulate';
export type * from './types';
