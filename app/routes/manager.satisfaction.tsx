/** The route's satisfaction answers for a quarter: averages by topic and every answer with its comment. */
import type { LoaderFunctionArgs } from '@remix-run/node';
import { Form, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { SATISFACTION_TOPICS } from '~/domain/satisfaction';
import { satisfactionSearch } from '~/domain/forms/survey';
import { requireRole } from '~/server/auth.server';
import { getSearch } from '~/server/http.server';
import { currentQuarter, routeSatisfaction, surveyQuarters } from '~/server/satisfaction.server';
import { formatDateTime } from '~/ui/format';
import { formatScore, SatisfactionTable } from '~/ui/manager/satisfaction-table';

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireRole(context.db, request, 'manager');
  const quarter = getSearch(request, satisfactionSearch).quarter ?? currentQuarter();
  const [result, quarters] = await Promise.all([routeSatisfaction(context.db, user, quarter), surveyQuarters(context.db, user)]);
  return { ...result, quarters };
}

export default function ManagerSatisfaction() {
  const { quarter, quarters, answers, summary, asked, responseRate } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <h1>{t('managerWork.satisfaction.title')}</h1>
      <Form method="get" className="filter-row">
        <label htmlFor="quarter">{t('managerWork.satisfaction.quarter')}</label>
        <select id="quarter" name="quarter" defaultValue={quarter}>
          {quarters.map((q) => (
            <option key={q}>{q}</option>
          ))}
        </select>
        <button type="submit" className="button secondary">
          {t('managerWork.satisfaction.show')}
        </button>
      </Form>
      <SatisfactionTable
        caption={t('managerWork.satisfaction.byTopic')}
        nameHeader={t('managerWork.satisfaction.quarter')}
        rows={[{ key: quarter, name: quarter, summary, asked, responseRate }]}
      />
      <section className="card" aria-labelledby="sat-answers">
        <h2 id="sat-answers">{t('managerWork.satisfaction.answers')}</h2>
        {answers.length === 0 ? <p className="muted">{t('managerWork.satisfaction.noAnswers')}</p> : null}
        <ul className="history-list">
          {answers.map((a) => (
            <li key={a.id} className="history-item">
              <strong>{a.retailerName}</strong> <span className="muted">{a.licenceNo} · {formatDateTime(a.submittedAt)}</span>
              <br />
              {SATISFACTION_TOPICS.map((topic) => `${t(`managerWork.survey.topic.${topic}`)} ${formatScore(a[topic])}`).join(' · ')}
              {a.comment ? (
                <>
                  <br />“{a.comment}”
                </>
              ) : null}
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
