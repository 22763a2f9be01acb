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
  levelMethod: z.enum(['window_mean', 'smoothing']).default('window_mean'),
  intermittentMethod: z.enum(['sba', 'tsb']),
  roundDownThresholdCartons: z.coerce.number().min(0).max(0.9),
  note: z.string().trim().max(200).optional(),
});

export type RuleSettingsForm = z.infer<typeof ruleSettingsForm>;
