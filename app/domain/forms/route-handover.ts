/** Staff's route hand-over page (/staff/route-handover): which route to look at, and the hand-over itself. */
import { z } from 'zod';

const id = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'day' });

/**
 * The page's query: `?from=<managerId>` shows that manager's shops; `moved`, `to`, `on` report a hand-over done (or
 * kept for its day, when `on` is to come); `cancelled=1` a pending one cancelled.
 */
export const handoverSearch = z.object({
  from: id.optional().catch(undefined),
  moved: z.coerce.number().int().nonnegative().optional().catch(undefined),
  to: id.optional().catch(undefined),
  on: day.optional().catch(undefined),
  cancelled: z.literal('1').optional().catch(undefined),
});

/** The most shops one hand-over moves (a route is ~100–250 shops). */
export const HANDOVER_MAX_SHOPS = 1000;

/**
 * The page's forms by `intent`: hand over all of a manager's shops, or the ones ticked, to another manager from a
 * day (ticked shops arrive as repeated `retailerIds` fields); cancel a hand-over kept for a day to come.
 */
export const handoverForm = z.discriminatedUnion('intent', [
  z
    .object({
      intent: z.literal('handover'),
      fromManagerId: id,
      toManagerId: id,
      scope: z.enum(['all', 'some']),
      retailerIds: z.array(id).max(HANDOVER_MAX_SHOPS).default([]),
      effectiveOn: day,
    })
    .superRefine((v, ctx) => {
      if (v.scope === 'some' && v.retailerIds.length === 0) ctx.addIssue({ code: 'custom', path: ['retailerIds'], message: 'no_shops' });
      if (v.toManagerId === v.fromManagerId) ctx.addIssue({ code: 'custom', path: ['toManagerId'], message: 'same_manager' });
    }),
  z.object({ intent: z.literal('cancel'), handoverId: id }),
]);
export type HandoverForm = z.output<typeof handoverForm>;
