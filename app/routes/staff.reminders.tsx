/**
 * Order reminders for staff (issue 16): which channels are configured, who was reminded in a cycle (each reminder
 * with its channels and what came of it) and whether the shop then ordered, and the messages not sent (a channel
 * not configured, or a failure) — the outbox keeps them for staff to read.
 */
import type { LoaderFunctionArgs } from '@remix-run/node';
import { Form, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { remindersSearch } from '~/domain/forms/reminders';
import { requireRole } from '~/server/auth.server';
import { getSearch, invariantResponse } from '~/server/http.server';
import { unsentNotifications } from '~/server/notifications.server';
import { channelsFromEnv } from '~/server/notify-channels.server';
import { reminderReport } from '~/server/reminders.server';
import { formatDateTime } from '~/ui/format';
import { notificationText } from '~/ui/notification-text';

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireRole(context.db, request, 'staff');
  const search = getSearch(request, remindersSearch);
  const [report, unsent] = await Promise.all([reminderReport(context.db, user, search.cycle), unsentNotifications(context.db, user)]);
  invariantResponse(report);
  const channels = channelsFromEnv();
  return { ...report, unsent, configured: { push: channels.push !== null, sms: channels.sms?.name ?? null } };
}

export default function StaffReminders() {
  const { cycles, cycle, rows, ordered, unsent, configured } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const reason = (code: string | null) =>
    code === 'not_configured' || code === 'no_subscription' || code === 'no_phone' || code === 'ordered' || code === 'rejected' || code === 'gone' || code === 'error'
      ? t(`notifyStaff.reason.${code}`)
      : '';
  return (
    <>
      <h1>{t('notifyStaff.title')}</h1>
      <p className="muted">{t('notifyStaff.intro')}</p>

      <section className="card" aria-labelledby="channels-title">
        <h2 id="channels-title">{t('notifyStaff.configured.title')}</h2>
        <dl className="facts">
          <dt>{t('notifyStaff.configured.push')}</dt>
          <dd>{configured.push ? t('notifyStaff.configured.on') : t('notifyStaff.configured.off')}</dd>
          <dt>{t('notifyStaff.configured.sms', { provider: configured.sms ?? 'SMS' })}</dt>
          <dd>{configured.sms ? t('notifyStaff.configured.on') : t('notifyStaff.configured.off')}</dd>
        </dl>
      </section>

      <section className="card" aria-labelledby="reminded-title">
        <h2 id="reminded-title">{cycle ? cycle.code : t('notifyStaff.title')}</h2>
        {cycles.length ? (
          <Form method="get" className="inline-form">
            <label>
              {t('notifyStaff.cycle')}{' '}
              <select name="cycle" defaultValue={cycle?.id}>
                {cycles.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.code}
                  </option>
                ))}
              </select>
            </label>{' '}
            <button type="submit" className="button secondary">
              {t('notifyStaff.show')}
            </button>
          </Form>
        ) : null}
        {rows.length ? (
          <>
            <p data-testid="reminder-summary">{t('notifyStaff.summary', { count: rows.length, ordered })}</p>
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('notifyStaff.shop')}</th>
                    <th scope="col">{t('notifyStaff.manager')}</th>
                    <th scope="col">{t('notifyStaff.reminders')}</th>
                    <th scope="col">{t('notifyStaff.orderedAfter')}</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r) => (
                    <tr key={r.retailerId}>
                      <th scope="row">
                        {r.shopName}
                        <br />
                        <span className="muted">{r.licenceNo}</span>
                      </th>
                      <td>{r.managerName}</td>
                      <td>
                        <ul className="plain-list">
                          {r.reminders.map((m, i) => (
                            <li key={i}>
                              {t(`notifyStaff.kind.${m.kind}`)} · {t(`notifyStaff.channel.${m.channel}`)} · {t(`notifyStaff.status.${m.status}`)}
                              {m.error ? ` (${reason(m.error)})` : ''} · {formatDateTime(m.dueAt)}
                            </li>
                          ))}
                        </ul>
                      </td>
                      <td>{r.orderedAt ? t('notifyStaff.ordered', { time: formatDateTime(r.orderedAt) }) : t('notifyStaff.notOrdered')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        ) : (
          <p className="muted">{t('notifyStaff.none')}</p>
        )}
      </section>

      <section className="card" aria-labelledby="unsent-title">
        <h2 id="unsent-title">
          {t('notifyStaff.outbox.title')} ({unsent.total})
        </h2>
        <p className="muted">{t('notifyStaff.outbox.intro')}</p>
        {unsent.rows.length ? (
          <div className="table-wrap">
            <table data-testid="unsent-messages">
              <thead>
                <tr>
                  <th scope="col">{t('notifyStaff.outbox.to')}</th>
                  <th scope="col">{t('notifyStaff.outbox.text')}</th>
                  <th scope="col">{t('notifyStaff.outbox.due')}</th>
                  <th scope="col">{t('notifyStaff.outbox.status')}</th>
                </tr>
              </thead>
              <tbody>
                {unsent.rows.map((m) => (
                  <tr key={m.id}>
                    <td>{m.shopName ?? m.displayName}</td>
                    <td>{notificationText(m.textKey, m.params, t)}</td>
                    <td>{formatDateTime(m.dueAt)}</td>
                    <td>
                      {t(`notifyStaff.channel.${m.channel}`)} · {t(`notifyStaff.status.${m.status}`)}
                      {m.error ? ` (${reason(m.error)})` : ''}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="muted">{t('notifyStaff.outbox.none')}</p>
        )}
      </section>
    </>
  );
}
