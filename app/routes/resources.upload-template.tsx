/** Upload templates (CSV and Excel, Chinese or English headers) with two example rows each. */
import type { LoaderFunctionArgs } from '@remix-run/node';
import { shanghaiDayOf } from '~/domain/time';
import { requireUser } from '~/server/auth.server';
import { downloadHeaders, toCsv, toXlsx } from '~/server/export.server';

const HEADERS = {
  'zh-CN': { sales: ['销售日期', '条码', '品名', '数量(盒)'], receipts: ['到货日期', '条码', '品名', '数量(盒)'], stock_count: ['盘点时间', '条码', '品名', '库存(盒)'] },
  en: { sales: ['date', 'barcode', 'name', 'qty (packs)'], receipts: ['date', 'barcode', 'name', 'qty (packs)'], stock_count: ['counted at', 'barcode', 'name', 'stock (packs)'] },
} as const;
const NAMES = { 'zh-CN': { sales: '销售扫码模板', receipts: '到货扫码模板', stock_count: '库存盘点模板' }, en: { sales: 'sales-template', receipts: 'receipts-template', stock_count: 'stock-count-template' } } as const;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  const url = new URL(request.url);
  const kind = (['sales', 'receipts', 'stock_count'] as const).find((k) => k === url.searchParams.get('kind')) ?? 'sales';
  const lang = url.searchParams.get('lang') === 'en' ? 'en' : 'zh-CN';
  const day = shanghaiDayOf(new Date());
  const when = kind === 'stock_count' ? `${day} 08:00` : day;
  const rows = [
    [when, '6901028075015', lang === 'en' ? 'Yuxi (soft)' : '玉溪(软)', 12],
    [when, '6901028180566', lang === 'en' ? 'Chunghwa (hard)' : '中华(硬)', 3],
  ];
  const header = [...HEADERS[lang][kind]];
  const name = NAMES[lang][kind];
  if (url.searchParams.get('format') === 'xlsx') {
    return new Response(await toXlsx(name, header, rows), { headers: downloadHeaders(`${name}.xlsx`, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet') });
  }
  return new Response(toCsv(header, rows), { headers: downloadHeaders(`${name}.csv`, 'text/csv; charset=utf-8') });
}
