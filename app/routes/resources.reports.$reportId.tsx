/** A produced report's Excel file (staff.reports.tsx lists them); staff only. */
import type { LoaderFunctionArgs } from '@remix-run/node';
import { z } from 'zod';
import { requireRole } from '~/server/auth.server';
import { xlsxResponse } from '~/server/export.server';
import { getParams, idParam, invariantResponse } from '~/server/http.server';
import { reportFile } from '~/server/scheduled-reports.server';

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireRole(context.db, request, 'staff');
  const { reportId } = getParams(params, z.object({ reportId: idParam }));
  const file = await reportFile(context.db, user, reportId);
  invariantResponse(file);
  return xlsxResponse(file.fileName, file.content);
}
