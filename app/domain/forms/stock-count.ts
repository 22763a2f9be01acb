/**
 * A shop's typed stock count: packs on the shelf per spec, posted as qty.<specId>; blank fields are not counted.
 * `confirm=1` says the shop has seen and confirmed the figures the count check questioned.
 */
import { z } from 'zod';

export const stockCountForm = z.object({
  qty: z.record(z.string().regex(/^\d+$/), z.string().optional()).default({}),
  /** The shop's "确认" of figures wildly off from the expected stock (app/domain/quality/count-check.ts). */
  confirm: z.literal('1').optional(),
});

/** The counted lines: every filled field, by spec (what the count service checks and saves). */
export function countedLines(qty: Record<string, string | undefined>): { specId: number; qtyPacks: number }[] {
  return Object.entries(qty)
    .filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1].trim() !== '')
    .map(([specId, v]) => ({ specId: Number(specId), qtyPacks: Number(v) }));
}
