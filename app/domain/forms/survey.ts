/** The retailer's quarterly satisfaction survey: four scores 0–100 and an optional comment. */
import { z } from 'zod';
import { COMMENT_MAX_CHARS, isQuarter, SCORE_MAX, SCORE_MIN } from '../satisfaction';

// An empty field must not read as 0 (z.coerce would make it one).
const score = z
  .string({ error: 'score' })
  .trim()
  .min(1, { error: 'score' })
  .pipe(z.coerce.number({ error: 'score' }))
  .pipe(z.number().int({ error: 'score' }).min(SCORE_MIN, { error: 'score' }).max(SCORE_MAX, { error: 'score' }));

export const surveySchema = z.object({
  supply: score,
  ordering: score,
  delivery: score,
  manager: score,
  comment: z
    .string()
    .trim()
    .max(COMMENT_MAX_CHARS, { error: 'commentTooLong' })
    .optional()
    .transform((s) => (s ? s : null)),
});

export type SurveyInput = z.infer<typeof surveySchema>;

/** The satisfaction pages' `?quarter=2026Q3`: anything else is no quarter asked (the page shows the current one). */
export const satisfactionSearch = z.object({
  quarter: z.string().refine(isQuarter).optional().catch(undefined),
});
