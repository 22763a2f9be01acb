/**
 * One short spec on the cycle's allocation page: its method form, the figures against demand, and who got what
 * by grade band, station and business type, with the estimated demand beside it.
 */
import { Form } from '@remix-run/react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodProblem } from '~/domain/allocation';
import { formatPercent } from '~/ui/format';

export interface Figures {
  shops: number;
  regularSellers: number;
  requestedCartons: number;
  allocatedCartons: number;
  demandCartons: number;
  demandMetCartons: number;
  regularCovered: number;
  covered: number;
}

type Problem = MethodProblem & { floor?: number; supply?: number; sum?: number };

export interface SpecAllocationProps {
  spec: {
    specId: number;
    code: string;
    name: string;
    supplyCartons: number;
    method: { kind: 'grade' } | { kind: 'demand'; floorCartons: number } | { kind: 'blend'; floorCartons: number; gradePercent: number; demandPercent: number };
    total: Figures;
    byGradeBand: Array<{ key: string } & Figures>;
    byStation: Array<{ key: string } & Figures>;
    byBusinessType: Array<{ key: string } & Figures>;
    bandsLeftOut: string[];
    evenness: number | null;
    bandFillGap: number | null;
  };
  editable: boolean;
  busy: boolean;
  problems: Problem[] | null;
}

const demandFill = (f: Figures) => (f.demandCartons > 0 ? Math.min(1, f.demandMetCartons / f.demandCartons) : null);
const coverage = (f: Figures) => (f.regularSellers > 0 ? f.regularCovered / f.regularSellers : null);
const orderFill = (f: Figures) => (f.requestedCartons > 0 ? f.allocatedCartons / f.requestedCartons : null);
const cartons = (n: number) => (Math.round(n * 10) / 10).toLocaleString();

export function ProblemList({ items }: { items: Problem[] }) {
  const { t } = useTranslation();
  return (
    <ul>
      {items.map((p) => (
        <li key={`${p.field}-${p.code}`}>{t(`allocation.problem.${p.code}`, { field: t(`allocation.field.${p.field}`), floor: p.floor ?? '', supply: p.supply ?? '', sum: p.sum ?? '' })}</li>
      ))}
    </ul>
  );
}

