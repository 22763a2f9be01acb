/**
 * A data-quality issue's fixes (the issues page of a shop, and the manager's page for one of its shops): one form
 * per fix, told apart by `intent`, each naming the issue it fixes.
 */
import { z } from 'zod';

const issueId = z.coerce.number().int().positive();
const qtyPacks = z.coerce.number().int().min(0).max(100_000);

export const qualityFixForm = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('correct_sales'), issueId, qtyPacks }),
  z.object({ intent: z.literal('recount'), issueId, qtyPacks }),
  z.object({ intent: z.literal('map_barcode'), issueId, specId: z.coerce.number().int().positive(), unit: z.enum(['pack', 'carton']) }),
  z.object({ intent: z.literal('explain'), issueId, note: z.string().trim().min(1).max(500) }),
]);

export type QualityFixInput = z.output<typeof qualityFixForm>;
