/**
 * Notes a call's outcome for one shop: a quick pick that fits the topic and/or free text. Each form posts on its
 * own fetcher, so a list of shops can be worked through without reloading the page.
 */
import { useFetcher } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { OUTCOMES_FOR, type ContactTopicCode } from '~/domain/follow-up';
import { NOTE_MAX_CHARS } from '~/domain/forms/manager-work';
import { replyDone, replyErrors, type Reply } from '../form-reply';

export function ContactNoteForm({ retailerId, topic, action, compact = false }: { retailerId: number; topic: ContactTopicCode; action?: string; compact?: boolean }) {
  const { t } = useTranslation();
  // The reply (contactNoteSchema's field errors, or the refusal's reason as the form's) once the post is back.
  const fetcher = useFetcher<Reply>();
  const reply = fetcher.state === 'idle' ? fetcher.data : undefined;
  const id = `note-${topic}-${retailerId}`;
  const errors = replyErrors(reply);
  const firstError = errors.form ?? Object.values(errors)[0];
  return (
    <fetcher.Form method="post" action={action} className={compact ? 'filter-row' : 'form'} aria-label={t('managerWork.note.add')}>
      <input type="hidden" name="intent" value="note" />
      <input type="hidden" name="retailerId" value={retailerId} />
      <input type="hidden" name="topic" value={topic} />
      <label className="visually-hidden" htmlFor={`${id}-outcome`}>
        {t('managerWork.note.outcome')}
      </label>
      <select id={`${id}-outcome`} name="outcome" className="select" defaultValue="">
        <option value="">{t('managerWork.note.outcomeNone')}</option>
        {OUTCOMES_FOR[topic].map((o) => (
          <option key={o} value={o}>
            {t(`managerWork.note.outcomes.${o}`)}
          </option>
        ))}
      </select>
      <label className="visually-hidden" htmlFor={`${id}-text`}>
        {t('managerWork.note.text')}
      </label>
      <input
        id={`${id}-text`}
        name="note"
        className="wide-input"
        maxLength={NOTE_MAX_CHARS}
        placeholder={t('managerWork.note.textPlaceholder')}
        aria-invalid={firstError ? true : undefined}
      />
      <button type="submit" className="button secondary" disabled={fetcher.state !== 'idle'}>
        {t('managerWork.note.save')}
      </button>
      {replyDone(reply) ? (
        <span className="form-ok" role="status">
          {t('managerWork.note.saved')}
        </span>
      ) : firstError ? (
        <span className="field-error" role="alert">
          {t(`managerWork.error.${firstError}` as 'managerWork.error.form')}
        </span>
      ) : null}
    </fetcher.Form>
  );
}
