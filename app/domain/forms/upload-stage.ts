/**
 * Staging a shop's data file for its preview (POST /resources/uploads/stage, multipart): what the file holds, and
 * for a manager which of its shops it is for (a retailer's own shop is its sign-in's). The file itself travels
 * beside these fields and is read as it arrived.
 */
import { z } from 'zod';

export const stageUploadForm = z.object({
  kind: z.enum(['sales', 'receipts', 'stock_count']),
  retailerId: z.coerce.number().int().positive().optional(),
});
