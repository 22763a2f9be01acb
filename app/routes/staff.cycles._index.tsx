import { parseWithZod } from '@conform-to/zod/v4';
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { createCycleForm } from '~/domain/forms/cycle';
import { requireRole } from '~/server/auth.server';
import { createCycle, cycleCalendar, nextCycleDefaults } from '~/server/cycle-admin.server';
import { invalid, refused } from '~/server/http.server';
import { formatDateTime, formatDay, weekdayLabel } from '~/ui/format';
import { replyError } from '~/ui/form-reply';

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(context.db, request, 'staff');
  const [calendar, defaults] = await Promise.all([cycleCalendar(context.db), nextCycleDefaults(context.db)]);
  return { calendar, defaults };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(context.db, request, 'staff');
  const submission = parseWithZod(await request.formData(), { schema: createCycleForm });
  if (submission.status !== 'success') return invalid(submission);
  const r = await createCycle(context.db, user, submission.value);
  if (!r.ok) return refused(submission, r.reason);
  throw redirect(`/staff/cycles/${r.cycleId}?created=1`);
}

export default function StaffCycles() {
  const { calendar, defaults } = useLoaderData<typeof loader>();
  const error = replyError(useActionData<typeof action>());
  const { t } = useTranslation();
  const busy = useNavigation().state !== 'idle';
  return (
    <>
      <h1>{t('cycles.title')}</h1>
      <p className="muted">{t('cycles.intro')}</p>

      <section className="card" aria-labelledby="calendar-title">
        <h2 id="calendar-title">{t('cycles.calendar')}</h2>
        {calendar.length ? (
          <ul className="history-list">
            {calendar.map((c) => (
              <li key={c.id} className="card">
                <div className="row-between">
                  <Link to={`/staff/cycles/${c.id}`}>
                    <strong>{c.code}</strong>
                  </Link>
                  <span className={`badge cycle-${c.status}`}>{t(`cycles.status.${c.status}`)}</span>
                </div>
                <p className="muted">
                  {t('cycles.weekRange', { from: c.startsOn, to: c.endsOn })} · {t('cycles.opensAt', { time: formatDateTime(c.opensAt) })}
                </p>
                <details>
                  <summary>{t('cycles.days')}</summary>
                  <div className="table-wrap">
                    <table>
                      <thead>
                        <tr>
                          <th scope="col">{t('cycles.day')}</th>
                          <th scope="col" className="num">{t('cycles.orderShops')}</th>
                          <th scope="col">{t('cycles.cutoff')}</th>
                        </tr>
                      </thead>
                      <tbody>
                        {c.days.map((d) => (
                          <tr key={d.day}>
                            <td>
                              {d.day.slice(5)} {weekdayLabel(d.weekday, t)}
                            </td>
                            <td className="num">{d.orderShops || '—'}</td>
                            <td>{d.cutoffAt ? formatDateTime(d.cutoffAt).slice(11) : '—'}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                  <p>
                    {t('cycles.deliveryDays')}:{' '}
                    {c.deliveries.map((d) => t('cycles.deliveryDay', { day: formatDay(d.day, t), shops: d.shops })).join(' · ') || '—'}
                  </p>
                </details>
                <p className="muted">
                  {Object.entries(c.orders)
                    .map(([status, n]) => `${t(`orderStatus.${status as 'submitted'}`)} ${n}`)
                    .join(' · ') || t('cycles.noOrders')}
                </p>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t('cycles.none')}</p>
        )}
      </section>

      <section className="card" aria-labelledby="create-title">
        <h2 id="create-title">{t('cycles.createTitle')}</h2>
        <p className="muted">{t('cycles.createIntro')}</p>
        {error ? (
          <p className="form-error" role="alert">
            {t(`cycles.error.${error as 'invalid'}`)}
          </p>
        ) : null}
        <Form method="post" className="form">
          <div className="field">
            <label htmlFor="startsOn">{t('cycles.startsOn')}</label>
            <input id="startsOn" name="startsOn" type="date" defaultValue={defaults.startsOn} required />
          </div>
          <div className="field">
            <label htmlFor="opensOn">{t('cycles.opensOn')}</label>
            <input id="opensOn" name="opensOn" type="date" defaultValue={defaults.opensOn} required />
          </div>
          <div className="field">
            <label htmlFor="opensTime">{t('cycles.opensTime')}</label>
            <input id="opensTime" name="opensTime" type="time" defaultValue={defaults.opensTime} required />
          </div>
          <div className="field">
            <label htmlFor="cutoffLocalTime">{t('cycles.cutoffTime')}</label>
            <input id="cutoffLocalTime" name="cutoffLocalTime" type="time" defaultValue={defaults.cutoffLocalTime} required />
            <span className="hint">{t('cycles.cutoffHint')}</span>
          </div>
          <div className="field">
            <label htmlFor="leadDays">{t('cycles.leadDays')}</label>
            <input id="leadDays" name="leadDays" type="number" min={0} max={6} step={1} defaultValue={defaults.leadDays} required />
          </div>
          <button type="submit" name="intent" value="create" className="button" disabled={busy}>
            {t('cycles.create')}
          </button>
        </Form>
      </section>
    </>
  );
}
