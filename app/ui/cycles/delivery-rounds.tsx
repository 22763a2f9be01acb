/** The cycle page's delivery card: each manager's round per day, and marking a round delivered. */
import { Form } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { formatDay } from '~/ui/format';

export interface DeliveryRoundsProps {
  deliveries: { managerId: number; managerName: string; day: string; toDeliver: number; delivered: number }[];
  busy: boolean;
}

export function DeliveryRounds({ deliveries, busy }: DeliveryRoundsProps) {
  const { t } = useTranslation();
  if (!deliveries.length) return null;
  return (
    <section className="card" aria-labelledby="delivery-title">
      <h2 id="delivery-title">{t('cycles.deliveryTitle')}</h2>
      <p className="muted">{t('cycles.deliveryIntro')}</p>
      <ul className="todo">
        {deliveries.map((d) => (
          <li key={`${d.managerId}:${d.day}`} className="row-between">
            <span>
              {formatDay(d.day, t)} · {d.managerName} · {t('cycles.toDeliver', { count: d.toDeliver })} · {t('cycles.deliveredCount', { count: d.delivered })}
            </span>
            {d.toDeliver > 0 ? (
              <Form method="post">
                <input type="hidden" name="managerId" value={d.managerId} />
                <input type="hidden" name="day" value={d.day} />
                <button type="submit" name="intent" value="deliver" className="button secondary" disabled={busy}>
                  {t('cycles.markDelivered')}
                </button>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