export function SpecAllocation({ spec, editable, busy, problems }: SpecAllocationProps) {
  const { t } = useTranslation();
  const [kind, setKind] = useState(spec.method.kind);
  const floor = spec.method.kind === 'grade' ? 1 : spec.method.floorCartons;
  const gradePercent = spec.method.kind === 'blend' ? spec.method.gradePercent : 50;
  const demandPercent = spec.method.kind === 'blend' ? spec.method.demandPercent : 50;
  const id = `spec-${spec.specId}`;
  const problemOf = (field: string) => problems?.find((p) => p.field === field);
  return (
    <section className="card" aria-labelledby={id}>
      <h2 id={id}>
        {spec.code} {spec.name} <span className="badge">{t(`allocation.method.${spec.method.kind}`)}</span>
      </h2>
      <dl className="figures">
        <div>
          <dt>{t('allocation.figures.supply')}</dt>
          <dd>{t('allocation.cartons', { count: spec.supplyCartons })}</dd>
        </div>
        <div>
          <dt>{t('allocation.figures.allocated')}</dt>
          <dd>{t('allocation.cartons', { count: spec.total.allocatedCartons })}</dd>
        </div>
        <div>
          <dt>{t('allocation.figures.demand')}</dt>
          <dd>{cartons(spec.total.demandCartons)}</dd>
        </div>
        <div>
          <dt>{t('allocation.figures.demandFill')}</dt>
          <dd>{formatPercent(demandFill(spec.total))}</dd>
        </div>
        <div>
          <dt>{t('allocation.figures.orderFill')}</dt>
          <dd>{formatPercent(orderFill(spec.total))}</dd>
        </div>
        <div>
          <dt>{t('allocation.figures.coverage')}</dt>
          <dd>
            {formatPercent(coverage(spec.total))} ({spec.total.regularCovered}/{spec.total.regularSellers})
          </dd>
        </div>
        <div>
          <dt title={t('allocationEvenness.evennessHint')}>{t('allocationEvenness.evenness')}</dt>
          <dd data-testid="fill-evenness">{spec.evenness === null ? '—' : spec.evenness.toFixed(2)}</dd>
        </div>
        <div>
          <dt title={t('allocationEvenness.bandGapHint')}>{t('allocationEvenness.bandGap')}</dt>
          <dd>{spec.bandFillGap === null ? '—' : t('allocationEvenness.points', { count: Math.round(spec.bandFillGap * 100) })}</dd>
        </div>
      </dl>
      <p className="muted">{t('allocationEvenness.definition')}</p>
      {spec.total.regularSellers > 0 ? (
        spec.bandsLeftOut.length ? (
          <p className="form-error">{t('allocation.leftOut', { bands: spec.bandsLeftOut.join('、') })}</p>
        ) : (
          <p className="form-ok">{t('allocation.noneLeftOut')}</p>
        )
      ) : null}
      {editable ? (
        <Form method="post" className="stack">
          <input type="hidden" name="specId" value={spec.specId} />
          <label>
            {t('allocation.methodLabel')}
            <select name="method" value={kind} onChange={(e) => setKind(e.target.value as typeof kind)}>
              {(['grade', 'demand', 'blend'] as const).map((k) => (
                <option key={k} value={k}>
                  {t(`allocation.method.${k}`)}
                </option>
              ))}
            </select>
          </label>
          {kind !== 'grade' ? (
            <label>
              {t('allocation.floor')}
              <input name="floorCartons" type="number" inputMode="numeric" min={0} max={50} defaultValue={floor} aria-invalid={problemOf('floorCartons') ? true : undefined} aria-describedby={`${id}-floor-hint`} />
              <small id={`${id}-floor-hint`}>{t('allocation.floorHint')}</small>
            </label>
          ) : null}
          {kind === 'blend' ? (
            <>
              <label>
                {t('allocation.gradePercent')}
                <input name="gradePercent" type="number" inputMode="numeric" min={0} max={100} defaultValue={gradePercent} aria-invalid={problemOf('gradePercent') ? true : undefined} />
              </label>
              <label>
                {t('allocation.demandPercent')}
                <input name="demandPercent" type="number" inputMode="numeric" min={0} max={100} defaultValue={demandPercent} aria-invalid={problemOf('demandPercent') ? true : undefined} />
              </label>
            </>
          ) : null}
          {problems ? (
            <div className="form-error" role="alert">
              <p>{t('allocation.error.bad_method')}</p>
              <ProblemList items={problems} />
            </div>
          ) : null}
          <button type="submit" name="intent" value="method" disabled={busy}>
            {t('allocation.save')}
          </button>
        </Form>
      ) : null}
      <GroupTable caption={t('allocation.by.grade')} rows={spec.byGradeBand.map((g) => ({ ...g, label: t('allocation.gradeBand', { band: g.key }) }))} />
      <GroupTable caption={t('allocation.by.station')} rows={spec.byStation.map((g) => ({ ...g, label: g.key }))} />
      <GroupTable caption={t('allocation.by.businessType')} rows={spec.byBusinessType.map((g) => ({ ...g, label: t(`businessType.${g.key as 'grocery'}`) }))} />
    </section>
  );
}

function GroupTable({ caption, rows }: { caption: string; rows: Array<Figures & { key: string; label: string }> }) {
  const { t } = useTranslation();
  if (!rows.length) return null;
  return (
    <div className="table-wrap">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('allocation.group')}</th>
            <th scope="col" className="num">{t('allocation.figures.shops')}</th>
            <th scope="col" className="num">{t('allocation.figures.requested')}</th>
            <th scope="col" className="num">{t('allocation.figures.demand')}</th>
            <th scope="col" className="num">{t('allocation.figures.allocated')}</th>
            <th scope="col" className="num">{t('allocation.figures.demandFill')}</th>
            <th scope="col" className="num">{t('allocation.figures.coverage')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              <th scope="row">{r.label}</th>
              <td className="num">{r.shops}</td>
              <td className="num">{r.requestedCartons}</td>
              <td className="num">{cartons(r.demandCartons)}</td>
              <td className="num">{r.allocatedCartons}</td>
              <td className="num">{formatPercent(demandFill(r))}</td>
              <td className="num">
                {formatPercent(coverage(r))} ({r.regularCovered}/{r.regularSellers})
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
