import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { requireRole } from '~/server/auth.server';
import { db } from '~/server/db.server';
import { managerRoute } from '~/server/manager-route.server';
import { weekdayLabel } from '~/ui/format';

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, 'manager');
  return managerRoute(db(), user);
}

export default function ManagerHome() {
  const { route, cycleCode, notOrderedCount, notUploadedCount } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const [filter, setFilter] = useState('');
  const shown = useMemo(() => {
    const f = filter.trim();
    return f ? route.filter((r) => r.name.includes(f) || r.licenceNo.includes(f)) : route;
  }, [route, filter]);
  return (
    <>
      <div className="row-between">
        <h1>{t('manager.homeTitle')}</h1>
        {cycleCode ? <span className="badge">{cycleCode}</span> : null}
      </div>
      <div className="stats">
        <div className="stat">
          <div className="stat-label">{t('manager.routeSummary', { count: route.length })}</div>
          <div className="stat-value">{route.length}</div>
        </div>
        <div className="stat">
          <div className="stat-label">{t('manager.notOrderedCount', { count: notOrderedCount })}</div>
          <div className="stat-value">{notOrderedCount}</div>
        </div>
        <div className="stat">
          <div className="stat-label">{t('manager.notUploadedCount', { count: notUploadedCount })}</div>
          <div className="stat-value">{notUploadedCount}</div>
        </div>
      </div>
      <label className="visually-hidden" htmlFor="route-filter">
        {t('manager.filterPlaceholder')}
      </label>
      <input
        id="route-filter"
        className="filter"
        type="search"
        placeholder={t('manager.filterPlaceholder')}
        value={filter}
        onChange={(e) => setFilter(e.target.value)}
      />
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('manager.retailer')}</th>
              <th scope="col">{t('manager.licence')}</th>
              <th scope="col" className="num">
                {t('manager.grade')}
              </th>
              <th scope="col">{t('manager.businessType')}</th>
              <th scope="col">{t('manager.orderDay')}</th>
              <th scope="col">{t('manager.orderThisCycle')}</th>
              <th scope="col">{t('manager.lastUpload')}</th>
              <th scope="col">{t('manager.phone')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((r) => (
              <tr key={r.id} className={r.needsCall ? 'needs-call' : undefined}>
                <td>
                  <Link to={`/manager/retailers/${r.id}/data`}>{r.name}</Link>
                  {r.needsCall ? <span className="badge bad"> {t('manager.needsCall')}</span> : null}
                </td>
                <td>{r.licenceNo}</td>
                <td className="num">{r.grade}</td>
                <td>{t(`businessType.${r.businessType}`)}</td>
                <td>{weekdayLabel(r.orderWeekday, t)}</td>
                <td>
                  <span className={`badge ${r.notOrdered ? 'bad' : r.orderStatus === 'failed' ? 'bad' : 'ok'}`}>
                    {t(`orderStatus.${r.orderStatus ?? 'none'}`)}
                  </span>
                </td>
                <td>{r.lastUploadDay ?? <span className="badge warn">{t('manager.never')}</span>}</td>
                <td>
                  <a href={`tel:${r.phone}`}>{r.phone}</a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
