/**
 * The market supervision list (市场监管, issue 18), shared by the manager's page (its route) and the staff page
 * (the county): one card per flagged shop × scarce spec with the numbers behind it, the cycles in a table below.
 */
import { useTranslation } from 'react-i18next';
import { BEYOND_FACTOR, MIN_CYCLES_ORDERED, SUPERVISION_CYCLES, type SupervisionList as List, type SupervisionRow } from '~/domain/allocation';

export function SupervisionList({ list }: { list: List }) {
  const { t } = useTranslation();
  const first = list.cycles[0];
  const last = list.cycles.at(-1);
  return (
    <>
      <h1>{t('supervision.title')}</h1>
      <p className="muted">{t('supervision.intro', { cycles: SUPERVISION_CYCLES, minCycles: MIN_CYCLES_ORDERED, factor: BEYOND_FACTOR })}</p>
      {first && last ? <p>{t('supervision.window', { from: first.code, to: last.code })}</p> : <p className="card">{t('supervision.noCycles')}</p>}
      {first && list.rows.length === 0 ? <p className="card">{t('supervision.none')}</p> : null}
      {list.rows.length > 0 ? <p className="muted">{t('supervision.count', { count: list.rows.length })}</p> : null}
      {list.rows.map((row) => (
        <SupervisionCard key={`${row.retailerId}:${row.specId}`} row={row} />
      ))}
    </>
  );
}

function SupervisionCard({ row }: { row: SupervisionRow }) {
  const { t } = useTranslation();
  const id = `sup-${row.retailerId}-${row.specId}`;
  const packs = (n: number | null) => (n === null ? t('supervision.unknown') : t('supervision.soldPacks', { count: n }));
  const sold =
    row.windowSoldPacks === null
      ? t('supervision.unknown')
      : row.uploadedDays < row.windowDays
        ? t('supervision.soldScaled', { amount: t('supervision.soldPacks', { count: row.windowSoldPacks }), uploaded: row.uploadedDays, days: row.windowDays })
        : t('supervision.soldPacks', { count: row.windowSoldPacks });
  return (
    <section className="card" aria-labelledby={id} data-testid="supervision-row">
      <h2 id={id}>
        {row.retailerName} · {row.specName}
      </h2>
      <p className="muted">
        {row.licenceNo} · {t('supervision.grade', { grade: row.grade })} · {t('supervision.manager', { name: row.managerName })} · {row.specCode}
      </p>
      <dl className="figures">
        <div>
          <dt>{t('supervision.figures.asked')}</dt>
          <dd>{t('supervision.askedCycles', { amount: t('format.cartons', { count: row.askedCartons }), count: row.cyclesOrdered })}</dd>
        </div>
        <div>
          <dt>{t('supervision.figures.sold')}</dt>
          <dd>{sold}</dd>
        </div>
        <div>
          <dt>{t('supervision.figures.ratio')}</dt>
          <dd>{row.askedToSold === null ? '—' : t('supervision.times', { ratio: row.askedToSold })}</dd>
        </div>
        <div>
          <dt>{t('supervision.figures.allocated')}</dt>
          <dd>{t('format.cartons', { count: row.allocatedCartons })}</dd>
        </div>
        <div>
          <dt>{t('supervision.figures.received')}</dt>
          <dd>{packs(row.receivedPacks)}</dd>
        </div>
        <div>
          <dt>{t('supervision.figures.stock')}</dt>
          <dd>
            {packs(row.openingStockPacks)} → {packs(row.closingStockPacks)}
          </dd>
        </div>
        <div>
          <dt title={t('supervision.unaccountedHint')}>{t('supervision.figures.unaccounted')}</dt>
          <dd>{packs(row.unaccountedPacks)}</dd>
        </div>
      </dl>
      <details>
        <summary>{t('supervision.byCycle')}</summary>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('supervision.cycle')}</th>
                <th scope="col" className="num">{t('supervision.figures.asked')}</th>
                <th scope="col" className="num">{t('supervision.figures.allocated')}</th>
                <th scope="col" className="num">{t('supervision.figures.sold')}</th>
                <th scope="col" className="num">{t('supervision.uploadedDays')}</th>
              </tr>
            </thead>
            <tbody>
              {row.cycles.map((c) => (
                <tr key={c.cycleCode}>
                  <th scope="row">{c.cycleCode}</th>
                  <td className="num">{c.askedCartons}</td>
                  <td className="num">{c.allocatedCartons}</td>
                  <td className="num">{c.soldPacks}</td>
                  <td className="num">
                    {c.uploadedDays}/{c.days}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </section>
  );
}
