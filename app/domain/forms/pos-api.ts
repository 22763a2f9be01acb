/**
 * The POS API's request bodies. Whole-request problems (not JSON, no date, a date in the future) refuse the
 * call; a bad line is listed back by index and the good lines are kept — unless the terminal asks for
 * "mode": "all_or_nothing", when any bad line refuses the whole call.
 */
import { z } from 'zod';

export const API_MAX_LINES = 5_000;
export const API_MAX_QTY_PACKS = 100_000;

const mode = z.enum(['keep_good_lines', 'all_or_nothing']).default('keep_good_lines');

/** Lines are checked one by one (so each bad one can be named), hence `unknown` here. */
const lines = z.array(z.unknown()).max(API_MAX_LINES);

export const dailyUploadBody = z.object({
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  lines,
  mode,
});

export const stockCountBody = z.object({
  // ISO-8601 with an offset or Z, so the instant is unambiguous.
  countedAt: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/),
  lines,
  mode,
});

export const apiLine = z.object({
  barcode: z.string().trim().regex(/^\d{8,14}$/),
  qtyPacks: z.number().int().min(0).max(API_MAX_QTY_PACKS),
});

export type ApiLineProblem = { index: number; field: 'barcode' | 'qtyPacks' | 'line'; code: 'invalid' | 'unknown_barcode' | 'duplicate' };

/** Checks each line; returns the good ones with their index and a problem for each bad one. */
export function checkApiLines(raw: unknown[]) {
  const good: Array<{ index: number; barcode: string; qtyPacks: number }> = [];
  const problems: ApiLineProblem[] = [];
  raw.forEach((line, index) => {
    const r = apiLine.safeParse(line);
    if (r.success) good.push({ index, ...r.data });
    else {
      const field = r.error.issues[0]?.path[0];
      problems.push({ index, field: field === 'barcode' || field === 'qtyPacks' ? field : 'line', code: 'invalid' });
    }
  });
  return { good, problems };
}

/** A token's name as the shop types it ("front counter till"). */
export const TOKEN_NAME_MAX = 40;
