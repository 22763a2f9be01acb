/**
 * The route board's list of shops: a table on a wide screen, one card per shop on a phone (route-board.css turns
 * the same rows into cards, each value under its column's name), so a manager on the road reads a shop at a glance
 * and taps its name or number — every link at least 44 px high.
 */
import { Link } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import type { CallReason } from '~/domain/follow-up';
import type { BusinessType, OrderStatus } from '../../../db/schema';
import { formatDateTime, formatMoney, weekdayLabel } from '../format';

/** One shop of the board, as the route's loader gives it (app/server/manager-route.server.ts). */
export interface RouteShop {
  id: number;
  licenceNo: string;
  name: string;
  phone: string;
  grade: number;
  businessType: BusinessType;
  orderWeekday: number;
  isBenchmark: number;
  needsCall: boolean;
  reasons: CallReason[];
  orderStatus: OrderStatus | null;
  notOrdered: boolean;
  uploadedYesterday: boolean;
  lastUploadDay: string | null;
  openIssues: number;
  depositShortFen: number;
  lastContactAt: string | null;
}

export function RouteBoard({ shops }: { shops: RouteShop[] }) {
  const { t } = useTranslation();
  const label = {
    order: t('manager.orderThisCycle'),
    upload: t('managerWork.board.uploadState'),
    issues: t('managerWork.board.issues'),
    shortfall: t('managerWork.board.shortfall'),
    contact: t('managerWork.board.lastContact'),
    phone: t('manager.phone'),
    day: t('manager.orderDay'),
    grade: t('manager.grade'),
    type: t('manager.businessType'),
  };
  return (
    <div className="table-wrap route-board">
      <table>
        <thead>
          <tr>
            <th scope="col">{t('manager.retailer')}</th>
            <th scope="col">{label.order}</th>
            <th scope="col">{label.upload}</th>
            <th scope="col" className="num">
              {label.issues}
            </th>
            <th scope="col" className="num">
              {label.shortfall}
            </th>
            <th scope="col">{label.contact}</th>
            <th scope="col">{label.phone}</th>
            <th scope="col">{label.day}</th>
            <th scope="col" className="num">
              {label.grade}
            </th>
            <th scope="col">{label.type}</th>
          </tr>
        </thead>
        <tbody>
          {shops.map((r) => (
            <tr key={r.id} className={r.needsCall ? 'needs-call' : undefined} data-retailer={r.licenceNo}>
              <td className="route-shop">
                <Link className="route-name" to={`/manager/retailers/${r.id}`}>
                  {r.name}
                </Link>
                <span className="route-tags">
                  <span className="muted">{r.licenceNo}</span>
                  {r.isBenchmark ? <span className="badge ok">{t('managerWork.board.benchmark')}</span> : null}
                  {r.needsCall ? <span className="badge bad">{t('manager.needsCall')}</span> : null}
                </span>
                {r.reasons.length ? <span className="muted route-reasons">{r.reasons.map((reason) => t(`managerWork.board.reason.${reason}`)).join(' · ')}</span> : null}
              </td>
              <td data-label={label.order}>
                <span className={`badge ${r.notOrdered || r.orderStatus === 'failed' ? 'bad' : 'ok'}`}>{t(`orderStatus.${r.orderStatus ?? 'none'}`)}</span>
              </td>
              <td data-label={label.upload}>
                {r.uploadedYesterday ? (
                  <span className="badge ok">{t('managerWork.board.upload.ok')}</span>
                ) : r.lastUploadDay ? (
                  <span className="badge warn">{t('managerWork.board.upload.late', { day: r.lastUploadDay })}</span>
                ) : (
                  <span className="badge bad">{t('managerWork.board.upload.never')}</span>
                )}
              </td>
              <td className="num" data-label={label.issues}>
                {r.openIssues ? (
                  <Link className="route-tap" to={`/manager/retailers/${r.id}/data`}>
                    {r.openIssues}
                  </Link>
                ) : (
                  0
                )}
              </td>
              <td className="num" data-label={label.shortfall}>
                {r.depositShortFen ? <span className="bad-text">{formatMoney(r.depositShortFen, t)}</span> : '—'}
              </td>
              <td data-label={label.contact}>{r.lastContactAt ? formatDateTime(r.lastContactAt) : <span className="muted">{t('managerWork.board.neverContacted')}</span>}</td>
              <td data-label={label.phone}>
                <a className="route-tap" href={`tel:${r.phone}`} aria-label={t('managerWork.board.call', { phone: r.phone })}>
                  {r.phone}
                </a>
              </td>
              <td data-label={label.day}>{weekdayLabel(r.orderWeekday, t)}</td>
              <td className="num" data-label={label.grade}>
                {r.grade}
              </td>
              <td data-label={label.type}>{t(`businessType.${r.businessType}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
