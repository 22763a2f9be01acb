/**
 * The questions forms (issue 19): the shop's ask sheet and rating (retailer page), and the manager's and staff's
 * answer and hand-over (their inboxes). Errors are codes the page translates beside the field they name.
 */
import { z } from 'zod';
import { ANSWER_MAX_CHARS, HAND_NOTE_MAX_CHARS, QUESTION_CONTEXTS, QUESTION_MAX_CHARS, RATING_MAX, RATING_MIN } from '../questions';

const id = z.coerce.number({ error: 'invalid' }).int({ error: 'invalid' }).positive({ error: 'invalid' }).max(Number.MAX_SAFE_INTEGER, { error: 'invalid' });
const optionalId = id.optional();

/** Text that must say something: empty (after trimming) is `required`, too long `tooLong`. */
const text = (max: number) => z.string({ error: 'required' }).trim().min(1, { error: 'required' }).max(max, { error: 'tooLong' });

export const askForm = z.object({
  intent: z.literal('ask'),
  about: z.enum(QUESTION_CONTEXTS, { error: 'invalid' }),
  cycleId: optionalId,
  orderId: optionalId,
  specId: optionalId,
  issueId: optionalId,
  body: text(QUESTION_MAX_CHARS),
});
export type AskInput = z.output<typeof askForm>;

export const rateForm = z.object({
  intent: z.literal('rate'),
  questionId: id,
  rating: z.coerce.number({ error: 'rating' }).int({ error: 'rating' }).min(RATING_MIN, { error: 'rating' }).max(RATING_MAX, { error: 'rating' }),
});

/** The shop's questions page: ask (from any page's sheet, or the page's own form) and rate an answer. */
export const retailerQuestionsForm = z.discriminatedUnion('intent', [askForm, rateForm]);

export const answerForm = z.object({
  intent: z.literal('answer'),
  questionId: id,
  answer: text(ANSWER_MAX_CHARS),
});

export const handForm = z.object({
  intent: z.literal('hand'),
  questionId: id,
  note: z
    .string()
    .trim()
    .max(HAND_NOTE_MAX_CHARS, { error: 'tooLong' })
    .optional()
    .transform((s) => (s ? s : null)),
});

/** The manager's inbox: answer, or hand to staff. */
export const managerQuestionsForm = z.discriminatedUnion('intent', [answerForm, handForm]);
/** Staff's inbox: answer. */
export const staffQuestionsForm = z.discriminatedUnion('intent', [answerForm]);
