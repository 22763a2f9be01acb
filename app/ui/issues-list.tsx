/** A shop's open data-quality issues, each explained in plain words with its one-step fix. */
import { Form, useActionData, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import type { QualityIssueView as Issue } from '~/domain/quality/issue-view';
import { AskButton } from './ask-question';
import { replyError, type Reply } from './form-reply';

type SpecOption = { id: number; name: string };

const CORRECTABLE = new Set(['looks_times_ten', 'outlier_day', 'negative_stock', 'sales_never_received']);

/** `ask`: the shop's own page, where each issue has a "提问" for its manager (issue 19). */
export function IssuesList({ issues, specs, ask = false }: { issues: Issue[]; specs: SpecOption[]; ask?: boolean }) {
  const { t } = useTranslation();
  // The reply of a fix (app/domain/forms/quality.ts): its refusal is shown on the issue the form named.
  const reply = useActionData<Reply>();
  const error = replyError(reply);
  const failedIssueId = error ? Number(reply?.result?.initialValue?.issueId) : null;
  const busy = useNavigation().state !== 'idle';
  if (!issues.length) return <p className="card muted">{t('issues.none')}</p>;
  return (
    <ul className="issue-list">
      {issues.map((issue) => {
        const detail = Object.fromEntries(Object.entries(issue.detail).map(([k, v]) => [k, v ?? '—']));
        const suggested = typeof issue.detail.suggestedQtyPacks === 'number' ? issue.detail.suggestedQtyPacks : undefined;
        return (
          <li key={issue.id} className="card issue" data-kind={issue.kind}>
            <div className="row-between">
              <strong>{t(`quality.kind.${issue.kind as 'stock_discrepancy'}`)}</strong>
              <span className="muted">{issue.day}</span>
            </div>
            {issue.specName ? <div>{issue.specName}</div> : null}
            {ask ? <AskButton context={{ about: 'data_issue', issueId: issue.id }} label={`${t(`quality.kind.${issue.kind as 'stock_discrepancy'}`)} · ${issue.day}`} /> : null}
            <p>{t(`issues.detail.${issue.kind as 'stock_discrepancy'}`, detail)}</p>
            {error && failedIssueId === issue.id ? (
              <p className="form-error" role="alert">
                {t(`issues.error.${error as 'invalid'}`)}
              </p>
            ) : null}
            <div className="fixes">
              {CORRECTABLE.has(issue.kind) && issue.specId !== null ? (
                <Form method="post" className="filter-row">
                  <input type="hidden" name="issueId" value={issue.id} />
                  <input type="hidden" name="intent" value="correct_sales" />
                  <label htmlFor={`fix-${issue.id}`}>{t('issues.correctTo')}</label>
                  <input id={`fix-${issue.id}`} name="qtyPacks" className="qty" type="number" inputMode="numeric" min={0} defaultValue={suggested} required />
                  <button type="submit" className="button secondary" disabled={busy}>
                    {t('issues.correct')}
                  </button>
                </Form>
              ) : null}
              {issue.kind === 'stock_discrepancy' ? (
                <Form method="post" className="filter-row">
                  <input type="hidden" name="issueId" value={issue.id} />
                  <input type="hidden" name="intent" value="recount" />
                  <label htmlFor={`recount-${issue.id}`}>{t('issues.recount')}</label>
                  <input id={`recount-${issue.id}`} name="qtyPacks" className="qty" type="number" inputMode="numeric" min={0} required />
                  <button type="submit" className="button secondary" disabled={busy}>
                    {t('issues.saveRecount')}
                  </button>
                </Form>
              ) : null}
              {issue.kind === 'unknown_barcode' ? (
                <Form method="post" className="form">
                  <input type="hidden" name="issueId" value={issue.id} />
                  <input type="hidden" name="intent" value="map_barcode" />
                  <label htmlFor={`map-${issue.id}`}>{t('issues.mapTo')}</label>
                  <select id={`map-${issue.id}`} name="specId" className="select" required defaultValue="">
                    <option value="" disabled>
                      {t('preview.chooseColumn')}
                    </option>
                    {specs.map((s) => (
                      <option key={s.id} value={s.id}>
                        {s.name}
                      </option>
                    ))}
                  </select>
                  <fieldset className="filter-row plain">
                    <legend>{t('issues.mapUnit')}</legend>
                    <label className="check">
                      <input type="radio" name="unit" value="pack" defaultChecked /> {t('issues.unitPack')}
                    </label>
                    <label className="check">
                      <input type="radio" name="unit" value="carton" /> {t('issues.unitCarton')}
                    </label>
                  </fieldset>
                  <button type="submit" className="button secondary" disabled={busy}>
                    {t('issues.map')}
                  </button>
                </Form>
              ) : null}
              <Form method="post" className="filter-row">
                <input type="hidden" name="issueId" value={issue.id} />
                <input type="hidden" name="intent" value="explain" />
                <label className="visually-hidden" htmlFor={`explain-${issue.id}`}>
                  {t('issues.explain')}
                </label>
                <input id={`explain-${issue.id}`} name="note" className="filter" maxLength={500} placeholder={t('issues.explainPlaceholder')} required />
                <button type="submit" className="link-button" disabled={busy}>
                  {t('issues.explain')}
                </button>
              </Form>
            </div>
          </li>
        );
      })}
    </ul>
  );
}
