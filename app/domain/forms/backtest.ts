/** Staff's backtest form: the history to replay and the rule parameters to try (defaults: the settings in force). */
import { z } from 'zod';

export const BACKTEST_MAX_SAMPLE_SHOPS = 1500;

export const backtestForm = z.object({
  testWeeks: z.coerce.number().int().min(2).max(8),
  leadDays: z.coerce.number().int().min(1).max(3),
  sampleShops: z.coerce.number().int().min(10).max(BACKTEST_MAX_SAMPLE_SHOPS),
  levelMethod: z.enum(['weekday_level', 'window_mean', 'smoothing']),
  surgeAlpha: z.coerce.number().min(0.05).max(1),
  surgeZ: z.coerce.number().min(0).max(5),
  sesAlpha: z.coerce.number().min(0.01).max(0.5),
  crostonAlpha: z.coerce.number().min(0.01).max(0.5),
  intermittentMethod: z.enum(['sba', 'tsb']),
  roundDownThresholdCartons: z.coerce.number().min(0).max(0.9),
});

export type BacktestForm = z.infer<typeof backtestForm>;
