/**
 * 配货对需求 on the monitoring page (issue 18): 需求满足率, coverage of regular sellers, evenness of fill and 订单满足率
 * over the same order lines, per value of the page's dimension, this period and the one before, each figure a link
 * to the lines behind it (the drill-down), shown when asked for (like 销售结构: it reads order lines, not the roll-ups).
 * The figures come from app/server/monitoring-demand.server.ts; the shape
 * here is what this section reads of them.
 */
import { Link } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { formatPercent } from '~/ui/format';

export interface DemandRatesView {
  demandFillRate: number | null;
  regularCoverage: number | null;
  orderFillRate: number | null;
  evenness: number | null;
  demandCartons: number;
  allocatedCartons: number;
}

export interface DemandCycleView {
  code: string;
  preparedAt: string | null;
  estimatedAfterRun: boolean;
}

export interface DemandSectionView {
  period: { from: string; to: string };
  previous: { from: string; to: string };
  cycles: { current: DemandCycleView[]; previous: DemandCycleView[] };
  total: { current: DemandRatesView & { shops: number }; previous: DemandRatesView & { shops: number } };
  bandGap: { current: number | null; previous: number | null };
  rows: Array<{ value: string; label: { zh: string; en: string } | null; current: DemandRatesView; previous: DemandRatesView }>;
}

export const DEMAND_COLUMNS = ['demandFillRate', 'regularCoverage', 'evenness', 'orderFillRate'] as const;
const COLUMN_LABEL = { demandFillRate: 'demandFill', regularCoverage: 'coverage', evenness: 'evenness', orderFillRate: 'orderFill' } as const;

const evennessText = (v: number | null) => (v === null ? '—' : v.toFixed(2));
export const demandFigureText = (column: (typeof DEMAND_COLUMNS)[number], v: number | null) => (column === 'evenness' ? evennessText(v) : formatPercent(v));

/**
 * What the figures leave out or read differently, named by cycle: cycles without stored estimates (left out), and
 * cycles estimated again after their last run. The section and its drill-down say it the same way.
 */
export function DemandCycleNotes({ cycles }: { cycles: readonly DemandCycleView[] }) {
  const { t } = useTranslation();
  const codes = (pick: (c: DemandCycleView) => boolean) => [...new Set(cycles.filter(pick).map((c) => c.code))];
  const missing = codes((c) => c.preparedAt === null);
  const after = codes((c) => c.estimatedAfterRun);
  return (
    <>
      {missing.length ? (
        <p className="form-info" role="note">
          {t('monitoringDemand.missing', { count: missing.length, codes: missing.join('、') })}
        </p>
      ) : null}
      {after.length ? (
        <p className="form-info" role="note">
          {t('monitoringDemand.estimatedAfterRun', { count: after.length, codes: after.join('、') })}
        </p>
      ) : null}
    </>
  );
}

export function DemandSection({
  d,
  toggleHref,
  county,
  dimLabel,
  valueLabel,
  drillHref,
}: {
  /** Null until asked for (it reads order lines, not roll-ups): the heading and the button to show it. */
  d: DemandSectionView | null;
  toggleHref: string;
  /** The page's breakdown is the county itself: no rows, the total alone. */
  county: boolean;
  /** The breakdown's name, heading its column (管理所, 客户经理 …). */
  dimLabel: string;
  valueLabel: (value: string, label: { zh: string; en: string } | null) => string;
  drillHref: (value: string, from: string, to: string) => string;
}) {
  const { t } = useTranslation();
  const heading = (
    <div className="row-between">
      <h2 id="demand-heading">{t('monitoringDemand.title')}</h2>
      <Link className="button secondary" preventScrollReset to={toggleHref}>
        {d ? t('monitoringDemand.hide') : t('monitoringDemand.show')}
      </Link>
    </div>
  );
  if (!d)
    return (
      <section className="card" aria-labelledby="demand-heading" id="demand">
        {heading}
      </section>
    );
  const points = (gap: number | null) => (gap === null ? '—' : t('allocationEvenness.points', { count: Math.round(gap * 1000) / 10 }));
  const cells = (value: string, current: DemandRatesView, previous: DemandRatesView, name: string) =>
    DEMAND_COLUMNS.map((c) => (
      <td className="num" key={c}>
        <Link to={drillHref(value, d.period.from, d.period.to)} aria-label={`${t(`monitoringDemand.${COLUMN_LABEL[c]}`)} ${name}`}>
          {demandFigureText(c, current[c])}
        </Link>
        <div className="muted">
          <Link to={drillHref(value, d.previous.from, d.previous.to)} className="muted">
            {demandFigureText(c, previous[c])}
          </Link>
        </div>
      </td>
    ));
  return (
    <section className="card" aria-labelledby="demand-heading" id="demand">
      {heading}
      <p className="muted">{t('monitoringDemand.intro')}</p>
      <DemandCycleNotes cycles={[...d.cycles.current, ...d.cycles.previous]} />
      {d.total.current.shops === 0 && d.total.previous.shops === 0 ? (
        <p className="muted">{t('monitoringDemand.noLines')}</p>
      ) : (
        <>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{dimLabel}</th>
                  {DEMAND_COLUMNS.map((c) => (
                    <th scope="col" className="num" key={c}>
                      {t(`monitoringDemand.${COLUMN_LABEL[c]}`)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {county
                  ? null
                  : d.rows.map((r) => (
                      <tr key={r.value}>
                        <th scope="row">{valueLabel(r.value, r.label)}</th>
                        {cells(r.value, r.current, r.previous, valueLabel(r.value, r.label))}
                      </tr>
                    ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">{county ? t('monitoring.dims.county') : t('monitoring.total')}</th>
                  {cells('all', d.total.current, d.total.previous, t('monitoring.dims.county'))}
                </tr>
              </tfoot>
            </table>
          </div>
          <p className="muted">
            {t('monitoringDemand.bandGap', { current: points(d.bandGap.current), previous: points(d.bandGap.previous) })}
          </p>
          <p className="muted">{t('monitoringDemand.definition')}</p>
        </>
      )}
    </section>
  );
}
