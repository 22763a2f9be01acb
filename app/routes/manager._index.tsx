/** The route board: every shop on the route with what needs doing, who-needs-a-call first; filters in the URL. */
import type { LinksFunction, LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { boardSearch } from '~/domain/forms/manager-work';
import { requireRole } from '~/server/auth.server';
import { getSearch } from '~/server/http.server';
import { BUSINESS_TYPES, GRADE_BANDS } from '~/domain/follow-up';
import { managerRoute } from '~/server/manager-route.server';
import { openQuestionCount } from '~/server/questions.server';
import { weekdayLabel } from '~/ui/format';
import { RouteBoard } from '~/ui/manager/route-board';
import routeBoardStyles from '~/ui/manager/route-board.css?url';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: routeBoardStyles }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireRole(context.db, request, 'manager');
  const [board, questionsWaiting] = await Promise.all([managerRoute(context.db, user, new Date(), getSearch(request, boardSearch)), openQuestionCount(context.db, user)]);
  return { ...board, questionsWaiting };
}

export default function ManagerHome() {
  const { route, cycleCodes, filters, notOrderedCount, notUploadedCount, needsCallCount, questionsWaiting } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const [filter, setFilter] = useState('');
  const shown = useMemo(() => {
    const f = filter.trim();
    return f ? route.filter((r) => r.name.includes(f) || r.licenceNo.includes(f)) : route;
  }, [route, filter]);
  const band = filters.gradeFrom ? `${filters.gradeFrom}-${filters.gradeTo}` : '';
  const filtered = !!(filters.orderWeekday || filters.businessType || filters.gradeFrom || filters.benchmarkOnly);
  return (
    <>
      <div className="row-between">
        <h1>{t('manager.homeTitle')}</h1>
        {cycleCodes.length ? <span className="badge">{cycleCodes.join(' / ')}</span> : null}
      </div>
      {/* Retailers' questions waiting for an answer (issue 19). */}
      {questionsWaiting > 0 ? (
        <p>
          <Link className="button" to="/manager/questions">
            {t('questions.desk.boardLink', { count: questionsWaiting })}
          </Link>
        </p>
      ) : null}
      <div className="stats route-stats">
        <div className="stat">
          <div className="stat-label">{t('manager.routeSummary', { count: route.length })}</div>
          <div className="stat-value">{route.length}</div>
        </div>
        <div className="stat">
          <div className="stat-label">{t('managerWork.board.needsCallCount', { count: needsCallCount })}</div>
          <div className="stat-value">{needsCallCount}</div>
        </div>
        <div className="stat">
          <div className="stat-label">{t('manager.notOrderedCount', { count: notOrderedCount })}</div>
          <div className="stat-value">{notOrderedCount}</div>
        </div>
        <div className="stat">
          <div className="stat-label">{t('manager.notUploadedCount', { count: notUploadedCount })}</div>
          <div className="stat-value">{notUploadedCount}</div>
        </div>
      </div>

      <Form method="get" className="filters card" aria-label={t('managerWork.board.filters')}>
        <div className="filter-row">
          <label className="visually-hidden" htmlFor="f-day">
            {t('manager.orderDay')}
          </label>
          <select id="f-day" name="day" defaultValue={filters.orderWeekday ?? ''}>
            <option value="">{t('managerWork.board.allDays')}</option>
            {[1, 2, 3, 4, 5, 6, 7].map((d) => (
              <option key={d} value={d}>
                {weekdayLabel(d, t)}
              </option>
            ))}
          </select>
          <label className="visually-hidden" htmlFor="f-type">
            {t('manager.businessType')}
          </label>
          <select id="f-type" name="type" defaultValue={filters.businessType ?? ''}>
            <option value="">{t('managerWork.board.allTypes')}</option>
            {BUSINESS_TYPES.map((b) => (
              <option key={b} value={b}>
                {t(`businessType.${b}`)}
              </option>
            ))}
          </select>
          <label className="visually-hidden" htmlFor="f-grade">
            {t('manager.grade')}
          </label>
          <select id="f-grade" name="grade" defaultValue={band}>
            <option value="">{t('managerWork.board.allGrades')}</option>
            {GRADE_BANDS.map(([from, to]) => (
              <option key={from} value={`${from}-${to}`}>
                {t('managerWork.board.gradeBand', { from, to })}
              </option>
            ))}
          </select>
        </div>
        <div className="filter-row">
          <label className="check">
            <input type="checkbox" name="benchmark" value="1" defaultChecked={!!filters.benchmarkOnly} /> {t('managerWork.board.benchmarkOnly')}
          </label>
          <button type="submit" className="button secondary">
            {t('managerWork.board.apply')}
          </button>
          {filtered ? (
            <Link className="button secondary" to="/manager">
              {t('managerWork.board.clear')}
            </Link>
          ) : null}
        </div>
        <label className="visually-hidden" htmlFor="route-filter">
          {t('manager.filterPlaceholder')}
        </label>
        <input
          id="route-filter"
          className="filter wide-input"
          type="search"
          placeholder={t('manager.filterPlaceholder')}
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
        />
      </Form>

      {shown.length === 0 ? <p className="muted">{t('managerWork.board.noMatches')}</p> : null}
      <RouteBoard shops={shown} />
    </>
  );
}
