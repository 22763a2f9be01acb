/** The cycle's allocation measured against demand as an Excel file (staff): ?cycleId=<id>. */
import type { LoaderFunctionArgs } from '@remix-run/node';
import { z } from 'zod';
import { allocationPage, breakdownWorkbook } from '~/server/allocation-page.server';
import { requireRole } from '~/server/auth.server';
import { writeWorkbook, xlsxResponse } from '~/server/export.server';
import { getSearch, idParam, invariantResponse } from '~/server/http.server';
import { serverT } from '~/server/i18n.server';

const Query = z.object({ cycleId: idParam });

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireRole(context.db, request, 'staff');
  const { cycleId } = getSearch(request, Query);
  const page = await allocationPage(context.db, user, cycleId);
  invariantResponse(page, 'Not Found');
  const t = await serverT(request);
  return xlsxResponse(`${t('allocation.file.name', { code: page.cycle.code })}.xlsx`, await writeWorkbook(breakdownWorkbook(page, t)));
}
