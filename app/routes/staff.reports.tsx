/**
 * Scheduled reports (issue 17): staff schedule the 周分析 and 月对标 in a language; the jobs runner produces each as
 * Excel after its period closes (scheduled-reports.server.ts); every produced workbook is listed here to download.
 * Staff can also produce a 日通报, 周分析 or 月对标 now, and download the last complete ones directly.
 */
import { parseWithZod } from '@conform-to/zod/v4';
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { REPORT_KINDS, REPORT_LANGUAGES, SCHEDULE_KINDS, reportsForm } from '~/domain/forms/reports';
import { isJobActive } from '~/domain/jobs';
import { requireRole } from '~/server/auth.server';
import { done, invalid, invariantResponse, refused } from '~/server/http.server';
import { languageOf } from '~/server/i18n.server';
import { latestJobViews, queueJob } from '~/server/jobs.server';
import { addSchedule, producePeriodFrom, removeSchedule, reportsPage } from '~/server/scheduled-reports.server';
import { formatDateTime } from '~/ui/format';
import { replyDone, replyError, replyIntent } from '~/ui/form-reply';
import { JobStatus, useJobPolling } from '~/ui/job-status';

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireRole(context.db, request, 'staff');
  const page = await reportsPage(context.db, user);
  invariantResponse(page);
  const { report } = await latestJobViews(context.db, ['report']);
  return { ...page, job: report, language: await languageOf(request) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(context.db, request, 'staff');
  const submission = parseWithZod(await request.formData(), { schema: reportsForm });
  if (submission.status !== 'success') return invalid(submission);
  const v = submission.value;
  switch (v.intent) {
    case 'schedule': {
      const r = await addSchedule(context.db, user, v.kind, v.language);
      if (!r.ok) return refused(submission, r.reason, { status: r.reason === 'exists' ? 409 : 403 });
      return data(done(submission, { kind: v.kind }));
    }
    case 'unschedule': {
      const r = await removeSchedule(context.db, user, v.scheduleId);
      if (!r.ok) return refused(submission, r.reason);
      return data(done(submission));
    }
    case 'produce': {
      await queueJob(context.db, user, 'report', { kind: v.kind, from: producePeriodFrom(v.kind, v.day), language: v.language });
      return redirect('/staff/reports');
    }
  }
}

