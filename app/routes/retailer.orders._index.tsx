import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requireRetailer } from '~/server/auth.server';
import { orderHistory } from '~/server/orders.server';
import { formatDateTime, formatMoney } from '~/ui/format';

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, retailerId } = await requireRetailer(context.db, request);
  return { orders: await orderHistory(context.db, user, retailerId) };
}

export default function OrderHistory() {
  const { orders } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <div className="row-between">
        <h1>{t('history.title')}</h1>
        <div className="filter-row no-print">
          <a className="button secondary" href="/resources/orders-export?format=xlsx" download>
            {t('history.exportExcel')}
          </a>
          <a className="button secondary" href="/resources/orders-export?format=csv" download>
            {t('history.exportCsv')}
          </a>
        </div>
      </div>
      {orders.length === 0 ? (
        <p className="card muted">{t('history.empty')}</p>
      ) : (
        <ul className="history-list">
          {orders.map((o) => (
            <li key={o.id} className="card history-item">
              <div className="row-between">
                <strong>{o.cycleCode}</strong>
                <span className={`badge ${o.status === 'failed' || o.status === 'cancelled' ? 'bad' : 'ok'}`}>{t(`orderStatus.${o.status}`)}</span>
              </div>
              <div className="muted">
                {o.submittedAt ? formatDateTime(o.submittedAt) : ''} · {t('history.submittedBy')}: {o.onBehalf ? t('history.byManager') : t('history.self')}
              </div>
              <div className="row-between">
                <span>
                  {t('history.lines')} {Number(o.lineCount)} · {t('retailer.cartons', { count: o.totalCartons })}
                  {o.allocatedCartons !== null ? ` · ${t('history.allocated')} ${Number(o.allocatedCartons)}` : ''}
                </span>
                <strong>{formatMoney(o.totalAmountFen, t)}</strong>
              </div>
              {o.failureReason ? <p className="field-error">{o.failureReason}</p> : null}
              <Link to={`/retailer/orders/${o.id}`} aria-label={`${t('history.view')} ${o.cycleCode}`}>
                {t('history.view')}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
