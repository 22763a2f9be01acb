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

export const BACKTEST_FILE_MAX_PACKS_PER_CARTON = 100;
export const BACKTEST_FILE_MAX_LEAD_DAYS = 7;

/**
 * The page's second form: replay an uploaded `date,item,units` history (the files travel beside these fields).
 * `keepGoodRows` is the choice made on a preview with bad rows, and names that preview's files by `fingerprint`.
 */
export const backtestFileForm = z
  .object({
    intent: z.literal('file'),
    packsPerCarton: z.coerce.number().int().min(1).max(BACKTEST_FILE_MAX_PACKS_PER_CARTON),
    leadDays: z.coerce.number().int().min(1).max(BACKTEST_FILE_MAX_LEAD_DAYS),
    keepGoodRows: z.literal('1').optional(),
    fingerprint: z.string().regex(/^[0-9a-f]{64}$/).optional(),
  })
  .refine((v) => v.keepGoodRows === undefined || v.fingerprint !== undefined, { path: ['fingerprint'], message: 'the choice names the preview it was made on' });

export type BacktestFileForm = z.infer<typeof backtestFileForm>;

/**
 * The page's two forms, told apart by `intent`: the county's replay (queued as a job with `backtestForm`'s
 * fields) and an uploaded file's (multipart: the files travel beside the fields).
 */
export const backtestPageForm = z.discriminatedUnion('intent', [backtestForm.extend({ intent: z.literal('county') }), backtestFileForm]);
