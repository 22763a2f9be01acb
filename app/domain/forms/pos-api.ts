/**
 * The POS API's request bodies. Whole-request problems (not JSON, no date, a date in the future) refuse the
 * call; a bad line is listed back by index and the good lines are kept — unless the terminal asks for
 * "mode": "all_or_nothing", when any bad line refuses the whole call.
 */
import { z } from 'zod';
import { parseBarcodeCell } from '../uploads/cells';
import { MAX_QTY_PER_LINE } from '../uploads/limits';
import type { QtyUnit } from '../uploads/types';

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

const quantity = z.number().int().min(0).max(MAX_QTY_PER_LINE);

/**
 * A line carries one of two quantities (decision 0040): `qty`, read as a file's quantity cell is — in the unit of
 * the scanned code, so a carton code counts cartons, unless `unit` ('pack' | 'carton') says what was counted, as a
 * file cell written '3盒' or '3条' does — or `qtyPacks`, in packs whatever code was scanned, as its name and the
 * API's first version say (a till that sells one carton sends `qtyPacks: 10`; `unit`, if sent with it, can only be
 * 'pack'). The unit goes with the line to the shared barcode resolution (app/domain/uploads/barcodes.ts), so every
 * channel converts alike.
 */
const apiLine = z
  .object({ barcode, qty: quantity.optional(), qtyPacks: quantity.optional(), unit: z.enum(['pack', 'carton']).optional() })
  .refine((l) => (l.qty === undefined) !== (l.qtyPacks === undefined), { path: ['line'] })
  .refine((l) => l.qtyPacks === undefined || l.unit === undefined || l.unit === 'pack', { path: ['line'] })
  .transform((l) =>
    l.qtyPacks !== undefined ? { barcode: l.barcode, qty: l.qtyPacks, unit: 'pack' as const } : { barcode: l.barcode, qty: l.qty!, unit: l.unit ?? null },
  );

export type ApiLineProblem = {
  index: number;
  /** 'qtyPacks' stands for whichever quantity the line carries (qty or qtyPacks). */
  field: 'barcode' | 'qtyPacks' | 'line';
  code: 'invalid' | 'unknown_barcode' | 'too_large';
  /** The line's barcode when it was readable (the rest of the line was not): its spec keeps its earlier figure. */
  barcode?: string;
};

/** Checks each line; returns the good ones with their index and a problem for each bad one. */
export function checkApiLines(raw: unknown[]) {
  const good: Array<{ index: number; barcode: string; qty: number; unit: QtyUnit | null }> = [];
  const problems: ApiLineProblem[] = [];
  raw.forEach((line, index) => {
    const r = apiLine.safeParse(line);
    if (r.success) {
      good.push({ index, ...r.data });
      return;
    }
    const field = lineFault(line);
    const readable = barcode.safeParse((line as { barcode?: unknown } | null)?.barcode);
    // A readable barcode names the spec whatever else is wrong with the line: its day is unknown, not a zero.
    problems.push({ index, field, code: 'invalid', ...(field !== 'barcode' && readable.success ? { barcode: readable.data } : {}) });
  });
  return { good, problems };
}

/** A token's name as the shop types it ("front counter till"). */
export const TOKEN_NAME_MAX = 40;

/** The shop's API-token forms: create one by name (shown once), or revoke one. */
export const apiTokenForm = z.discriminatedUnion('intent', [
  z.object({
    intent: z.literal('create-token'),
    name: z.string({ error: 'nameRequired' }).trim().min(1, { error: 'nameRequired' }).max(TOKEN_NAME_MAX, { error: 'nameRequired' }),
  }),
  z.object({ intent: z.literal('revoke-token'), tokenId: z.coerce.number().int().positive() }),
]);

/** Which part of a refused line is wrong: its barcode, its quantity, or its shape (not an object; no quantity, or both). */
function lineFault(line: unknown): ApiLineProblem['field'] {
  if (typeof line !== 'object' || line === null || Array.isArray(line)) return 'line';
  const l = line as Record<string, unknown>;
  if (!barcode.safeParse(l.barcode).success) return 'barcode';
  if ('unit' in l && l.unit !== 'pack' && (l.unit !== 'carton' || 'qtyPacks' in l)) return 'line';
  return ('qty' in l) !== ('qtyPacks' in l) ? 'qtyPacks' : 'line';
}
