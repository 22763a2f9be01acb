/** Staff's form for the rule's settings; every save becomes a new version. */
import { z } from 'zod';

const level = z.coerce.number().min(0.5).max(0.999);
const cartons = z.coerce.number().int().min(0).max(50);

export const ruleSettingsForm = z.object({
  scarce: level,
  premium: level,
  standard: level,
  start1: cartons,
  start2: cartons,
  start3: cartons,
  // Absent from older forms: the default level method.
  levelMethod: z.enum(['weekday_level', 'window_mean', 'smoothing']).default('weekday_level'),
  intermittentMethod: z.enum(['sba', 'tsb']),
  roundDownThresholdCartons: z.coerce.number().min(0).max(0.9),
  // The most days of sales the stock may cover after an order (ReplenishmentParams.maxCoverDays); 0 = no limit.
  // Absent from older forms: no limit.
  maxCoverDays: z.coerce.number().int().min(0).max(365).default(0),
  note: z.string().trim().max(200).optional(),
});

export type RuleSettingsForm = z.infer<typeof ruleSettingsForm>;
