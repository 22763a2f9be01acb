/**
 * A cycle's Excel exports for staff: ?cycleId=…&what=allocation (配货结果: by spec, spec × grade, grade and shop),
 * failed (失败订单) or plan (投放计划, in the columns of the supply and caps import files).
 */
import type { LoaderFunctionArgs } from '@remix-run/node';
import { z } from 'zod';
import { requireRole } from '~/server/auth.server';
import { allocationExport, failedOrdersExport, planExport } from '~/server/cycle-exports.server';
import { writeWorkbook, xlsxResponse } from '~/server/export.server';
import { getSearch, idParam } from '~/server/http.server';
import { languageOf, serverT } from '~/server/i18n.server';

// Read leniently (null when missing or wrong) so a bad link is answered in the user's language, not a bare 404.
const query = z.object({ cycleId: idParam.nullable().catch(null), what: z.enum(['allocation', 'failed', 'plan']).nullable().catch(null) });
const EXPORTS = { allocation: allocationExport, failed: failedOrdersExport, plan: planExport } as const;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireRole(context.db, request, 'staff');
  const t = await serverT(request);
  const { cycleId, what } = getSearch(request, query);
  const text = (message: string, status: number) => new Response(message, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  if (cycleId === null || what === null) return text(t('reports.errors.bad_request'), 400);
  const r = await EXPORTS[what](context.db, user, cycleId, t, await languageOf(request));
  if (!r.ok) return text(t(`reports.errors.${r.reason}`), r.reason === 'not_found' ? 404 : 409);
  return xlsxResponse(r.fileName, await writeWorkbook(r.sheets));
}
