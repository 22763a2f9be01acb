/**
 * The shop's order calendar and reminders (订货日历与提醒, issue 16): this cycle and the next four (order day,
 * cut-off, delivery), and its reminder settings — channels (home always; phone notifications; SMS) and quiet hours —
 * with this phone's Web Push turned on or off.
 */
import { parseWithZod } from '@conform-to/zod/v4';
import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { remindersForm } from '~/domain/forms/reminders';
import { requireRetailer } from '~/server/auth.server';
import { done, invalid, invariantResponse } from '~/server/http.server';
import { saveSettings, subscribePush, unsubscribePush } from '~/server/notifications.server';
import { shopCalendar } from '~/server/reminders.server';
import { formatDateTime, formatDay } from '~/ui/format';
import { replyDone, replyErrors, replyIntent } from '~/ui/form-reply';
import { PushToggle } from '~/ui/shop/push-toggle';
import shopStyles from '~/ui/shop/shop.css?url';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: shopStyles }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, retailerId } = await requireRetailer(context.db, request);
  const page = await shopCalendar(context.db, user, retailerId);
  invariantResponse(page, 'Not Found');
  return page;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = await requireRetailer(context.db, request);
  const submission = parseWithZod(await request.formData(), { schema: remindersForm });
  if (submission.status !== 'success') return invalid(submission);
  const v = submission.value;
  switch (v.intent) {
    case 'settings':
      await saveSettings(context.db, user, { push: v.push, sms: v.sms, quiet: v.quiet && v.quietFrom && v.quietTo ? { from: v.quietFrom, to: v.quietTo } : null });
      return data(done(submission));
    case 'push-subscribe':
      await subscribePush(context.db, user, { endpoint: v.endpoint, p256dh: v.p256dh, auth: v.auth });
      return data(done(submission));
    case 'push-unsubscribe':
      await unsubscribePush(context.db, user, v.endpoint);
      return data(done(submission));
  }
}

export default function RetailerCalendar() {
  const { calendar, settings, phone, pushKey, pushEndpoints } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const busy = useNavigation().state !== 'idle';
  const { t } = useTranslation();
  const errors = replyIntent(reply) === 'settings' ? replyErrors(reply) : {};
  const [quiet, setQuiet] = useState(settings.quietFrom !== null);
  return (
    <>
      <p>
        <Link to="/retailer">← {t('shop.record.back')}</Link>
      </p>
      <h1>{t('notify.calendar.title')}</h1>
      <p className="muted">{t('notify.calendar.intro')}</p>

      <section className="card" aria-labelledby="calendar-title">
        <h2 id="calendar-title" className="visually-hidden">
          {t('notify.calendar.title')}
        </h2>
        {calendar.length ? (
          <>
            <ol className="calendar-list" data-testid="order-calendar">
              {calendar.map((c) => (
                <li key={c.startsOn} className={`calendar-item${c.current ? ' current' : ''}${c.expected ? ' expected' : ''}`}>
                  <div className="calendar-head">
                    <span>{c.code}</span>
                    {c.current ? <span className="badge warn">{t('notify.calendar.thisCycle')}</span> : null}
                    {c.expected ? <span className="badge">{t('notify.calendar.expected')}</span> : null}
                    {c.ordered ? <span className="badge ok">{t('notify.calendar.ordered')}</span> : null}
                  </div>
                  <dl className="facts">
                    <dt>{t('notify.calendar.orderDay')}</dt>
                    <dd>{formatDay(c.orderDay, t)}</dd>
                    <dt>{t('notify.calendar.cutoff')}</dt>
                    <dd>{formatDateTime(c.cutoffAt)}</dd>
                    <dt>{t('notify.calendar.delivery')}</dt>
                    <dd>{formatDay(c.deliveryDay, t)}</dd>
                  </dl>
                </li>
              ))}
            </ol>
            {calendar.some((c) => c.expected) ? <p className="muted">{t('notify.calendar.expectedNote')}</p> : null}
          </>
        ) : (
          <p>{t('notify.calendar.none')}</p>
        )}
      </section>

      <section className="card" aria-labelledby="reminder-settings">
        <h2 id="reminder-settings">{t('notify.settings.title')}</h2>
        <p className="muted">{t('notify.settings.intro')}</p>
        <Form method="post" className="reminder-form" replace>
          <input type="hidden" name="intent" value="settings" />
          <fieldset>
            <label className="check">
              <input type="checkbox" checked disabled /> {t('notify.settings.inApp')}
            </label>
            <label className="check">
              <input type="checkbox" name="push" defaultChecked={settings.push} /> {t('notify.settings.push')}
            </label>
            <label className="check">
              <input type="checkbox" name="sms" defaultChecked={settings.sms} /> {t('notify.settings.sms')}
              {phone ? <span className="muted">{t('notify.settings.smsTo', { phone })}</span> : null}
            </label>
          </fieldset>
          <fieldset>
            <legend>{t('notify.settings.quiet')}</legend>
            <label className="check">
              <input type="checkbox" name="quiet" checked={quiet} onChange={(e) => setQuiet(e.currentTarget.checked)} /> {t('notify.settings.quietOn')}
            </label>
            {quiet ? (
              <div className="quiet-times">
                <label>
                  {t('notify.settings.quietFrom')}
                  <input type="time" name="quietFrom" defaultValue={settings.quietFrom ?? '21:00'} aria-invalid={errors.quietFrom ? true : undefined} />
                  {errors.quietFrom ? <span className="field-error">{t('notify.errors.quietFrom')}</span> : null}
                </label>
                <label>
                  {t('notify.settings.quietTo')}
                  <input type="time" name="quietTo" defaultValue={settings.quietTo ?? '08:00'} aria-invalid={errors.quietTo ? true : undefined} />
                  {errors.quietTo ? <span className="field-error">{t('notify.errors.quietTo')}</span> : null}
                </label>
              </div>
            ) : null}
          </fieldset>
          <button type="submit" className="button" disabled={busy}>
            {t('notify.settings.save')}
          </button>
          {replyDone(reply, 'settings') ? (
            <p role="status" className="ok">
              {t('notify.settings.saved')}
            </p>
          ) : null}
        </Form>
        <h3>{t('notify.settings.push')}</h3>
        <PushToggle publicKey={pushKey} endpoints={pushEndpoints} />
      </section>
    </>
  );
}
