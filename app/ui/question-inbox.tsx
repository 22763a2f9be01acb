/**
 * A manager's or staff's inbox of retailers' questions (issue 19): each waiting question with its shop, context and
 * text, an answer form and (managers) a hand-over to staff; then the latest answers with the shop's rating.
 */
import { Form, useActionData, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { ANSWER_MAX_CHARS, HAND_NOTE_MAX_CHARS, mayHandToStaff, type InboxQuestion } from '~/domain/questions';
import { formatDateTime } from './format';
import { replyDone, replyErrors, replyIntent, type Reply } from './form-reply';
import { QuestionContextLine } from './question-context';

export function InboxList({ questions, mayHand }: { questions: InboxQuestion[]; mayHand: boolean }) {
  const { t } = useTranslation();
  if (!questions.length) return <p className="card muted">{t('questions.desk.none')}</p>;
  return (
    <ul className="issue-list">
      {questions.map((q) => (
        <InboxItem key={q.id} q={q} mayHand={mayHand && mayHandToStaff(q.status)} />
      ))}
    </ul>
  );
}

function QuestionHead({ q }: { q: InboxQuestion }) {
  const { t } = useTranslation();
  return (
    <>
      <div className="row-between">
        <QuestionContextLine q={q} />
        <span className="muted">{t('questions.askedAt', { time: formatDateTime(q.askedAt) })}</span>
      </div>
      <div>
        {t('questions.desk.shop', { name: q.retailerName, licence: q.licenceNo })} · <a href={`tel:${q.phone}`}>{q.phone}</a> · {t('questions.desk.manager', { name: q.managerName })}
      </div>
      <p className="body">{q.body}</p>
      {q.handNote ? <p className="muted">{t('questions.desk.handNote', { note: q.handNote })}</p> : null}
    </>
  );
}

function InboxItem({ q, mayHand }: { q: InboxQuestion; mayHand: boolean }) {
  const { t } = useTranslation();
  const reply = useActionData<Reply>();
  const busy = useNavigation().state !== 'idle';
  const mine = Number(reply?.result?.initialValue?.questionId) === q.id;
  const errors = mine ? replyErrors(reply) : {};
  const intent = mine ? replyIntent(reply) : null;
  return (
    <li className="card question" data-question-id={q.id}>
      <QuestionHead q={q} />
      {errors.form ? (
        <p className="form-error" role="alert">
          {t(`questions.error.${errors.form}` as 'questions.error.invalid')}
        </p>
      ) : null}
      <Form method="post" className="form">
        <input type="hidden" name="intent" value="answer" />
        <input type="hidden" name="questionId" value={q.id} />
        <label htmlFor={`answer-${q.id}`}>{t('questions.desk.answerLabel')}</label>
        <textarea id={`answer-${q.id}`} name="answer" rows={3} maxLength={ANSWER_MAX_CHARS} required className="wide-input" aria-invalid={intent === 'answer' && errors.answer ? true : undefined} />
        {intent === 'answer' && errors.answer ? <p className="field-error">{t(`questions.error.answer.${errors.answer}` as 'questions.error.answer.required')}</p> : null}
        <button type="submit" className="button" disabled={busy}>
          {t('questions.desk.answerSend')}
        </button>
      </Form>
      {mayHand ? (
        <Form method="post" className="form">
          <input type="hidden" name="intent" value="hand" />
          <input type="hidden" name="questionId" value={q.id} />
          <label htmlFor={`hand-${q.id}`}>{t('questions.desk.handLabel')}</label>
          <input id={`hand-${q.id}`} name="note" className="wide-input" maxLength={HAND_NOTE_MAX_CHARS} aria-invalid={intent === 'hand' && errors.note ? true : undefined} />
          {intent === 'hand' && errors.note ? <p className="field-error">{t('questions.error.note.tooLong')}</p> : null}
          <button type="submit" className="button secondary" disabled={busy}>
            {t('questions.desk.handSend')}
          </button>
        </Form>
      ) : null}
    </li>
  );
}

export function AnsweredList({ questions }: { questions: InboxQuestion[] }) {
  const { t } = useTranslation();
  if (!questions.length) return null;
  return (
    <ul className="issue-list">
      {questions.map((q) => (
        <li key={q.id} className="card question" data-question-id={q.id}>
          <QuestionHead q={q} />
          <div className="answer">
            <div className="muted">
              {t(`questions.answeredBy.${(q.answeredByRole ?? 'manager') as 'manager'}`)} · {q.answeredAt ? t('questions.answeredAt', { time: formatDateTime(q.answeredAt) }) : null}
            </div>
            <p>{q.answer}</p>
          </div>
          <span className={q.rating !== null ? 'badge ok' : 'muted'}>{q.rating !== null ? t('questions.desk.rating', { count: q.rating }) : t('questions.desk.notRated')}</span>
        </li>
      ))}
    </ul>
  );
}

/** What the last action did, said once at the top of the inbox. */
export function InboxNotice() {
  const { t } = useTranslation();
  const reply = useActionData<Reply>();
  if (replyDone(reply, 'answer'))
    return (
      <p className="form-ok" role="status">
        {t('questions.desk.answeredNow')}
      </p>
    );
  if (replyDone(reply, 'hand'))
    return (
      <p className="form-ok" role="status">
        {t('questions.desk.handedNow')}
      </p>
    );
  return null;
}
