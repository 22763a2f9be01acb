/** The county's satisfaction (客户满意度) for a quarter: by topic overall, by station and by manager; comments. */
import type { LoaderFunctionArgs } from '@remix-run/node';
import { Form, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { satisfactionSearch } from '~/domain/forms/survey';
import { requireRole } from '~/server/auth.server';
import { getSearch } from '~/server/http.server';
import { countySatisfaction, currentQuarter, surveyQuarters } from '~/server/satisfaction.server';
import { formatDateTime } from '~/ui/format';
import { SatisfactionTable } from '~/ui/manager/satisfaction-table';

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireRole(context.db, request, 'staff');
  const quarter = getSearch(request, satisfactionSearch).quarter ?? currentQuarter();
  const [result, quarters] = await Promise.all([countySatisfaction(context.db, user, quarter), surveyQuarters(context.db, user)]);
  return { ...result, quarters };
}

export default function StaffSatisfaction() {
  const s = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  return (
    <>
      <h1>{t('managerWork.satisfaction.staffTitle')}</h1>
      <Form method="get" className="filter-row">
        <label htmlFor="quarter">{t('managerWork.satisfaction.quarter')}</label>
        <select id="quarter" name="quarter" defaultValue={s.quarter}>
          {s.quarters.map((q) => (
            <option key={q}>{q}</option>
          ))}
        </select>
        <button type="submit" className="button secondary">
          {t('managerWork.satisfaction.show')}
        </button>
      </Form>
      {s.summary.answers === 0 ? <p className="card">{t('managerWork.satisfaction.noAnswers')}</p> : null}
      <SatisfactionTable
        caption={t('managerWork.satisfaction.byTopic')}
        nameHeader={t('managerWork.satisfaction.quarter')}
        rows={[{ key: s.quarter, name: s.quarter, summary: s.summary, asked: s.asked, responseRate: s.responseRate }]}
      />
      <SatisfactionTable
        caption={t('managerWork.satisfaction.byStation')}
        nameHeader={t('managerWork.satisfaction.station')}
        rows={s.stations.map((st) => ({ key: st.id, name: en ? st.nameEn : st.nameZh, summary: st.summary, asked: st.asked, responseRate: st.responseRate }))}
      />
      <SatisfactionTable
        caption={t('managerWork.satisfaction.byManager')}
        nameHeader={t('managerWork.satisfaction.manager')}
        rows={s.managers.map((m) => ({ key: m.id, name: `${m.name} · ${en ? m.stationEn : m.stationZh}`, summary: m.summary, asked: m.asked, responseRate: m.responseRate }))}
      />
      <section className="card" aria-labelledby="sat-comments">
        <h2 id="sat-comments">{t('managerWork.satisfaction.comments')}</h2>
        {s.comments.length === 0 ? <p className="muted">{t('managerWork.satisfaction.noAnswers')}</p> : null}
        <ul className="history-list">
          {s.comments.map((c) => (
            <li key={c.id} className="history-item">
              <span className="muted">
                {c.retailerName} · {c.managerName} · {formatDateTime(c.submittedAt)}
              </span>
              <br />“{c.comment}”
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
