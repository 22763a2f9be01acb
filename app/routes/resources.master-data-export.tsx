/**
 * The county's retailers as Excel, in the columns the master-data import reads (download, edit, upload on
 * /staff/master-data); staff only.
 */
import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireRole } from '~/server/auth.server';
import { writeWorkbook, xlsxResponse } from '~/server/export.server';
import { invariantResponse } from '~/server/http.server';
import { languageOf, serverT } from '~/server/i18n.server';
import { retailersExport } from '~/server/master-data-export.server';

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireRole(context.db, request, 'staff');
  const r = await retailersExport(context.db, user, await serverT(request), await languageOf(request));
  invariantResponse(r);
  return xlsxResponse(r.fileName, await writeWorkbook(r.sheets));
}
