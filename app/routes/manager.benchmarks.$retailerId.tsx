/** One benchmark store: its indicators week by week, its visit log, and logging this week's visit (with a photo). */
import { parseWithZod } from '@conform-to/zod/v4';
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { MAX_PHOTO_BYTES, VISIT_MAX_AGE_DAYS, VISIT_MAX_MINUTES, visitForm, WHAT_DONE_MAX_CHARS } from '~/domain/forms/manager-work';
import { shanghaiDayOf } from '~/domain/time';
import { requireRole } from '~/server/auth.server';
import { logVisit, storeIndicators, visitsOf } from '~/server/visits.server';
import { formatDay } from '~/ui/format';
import { readFileForm } from '~/server/file-form.server';
import { z } from 'zod';
import { done, getParams, idParam, invalid, invariantResponse, refused } from '~/server/http.server';
import { replyDone, replyErrors, type Reply } from '~/ui/form-reply';

const Params = z.object({ retailerId: idParam });

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireRole(context.db, request, 'manager');
  const { retailerId } = getParams(params, Params);
  const indicators = await storeIndicators(context.db, user, retailerId);
  invariantResponse(indicators, 'Not Found');
  return { ...indicators, visits: await visitsOf(context.db, user, retailerId), today: shanghaiDayOf(new Date()) };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(context.db, request, 'manager');
  const { retailerId } = getParams(params, Params);
  // Refused before the body is read (or when it could not be read): answered like any refusal, over an empty
  // submission (nothing else to say about the fields), beside the photo field.
  const read = await readFileForm(request, MAX_PHOTO_BYTES);
  if (!read.ok) {
    const unread = parseWithZod(new FormData(), { schema: z.object({}) });
    return read.reason === 'too_large' ? refused(unread, 'photo_too_large', { status: 413, field: 'photo' }) : refused(unread, 'photo_unreadable', { field: 'photo' });
  }
  const submission = parseWithZod(read.form, { schema: visitForm });
  if (submission.status !== 'success') return invalid(submission);
  const { photo, ...visit } = submission.value;
  const bytes = photo && photo.size > 0 ? { bytes: new Uint8Array(await photo.arrayBuffer()) } : null;
  const result = await logVisit(context.db, user, { retailerId, ...visit }, bytes);
  if (!result.ok) {
    // A photo's refusal beside the photo, a day's beside the day; a shop not on the route is the form's.
    const field = result.reason.startsWith('photo') ? 'photo' : result.reason === 'not_found' ? undefined : 'visitedOn';
    return refused(submission, result.reason, { field });
  }
  return done(submission);
}

export default function BenchmarkStore() {
  const { shop, weeks, visits, today } = useLoaderData<typeof loader>();
  const reply = useActionData<Reply>();
  const logged = replyDone(reply);
  const busy = useNavigation().state !== 'idle';
  const { t } = useTranslation();
  const errors = replyErrors(reply);
  const err = (field: string) =>
    errors[field] ? (
      <p className="field-error" id={`${field}-error`}>
        {t(`managerWork.error.${errors[field]}` as 'managerWork.error.form', { days: VISIT_MAX_AGE_DAYS })}
      </p>
    ) : null;
  return (
    <>
      <Link to="/manager/benchmarks">← {t('managerWork.benchmarks.title')}</Link>
      <h1>
        {shop.name} <span className="muted">{shop.licenceNo}</span>
      </h1>
      {shop.reason ? <p className="form-info">{t('managerWork.profile.benchmarkReason', { reason: shop.reason })}</p> : null}
      <p className="filter-row">
        <Link to={`/manager/retailers/${shop.id}`}>{t('managerWork.followUp.profile')}</Link>
        <a href={`tel:${shop.phone}`}>{shop.phone}</a>
      </p>

      <section className="card" aria-labelledby="visit-form">
        <h2 id="visit-form">{t('managerWork.store.logTitle')}</h2>
        {logged ? (
          <p className="form-ok" role="status">
            {t('managerWork.store.logged')}
          </p>
        ) : null}
        {errors.form ? (
          <p className="form-error" role="alert">
            {t(`managerWork.error.${errors.form}` as 'managerWork.error.form')}
          </p>
        ) : null}
        <Form method="post" encType="multipart/form-data" className="form" key={logged ? visits.length : 'form'}>
          <div className="field">
            <label htmlFor="visitedOn">{t('managerWork.store.visitedOn')}</label>
            <input id="visitedOn" name="visitedOn" type="date" required defaultValue={today} max={today} aria-invalid={errors.visitedOn ? true : undefined} />
            {err('visitedOn')}
          </div>
          <div className="field">
            <label htmlFor="durationMinutes">{t('managerWork.store.duration')}</label>
            <input id="durationMinutes" name="durationMinutes" type="number" inputMode="numeric" min={1} max={VISIT_MAX_MINUTES} required aria-invalid={errors.durationMinutes ? true : undefined} />
            {err('durationMinutes')}
          </div>
          <div className="field">
            <label htmlFor="whatDone">{t('managerWork.store.whatDone')}</label>
            <textarea id="whatDone" name="whatDone" className="wide-input" rows={3} required maxLength={WHAT_DONE_MAX_CHARS} placeholder={t('managerWork.store.whatDonePlaceholder')} />
            {err('whatDone')}
          </div>
          <div className="field">
            <label htmlFor="photo">{t('managerWork.store.photo')}</label>
            <input id="photo" name="photo" type="file" accept="image/jpeg,image/png,image/webp" capture="environment" />
            <span className="hint">{t('managerWork.store.photoHint')}</span>
            {err('photo')}
          </div>
          <button type="submit" className="button" disabled={busy}>
            {t('managerWork.store.save')}
          </button>
        </Form>
      </section>

      <section className="card" aria-labelledby="visit-log">
        <h2 id="visit-log">{t('managerWork.store.visitLog')}</h2>
        {visits.length === 0 ? <p className="muted">{t('managerWork.profile.noVisits')}</p> : null}
        <ul className="history-list">
          {visits.map((v) => (
            <li key={v.id} className="history-item">
              <strong>{formatDay(v.visitedOn, t)}</strong> · {t('managerWork.store.minutes', { count: v.durationMinutes })} · {v.author}
              <br />
              {v.whatDone}
              {v.hasPhoto ? (
                <>
                  {' '}
                  <a href={`/manager/visits/${v.id}/photo`} target="_blank" rel="noreferrer">
                    {t('managerWork.store.photoLink')}
                  </a>
                </>
              ) : null}
            </li>
          ))}
        </ul>
      </section>

      <section className="card" aria-labelledby="store-ind">
        <h2 id="store-ind">{t('managerWork.store.indicators')}</h2>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('managerWork.store.week')}</th>
                <th scope="col" className="num">
                  {t('managerWork.store.salesPacks')}
                </th>
                <th scope="col" className="num">
                  {t('managerWork.store.uploadDays')}
                </th>
                <th scope="col">{t('managerWork.store.ordered')}</th>
                <th scope="col" className="num">
                  {t('managerWork.store.visits')}
                </th>
              </tr>
            </thead>
            <tbody>
              {weeks.map((w) => (
                <tr key={w.weekStart}>
                  <td>{w.weekStart}</td>
                  <td className="num">{w.salesPacks}</td>
                  <td className="num">{w.uploadDays}</td>
                  <td>{w.ordered === null ? '—' : w.ordered ? t('managerWork.store.orderedYes') : t('managerWork.store.orderedNo')}</td>
                  <td className="num">{w.visits}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
