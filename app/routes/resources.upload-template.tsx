/** Upload templates (CSV and Excel, Chinese or English headers) with two example rows each. */
import type { LoaderFunctionArgs } from '@remix-run/node';
import { z } from 'zod';
import { shanghaiDayOf } from '~/domain/time';
import { requireUser } from '~/server/auth.server';
import { downloadHeaders, toCsv, toXlsx } from '~/server/export.server';
import { getSearch } from '~/server/http.server';
import { templateExampleSpecs } from '~/server/uploads/barcode-lookup.server';

const HEADERS = {
  'zh-CN': { sales: ['销售日期', '条码', '品名', '数量'], receipts: ['到货日期', '条码', '品名', '数量'], stock_count: ['盘点时间', '条码', '品名', '库存'] },
  en: { sales: ['date', 'barcode', 'name', 'qty'], receipts: ['date', 'barcode', 'name', 'qty'], stock_count: ['counted at', 'barcode', 'name', 'stock'] },
} as const;
const NAMES = { 'zh-CN': { sales: '销售扫码模板', receipts: '到货扫码模板', stock_count: '库存盘点模板' }, en: { sales: 'sales-template', receipts: 'receipts-template', stock_count: 'stock-count-template' } } as const;

/** `?kind=&lang=&format=`: unknown values read as the defaults (sales, Chinese, CSV). */
const Search = z.object({
  kind: z.enum(['sales', 'receipts', 'stock_count']).catch('sales'),
  lang: z.enum(['zh-CN', 'en']).catch('zh-CN'),
  format: z.enum(['csv', 'xlsx']).catch('csv'),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(context.db, request);
  const { kind, lang, format } = getSearch(request, Search);
  const day = shanghaiDayOf(new Date());
  const when = kind === 'stock_count' ? `${day} 08:00` : day;
  // The county's own codes (a pack code, then a carton code counting cartons), so the example rows import as they are.
  const [first, second] = await templateExampleSpecs(context.db);
  const rows = [
    [when, first?.packBarcode ?? '6901028100076', first?.name ?? '中华(硬)', 12],
    [when, (second ?? first)?.cartonBarcode ?? '6901028600071', (second ?? first)?.name ?? '中华(硬)', '1条'],
  ];
  const header = [...HEADERS[lang][kind]];
  const name = NAMES[lang][kind];
  if (format === 'xlsx') {
    return new Response(await toXlsx(name, header, rows), { headers: downloadHeaders(`${name}.xlsx`, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet') });
  }
  return new Response(toCsv(header, rows), { headers: downloadHeaders(`${name}.csv`, 'text/csv; charset=utf-8') });
}
