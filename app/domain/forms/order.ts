/** The order page's requests: the lines travel as JSON in one form field, checked here on the server. */
import { z } from 'zod';
import { DEVIATION_REASONS, MAX_LINES } from '../ordering';

const line = z.object({
  specId: z.number().int().positive(),
  // Any number gets through here; whole, non-negative, capped quantities are the ordering rules' job, so
  // their messages can name the line.
  qtyCartons: z.number(),
  reason: z.enum(DEVIATION_REASONS).nullish(),
});

export const linesJson = z
  .string()
  .max(100_000)
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'invalid_json' });
      return z.NEVER;
    }
  })
  .pipe(z.array(line).max(MAX_LINES * 2));

export const orderIntent = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('save'), lines: linesJson }),
  z.object({ intent: z.literal('submit'), lines: linesJson }),
  z.object({ intent: z.literal('cancel') }),
]);

export type OrderIntent = z.infer<typeof orderIntent>;

/** The shop's orders export's `?format=`: anything but `csv` is Excel. */
export const ordersExportSearch = z.object({ format: z.enum(['xlsx', 'csv']).catch('xlsx') });
