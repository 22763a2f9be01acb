/**
 * A change kept on the shop's phone and sent when the link is back (app/ui/offline/outbox.ts), as JSON to
 * /resources/order-outbox: a cart save or a submit, with the cycle it was made in and the order's version it was
 * made against (app/server/order-changes.server.ts). The lines are checked as the order page's are.
 */
import { z } from 'zod';
import { DEVIATION_REASONS, MAX_LINES } from '../ordering';

export const phoneChange = z.object({
  /** The phone's own id for the change: answered back, so the phone knows which one the answer is for. */
  changeId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
  intent: z.enum(['save', 'submit']),
  /** The shop the phone kept it for: refused under another shop's sign-in (a shared phone). */
  retailerId: z.number().int().positive(),
  cycleId: z.number().int().positive(),
  baseVersion: z.string().max(64).nullable(),
  lines: z
    .array(
      z.object({
        specId: z.number().int().positive(),
        // Whole, non-negative, capped quantities are the ordering rules' job, so their messages can name the line.
        qtyCartons: z.number(),
        reason: z.enum(DEVIATION_REASONS).nullish(),
      }),
    )
    .max(MAX_LINES * 2),
});

export type PhoneChange = z.infer<typeof phoneChange>;
