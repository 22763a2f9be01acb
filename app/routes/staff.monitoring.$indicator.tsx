import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { drillSearch } from '~/domain/forms/monitoring';
import { drillValue, isDimension, isIndicatorId } from '~/domain/indicators';
import { shanghaiDayOf } from '~/domain/time';
import { requireRole } from '~/server/auth.server';
import { demandDrill } from '~/server/monitoring-demand.server';
import { DRILL_PAGE_ROWS, drillDown, groupLabel, notOrderedList, validDimValue, validDrillPeriod } from '~/server/monitoring-drill.server';
import { dimensionValueLabel, formatIndicator } from '~/ui/charts/indicator-format';
import { weekdayLabel } from '~/ui/format';
import { DemandDrillView } from '~/ui/monitoring/demand-drill';
import { z } from 'zod';
import { getParams, getSearch } from '~/server/http.server';

/** Every indicator of the table, and 配货对需求 (issue 18: its own figures over order lines, monitoring-demand.server.ts). */
const DEMAND_DRILL = 'demandFill';
const Params = z.object({ indicator: z.string().refine((v) => isIndicatorId(v) || v === DEMAND_DRILL) });

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireRole(context.db, request, 'staff');
  const { indicator } = getParams(params, Params, 400);
  const search = getSearch(request, drillSearch);
  const dim = search.dim;
  const today = shanghaiDayOf(new Date());
  const period = validDrillPeriod(search.from, search.to, today);
  const value = isDimension(dim) ? validDimValue(dim, search.value) : null;
  if (!isDimension(dim) || !period || value === null) throw new Response('Bad request', { status: 400 });
  const q = { dim, value, ...period };
  const label = await groupLabel(context.db, dim, value);
  if (indicator === DEMAND_DRILL) {
    const d = await demandDrill(context.db, user, q);
    if (!d) throw new Response('Forbidden', { status: 403 });
    return { kind: 'demand' as const, indicator, ...q, label, total: d.rows.length, rows: d.rows.slice(0, DRILL_PAGE_ROWS), figures: d.total, cycles: d.cycles };
  }
  if (!isIndicatorId(indicator)) throw new Response('Bad request', { status: 400 });
  if (indicator === 'notOrdered') {
    const rows = await notOrderedList(context.db, user, q);
    return { kind: 'notOrdered' as const, indicator, ...q, label, total: rows.length, rows: rows.slice(0, DRILL_PAGE_ROWS), retailers: new Set(rows.map((r) => r.retailerId)).size };
  }
  const rows = await drillDown(context.db, user, { indicator, ...q });
  const numerator = rows.reduce((n, r) => n + r.numerator, 0);
  const denominator = rows.reduce((n, r) => n + r.denominator, 0);
  return { kind: 'counts' as const, indicator, ...q, label, total: rows.length, rows: rows.slice(0, DRILL_PAGE_ROWS), numerator, denominator };
}

