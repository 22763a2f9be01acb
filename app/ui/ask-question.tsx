/**
 * "提问": a small button any shop page puts beside what it shows (an order line, an allocation, a data issue, a
 * delivery). It opens a sheet with one text field; the question is posted to /retailer/questions with the context
 * (ids only: the server reads what they name from the shop's own rows). Kept tiny on purpose — the order page's
 * JavaScript budget (bench/page-js.ts) — so no form library: a fetcher form and the reply helpers.
 */
import { Link, useFetcher } from '@remix-run/react';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { QUESTION_MAX_CHARS, type QuestionContext } from '~/domain/questions';
import { replyDone, replyErrors, type Reply } from './form-reply';

export interface AskContext {
  about: QuestionContext;
  cycleId?: number;
  orderId?: number;
  specId?: number;
  issueId?: number;
}

const CONTEXT_FIELDS = ['cycleId', 'orderId', 'specId', 'issueId'] as const;

export function AskButton({ context, label }: { context: AskContext; label: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <details className="ask" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary className="chip" aria-label={t('questions.askAria', { about: label })}>
        {t('questions.ask')}
      </summary>
      {open ? <AskSheet context={context} label={label} onCancel={() => setOpen(false)} /> : null}
    </details>
  );
}

/**
 * The open sheet. Its fetcher exists only while it is open: a fetcher follows the router's state, and the order
 * page has a 提问 on every line — one fetcher each redrew every line at each save and as the page came alive
 * (issue 16).
 */
function AskSheet({ context, label, onCancel }: { context: AskContext; label: string; onCancel: () => void }) {
  const { t } = useTranslation();
  const fetcher = useFetcher<Reply>();
  const id = useId();
  const idle = fetcher.state === 'idle';
  const sent = idle && replyDone(fetcher.data);
  const { body, form, ...fields } = replyErrors(fetcher.data);
  const contextField = Object.keys(fields)[0];
  return (
    <div className="ask-sheet" role="group" aria-labelledby={`${id}-t`}>
      <strong id={`${id}-t`}>{t('questions.sheetTitle')}</strong>
      <p className="muted">{t('questions.aboutLine', { about: label })}</p>
      {sent ? (
        <p className="form-ok" role="status">
          {t('questions.sent')} <Link to="/retailer/questions">{t('questions.seeList')}</Link>
        </p>
      ) : (
        <fetcher.Form method="post" action="/retailer/questions" className="form">
          <input type="hidden" name="intent" value="ask" />
          <input type="hidden" name="about" value={context.about} />
          {CONTEXT_FIELDS.map((f) => (context[f] !== undefined ? <input key={f} type="hidden" name={f} value={context[f]} /> : null))}
          <label htmlFor={`${id}-b`}>{t('questions.bodyLabel')}</label>
          <textarea id={`${id}-b`} name="body" rows={3} maxLength={QUESTION_MAX_CHARS} required className="wide-input" aria-invalid={body ? true : undefined} />
          {body ? <p className="field-error">{t(`questions.error.body.${body}` as 'questions.error.body.required')}</p> : null}
          {contextField ? (
            <p className="form-error" role="alert">
              {t('questions.error.context', { field: t(`questions.contextField.${contextField}` as 'questions.contextField.about') })}
            </p>
          ) : form ? (
            <p className="form-error" role="alert">
              {t(`questions.error.${form}` as 'questions.error.invalid')}
            </p>
          ) : null}
          <div className="chips">
            <button type="submit" className="button" disabled={!idle}>
              {t('questions.send')}
            </button>
            <button type="button" className="button secondary" onClick={onCancel}>
              {t('questions.cancel')}
            </button>
          </div>
        </fetcher.Form>
      )}
    </div>
  );
}
