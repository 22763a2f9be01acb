/**
 * The account manager's forms: a contact note (a call's outcome), marking a benchmark store, logging a visit.
 * Messages are i18n keys under managerWork.error, translated where they are shown.
 */
import { z } from 'zod';
import { BUSINESS_TYPES, CONTACT_OUTCOMES, CONTACT_TOPICS, GRADE_BANDS } from '../follow-up';
import { isDay } from '../time';

export const NOTE_MAX_CHARS = 500;
export const REASON_MAX_CHARS = 200;
export const WHAT_DONE_MAX_CHARS = 1000;
export const VISIT_MAX_MINUTES = 600;
/** A visit photo: at most 5 MB. */
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;
/** Visits further back than this are refused (a typing slip, not a record). */
export const VISIT_MAX_AGE_DAYS = 62;

const retailerId = z.coerce.number({ error: 'retailer' }).int({ error: 'retailer' }).positive({ error: 'retailer' });
const optionalText = (max: number, tooLong: string) =>
  z
    .string()
    .trim()
    .max(max, { error: tooLong })
    .optional()
    .transform((s) => (s ? s : null));

export const contactNoteSchema = z
  .object({
    intent: z.literal('note'),
    retailerId,
    topic: z.enum(CONTACT_TOPICS, { error: 'topic' }),
    outcome: z
      .union([z.enum(CONTACT_OUTCOMES), z.literal('')], { error: 'outcome' })
      .optional()
      .transform((s) => (s ? s : null)),
    note: optionalText(NOTE_MAX_CHARS, 'noteTooLong'),
  })
  .refine((v) => v.outcome !== null || v.note !== null, {
    error: 'noteEmpty',
    path: ['note'],
  });

export type ContactNoteInput = z.infer<typeof contactNoteSchema>;

export const benchmarkSchema = z.discriminatedUnion('intent', [
  z.object({
    intent: z.literal('mark'),
    retailerId,
    reason: z.string({ error: 'reasonEmpty' }).trim().min(1, { error: 'reasonEmpty' }).max(REASON_MAX_CHARS, { error: 'reasonTooLong' }),
  }),
  z.object({ intent: z.literal('unmark'), retailerId }),
]);

export const visitSchema = z.object({
  retailerId,
  visitedOn: z.string({ error: 'visitDay' }).refine(isDay, { error: 'visitDay' }),
  durationMinutes: z
    .string({ error: 'duration' })
    .trim()
    .min(1, { error: 'duration' })
    .pipe(z.coerce.number({ error: 'duration' }))
    .pipe(z.number().int({ error: 'duration' }).min(1, { error: 'duration' }).max(VISIT_MAX_MINUTES, { error: 'duration' })),
  whatDone: z.string({ error: 'whatDoneEmpty' }).trim().min(1, { error: 'whatDoneEmpty' }).max(WHAT_DONE_MAX_CHARS, { error: 'whatDoneTooLong' }),
});

export type VisitInput = z.infer<typeof visitSchema>;

/** The visit form as the benchmark store's page posts it (multipart): the shop comes from the URL, the photo (optional) as it arrived. */
export const visitForm = visitSchema.omit({ retailerId: true }).extend({ photo: z.instanceof(File).optional() });

/** The first problem of a failed parse, per field, as i18n keys. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? 'form');
    out[field] ??= issue.message;
  }
  return out;
}

/** The most days back the follow-up list's "not uploaded for N days" may be asked for. */
export const FOLLOW_UP_MAX_DAYS = 60;

/** The follow-up page's `?days=N` (1–60): anything else is no number asked (the page uses its default). */
export const followUpSearch = z.object({
  days: z.coerce.number().int().min(1).max(FOLLOW_UP_MAX_DAYS).optional().catch(undefined),
});

/**
 * The route board's filters (`?day=1..7&type=&grade=<from>-<to>&benchmark=1`), as managerRoute takes them; anything
 * unrecognised is no filter.
 */
export const boardSearch = z
  .object({
    day: z.coerce.number().int().min(1).max(7).nullable().catch(null),
    type: z.enum(BUSINESS_TYPES).nullable().catch(null),
    grade: z
      .string()
      .catch('')
      .transform((g) => GRADE_BANDS.find(([from, to]) => g === `${from}-${to}`) ?? null),
    benchmark: z.literal('1').optional().catch(undefined),
  })
  .transform((s) => ({
    orderWeekday: s.day,
    businessType: s.type,
    gradeFrom: s.grade?.[0] ?? null,
    gradeTo: s.grade?.[1] ?? null,
    benchmarkOnly: s.benchmark === '1',
  }));
