/**
 * 考核目标 form (/staff/targets): save or clear one indicator's target. Values are entered in the unit the page
 * shows (a rate in percent). Error codes name what is wrong; the page names the field beside them.
 */
import { z } from 'zod';
import { INDICATOR_FORMAT, INDICATOR_IDS } from '../indicators/definitions';
import { TARGET_DIRECTIONS, shownMaximum } from '../indicators/targets';

const numberField = z.number({ error: (issue) => (issue.input === undefined ? 'required' : 'not_a_number') });

export const targetsForm = z.discriminatedUnion('intent', [
  z
    .object({
      intent: z.literal('save'),
      indicator: z.enum(INDICATOR_IDS, { error: 'required' }),
      target: numberField,
      direction: z.enum(TARGET_DIRECTIONS, { error: 'required' }),
      // Blank: the stated rule.
      amber: numberField.optional(),
    })
    .superRefine((v, ctx) => {
      const max = shownMaximum(v.indicator);
      if (v.target < 0 || v.target > max) ctx.addIssue({ code: 'custom', path: ['target'], message: 'out_of_range' });
      else if (INDICATOR_FORMAT[v.indicator] === 'count' && !Number.isInteger(v.target)) ctx.addIssue({ code: 'custom', path: ['target'], message: 'whole_number' });
      if (v.amber !== undefined && (v.amber < 0 || v.amber > max)) ctx.addIssue({ code: 'custom', path: ['amber'], message: 'out_of_range' });
    }),
  z.object({ intent: z.literal('clear'), indicator: z.enum(INDICATOR_IDS, { error: 'required' }) }),
]);

export type TargetsForm = z.infer<typeof targetsForm>;
