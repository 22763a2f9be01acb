/**
 * "How did the suggestions do": plain words first, then a small chart and the table of the same numbers. Shared by
 * the shop's page (/retailer/suggestions) and its manager's (/manager/retailers/:id/suggestions).
 */
import { useTranslation } from 'react-i18next';
import type { CycleRecord, recordSummary } from '~/domain/shop/suggestion-record';
import { BarChart } from '~/ui/charts/bar-chart';
import { formatQuantity } from '~/ui/format';

export interface SuggestionRecordData {
  cycles: CycleRecord[];
  summary: ReturnType<typeof recordSummary>;
  specsOut: Array<{ specId: number; name: string; cycles: number }>;
}

const cartons = (n: number) => Math.round(n * 10) / 10;
const PLACED = new Set(['submitted', 'allocated', 'confirmed', 'delivered']);

export function SuggestionRecord({ data }: { data: SuggestionRecordData }) {
  const { t } = useTranslation();
  const { cycles, summary, specsOut } = data;
  if (!cycles.length) return <p className="card muted">{t('shop.record.none')}</p>;
  const qty = (n: number) => formatQuantity('cartons', cartons(n), t);
  return (
    <>
      <section className="card plain-words" aria-live="polite">
        <p>
          {summary.verdict === 'no_data'
            ? t('shop.record.verdict.no_data')
            : t(`shop.record.verdict.${summary.verdict}`, { cycles: summary.cycles, ordered: qty(summary.ordered), suggested: qty(summary.suggested), sold: qty(summary.sold) })}
        </p>
        <p>
          {summary.daysWithoutStock === null
            ? t('shop.record.stockUnknown')
            : summary.daysWithoutStock > 0
              ? t('shop.record.stockOut', { days: formatQuantity('days', summary.daysWithoutStock, t) })
              : t('shop.record.noStockOut')}
        </p>
        {specsOut.length ? <p>{t('shop.record.specsOut', { specs: specsOut.map((s) => t('shop.record.specOut', { name: s.name, count: s.cycles })).join('、') })}</p> : null}
      </section>

      <section className="card">
        <BarChart
          label={t('shop.record.chartLabel')}
          series={[
            { name: t('shop.record.suggested'), className: 'bar-suggested' },
            { name: t('shop.record.ordered'), className: 'bar-ordered' },
            { name: t('shop.record.sold'), className: 'bar-sold' },
          ]}
          groups={cycles.map((c) => ({ label: c.code.slice(-3), values: [c.suggestedCartons, c.orderedCartons, c.days ? c.soldCartons : null] }))}
        />
        <div className="table-wrap">
          <table className="record-table">
            <thead>
              <tr>
                <th scope="col">{t('shop.record.cycle')}</th>
                <th scope="col" className="num">
                  {t('shop.record.suggested')}
                </th>
                <th scope="col" className="num">
                  {t('shop.record.ordered')}
                </th>
                <th scope="col" className="num">
                  {t('shop.record.sold')}
                </th>
                <th scope="col" className="num">
                  {t('shop.record.daysOut')}
                </th>
              </tr>
            </thead>
            <tbody>
              {[...cycles].reverse().map((c) => (
                <tr key={c.code}>
                  <th scope="row">
                    {c.code}
                    {!c.complete ? (
                      <span className="record-note">{c.days ? t('shop.record.inProgress', { count: c.days }) : t('shop.record.notStarted')}</span>
                    ) : null}
                  </th>
                  <td className="num">{c.suggestedCartons === null ? <span className="muted">{t('shop.record.noSuggestion')}</span> : cartons(c.suggestedCartons)}</td>
                  <td className="num">{c.orderedCartons > 0 || PLACED.has(c.orderStatus ?? '') ? c.orderedCartons : <span className="muted">{t('shop.record.notOrdered')}</span>}</td>
                  <td className="num">
                    {c.days ? cartons(c.soldCartons) : '—'}
                    {c.days && c.salesDays < c.days ? <span className="record-note">{t('shop.record.partialSales', { uploaded: c.salesDays, days: c.days })}</span> : null}
                  </td>
                  <td className="num">{c.daysWithoutStock === null ? '—' : c.daysWithoutStock}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <details className="card">
        <summary>{t('shop.record.howTitle')}</summary>
        <p>{t('shop.record.how.suggested')}</p>
        <p>{t('shop.record.how.sold')}</p>
        <p>{t('shop.record.how.daysOut')}</p>
      </details>
    </>
  );
}
