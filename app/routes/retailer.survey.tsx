/** The quarterly satisfaction survey, answered by the retailer on its phone; one answer per quarter. */
import { parseWithZod } from '@conform-to/zod/v4';
import { type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { surveySchema } from '~/domain/forms/survey';
import { COMMENT_MAX_CHARS, SATISFACTION_TOPICS, SCORE_MAX, SCORE_MIN } from '~/domain/satisfaction';
import { requireRetailer } from '~/server/auth.server';
import { done, invalid, refused } from '~/server/http.server';
import { submitSurvey, surveyAnswer } from '~/server/satisfaction.server';
import { formatDateTime } from '~/ui/format';
import { replyDone, replyErrors } from '~/ui/form-reply';

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, retailerId } = await requireRetailer(context.db, request);
  return surveyAnswer(context.db, user, retailerId);
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, retailerId } = await requireRetailer(context.db, request);
  const submission = parseWithZod(await request.formData(), { schema: surveySchema });
  if (submission.status !== 'success') return invalid(submission);
  const result = await submitSurvey(context.db, user, retailerId, submission.value);
  if (!result.ok) return refused(submission, result.reason, { status: result.reason === 'not_found' ? 404 : 409 });
  return done(submission);
}

export default function RetailerSurvey() {
  const { quarter, answer } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const busy = useNavigation().state !== 'idle';
  const { t } = useTranslation();
  const errors = replyErrors(reply);
  return (
    <>
      <h1>{t('managerWork.survey.title', { quarter })}</h1>
      {replyDone(reply) ? (
        <p className="form-ok" role="status">
          {t('managerWork.survey.thanks')}
        </p>
      ) : null}
      {errors.form ? (
        <p className="form-error" role="alert">
          {t(`managerWork.error.${errors.form}` as 'managerWork.error.form')}
        </p>
      ) : null}
      {answer ? (
        <section className="card">
          <p>{t('managerWork.survey.answered', { time: formatDateTime(answer.submittedAt) })}</p>
          <dl className="facts">
            {SATISFACTION_TOPICS.map((topic) => (
              <div key={topic}>
                <dt>{t(`managerWork.survey.topic.${topic}`)}</dt>
                <dd>{t('managerWork.satisfaction.score', { score: answer[`${topic}Score`] })}</dd>
              </div>
            ))}
          </dl>
          {answer.comment ? <p>“{answer.comment}”</p> : null}
        </section>
      ) : (
        <Form method="post" className="form card">
          <p className="muted">{t('managerWork.survey.intro')}</p>
          {SATISFACTION_TOPICS.map((topic) => (
            <div className="field" key={topic}>
              <label htmlFor={`s-${topic}`}>{t(`managerWork.survey.topic.${topic}`)}</label>
              <input
                id={`s-${topic}`}
                name={topic}
                type="number"
                inputMode="numeric"
                min={SCORE_MIN}
                max={SCORE_MAX}
                step={1}
                required
                aria-invalid={errors[topic] ? true : undefined}
                aria-describedby={`s-${topic}-hint`}
              />
              <span className="hint" id={`s-${topic}-hint`}>
                {t('managerWork.survey.scoreHint')}
              </span>
              {errors[topic] ? <p className="field-error">{t(`managerWork.error.${errors[topic]}` as 'managerWork.error.form')}</p> : null}
            </div>
          ))}
          <div className="field">
            <label htmlFor="s-comment">{t('managerWork.survey.comment')}</label>
            <textarea id="s-comment" name="comment" className="wide-input" rows={3} maxLength={COMMENT_MAX_CHARS} />
            {errors.comment ? <p className="field-error">{t(`managerWork.error.${errors.comment}` as 'managerWork.error.form')}</p> : null}
          </div>
          <button type="submit" className="button" disabled={busy}>
            {t('managerWork.survey.submit')}
          </button>
        </Form>
      )}
    </>
  );
}
