import type { LoaderFunctionArgs } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requireRole } from '~/server/auth.server';
import { countyOverview } from '~/server/county-overview.server';
import { db } from '~/server/db.server';
import { formatPercent } from '~/ui/format';

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, 'staff');
  return countyOverview(db(), user);
}

export default function StaffHome() {
  const o = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const stats = [
    { label: t('staff.retailersActive'), value: o.retailersActive.toLocaleString('en-US') },
    { label: t('staff.retailersOnline'), value: o.retailersOnline.toLocaleString('en-US') },
    { label: t('staff.uploadRateYesterday'), value: formatPercent(o.uploadRateYesterday) },
    { label: t('staff.ordersThisCycle'), value: o.ordersThisCycle.toLocaleString('en-US') },
    { label: t('staff.salesLast7Days'), value: t('staff.packs', { amount: o.salesLast7DaysPacks.toLocaleString('en-US') }) },
  ];
  return (
    <>
      <div className="row-between">
        <h1>{t('staff.homeTitle')}</h1>
        <span className="badge">{o.cycleCode ? t('staff.cycle', { code: o.cycleCode }) : t('staff.noCycle')}</span>
      </div>
      <div className="stats">
        {stats.map((s) => (
          <div className="stat" key={s.label}>
            <div className="stat-label">{s.label}</div>
            <div className="stat-value">{s.value}</div>
          </div>
        ))}
      </div>
      <h2>{t('staff.byStation')}</h2>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('staff.station')}</th>
              <th scope="col" className="num">
                {t('staff.managers')}
              </th>
              <th scope="col" className="num">
                {t('staff.retailers')}
              </th>
              <th scope="col" className="num">
                {t('staff.retailersOnline')}
              </th>
            </tr>
          </thead>
          <tbody>
            {o.stations.map((s) => (
              <tr key={s.id}>
                <td>{i18n.language === 'en' ? s.nameEn : s.nameZh}</td>
                <td className="num">{s.managers}</td>
                <td className="num">{s.retailers}</td>
                <td className="num">{s.online}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
