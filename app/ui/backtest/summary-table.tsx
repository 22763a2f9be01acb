/** The backtest's policy table (fill rate, stock, …) and policy names, for the county replay and a file's. */
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { PolicySummary } from '~/domain/backtest';
import { formatPercent } from '../format';

/** Policy names are the simulator's (stable, English); the page shows them in the user's language. */
export function policyLabel(name: string, t: TFunction<'common'>): string {
  const rule = /^rule@(\d\.\d+)$/.exec(name);
  if (rule) return t('backtest.policies.rule', { level: formatPercent(Number(rule[1])) });
  const b1 = /^B1 28d avg ×(\d+\.\d)$/.exec(name);
  if (b1) return t('backtest.policies.b1', { multiplier: b1[1] });
  const b2 = /^B2 min\/max (\d+)\/(\d+)d$/.exec(name);
  if (b2) return t('backtest.policies.b2', { min: b2[1], max: b2[2] });
  return name.startsWith('B0') ? t('backtest.policies.b0') : name;
}

/** One row per policy; `showCap` false for a replay without caps (a file's), where the column is always 0. */
export function SummaryTable({ rows, showCap = true }: { rows: readonly PolicySummary[]; showCap?: boolean }) {
  const { t } = useTranslation();
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{t('backtest.policy')}</th>
            <th scope="col" className="num">{t('backtest.fillRate')}</th>
            <th scope="col" className="num">{t('backtest.cycleService')}</th>
            <th scope="col" className="num">{t('backtest.stockOutDays')}</th>
            <th scope="col" className="num">{t('backtest.averageStock')}</th>
            <th scope="col" className="num">{t('backtest.daysOfCover')}</th>
            <th scope="col" className="num">{t('backtest.ordersPerWeek')}</th>
            {showCap ? <th scope="col" className="num">{t('backtest.capBinds')}</th> : null}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.policy}>
              <td>{policyLabel(r.policy, t)}</td>
              <td className="num">{formatPercent(r.fillRate)}</td>
              <td className="num">{formatPercent(r.cycleServiceLevel)}</td>
              <td className="num">{formatPercent(r.stockOutDayRate)}</td>
              <td className="num">{r.averageStockPacks?.toFixed(2) ?? '—'}</td>
              <td className="num">{r.daysOfCover?.toFixed(1) ?? '—'}</td>
              <td className="num">{r.ordersPerWeek?.toFixed(2) ?? '—'}</td>
              {showCap ? <td className="num">{formatPercent(r.capBindingRate)}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
