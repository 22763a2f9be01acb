/**
 * Stations and managers ranked by the chosen indicator (best first, which way is better from the target or the
 * indicator's usual direction), each with 环比 and 同比 and its bar beside the ranking.
 */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { INDICATOR_FORMAT, type IndicatorId, type IndicatorValues } from '~/domain/indicators';
import { changeOf, rankBy } from '~/domain/indicators/comparisons';
import { DEFAULT_DIRECTION, targetStatus, type IndicatorTarget } from '~/domain/indicators/targets';
import { formatIndicator, type ValueLabel } from '~/ui/charts/indicator-format';
import { RankingBars } from '~/ui/charts/ranking-bars';
import { ChangeMark, TargetMark } from './marks';

export interface RankingRow {
  value: string;
  label: ValueLabel | null;
  current: IndicatorValues;
  previous: IndicatorValues;
  yearAgo: IndicatorValues | null;
}

export function RankingTable({
  id,
  dim,
  rows,
  target,
  heading,
  chartLabel,
}: {
  id: IndicatorId;
  dim: 'station' | 'manager';
  rows: RankingRow[];
  target: IndicatorTarget | undefined;
  heading: string;
  chartLabel: string;
}) {
  const { t, i18n } = useTranslation();
  const better = target?.direction ?? DEFAULT_DIRECTION[id];
  const ranked = useMemo(() => rankBy(rows, (r) => r.current[id], better), [rows, id, better]);
  const name = (r: RankingRow) => (r.label ? (i18n.language === 'en' ? r.label.en : r.label.zh) : r.value);
  const headingId = `rank-${dim}`;
  const chart = useMemo(
    () => ({
      names: ranked.filter((r) => r.rank > 0).map((r) => name(r.item)),
      values: ranked.filter((r) => r.rank > 0).map((r) => r.item.current[id]),
      statuses: ranked.filter((r) => r.rank > 0).map((r) => targetStatus(r.item.current[id], target)),
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [ranked, id, target, i18n.language],
  );
  return (
    <section className="card ranking" aria-labelledby={headingId} data-testid={`ranking-${dim}`}>
      <h3 id={headingId}>{heading}</h3>
      <div className="ranking-grid">
        <div className="table-wrap">
          <table className="ranking-table">
            <thead>
              <tr>
                <th scope="col" className="num">
                  {t('insights.rankings.rank')}
                </th>
                <th scope="col">{t('insights.rankings.name')}</th>
                <th scope="col" className="num">
                  {t('insights.rankings.value')}
                </th>
                <th scope="col">{t('insights.rankings.mom')}</th>
                <th scope="col">{t('insights.rankings.yoy')}</th>
              </tr>
            </thead>
            <tbody>
              {ranked.map(({ rank, item }) => (
                <tr key={item.value}>
                  <td className="num">{rank > 0 ? rank : t('insights.rankings.unranked')}</td>
                  <th scope="row">{name(item)}</th>
                  <td className="num">
                    {formatIndicator(id, item.current[id])} <TargetMark id={id} value={item.current[id]} target={target} />
                  </td>
                  <td>
                    <ChangeMark id={id} change={changeOf(item.current[id], item.previous[id], better)} />
                  </td>
                  <td>
                    <ChangeMark id={id} change={item.yearAgo ? changeOf(item.current[id], item.yearAgo[id], better) : null} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <RankingBars
          names={chart.names}
          values={chart.values}
          statuses={chart.statuses}
          format={INDICATOR_FORMAT[id]}
          target={target?.target ?? null}
          targetLabel={t('insights.charts.target')}
          language={i18n.language}
          label={chartLabel}
          loadingText={t('monitoring.chartLoading')}
        />
      </div>
    </section>
  );
}
