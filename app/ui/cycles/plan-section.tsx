/**
 * The cycle page's plan card: the plan file form (caps or supply, Excel or CSV), copying the previous cycle's plan,
 * one spec's supply and grade bands, and every orderable spec's plan with what was ordered of it.
 */
import { Form, Link } from '@remix-run/react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { DEFAULT_BANDS, type BandProblem } from '~/domain/allocation';
import { BAND_ROWS } from '~/domain/forms/cycle';
import { useFileSizeCheck } from '~/ui/uploads/file-size-check';

interface PlanRow {
  id: number;
  code: string;
  name: string;
  isScarce: number;
  supplyCartons: number | null;
  bands: { gradeFrom: number; gradeTo: number; capCartons: number }[];
  requestedCartons: number;
}

export interface PlanSectionProps {
  cycleId: number;
  plan: PlanRow[];
  editable: boolean;
  /** The spec being edited (?edit=id, or the one whose bands were refused). */
  editing: PlanRow | undefined;
  /** The refused bands of the spec being edited: problems between bands, or the form row that does not read. */
  bandsRefused: { problems: BandProblem[] | null; row?: number; rows?: number[] } | null;
  maxFileBytes: number;
  busy: boolean;
}

export function PlanSection({ cycleId, plan, editable, editing, bandsRefused, maxFileBytes, busy }: PlanSectionProps) {
  const { t } = useTranslation();
  const sizeCheck = useFileSizeCheck(maxFileBytes);
  return (
    <section className="card" id="plan" aria-labelledby="plan-title">
      <h2 id="plan-title">{t('cycles.plan')}</h2>
      <p className="muted">{editable ? t('cycles.planIntro') : t('cycles.planLocked')}</p>
      {editable ? (
        <>
          <Form method="post" encType="multipart/form-data" className="form" onSubmit={sizeCheck.onSubmit}>
            <div className="field">
              <label htmlFor="plan-kind">{t('cycles.fileKind')}</label>
              <select id="plan-kind" name="kind" className="select" defaultValue="caps">
                <option value="caps">{t('cycles.kind.caps')}</option>
                <option value="supply">{t('cycles.kind.supply')}</option>
              </select>
            </div>
            <div className="field">
              <label htmlFor="plan-file">{t('cycles.file')}</label>
              <input id="plan-file" name="file" type="file" accept=".xlsx,.csv,.txt" required />
              <span className="hint">
                {t('cycles.templates')}: <a href="/staff/cycles/template?kind=caps&format=xlsx">{t('cycles.kind.caps')} Excel</a> ·{' '}
                <a href="/staff/cycles/template?kind=caps&format=csv">{t('cycles.kind.caps')} CSV</a> ·{' '}
                <a href="/staff/cycles/template?kind=supply&format=xlsx">{t('cycles.kind.supply')} Excel</a> ·{' '}
                <a href="/staff/cycles/template?kind=supply&format=csv">{t('cycles.kind.supply')} CSV</a>
              </span>
            </div>
            {sizeCheck.error ? (
              <p className="form-error" role="alert">
                {sizeCheck.error}
              </p>
            ) : null}
            <button type="submit" className="button secondary" disabled={busy}>
              {t('cycles.upload')}
            </button>
          </Form>
          <Form method="post" className="filter-row">
            <button type="submit" name="intent" value="copy" className="button secondary" disabled={busy}>
              {t('cycles.copyPrevious')}
            </button>
          </Form>
        </>
      ) : null}

      {editable && editing ? <SpecPlanForm key={editing.id} cycleId={cycleId} spec={editing} refused={bandsRefused} busy={busy} /> : null}

      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('cycles.spec')}</th>
              <th scope="col" className="num">{t('cycles.supply')}</th>
              <th scope="col">{t('cycles.caps')}</th>
              <th scope="col" className="num">{t('cycles.requested')}</th>
            </tr>
          </thead>
          <tbody>
            {plan.map((s) => (
              <tr key={s.id}>
                <td>
                  {editable ? <Link to={`?edit=${s.id}#edit`}>{s.name}</Link> : s.name}
                  <div className="muted">
                    {s.code}
                    {s.isScarce ? <span className="badge warn"> {t('order.scarce')}</span> : null}
                  </div>
                </td>
                <td className="num">{s.supplyCartons ?? t('cycles.unlimited')}</td>
                <td>{s.bands.length ? s.bands.map((b) => `${b.gradeFrom}–${b.gradeTo}: ${b.capCartons}`).join(' · ') : t('cycles.noCap')}</td>
                <td className="num">{s.requestedCartons}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** One spec's supply (blank = unlimited) and up to BAND_ROWS grade bands with their caps. */
function SpecPlanForm({ cycleId, spec, refused, busy }: { cycleId: number; spec: PlanRow; refused: PlanSectionProps['bandsRefused']; busy: boolean }) {
  const { t } = useTranslation();
  return (
    <Form method="post" className="form card" id="edit">
      <h3>{t('cycles.editSpec', { name: spec.name })}</h3>
      <input type="hidden" name="specId" value={spec.id} />
      <div className="field">
        <label htmlFor="supplyCartons">{t('cycles.supplyLabel')}</label>
        <input id="supplyCartons" name="supplyCartons" inputMode="numeric" defaultValue={spec.supplyCartons ?? ''} />
        <span className="hint">{t('cycles.supplyHint')}</span>
      </div>
      <fieldset className="plain">
        <legend>{t('cycles.bands')}</legend>
        <p className="hint muted">{t('cycles.bandsHint')}</p>
        {Array.from({ length: BAND_ROWS }, (_, i) => {
          const band = spec.bands.length ? spec.bands[i] : DEFAULT_BANDS[i] ? { gradeFrom: DEFAULT_BANDS[i]![0], gradeTo: DEFAULT_BANDS[i]![1], capCartons: null } : undefined;
          return (
            <div className="filter-row" key={i}>
              <label className="visually-hidden" htmlFor={`from${i}`}>{t('cycles.gradeFrom', { row: i + 1 })}</label>
              <input className="qty" id={`from${i}`} name={`from${i}`} inputMode="numeric" defaultValue={band?.gradeFrom ?? ''} placeholder={t('cycles.from')} />
              <span>–</span>
              <label className="visually-hidden" htmlFor={`to${i}`}>{t('cycles.gradeTo', { row: i + 1 })}</label>
              <input className="qty" id={`to${i}`} name={`to${i}`} inputMode="numeric" defaultValue={band?.gradeTo ?? ''} placeholder={t('cycles.to')} />
              <span>:</span>
              <label className="visually-hidden" htmlFor={`cap${i}`}>{t('cycles.capOfRow', { row: i + 1 })}</label>
              <input className="qty" id={`cap${i}`} name={`cap${i}`} inputMode="numeric" defaultValue={band?.capCartons ?? ''} placeholder={t('cycles.cap')} />
            </div>
          );
        })}
      </fieldset>
      {refused ? (
        <div className="form-error" role="alert">
          {refused.problems
            ? refused.problems.map((p, i) => <p key={i}>{bandProblemText(p, refused.rows ?? [], t)}</p>)
            : t('cycles.bandRowInvalid', { row: (refused.row ?? 0) + 1 })}
        </div>
      ) : null}
      <div className="filter-row">
        <button type="submit" name="intent" value="spec" className="button" disabled={busy}>
          {t('cycles.save')}
        </button>
        <Link to={`/staff/cycles/${cycleId}#plan`}>{t('cycles.cancelEdit')}</Link>
      </div>
    </Form>
  );
}

/** A band problem named by the form row it is on (blank rows are skipped, so indexes differ). */
function bandProblemText(p: BandProblem, formRows: number[], t: TFunction<'common'>): string {
  const row = (formRows[p.index] ?? p.index) + 1;
  switch (p.code) {
    case 'gap':
      return t('cycles.band.gap', { row, from: p.from, to: p.to });
    case 'overlap':
      return t('cycles.band.overlap', { row, other: (formRows[p.other] ?? p.other) + 1 });
    default:
      return t(`cycles.band.${p.code}`, { row });
  }
}
