/** Benchmark stores (标杆终端): the manager's 1–2 stores with why, this week's visit, and marking/removing. */
import { parseWithZod } from '@conform-to/zod/v4';
import { type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { benchmarkSchema, REASON_MAX_CHARS } from '~/domain/forms/manager-work';
import { requireRole } from '~/server/auth.server';
import { done, invalid, refused } from '~/server/http.server';
import { benchmarkStores, markBenchmark, unmarkBenchmark } from '~/server/visits.server';
import { formatDay } from '~/ui/format';
import { replyDone, replyErrors, replyIntent } from '~/ui/form-reply';

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireRole(context.db, request, 'manager');
  return benchmarkStores(context.db, user);
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(context.db, request, 'manager');
  const submission = parseWithZod(await request.formData(), { schema: benchmarkSchema });
  if (submission.status !== 'success') return invalid(submission);
  const input = submission.value;
  const result = input.intent === 'mark' ? await markBenchmark(context.db, user, input.retailerId, input.reason) : await unmarkBenchmark(context.db, user, input.retailerId);
  if (!result.ok) return refused(submission, result.reason, { status: result.reason === 'not_found' ? 404 : 409 });
  return done(submission);
}

export default function ManagerBenchmarks() {
  const { stores, candidates, max } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const errors = replyErrors(reply);
  const error = errors.form ?? Object.values(errors)[0];
  const busy = useNavigation().state !== 'idle';
  const { t } = useTranslation();
  const full = stores.length >= max;
  return (
    <>
      <h1>{t('managerWork.benchmarks.title')}</h1>
      <p className="muted">{t('managerWork.benchmarks.intro', { max })}</p>
      {replyDone(reply) ? (
        <p className="form-ok" role="status">
          {replyIntent(reply) === 'mark' ? t('managerWork.benchmarks.marked') : t('managerWork.benchmarks.unmarked')}
        </p>
      ) : error ? (
        <p className="form-error" role="alert">
          {t(`managerWork.error.${error}` as 'managerWork.error.form', { max })}
        </p>
      ) : null}
      {stores.length === 0 ? <p className="card">{t('managerWork.benchmarks.none')}</p> : null}
      {stores.map((s) => (
        <section key={s.id} className="card" aria-labelledby={`bm-${s.id}`}>
          <div className="row-between">
            <h2 id={`bm-${s.id}`}>
              {s.name} <span className="muted">{s.licenceNo}</span>
            </h2>
            <span className={`badge ${s.visitsThisWeek ? 'ok' : 'warn'}`}>
              {s.visitsThisWeek ? t('managerWork.benchmarks.visitedThisWeek', { count: s.visitsThisWeek }) : t('managerWork.benchmarks.notVisitedThisWeek')}
            </span>
          </div>
          {s.reason ? <p>{s.reason}</p> : null}
          <p className="muted">
            {t('managerWork.benchmarks.lastVisit')}: {s.lastVisitOn ? formatDay(s.lastVisitOn, t) : t('managerWork.benchmarks.neverVisited')}
          </p>
          <div className="filter-row">
            <Link className="button" to={`/manager/benchmarks/${s.id}`}>
              {t('managerWork.benchmarks.open')}
            </Link>
            <a className="button secondary" href={`tel:${s.phone}`}>
              {t('managerWork.followUp.call')}
            </a>
            <Form method="post">
              <input type="hidden" name="intent" value="unmark" />
              <input type="hidden" name="retailerId" value={s.id} />
              <button type="submit" className="link-button" disabled={busy}>
                {t('managerWork.benchmarks.unmark')}
              </button>
            </Form>
          </div>
        </section>
      ))}
      <section className="card" aria-labelledby="bm-mark">
        <h2 id="bm-mark">{t('managerWork.benchmarks.mark')}</h2>
        {full ? (
          <p className="muted">{t('managerWork.benchmarks.full', { max })}</p>
        ) : (
          <Form method="post" className="form">
            <input type="hidden" name="intent" value="mark" />
            <div className="field">
              <label htmlFor="bm-retailer">{t('managerWork.benchmarks.choose')}</label>
              <select id="bm-retailer" name="retailerId" required defaultValue="">
                <option value="" disabled>
                  {t('managerWork.benchmarks.choose')}
                </option>
                {candidates.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name} · {c.licenceNo}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="bm-reason">{t('managerWork.benchmarks.reason')}</label>
              <input id="bm-reason" name="reason" required maxLength={REASON_MAX_CHARS} placeholder={t('managerWork.benchmarks.reasonPlaceholder')} />
            </div>
            <button type="submit" className="button" disabled={busy}>
              {t('managerWork.benchmarks.mark')}
            </button>
          </Form>
        )}
      </section>
    </>
  );
}