export default function MonitoringDrillDown() {
  const d = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  if (d.kind === 'demand') {
    const csv = `/resources/monitoring-export?${new URLSearchParams({ report: 'drill', indicator: d.indicator, dim: d.dim, value: d.value, from: d.from, to: d.to }).toString()}`;
    return <DemandDrillView d={d} group={dimensionValueLabel(d.dim, d.value, d.label, t, i18n.language)} exportHref={csv} />;
  }
  const indicator = d.indicator;
  const group = dimensionValueLabel(d.dim, d.value, d.label, t, i18n.language);
  const days = Math.round((Date.parse(d.to) - Date.parse(d.from)) / 86_400_000) + 1;
  const csvHref = `/resources/monitoring-export?${new URLSearchParams({ report: 'drill', indicator, dim: d.dim, value: d.value, from: d.from, to: d.to }).toString()}`;
  const xlsxHref = `/resources/monitoring-export?${new URLSearchParams({ report: 'notOrdered', dim: d.dim, value: d.value, from: d.from, to: d.to }).toString()}`;
  return (
    <>
      <p>
        <Link to="/staff">← {t('monitoring.drillBack')}</Link>
      </p>
      <div className="row-between">
        <h1>{t('monitoring.drillTitle', { indicator: t(`monitoring.indicators.${indicator}`), group })}</h1>
        <span className="badge">{t('monitoring.drillPeriod', { from: d.from, to: d.to })}</span>
      </div>
      <div className="row-between">
        <p>
          {t('monitoring.drillCount', { count: d.kind === 'notOrdered' ? d.retailers : d.total })}
          {d.kind === 'counts' ? (
            <>
              {' · '}
              {t(`monitoring.counts.${indicator}.numerator`)} {d.numerator.toLocaleString('en-US')} / {t(`monitoring.counts.${indicator}.denominator`)}{' '}
              {d.denominator.toLocaleString('en-US')} = <strong>{formatIndicator(indicator, drillValue(indicator, d.numerator, d.denominator, days))}</strong>
            </>
          ) : null}
        </p>
        <div className="chips">
          <a className="button secondary" href={csvHref} download>
            {t('monitoring.drillCsv')}
          </a>
          {d.kind === 'notOrdered' ? (
            <a className="button secondary" href={xlsxHref} download>
              {t('monitoring.notOrderedExport')}
            </a>
          ) : null}
        </div>
      </div>
      {d.total > d.rows.length ? <p className="form-info">{t('monitoring.drillTruncated', { shown: d.rows.length })}</p> : null}
      {d.total === 0 ? (
        <p className="muted">{t('monitoring.drillEmpty')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('monitoring.col.licenceNo')}</th>
                <th scope="col">{t('monitoring.col.retailer')}</th>
                <th scope="col">{t('monitoring.col.phone')}</th>
                <th scope="col">{t('monitoring.col.station')}</th>
                <th scope="col">{t('monitoring.col.manager')}</th>
                <th scope="col">{t('monitoring.col.managerPhone')}</th>
                {d.kind === 'notOrdered' ? (
                  <>
                    <th scope="col">{t('monitoring.col.orderDay')}</th>
                    <th scope="col">{t('monitoring.col.status')}</th>
                    <th scope="col" className="num">
                      {t('monitoring.col.emptyStreak')}
                    </th>
                  </>
                ) : (
                  <>
                    <th scope="col">{t('monitoring.col.orderDay')}</th>
                    <th scope="col" className="num">
                      {t(`monitoring.counts.${indicator}.numerator`)}
                    </th>
                    <th scope="col" className="num">
                      {t(`monitoring.counts.${indicator}.denominator`)}
                    </th>
                    <th scope="col" className="num">
                      {t('monitoring.col.value')}
                    </th>
                  </>
                )}
              </tr>
            </thead>
            <tbody>
              {d.kind === 'notOrdered'
                ? d.rows.map((r) => (
                    <tr key={`${r.retailerId}:${r.orderDay}`} className={r.emptyStreak >= 2 ? 'needs-call' : undefined}>
                      <td>{r.licenceNo}</td>
                      <td>{r.name}</td>
                      <td>{r.phone}</td>
                      <td>{i18n.language === 'en' ? r.stationEn : r.stationZh}</td>
                      <td>{r.managerName}</td>
                      <td>{r.managerPhone}</td>
                      <td>
                        {r.orderDay} {weekdayLabel(r.orderWeekday, t)}
                      </td>
                      <td>{t(`orderStatus.${r.status ?? 'none'}` as 'orderStatus.none')}</td>
                      <td className="num">
                        {r.emptyStreak >= 2 ? <span className="badge bad" title={t('monitoring.flagRepeat', { count: r.emptyStreak })}>{r.emptyStreak}</span> : r.emptyStreak}
                      </td>
                    </tr>
                  ))
                : d.rows.map((r) => (
                    <tr key={r.retailerId}>
                      <td>{r.licenceNo}</td>
                      <td>{r.name}</td>
                      <td>{r.phone}</td>
                      <td>{i18n.language === 'en' ? r.stationEn : r.stationZh}</td>
                      <td>{r.managerName}</td>
                      <td>{r.managerPhone}</td>
                      <td>{weekdayLabel(r.orderWeekday, t)}</td>
                      <td className="num">{r.numerator.toLocaleString('en-US')}</td>
                      <td className="num">{r.denominator.toLocaleString('en-US')}</td>
                      <td className="num">{formatIndicator(indicator, drillValue(indicator, r.numerator, r.denominator, days))}</td>
                    </tr>
                  ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
