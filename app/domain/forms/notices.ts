/**
 * The notice forms (issue 19): writing one (staff and managers, multipart: the attachment arrives as it came) and
 * acknowledging one (retailers); and what a notice's pages read from their URL. Messages are i18n keys under
 * notices.error, translated where they are shown; each names its field.
 */
import { z } from 'zod';
import { BUSINESS_TYPES } from '../follow-up';
import { NOTICE_BODY_MAX_CHARS, NOTICE_TITLE_MAX_CHARS } from '../notices';

const id = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const checkbox = z.preprocess((v) => v === 'on' || v === 'true' || v === '1', z.boolean());
const grade = z.coerce.number({ error: 'gradeBand' }).int({ error: 'gradeBand' }).min(1, { error: 'gradeBand' }).max(30, { error: 'gradeBand' }).optional();

export const noticeForm = z
  .object({
    title: z.string({ error: 'titleEmpty' }).trim().min(1, { error: 'titleEmpty' }).max(NOTICE_TITLE_MAX_CHARS, { error: 'titleTooLong' }),
    body: z.string({ error: 'bodyEmpty' }).trim().min(1, { error: 'bodyEmpty' }).max(NOTICE_BODY_MAX_CHARS, { error: 'bodyTooLong' }),
    important: checkbox,
    stationIds: z.array(id, { error: 'audience' }).max(100, { error: 'audience' }).default([]),
    managerIds: z.array(id, { error: 'audience' }).max(500, { error: 'audience' }).default([]),
    businessTypes: z.array(z.enum(BUSINESS_TYPES, { error: 'audience' })).max(BUSINESS_TYPES.length, { error: 'audience' }).default([]),
    gradeFrom: grade,
    gradeTo: grade,
    attachment: z.instanceof(File).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.gradeFrom !== undefined && v.gradeTo !== undefined && v.gradeFrom > v.gradeTo) ctx.addIssue({ code: 'custom', path: ['gradeFrom'], message: 'gradeBand' });
  });
export type NoticeFormValue = z.output<typeof noticeForm>;

/** The shop's notice page: acknowledging an important notice (read is recorded by opening it). */
export const noticeAckForm = z.discriminatedUnion('intent', [z.object({ intent: z.literal('acknowledge') })]);

/** A notice's status page (staff and managers): reminding the shops still to acknowledge (or read) it. */
export const noticeChaseForm = z.discriminatedUnion('intent', [z.object({ intent: z.literal('chase') })]);

/** A notice's pages (the shop's, the status pages of staff and managers, its attachment): its id in the URL. */
export const noticeParams = z.object({ noticeId: id });

/** A notice's status page: `?published=N`, how many shops it reached, said once after writing it. */
export const noticeStatusSearch = z.object({ published: z.coerce.number().int().nonnegative().optional().catch(undefined) });
