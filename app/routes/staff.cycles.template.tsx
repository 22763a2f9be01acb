/** Templates for a cycle's caps and supply files (Excel or CSV, headers in the user's language). */
import type { LoaderFunctionArgs } from '@remix-run/node';
import { planTemplateSearch } from '~/domain/forms/cycle';
import { requireRole } from '~/server/auth.server';
import { downloadHeaders, toCsv, toXlsx, type Cell } from '~/server/export.server';
import { getSearch } from '~/server/http.server';
import { languageOf } from '~/server/i18n.server';
import { planTemplateSpecs } from '~/server/cycle-plan.server';

const HEADERS = {
  'zh-CN': { caps: ['品规编码', '品名', '档位起', '档位止', '限量(条)'], supply: ['品规编码', '品名', '投放量(条)'] },
  en: { caps: ['spec code', 'name', 'grade from', 'grade to', 'cap (cartons)'], supply: ['spec code', 'name', 'supply (cartons)'] },
} as const;
const NAMES = { 'zh-CN': { caps: '限量模板', supply: '投放量模板' }, en: { caps: 'caps-template', supply: 'supply-template' } } as const;

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(context.db, request, 'staff');
  const { kind, format } = getSearch(request, planTemplateSearch);
  const lang = await languageOf(request);
  // Example rows from real scarce specs, so the template imports as it is.
  const specs = await planTemplateSpecs(context.db);
  const rows: Cell[][] =
    kind === 'caps'
      ? specs.flatMap((s) => [
          [s.code, s.name, 1, 10, 1],
          [s.code, s.name, 11, 20, 2],
          [s.code, s.name, 21, 30, 3],
        ])
      : specs.map((s, i) => [s.code, s.name, i === 0 ? 200 : lang === 'en' ? 'unlimited' : '不限']);
  const header = [...HEADERS[lang][kind]];
  const name = NAMES[lang][kind];
  if (format === 'csv') return new Response(toCsv(header, rows), { headers: downloadHeaders(`${name}.csv`, 'text/csv; charset=utf-8') });
  return new Response(await toXlsx(name, header, rows), { headers: downloadHeaders(`${name}.xlsx`, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet') });
}
