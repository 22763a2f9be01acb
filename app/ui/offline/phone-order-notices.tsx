/**
 * What the order page says about the changes kept on the phone: waiting for the link (a submit: "已保存在手机上，
 * 联网后自动提交（截单前）"), submitted once the link came back, refused with the server's reason (the cut-off passed
 * meanwhile), changed elsewhere (the owner chooses), or waiting for a new sign-in. Said calmly, never as a crash.
 */
import { Link } from '@remix-run/react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatQuantity } from '../format';
import { pendingSubmit, type Outcome } from './outbox';
import type { PhoneOrderApi } from './use-phone-order';

/** The message for an outcome the server gave to a change kept on the phone. */
export function outcomeMessage(outcome: Outcome, cutoffAt: string, t: TFunction<'common'>): { kind: 'ok' | 'error'; text: string } {
  if (outcome.kind === 'submitted') return { kind: 'ok', text: outcome.afterWait ? t('offline.submittedLater') : t('order.successSubmitted') };
  const reason =
    outcome.reason === 'window_closed'
      ? `${t('order.problem.window_closed')} ${t('offline.cutoffPassed', { time: formatDateTime(cutoffAt) })}`
      : outcome.reason === 'invalid'
        ? [...outcome.orderProblems.map((p) => t(`order.problem.${p.code}`, p)), ...(outcome.lineProblems.length ? [t('order.fixLines', { count: outcome.lineProblems.length })] : [])].join(' ')
        : t(`order.problem.${outcome.reason}`);
  return { kind: 'error', text: t(outcome.intent === 'submit' ? 'offline.refusedSubmit' : 'offline.refusedSave', { reason }) };
}

export function PhoneOrderNotices({ phone, pageFromPhoneAt, onTakeTheirs }: { phone: PhoneOrderApi; pageFromPhoneAt: string | null; onTakeTheirs: () => void }) {
  const { t } = useTranslation();
  const record = phone.record;
  if (!phone.available || !record) return null;
  const waiting = record.queue.length > 0 && (phone.offline || record.queue.some((c) => c.waited));
  const conflict = record.conflict;
  return (
    <div className="phone-notices" aria-live="polite">
      {pageFromPhoneAt ? <p className="form-info">{t('offline.pageFromPhone', { time: formatDateTime(pageFromPhoneAt) })}</p> : null}
      {record.signedOut && record.queue.length ? (
        <p className="form-info" role="status">
          {t('offline.signedOut')}{' '}
          <Link to={`/auth/login?redirectTo=${encodeURIComponent('/retailer/order')}`}>{t('offline.signIn')}</Link>
        </p>
      ) : waiting ? (
        <p className="form-info offline-queued" role="status">
          {pendingSubmit(record) ? t('offline.queuedSubmit') : t('offline.editsKept')}
        </p>
      ) : phone.busy && record.queue.length ? (
        <p className="busy-state" role="status">
          {t('order.serverBusy')}
        </p>
      ) : null}
      {conflict ? (
        <div className="card conflict-box" role="alert">
          <p>{t('offline.conflict')}</p>
          <p className="muted">
            {t('offline.conflictServer', {
              summary: t('order.summary', {
                specs: formatQuantity('specs', conflict.cart.length, t),
                cartons: formatQuantity('cartons', conflict.cart.reduce((n, l) => n + l.qtyCartons, 0), t),
              }),
            })}
          </p>
          <div className="filter-row">
            <button type="button" className="button" onClick={() => void phone.keepMine()}>
              {t('offline.keepMine')}
            </button>
            <button type="button" className="button secondary" onClick={onTakeTheirs}>
              {t('offline.takeTheirs')}
            </button>
          </div>
        </div>
      ) : null}
    </div>
  );
}
