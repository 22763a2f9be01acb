/**
 * The drill-down of a 配货对需求 figure (issue 18): every order line it sums — shop, manager, cycle, spec, requested,
 * estimated demand, allocated, demand met — with the figure recomputed from them at the top.
 */
import { Link } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { formatPercent } from '~/ui/format';
import type { DemandDrillRow } from '~/domain/indicators/demand-drill';
import { DemandCycleNotes, demandFigureText, type DemandCycleView, type DemandRatesView } from './demand-section';


export interface DemandDrillData {
  from: string;
  to: string;
  total: number;
  rows: DemandDrillRow[];
  cycles: DemandCycleView[];
  figures: DemandRatesView & { requestedCartons: number; demandMetCartons: number; regularSellers: number; regularCovered: number };
}

const cartons = (n: number) => (Math.round(n * 100) / 100).toLocaleString('en-US');

export function DemandDrillView({ d, group, exportHref }: { d: DemandDrillData; group: string; exportHref: string }) {
  const { t, i18n } = useTranslation();
  const f = d.figures;
  return (
    <>
      <p>
        <Link to="/staff#demand">← {t('monitoring.drillBack')}</Link>
      </p>
      <div className="row-between">
        <h1>{t('monitoringDemand.drillTitle', { group })}</h1>
        <span className="badge">{t('monitoring.drillPeriod', { from: d.from, to: d.to })}</span>
      </div>
      <DemandCycleNotes cycles={d.cycles} />
      <div className="row-between">
        <p>
          {t('monitoringDemand.drillCount', { count: d.total })}
          {' · '}
          <span data-testid="demand-drill-summary">
            {t('monitoringDemand.drillSummary', {
              met: cartons(f.demandMetCartons),
              demand: cartons(f.demandCartons),
              fill: formatPercent(f.demandFillRate),
              covered: f.regularCovered,
              regular: f.regularSellers,
              coverage: formatPercent(f.regularCoverage),
              allocated: f.allocatedCartons,
              requested: f.requestedCartons,
              orderFill: formatPercent(f.orderFillRate),
              evenness: demandFigureText('evenness', f.evenness),
            })}
          </span>
        </p>
        <a className="button secondary" href={exportHref} download>
          {t('monitoring.drillCsv')}
        </a>
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
                <th scope="col">{t('monitoringDemand.col.cycle')}</th>
                <th scope="col">{t('monitoringDemand.col.orderDay')}</th>
                <th scope="col">{t('monitoringDemand.col.spec')}</th>
                <th scope="col" className="num">
                  {t('monitoringDemand.col.requested')}
                </th>
                <th scope="col" className="num">
                  {t('monitoringDemand.col.demand')}
                </th>
                <th scope="col" className="num">
                  {t('monitoringDemand.col.allocated')}
                </th>
                <th scope="col" className="num">
                  {t('monitoringDemand.col.met')}
                </th>
                <th scope="col">{t('monitoringDemand.col.regular')}</th>
              </tr>
            </thead>
            <tbody>
              {d.rows.map((r) => (
                <tr key={`${r.cycleCode}:${r.retailerId}:${r.specCode}`}>
                  <td>{r.licenceNo}</td>
                  <td>{r.name}</td>
                  <td>{r.phone}</td>
                  <td>{i18n.language === 'en' ? r.stationEn : r.stationZh}</td>
                  <td>{r.managerName}</td>
                  <td>{r.cycleCode}</td>
                  <td>{r.orderDay}</td>
                  <td>
                    {r.specCode} {r.specName}
                  </td>
                  <td className="num">{r.requestedCartons}</td>
                  <td className="num">{cartons(r.demandCartons)}</td>
                  <td className="num">{r.allocatedCartons}</td>
                  <td className="num">{cartons(r.demandMetCartons)}</td>
                  <td>{r.regularSeller ? t('monitoringDemand.yes') : t('monitoringDemand.no')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