export default function StaffReports() {
  const { schedules, files, job, language } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const busy = useNavigation().state !== 'idle';
  const { t } = useTranslation();
  useJobPolling(isJobActive(job));
  const error = replyError(reply);
  const intent = replyIntent(reply);
  const languageName = (l: string) => t(`language.${l === 'en' ? 'en' : 'zh-CN'}`);
  const exportHref = (report: string) => `/resources/monitoring-export?${new URLSearchParams({ report }).toString()}`;
  return (
    <>
      <h1>{t('reports.page.title')}</h1>
      <p className="muted">{t('reports.page.intro')}</p>
      <p className="muted">{t('reports.page.noOutbox')}</p>

      <section className="card" aria-labelledby="reports-download">
        <h2 id="reports-download">{t('reports.page.downloads')}</h2>
        <div className="chips">
          <a className="button secondary" href={exportHref('daily')} download>
            {t('reports.page.downloadDay')}
          </a>
          <a className="button secondary" href={exportHref('weekly')} download>
            {t('reports.page.downloadWeek')}
          </a>
          <a className="button secondary" href={exportHref('monthly')} download>
            {t('reports.page.downloadMonth')}
          </a>
        </div>
      </section>

      <section className="card" aria-labelledby="reports-schedules">
        <h2 id="reports-schedules">{t('reports.page.schedules')}</h2>
        {replyDone(reply) && intent === 'schedule' ? (
          <p className="form-ok" role="status">
            {t('reports.page.added', { kind: t(`reports.kinds.${(reply as { kind?: 'week' | 'month' }).kind ?? 'week'}`) })}
          </p>
        ) : null}
        {replyDone(reply) && intent === 'unschedule' ? (
          <p className="form-ok" role="status">
            {t('reports.page.removed')}
          </p>
        ) : null}
        {error === 'exists' ? (
          <p className="form-error" role="alert">
            {t('reports.page.exists')}
          </p>
        ) : null}
        {schedules.length === 0 ? <p className="muted">{t('reports.page.noSchedules')}</p> : null}
        <ul className="plain-list">
          {schedules.map((s) => (
            <li key={s.id} className="row-between">
              <span>{t('reports.page.scheduledBy', { kind: t(`reports.kinds.${s.kind}`), language: languageName(s.language), user: s.createdBy, time: formatDateTime(s.createdAt) })}</span>
              <Form method="post">
                <input type="hidden" name="scheduleId" value={s.id} />
                <button type="submit" name="intent" value="unschedule" className="button secondary" disabled={busy}>
                  {t('reports.page.remove')}
                </button>
              </Form>
            </li>
          ))}
        </ul>
        <Form method="post" className="form">
          <ChoiceField id="schedule-kind" name="kind" label={t('reports.page.scheduleKind')} defaultValue="week" options={SCHEDULE_KINDS.map((k) => ({ value: k, label: t(`reports.kinds.${k}`) }))} />
          <ChoiceField id="schedule-language" name="language" label={t('reports.page.scheduleLanguage')} defaultValue={language} options={REPORT_LANGUAGES.map((l) => ({ value: l, label: languageName(l) }))} />
          <button type="submit" name="intent" value="schedule" className="button" disabled={busy}>
            {t('reports.page.add')}
          </button>
        </Form>
      </section>

      <section className="card" aria-labelledby="reports-produce">
        <h2 id="reports-produce">{t('reports.page.produceHeading')}</h2>
        <p className="muted">{t('reports.page.produceIntro')}</p>
        <Form method="post" className="form">
          <ChoiceField id="produce-kind" name="kind" label={t('reports.page.scheduleKind')} defaultValue="week" options={REPORT_KINDS.map((k) => ({ value: k, label: t(`reports.kinds.${k}`) }))} />
          <div className="field">
            <label htmlFor="produce-day">{t('reports.page.day')}</label>
            <input id="produce-day" name="day" type="date" />
          </div>
          <ChoiceField id="produce-language" name="language" label={t('reports.page.scheduleLanguage')} defaultValue={language} options={REPORT_LANGUAGES.map((l) => ({ value: l, label: languageName(l) }))} />
          <button type="submit" name="intent" value="produce" className="button" disabled={busy}>
            {t('reports.page.produce')}
          </button>
        </Form>
        <JobStatus job={job} id="report-job" result={(j) => t('reports.job.done', { kind: t(`reports.kinds.${j.result.kind}`), from: j.result.from, to: j.result.to })} />
      </section>

      <section className="card" aria-labelledby="reports-list">
        <h2 id="reports-list">{t('reports.page.list')}</h2>
        {files.length === 0 ? (
          <p className="muted">{t('reports.page.none')}</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('reports.page.report')}</th>
                  <th scope="col">{t('reports.page.periodCol')}</th>
                  <th scope="col">{t('reports.page.language')}</th>
                  <th scope="col">{t('reports.page.generated')}</th>
                  <th scope="col" className="num">
                    {t('reports.page.size')}
                  </th>
                  <th scope="col">{t('reports.page.download')}</th>
                </tr>
              </thead>
              <tbody>
                {files.map((f) => (
                  <tr key={f.id}>
                    <td>{t(`reports.kinds.${f.kind}`)}</td>
                    <td>{f.periodFrom === f.periodTo ? f.periodFrom : `${f.periodFrom} – ${f.periodTo}`}</td>
                    <td>{languageName(f.language)}</td>
                    <td>{formatDateTime(f.createdAt)}</td>
                    <td className="num">{t('reports.page.sizeKb', { kb: Math.max(1, Math.round(f.sizeBytes / 1024)) })}</td>
                    <td>
                      <a href={`/resources/reports/${f.id}`} download>
                        {f.fileName}
                      </a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}

/** A labelled select of the page's forms (a report's kind, its language): one markup for all four. */
function ChoiceField(props: { id: string; name: string; label: string; defaultValue: string; options: Array<{ value: string; label: string }> }) {
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <select id={props.id} name={props.name} defaultValue={props.defaultValue}>
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
