/** The cycle's allocation measured against demand as an Excel file (staff): ?cycleId=<id>. */
import type { LoaderFunctionArgs } from '@remix-run/node';
import { z } from 'zod';
import { allocationPage, breakdownSheet } from '~/server/allocation-page.server';
import { requireRole } from '~/server/auth.server';
import { downloadHeaders, toXlsx } from '~/server/export.server';
import { idParam, invariantResponse } from '~/server/http.server';
import { serverT } from '~/server/i18n.server';

const Query = z.object({ cycleId: idParam });
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireRole(context.db, request, 'staff');
  const query = Query.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  invariantResponse(query.success, 'Not Found');
  const page = await allocationPage(context.db, user, query.data.cycleId);
  invariantResponse(page, 'Not Found');
  const t = await serverT(request);
  const sheet = breakdownSheet(page, t);
  const body = await toXlsx(t('allocation.file.sheet'), sheet.header, sheet.rows);
  return new Response(body, { headers: downloadHeaders(`${t('allocation.file.name', { code: page.cycle.code })}.xlsx`, XLSX) });
}
