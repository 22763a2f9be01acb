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
import { CycleExports } from './cycle-exports';

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
  /** What copying the previous cycle's plan would change (?copy=preview), or why it cannot. */
  copyPreview: CopyPreview | null;
  maxFileBytes: number;
  busy: boolean;
}

type PlanBand = { gradeFrom: number; gradeTo: number; capCartons: number };

export type CopyPreview =
  | { ok: false; reason: string }
  | {
      ok: true;
      fromCode: string;
      token: string;
      supplyRows: number;
      capRows: number;
      changes: { specId: number; code: string; name: string; supply: { from: number | null; to: number | null } | null; bands: { from: PlanBand[]; to: PlanBand[] } | null }[];
    };

export function PlanSection({ cycleId, plan, editable, editing, bandsRefused, copyPreview, maxFileBytes, busy }: PlanSectionProps) {
  const { t } = useTranslation();
  const sizeCheck = useFileSizeCheck(maxFileBytes);
  return (
    <section className="card" id="plan" aria-labelledby="plan-title">
      <h2 id="plan-title">{t('cycles.plan')}</h2>
      <p className="muted">{editable ? t('cycles.planIntro') : t('cycles.planLocked')}</p>
      <CycleExports cycleId={cycleId} />
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
          {copyPreview ? null : (
            <p className="filter-row">
              <Link to="?copy=preview#copy" className="button secondary">
                {t('cycles.copyPrevious')}
              </Link>
            </p>
          )}
        </>
      ) : null}
      {editable && copyPreview ? <CopyPreviewCard cycleId={cycleId} preview={copyPreview} busy={busy} /> : null}

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
                <td>{bandsText(s.bands, t)}</td>
                <td className="num">{s.requestedCartons}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

const bandsText = (bands: PlanBand[], t: TFunction<'common'>) => (bands.length ? bands.map((b) => `${b.gradeFrom}–${b.gradeTo}: ${b.capCartons}`).join(' · ') : t('cycles.noCap'));

/**
 * What copying the previous cycle's plan would change, spec by spec (now → after), and the one button that does
 * it; nothing is written until it is pressed, and not at all if the plan changed since this preview.
 */
function CopyPreviewCard({ cycleId, preview, busy }: { cycleId: number; preview: CopyPreview; busy: boolean }) {
  const { t } = useTranslation();
  const supplyText = (v: number | null) => (v === null ? t('cycles.unlimited') : String(v));
  return (
    <section className="card" id="copy" aria-labelledby="copy-title">
      <h3 id="copy-title">{preview.ok ? t('cycles.copyTitle', { code: preview.fromCode }) : t('cycles.copyPrevious')}</h3>
      {!preview.ok ? (
        <p className="form-error" role="alert">
          {t(`cycles.error.${preview.reason as 'no_previous'}`)}
        </p>
      ) : preview.changes.length === 0 ? (
        <p>{t('cycles.copyNothing', { code: preview.fromCode })}</p>
      ) : (
        <>
          <p>{t('cycles.copyAsk', { count: preview.changes.length, code: preview.fromCode })}</p>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('cycles.spec')}</th>
                  <th scope="col">{t('cycles.copyChange')}</th>
                </tr>
              </thead>
              <tbody>
                {preview.changes.map((c) => (
                  <tr key={c.specId}>
                    <td>
                      {c.name}
                      <div className="muted">{c.code}</div>
                    </td>
                    <td>
                      {c.supply ? <div>{t('cycles.copySupply', { from: supplyText(c.supply.from), to: supplyText(c.supply.to) })}</div> : null}
                      {c.bands ? <div>{t('cycles.copyBands', { from: bandsText(c.bands.from, t), to: bandsText(c.bands.to, t) })}</div> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      <div className="filter-row">
        {preview.ok && preview.changes.length ? (
          <Form method="post" action={`/staff/cycles/${cycleId}?copy=preview`}>
            <input type="hidden" name="token" value={preview.token} />
            <button type="submit" name="intent" value="copy" className="button" disabled={busy}>
              {t('cycles.copyConfirm', { count: preview.changes.length })}
            </button>
          </Form>
        ) : null}
        <Link to={`/staff/cycles/${cycleId}#plan`} className="button secondary">
          {t('cycles.copyCancel')}
        </Link>
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
          const band = spec.bands.length ? spec.bands[i] : DEFAULT_BANDS[i] ? { gradeFrom: DEFAULT_BANDS[i][0], gradeTo: DEFAULT_BANDS[i][1], capCartons: null } : undefined;
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
