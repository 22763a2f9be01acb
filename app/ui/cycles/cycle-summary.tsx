/** The cycle page's summary card: its week, times and orders, and the button for the next step of its life. */
import { Form } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '~/ui/format';

export type CycleStatus = 'planned' | 'open' | 'closed' | 'allocated' | 'published' | 'delivered';

export interface CycleSummaryProps {
  cycle: { startsOn: string; endsOn: string; opensAt: string; cutoffLocalTime: string; leadDays: number; status: CycleStatus };
  lastCutoffAt: string;
  statusCounts: Record<string, number>;
  busy: boolean;
}

export function CycleSummary({ cycle, lastCutoffAt, statusCounts, busy }: CycleSummaryProps) {
  const { t } = useTranslation();
  const statusAction = (intent: 'open' | 'close' | 'run' | 'publish', label: string) => (
    <Form method="post">
      <button type="submit" name="intent" value={intent} className="button" disabled={busy}>
        {label}
      </button>
    </Form>
  );
  return (
    <section className="card">
      <dl className="facts">
        <dt>{t('cycles.week')}</dt>
        <dd>{t('cycles.weekRange', { from: cycle.startsOn, to: cycle.endsOn })}</dd>
        <dt>{t('cycles.opensLabel')}</dt>
        <dd>{formatDateTime(cycle.opensAt)}</dd>
        <dt>{t('cycles.cutoffTime')}</dt>
        <dd>{cycle.cutoffLocalTime.slice(0, 5)}</dd>
        <dt>{t('cycles.lastCutoff')}</dt>
        <dd>{formatDateTime(lastCutoffAt)}</dd>
        <dt>{t('cycles.leadDays')}</dt>
        <dd>{cycle.leadDays}</dd>
        <dt>{t('cycles.orders')}</dt>
        <dd>
          {Object.entries(statusCounts)
            .map(([s, n]) => `${t(`orderStatus.${s as 'submitted'}`)} ${n}`)
            .join(' · ') || t('cycles.noOrders')}
        </dd>
      </dl>
      <div className="filter-row">
        {cycle.status === 'planned' ? statusAction('open', t('cycles.open')) : null}
        {cycle.status === 'open' ? statusAction('close', t('cycles.close')) : null}
        {cycle.status === 'closed' || cycle.status === 'allocated' ? statusAction('run', cycle.status === 'allocated' ? t('cycles.rerun') : t('cycles.run')) : null}
        {cycle.status === 'allocated' ? statusAction('publish', t('cycles.publish')) : null}
      </div>
      <p className="muted">{t(`cycles.next.${cycle.status}`)}</p>
    </section>
  );
}
