/** Master-data templates (Excel or CSV, Chinese or English headers), one example row each; staff only. */
import type { LoaderFunctionArgs } from '@remix-run/node';
import { FIELDS_OF } from '~/domain/master-data/fields';
import { masterTemplateSearch } from '~/domain/forms/master-data';
import { requireRole } from '~/server/auth.server';
import { downloadHeaders, toCsv, toXlsx } from '~/server/export.server';
import { getSearch } from '~/server/http.server';

const NAMES = {
  'zh-CN': { retailers: '零售客户导入模板', specs: '卷烟品规导入模板', managers: '客户经理导入模板' },
  en: { retailers: 'retailers-template', specs: 'specs-template', managers: 'account-managers-template' },
} as const;

/** English templates get English words where the Chinese example is a word the reader also accepts in English. */
const EXAMPLES_EN: Record<string, string> = {
  'retailers.name': 'Xinhua Convenience',
  'specs.name': 'Yunyan (purple)',
  'managers.name': 'Li Ming',
  ownerName: 'Zhang San',
  address: '18 Xinhua Road',
  businessType: 'convenience',
  marketType: 'urban',
  orderWeekday: 'Wed',
  brand: 'Yunyan',
  manufacturer: 'Hongyun Honghe Tobacco',
  priceClass: '3',
  isScarce: 'no',
  isNew: 'no',
  isOrderable: 'yes',
  isDiscontinued: 'no',
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(context.db, request, 'staff');
  const { kind, lang, format } = getSearch(request, masterTemplateSearch);
  const fields = FIELDS_OF[kind];
  const header = fields.map((f) => (lang === 'en' ? f.en : f.zh));
  const example = fields.map((f) => (lang === 'en' ? EXAMPLES_EN[`${kind}.${f.field}`] ?? EXAMPLES_EN[f.field] ?? f.example : f.example));
  const name = NAMES[lang][kind];
  if (format === 'xlsx') {
    return new Response(await toXlsx(name, header, [example]), { headers: downloadHeaders(`${name}.xlsx`, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet') });
  }
  return new Response(toCsv(header, [example]), { headers: downloadHeaders(`${name}.csv`, 'text/csv; charset=utf-8') });
}
