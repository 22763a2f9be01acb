/**
 * The POS API's request bodies. Whole-request problems (not JSON, no date, a date in the future) refuse the
 * call; a bad line is listed back by index and the good lines are kept — unless the terminal asks for
 * "mode": "all_or_nothing", when any bad line refuses the whole call.
 */
import { z } from 'zod';
import { parseBarcodeCell } from '../uploads/cells';
import { MAX_QTY_PER_LINE } from '../uploads/limits';

export const API_MAX_LINES = 5_000;

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

/** A barcode is read as a file's barcode cell is (digits, 8–14 of them; spaces and a trailing '.0' tolerated). */
const barcode = z.string().transform((raw, ctx) => {
  const r = parseBarcodeCell(raw);
  if (!r.ok) ctx.addIssue({ code: 'custom', message: r.code });
  return r.ok ? r.value : z.NEVER;
});

/** qtyPacks counts packs whatever code was scanned (a carton code with qtyPacks 10 is one carton). */
const apiLine = z.object({
  barcode,
  qtyPacks: z.number().int().min(0).max(MAX_QTY_PER_LINE),
});

export type ApiLineProblem = {
  index: number;
  field: 'barcode' | 'qtyPacks' | 'line';
  code: 'invalid' | 'unknown_barcode' | 'too_large';
  /** The line's barcode when it was readable (its quantity was not): its spec keeps its earlier figure. */
  barcode?: string;
};

/** Checks each line; returns the good ones with their index and a problem for each bad one. */
export function checkApiLines(raw: unknown[]) {
  const good: Array<{ index: number; barcode: string; qtyPacks: number }> = [];
  const problems: ApiLineProblem[] = [];
  raw.forEach((line, index) => {
    const r = apiLine.safeParse(line);
    if (r.success) {
      good.push({ index, ...r.data });
      return;
    }
    const field = r.error.issues[0]?.path[0];
    const readable = barcode.safeParse((line as { barcode?: unknown } | null)?.barcode);
    problems.push({
      index,
      field: field === 'barcode' || field === 'qtyPacks' ? field : 'line',
      code: 'invalid',
      ...(field === 'qtyPacks' && readable.success ? { barcode: readable.data } : {}),
    });
  });
  return { good, problems };
}

/** A token's name as the shop types it ("front counter till"). */
export const TOKEN_NAME_MAX = 40;
