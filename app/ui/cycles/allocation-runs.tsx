/** The cycle page's allocation card: the last runs, the latest run by spec, failed orders, and shops' reported problems. */
import { Link } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '~/ui/format';

export interface AllocationRunsProps {
  /** For the link to the cycle's allocation methods and demand (staff.cycles.$cycleId_.allocation). */
  cycleId: number;
  overview: {
    runs: { id: number; runAt: string; runBy: string; ordersCount: number; requestedCartons: number; allocatedCartons: number; failedOrders: number; shortSpecs: number; publishedAt: string | null }[];
    specOutcomes: { specId: number; name: string; short: boolean; supplyCartons: number | null; eligibleCartons: number; allocatedCartons: number }[];
    failed: { id: number; name: string; licenceNo: string; failureReason: string | null }[];
    problems: { id: number; name: string; licenceNo: string; allocationProblem: string | null; allocationProblemAt: string | null }[];
  };
}

export function AllocationRuns({ cycleId, overview }: AllocationRunsProps) {
  const { t } = useTranslation();
  const methods = (
    <p>
      <Link to={`/staff/cycles/${cycleId}/allocation`}>{t('allocation.open')} →</Link>
    </p>
  );
  if (!overview.runs.length) {
    return (
      <section className="card" aria-labelledby="alloc-title">
        <h2 id="alloc-title">{t('cycles.allocation')}</h2>
        {methods}
      </section>
    );
  }
  return (
    <section className="card" aria-labelledby="alloc-title">
      <h2 id="alloc-title">{t('cycles.allocation')}</h2>
      {methods}
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('cycles.runAt')}</th>
              <th scope="col" className="num">{t('cycles.runOrders')}</th>
              <th scope="col" className="num">{t('cycles.requested')}</th>
              <th scope="col" className="num">{t('cycles.allocated')}</th>
              <th scope="col" className="num">{t('cycles.failed')}</th>
              <th scope="col" className="num">{t('cycles.shortSpecs')}</th>
            </tr>
          </thead>
          <tbody>
            {overview.runs.map((r) => (
              <tr key={r.id}>
                <td>
                  {formatDateTime(r.runAt)} · {r.runBy}
                  {r.publishedAt ? <span className="badge ok"> {t('cycles.publishedRun')}</span> : null}
                </td>
                <td className="num">{r.ordersCount}</td>
                <td className="num">{r.requestedCartons}</td>
                <td className="num">{r.allocatedCartons}</td>
                <td className="num">{r.failedOrders}</td>
                <td className="num">{r.shortSpecs}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {overview.specOutcomes.length ? (
        <>
          <h3>{t('cycles.bySpec')}</h3>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('cycles.spec')}</th>
                  <th scope="col" className="num">{t('cycles.supply')}</th>
                  <th scope="col" className="num">{t('cycles.eligible')}</th>
                  <th scope="col" className="num">{t('cycles.allocated')}</th>
                </tr>
              </thead>
              <tbody>
                {overview.specOutcomes.map((s) => (
                  <tr key={s.specId}>
                    <td>
                      {s.name} {s.short ? <span className="badge warn">{t('cycles.short')}</span> : null}
                    </td>
                    <td className="num">{s.supplyCartons}</td>
                    <td className="num">{s.eligibleCartons}</td>
                    <td className="num">{s.allocatedCartons}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
      {overview.failed.length ? (
        <>
          <h3>{t('cycles.failedOrders')}</h3>
          <ul className="todo">
            {overview.failed.map((f) => (
              <li key={f.id}>
                {f.name} ({f.licenceNo}): {f.failureReason}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {overview.problems.length ? (
        <>
          <h3>{t('cycles.problems')}</h3>
          <ul className="todo">
            {overview.problems.map((p) => (
              <li key={p.id}>
                {p.name} ({p.licenceNo}) · {p.allocationProblemAt ? formatDateTime(p.allocationProblemAt) : ''}: {p.allocationProblem}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
