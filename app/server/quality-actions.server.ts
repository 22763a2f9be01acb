/** The issues page's action, shared by the retailer's page and the manager's page for one of its shops. */
import { data } from '@remix-run/node';
import { z } from 'zod';
import type { DB } from './db.server';
import { fixQualityIssue, type QualityFix } from './quality.server';
import type { ScopeUser } from './scope.server';

const qty = z.coerce.number().int().min(0).max(100_000);
const fixForm = z.discriminatedUnion('action', [
  z.object({ issueId: z.coerce.number().int().positive(), action: z.literal('correct_sales'), qtyPacks: qty }),
  z.object({ issueId: z.coerce.number().int().positive(), action: z.literal('recount'), qtyPacks: qty }),
  z.object({ issueId: z.coerce.number().int().positive(), action: z.literal('map_barcode'), specId: z.coerce.number().int().positive(), unit: z.enum(['pack', 'carton']) }),
  z.object({ issueId: z.coerce.number().int().positive(), action: z.literal('explain'), note: z.string().trim().min(1).max(500) }),
]);

export async function handleQualityAction(db: DB, request: Request, user: ScopeUser) {
  const parsed = fixForm.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ ok: false as const, issueId: null, error: 'invalid' as const }, { status: 400 });
  const { issueId, ...fix } = parsed.data;
  const r = await fixQualityIssue(db, user, issueId, fix as QualityFix);
  return r.ok ? { ok: true as const, issueId, error: null } : data({ ok: false as const, issueId, error: r.reason }, { status: r.reason === 'not_found' ? 404 : 400 });
}
