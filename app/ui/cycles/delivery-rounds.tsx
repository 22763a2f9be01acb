/**
 * The cycle page's delivery card: each delivery day with every route's orders, one button that marks the whole
 * day delivered (all routes at once), and a route alone when only some trucks went. A day still to come offers
 * no button (the server refuses it as well).
 */
import { Form } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { formatDay } from '~/ui/format';

export interface DeliveryRoundsProps {
  deliveries: { managerId: number; managerName: string; day: string; toDeliver: number; delivered: number }[];
  /** Today in Asia/Shanghai ('YYYY-MM-DD'). */
  today: string;
  busy: boolean;
}

export function DeliveryRounds({ deliveries, today, busy }: DeliveryRoundsProps) {
  const { t } = useTranslation();
  if (!deliveries.length) return null;
  const days = [...new Set(deliveries.map((d) => d.day))].sort();
  return (
    <section className="card" aria-labelledby="delivery-title">
      <h2 id="delivery-title">{t('cycles.deliveryTitle')}</h2>
      <p className="muted">{t('cycles.deliveryIntro')}</p>
      {days.map((day) => {
        const routes = deliveries.filter((d) => d.day === day);
        const toDeliver = routes.reduce((n, d) => n + d.toDeliver, 0);
        const delivered = routes.reduce((n, d) => n + d.delivered, 0);
        const future = day > today;
        return (
          <div key={day} className="delivery-day" data-day={day}>
            <h3>
              {formatDay(day, t)} · {t('cycles.toDeliver', { count: toDeliver })} · {t('cycles.deliveredCount', { count: delivered })}
            </h3>
            {toDeliver > 0 && future ? <p className="muted">{t('cycles.deliveryNotYet', { day })}</p> : null}
            {toDeliver > 0 && !future ? (
              <Form method="post">
                <input type="hidden" name="day" value={day} />
                <button type="submit" name="intent" value="deliver-day" className="button" disabled={busy}>
                  {t('cycles.markDayDelivered', { count: toDeliver, routes: routes.filter((d) => d.toDeliver > 0).length })}
                </button>
              </Form>
            ) : null}
            <ul className="todo">
              {routes.map((d) => (
                <li key={`${d.managerId}:${d.day}`} className="row-between">
                  <span>
                    {d.managerName} · {t('cycles.toDeliver', { count: d.toDeliver })} · {t('cycles.deliveredCount', { count: d.delivered })}
                  </span>
                  {d.toDeliver > 0 && !future ? (
                    <Form method="post">
                      <input type="hidden" name="managerId" value={d.managerId} />
                      <input type="hidden" name="day" value={d.day} />
                      <button type="submit" name="intent" value="deliver" className="button secondary" disabled={busy} aria-label={t('cycles.markRouteDelivered', { name: d.managerName })}>
                        {t('cycles.markDelivered')}
                      </button>
                    </Form>
                  ) : null}
                </li>
              ))}
            </ul>
          </div>
        );
      })}
    </section>
  );
}
