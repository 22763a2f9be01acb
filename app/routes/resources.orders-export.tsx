/** A retailer's own orders as Excel or CSV (shops re-key them into their own POS). */
import type { LoaderFunctionArgs } from '@remix-run/node';
import { ordersExportSearch } from '~/domain/forms/order';
import { yuanString } from '~/domain/money';
import { requireRetailer } from '~/server/auth.server';
import { downloadHeaders, toCsv, toXlsx } from '~/server/export.server';
import { getSearch } from '~/server/http.server';
import { serverT } from '~/server/i18n.server';
import { orderLinesForExport } from '~/server/orders.server';
import { formatDateTime } from '~/ui/format';

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, retailerId } = await requireRetailer(context.db, request);
  const { format } = getSearch(request, ordersExportSearch);
  const t = await serverT(request);
  const lines = await orderLinesForExport(context.db, user, retailerId);
  const header = [
    t('history.cycle'),
    t('history.status'),
    t('history.submittedAt'),
    t('history.code'),
    t('history.spec'),
    t('history.barcode'),
    t('history.requested'),
    t('history.allocatedQty'),
    t('history.unitPrice'),
    t('history.lineAmount'),
  ];
  const rows = lines.map((l) => [
    l.cycleCode,
    t(`orderStatus.${l.status}`),
    l.submittedAt ? formatDateTime(l.submittedAt) : '',
    l.specCode,
    l.specName,
    l.cartonBarcode,
    l.qtyRequestedCartons,
    l.qtyAllocatedCartons,
    yuanString(l.unitPriceFen),
    yuanString(Number(l.amountFen)),
  ]);
  const name = `${t('history.title')}`;
  if (format === 'csv') return new Response(toCsv(header, rows), { headers: downloadHeaders(`${name}.csv`, 'text/csv; charset=utf-8') });
  const body = await toXlsx(t('history.title'), header, rows);
  return new Response(body, { headers: downloadHeaders(`${name}.xlsx`, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet') });
}
