/** A shop's typed stock count: packs on the shelf per spec, posted as qty.<specId>; blank fields are not counted. */
import { z } from 'zod';

export const stockCountForm = z.object({
  qty: z.record(z.string().regex(/^\d+$/), z.string().optional()).default({}),
});

/** The counted lines: every filled field, by spec (what the count service checks and saves). */
export function countedLines(qty: Record<string, string | undefined>): { specId: number; qtyPacks: number }[] {
  return Object.entries(qty)
    .filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1].trim() !== '')
    .map(([specId, v]) => ({ specId: Number(specId), qtyPacks: Number(v) }));
}
