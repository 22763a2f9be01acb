/** The staff monitoring page's form: recompute every day's figures (a 'rollups' job, docs/decisions/0016-jobs.md). */
import { z } from 'zod';
import { isDimension, isPeriodKind, type Dimension, type PeriodKind } from '../indicators';
import { isDay } from '../time';

/** A search param as the raw string given, or null when absent: its checks are the domain's (validDrillPeriod, …). */
const raw = z.string().nullable().catch(null);

/**
 * The monitoring page's `?dim=&period=&day=&focus=&structure=1&demand=1`: by station and by day (yesterday) unless
 * asked otherwise; the sales structure and the allocation against demand only when switched on.
 */
export const monitoringSearch = z.object({
  dim: z.custom<Dimension>((v) => isDimension(v)).catch('station'),
  period: z.custom<PeriodKind>((v) => isPeriodKind(v)).catch('day'),
  day: z.string().refine(isDay).optional().catch(undefined),
  focus: z.string().optional().catch(undefined),
  structure: z.literal('1').optional().catch(undefined),
  demand: z.literal('1').optional().catch(undefined),
});

/** A drill-down's `?dim=&value=&from=&to=` as given (dim by default county); the drill's own checks judge them. */
export const drillSearch = z.object({ dim: z.string().catch('county'), value: raw, from: raw, to: raw });

/**
 * The monitoring downloads' `?report=&dim=&period=&day=&format=&indicator=&value=&from=&to=` as given (dim by default
 * county, period day); the loader and the drill's checks judge them, answering a bad one with a 400.
 */
export const monitoringExportSearch = z.object({
  report: raw,
  dim: z.string().catch('county'),
  period: z.string().catch('day'),
  day: raw,
  format: raw,
  indicator: raw,
  value: raw,
  from: raw,
  to: raw,
});

export const monitoringPageForm = z.discriminatedUnion('intent', [z.object({ intent: z.literal('rebuild') })]);
