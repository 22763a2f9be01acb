/**
 * The cycle's allocation page (staff.cycles.$cycleId_.allocation): estimate demand again, choose a spec's method
 * (按档位 / 按需 / blend; its floor and the blend's percentages checked against the supply by the service, which
 * names the field), run the allocation.
 */
import { z } from 'zod';
import { ALLOCATION_METHODS, MAX_FLOOR_CARTONS } from '../allocation/methods';

const whole = (max: number) => z.coerce.number().int().min(0).max(max);

export const methodForm = z.object({
  intent: z.literal('method'),
  specId: z.coerce.number().int().positive(),
  method: z.enum(ALLOCATION_METHODS),
  floorCartons: whole(MAX_FLOOR_CARTONS).default(1),
  gradePercent: whole(100).default(50),
  demandPercent: whole(100).default(50),
});

export const allocationPageForm = z.discriminatedUnion('intent', [z.object({ intent: z.literal('prepare') }), z.object({ intent: z.literal('run') }), methodForm]);

/** The page's query: `?spec=<id>` opens one spec's breakdown. */
export const allocationPageSearch = z.object({ spec: z.coerce.number().int().positive().optional().catch(undefined) });
