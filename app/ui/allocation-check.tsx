/**
 * The shop's check of its published allocation (配货结果必核查): what it asked for against what it was
 * allocated, then "confirm" or "report a problem" (a short text; the order stays unconfirmed until it
 * confirms). Also says when it confirmed or what it reported, and why an order failed.
 */
import { Form, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from './format';

export interface AllocationCheckProps {
  mayCheck: boolean;
  status: string;
  confirmedAt: string | null;
  problem: string | null;
  problemAt: string | null;
  failureReason: string | null;
  lines: Array<{ specId: number; name: string; qtyRequestedCartons: number; qtyAllocatedCartons: number | null }>;
  result: { ok: boolean; error: string | null; intent?: string } | undefined;
}

export function AllocationCheck({ mayCheck, status, confirmedAt, problem, problemAt, failureReason, lines, result }: AllocationCheckProps) {
  const { t } = useTranslation();
  const busy = useNavigation().state !== 'idle';
  const short = lines.filter((l) => l.qtyAllocatedCartons !== null && l.qtyAllocatedCartons < l.qtyRequestedCartons);
  return (
    <>
      {status === 'failed' && failureReason ? (
        <p className="form-error" role="alert">
          {t('allocationCheck.failed', { reason: failureReason })}
        </p>
      ) : null}
      {result?.intent?.startsWith('allocation') ? (
        result.ok ? (
          <p className="form-ok" role="status">
            {t(result.intent === 'allocation-confirm' ? 'allocationCheck.confirmedNow' : 'allocationCheck.reportedNow')}
          </p>
        ) : (
          <p className="form-error" role="alert">
            {t(`allocationCheck.error.${(result.error ?? 'invalid') as 'invalid'}`)}
          </p>
        )
      ) : null}
      {confirmedAt ? <p className="muted">{t('allocationCheck.confirmedAt', { time: formatDateTime(confirmedAt) })}</p> : null}
      {problem && problemAt ? <p className="form-info">{t('allocationCheck.reportedAt', { time: formatDateTime(problemAt), problem })}</p> : null}
      {mayCheck ? (
        <section className="card no-print" aria-labelledby="check-title">
          <h2 id="check-title">{t('allocationCheck.title')}</h2>
          <p>{t('allocationCheck.intro')}</p>
          {short.length ? (
            <ul className="todo">
              {short.map((l) => (
                <li key={l.specId}>{t('allocationCheck.shortLine', { name: l.name, requested: l.qtyRequestedCartons, allocated: l.qtyAllocatedCartons ?? 0 })}</li>
              ))}
            </ul>
          ) : (
            <p className="muted">{t('allocationCheck.allInFull')}</p>
          )}
          <Form method="post" className="form">
            <button type="submit" name="intent" value="allocation-confirm" className="button" disabled={busy}>
              {t('allocationCheck.confirm')}
            </button>
          </Form>
          <Form method="post" className="form">
            <div className="field">
              <label htmlFor="allocation-problem">{t('allocationCheck.problemLabel')}</label>
              <textarea id="allocation-problem" name="problem" rows={3} maxLength={500} required className="wide-input" />
            </div>
            <button type="submit" name="intent" value="allocation-problem" className="button secondary" disabled={busy}>
              {t('allocationCheck.report')}
            </button>
          </Form>
        </section>
      ) : null}
    </>
  );
}
