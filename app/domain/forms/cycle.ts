/** Staff's cycle forms (one `intent` per form on the cycle pages) and the shop's allocation check. */
import { z } from 'zod';
import { GRADE_MAX, GRADE_MIN, MAX_CAP_CARTONS, MAX_SUPPLY_CARTONS, type Band, type BandProblem } from '../allocation/bands';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/);

export const createCycleForm = z.object({
  intent: z.literal('create'),
  startsOn: day,
  opensOn: day,
  opensTime: time,
  cutoffLocalTime: time,
  leadDays: z.coerce.number().int().min(0).max(6),
});

export const cycleIdForm = z.object({
  intent: z.enum(['open', 'close', 'run', 'publish']),
});

/** Copying the previous cycle's plan, confirmed on its preview: the preview's token (a copy without one changes nothing). */
export const copyPlanForm = z.object({
  intent: z.literal('copy'),
  token: z.string().trim().min(1).max(64),
});

/** The cycle page's query: `?copy=preview` shows what copying the previous plan would change. */
export const cyclePageSearch = z.object({
  copy: z.literal('preview').optional().catch(undefined),
});

export const deliverForm = z.object({
  intent: z.literal('deliver'),
  managerId: z.coerce.number().int().positive(),
  day,
});

/** Every route's deliveries of one delivery day, at once. */
export const deliverDayForm = z.object({
  intent: z.literal('deliver-day'),
  day,
});

export const BAND_ROWS = 6;

const optionalWhole = (max: number) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      // Blank is "none" (conform hands a blank field over as undefined, a plain form as '').
      if (v === undefined || v === '') return null;
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0 || n > max) {
        ctx.addIssue({ code: 'custom', message: 'whole' });
        return z.NEVER;
      }
      return n;
    });

/**
 * One spec's supply (blank = unlimited) and up to BAND_ROWS bands, as the page posts them: from0, to0, cap0 …
 * A band row left entirely blank is no band; a row partly filled is an error the page names.
 */
export const specPlanForm = z.object({
  intent: z.literal('spec'),
  specId: z.coerce.number().int().positive(),
  supplyCartons: optionalWhole(MAX_SUPPLY_CARTONS),
});

/** `rows[i]` is the form row (0-based) that band i came from. */
export type BandRowsResult = { ok: true; bands: Band[]; rows: number[] } | { ok: false; row: number };

export function bandsFromForm(form: Record<string, unknown>): BandRowsResult {
  const bands: Band[] = [];
  const rows: number[] = [];
  const cell = (name: string) => (typeof form[name] === 'string' ? form[name].trim() : '');
  for (let i = 0; i < BAND_ROWS; i++) {
    const raw = [cell(`from${i}`), cell(`to${i}`), cell(`cap${i}`)];
    if (raw.every((v) => v === '')) continue;
    const [from, to, cap] = raw.map(Number) as [number, number, number];
    const whole = raw.every((v) => /^\d+$/.test(v));
    if (!whole || from < GRADE_MIN || to > GRADE_MAX || cap > MAX_CAP_CARTONS) return { ok: false, row: i };
    bands.push({ gradeFrom: from, gradeTo: to, capCartons: cap });
    rows.push(i);
  }
  return { ok: true, bands, rows };
}

/** A staged plan file's preview: apply it, or throw it away. */
export const planImportForm = z.object({ intent: z.enum(['confirm', 'discard']) });

/**
 * Every form of one cycle's page (staff.cycles.$cycleId), told apart by `intent`. The spec form's band rows
 * (from0, to0, cap0 …) are read from the submission's payload by bandsFromForm, which names the row at fault.
 */
export const cyclePageForm = z.discriminatedUnion('intent', [cycleIdForm, copyPlanForm, deliverForm, deliverDayForm, specPlanForm]);
export type CyclePageIntent = z.output<typeof cyclePageForm>['intent'] | 'upload';

/** The cycle page's file form (multipart): which plan the file holds (anything else reads as caps, as before). */
export const planUploadForm = z.object({
  kind: z.enum(['caps', 'supply']).catch('caps'),
  file: z.instanceof(File).optional(),
});

/**
 * What the cycle page's action answers besides conform's reply: the figures of a step done, a refused file's
 * details, or a band problem (by the spec being edited).
 */
export interface CyclePageReplyExtra {
  intent?: CyclePageIntent;
  detail?: Record<string, string | number | boolean>;
  fileName?: string;
  bands?: { specId: number; problems: BandProblem[] | null; row?: number; rows?: number[] };
}

export const allocationCheckForm = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('allocation-confirm') }),
  z.object({ intent: z.literal('allocation-problem'), problem: z.string().trim().min(1).max(500) }),
]);

/**
 * Every form of a shop's order page: the allocation check (above), and the delivery check — cartons received
 * per spec, posted as received.<specId> (a blank count reads as 0, as it always has).
 */
export const orderPageForm = z.discriminatedUnion('intent', [
  ...allocationCheckForm.options,
  z.object({
    intent: z.literal('delivery-confirm'),
    received: z.record(z.string().regex(/^\d+$/), z.string().optional()).default({}),
  }),
]);

/** The caps / supply template's `?kind=&format=`: unknown values read as the defaults (caps, Excel). */
export const planTemplateSearch = z.object({
  kind: z.enum(['caps', 'supply']).catch('caps'),
  format: z.enum(['xlsx', 'csv']).catch('xlsx'),
});
