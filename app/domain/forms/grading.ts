/**
 * The staff grading page's forms (/staff/grading, 档位评定, issue 18): the rule (weights, the most a grade moves at
 * once, each grade's band of places), computing this month's proposal (a job), and the review — keep one shop's
 * grade, approve the rest, or discard. The rule's sense (weights summing to 100, bands without overlap or gap) is
 * checked by app/domain/shop/grading.ts, which names the field; here only that each field is a number.
 */
import { z } from 'zod';
import { GRADE_MAX, GRADE_MIN } from '../shop/grade';

const num = z.coerce.number({ error: 'invalid' }).refine(Number.isFinite, { error: 'invalid' });
const id = z.coerce.number({ error: 'invalid' }).int({ error: 'invalid' }).positive({ error: 'invalid' }).max(Number.MAX_SAFE_INTEGER, { error: 'invalid' });

export const gradingRuleForm = z.object({
  intent: z.literal('rule'),
  weights: z.object({ ordered: num, premium: num, scanned: num }),
  maxStep: num,
  bands: z.array(z.object({ fromPercent: num, toPercent: num })).length(GRADE_MAX - GRADE_MIN + 1, { error: 'invalid' }),
});

export const gradingPageForm = z.discriminatedUnion('intent', [
  gradingRuleForm,
  z.object({ intent: z.literal('propose') }),
  z.object({ intent: z.literal('keep'), proposalId: id, retailerId: id }),
  z.object({ intent: z.literal('approve'), proposalId: id }),
  z.object({ intent: z.literal('discard'), proposalId: id }),
]);

/** The review list's page: `?page=2`. */
export const gradingPageSearch = z.object({ page: z.coerce.number().int().positive().max(10_000).optional().catch(undefined) });
