/**
 * The shop's questions (issue 19): every question it asked with the context it came from, the answer, and a
 * rating for each answer. Also where every page's "提问" sheet posts (intent `ask`). Opening the list reads the
 * answers: they stop being a to-do on home.
 */
import { parseWithZod } from '@conform-to/zod/v4';
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { Form, isRouteErrorResponse, useActionData, useLoaderData, useNavigation, type ClientActionFunctionArgs } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { retailerQuestionsForm } from '~/domain/forms/questions';
import { RATING_MAX, RATING_MIN, type QuestionView } from '~/domain/questions';
import { requireRetailer } from '~/server/auth.server';
import { done, invalid, refused } from '~/server/http.server';
import { askQuestion, markAnswersRead, myQuestions, rateAnswer } from '~/server/questions.server';
import { AskButton } from '~/ui/ask-question';
import { formatDateTime } from '~/ui/format';
import { replyDone, replyErrors, type Reply } from '~/ui/form-reply';
import { QuestionContextLine } from '~/ui/question-context';

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, retailerId } = await requireRetailer(context.db, request);
  const questions = await myQuestions(context.db, user, retailerId);
  // Shown now: read. The page still marks them new this once.
  await markAnswersRead(context.db, user, retailerId, questions.filter((q) => q.unread).map((q) => q.id));
  return { questions };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, retailerId } = await requireRetailer(context.db, request);
  const submission = parseWithZod(await request.formData(), { schema: retailerQuestionsForm });
  if (submission.status !== 'success') return invalid(submission);
  const form = submission.value;
  const r = form.intent === 'ask' ? await askQuestion(context.db, user, retailerId, form) : await rateAnswer(context.db, user, retailerId, form.questionId, form.rating);
  if (!r.ok) return refused(submission, r.reason, { field: r.field, status: r.reason === 'not_found' ? 404 : 400 });
  return done(submission);
}

/** No answer at all (the phone lost its signal): the sheet says so and keeps what was typed, instead of an error page. */
export async function clientAction({ serverAction }: ClientActionFunctionArgs): Promise<Reply> {
  try {
    return await serverAction<Reply>();
  } catch (error) {
    if (error instanceof Response || isRouteErrorResponse(error)) throw error;
    return { result: { status: 'error', error: { '': ['unavailable'] } } };
  }
}

export default function RetailerQuestions() {
  const { questions } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <h1>{t('questions.title')}</h1>
      <p className="muted">{t('questions.intro')}</p>
      <p>
        <AskButton context={{ about: 'general' }} label={t('questions.about.general')} />{' '}
        <span className="muted">{t('questions.askGeneral')}</span>
      </p>
      {questions.length === 0 ? (
        <p className="card muted">{t('questions.none')}</p>
      ) : (
        <ul className="issue-list">
          {questions.map((q) => (
            <QuestionItem key={q.id} q={q} />
          ))}
        </ul>
      )}
    </>
  );
}

function QuestionItem({ q }: { q: QuestionView }) {
  const { t } = useTranslation();
  const reply = useActionData<Reply>();
  const busy = useNavigation().state !== 'idle';
  const mine = Number(reply?.result?.initialValue?.questionId) === q.id;
  const errors = mine ? replyErrors(reply) : {};
  return (
    <li className="card question" data-question-id={q.id}>
      <div className="row-between">
        <QuestionContextLine q={q} />
        <span className={`badge${q.status === 'answered' ? ' ok' : ' warn'}`}>{t(`questions.status.${q.status as 'open'}`)}</span>
      </div>
      <span className="muted">{t('questions.askedAt', { time: formatDateTime(q.askedAt) })}</span>
      <p className="body">{q.body}</p>
      {q.answer && q.answeredAt ? (
        <>
          <div className="answer">
            <div className="muted">
              {q.unread ? <span className="badge bad">{t('questions.newAnswer')}</span> : null} {t(`questions.answeredBy.${(q.answeredByRole ?? 'manager') as 'manager'}`)} ·{' '}
              {t('questions.answeredAt', { time: formatDateTime(q.answeredAt) })}
            </div>
            <p>{q.answer}</p>
          </div>
          <Form method="post" className="form">
            <input type="hidden" name="intent" value="rate" />
            <input type="hidden" name="questionId" value={q.id} />
            <fieldset className="filter-row plain">
              <legend>{q.rating !== null ? t('questions.rated', { count: q.rating }) : t('questions.rateLabel')}</legend>
              {Array.from({ length: RATING_MAX - RATING_MIN + 1 }, (_, i) => RATING_MIN + i).map((n) => (
                <label key={n} className="check">
                  <input type="radio" name="rating" value={n} defaultChecked={q.rating === n} required /> {t('questions.rateValue', { count: n })}
                </label>
              ))}
            </fieldset>
            {errors.rating ? <p className="field-error">{t('questions.error.rating.rating')}</p> : null}
            {errors.form ? (
              <p className="form-error" role="alert">
                {t(`questions.error.${errors.form}` as 'questions.error.invalid')}
              </p>
            ) : null}
            {mine && replyDone(reply) ? (
              <p className="form-ok" role="status">
                {t('questions.ratedNow')}
              </p>
            ) : null}
            <button type="submit" className="button secondary" disabled={busy}>
              {t('questions.rateSend')}
            </button>
          </Form>
        </>
      ) : null}
    </li>
  );
}
