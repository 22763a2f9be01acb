/**
 * The staff suggestions page's forms, one union on `intent`: save the rule's settings as a new version, queue the
 * county batch, queue a finished cycle's forecast accuracy (the two run as jobs, docs/decisions/0016-jobs.md).
 */
import { z } from 'zod';
import { ruleSettingsForm } from './rule-settings';

export const staffSuggestionsForm = z.discriminatedUnion('intent', [
  ruleSettingsForm.extend({ intent: z.literal('save') }),
  z.object({ intent: z.literal('batch') }),
  z.object({ intent: z.literal('accuracy'), cycleId: z.coerce.number().int().positive() }),
]);
