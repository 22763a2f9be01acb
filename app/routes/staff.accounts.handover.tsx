/**
 * The hand-over list as a file. The one-time passwords are never stored in clear, so the page posts back the
 * list it was shown and gets it as CSV or Excel; nothing is read from or written to the database here.
 */
import { parseWithZod } from '@conform-to/zod/v4';
import type { ActionFunctionArgs } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { z } from 'zod';
import { masterDataEn } from '~/i18n/resources/areas/masterData.en';
import { masterDataZhCN } from '~/i18n/resources/areas/masterData.zh-CN';
import { requireRole } from '~/server/auth.server';
import { invariantResponse } from '~/server/http.server';
import { downloadHeaders, toCsv, toXlsx } from '~/server/export.server';

const rowsSchema = z.array(z.tuple([z.enum(['retailers', 'managers']), z.string().max(64), z.string().max(200), z.string().max(64)])).max(1000);

/** The list the page was shown (as JSON), the language of the headers and the file's format. */
const handoverExportForm = z.object({
  rows: z
    .string()
    .optional()
    .transform((text, ctx) => {
      try {
        return JSON.parse(text ?? '[]') as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'json' });
        return z.NEVER;
      }
    })
    .pipe(rowsSchema),
  lang: z.string().optional(),
  format: z.string().optional(),
});

export async function action({ request, context }: ActionFunctionArgs) {
  await requireRole(context.db, request, 'staff');
  const submission = parseWithZod(await request.formData(), { schema: handoverExportForm });
  invariantResponse(submission.status === 'success', 'Bad Request', { status: 400 });
  const { rows, lang, format } = submission.value;
  const m = lang === 'en' ? masterDataEn : masterDataZhCN;
  const header = [m.accounts.handoverKind, m.accounts.key, m.accounts.name, m.accounts.handoverPassword];
  const cells = rows.map(([kind, username, name, password]) => [m.kind[kind], username, name, password]);
  const name = m.accounts.exportName;
  if (format === 'xlsx') {
    return new Response(await toXlsx(name, header, cells), { headers: downloadHeaders(`${name}.xlsx`, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet') });
  }
  return new Response(toCsv(header, cells), { headers: downloadHeaders(`${name}.csv`, 'text/csv; charset=utf-8') });
}

export function loader() {
  throw redirect('/staff/accounts');
}
