/**
 * A job's state on a staff page (app/server/jobs.server.ts): queued, running with a progress bar, done with what
 * it found, or failed with the reason in the user's language. While a job is queued or running the page reloads
 * its data every second or two (useJobPolling), so progress moves and the result appears by itself.
 */
import { useRevalidator } from '@remix-run/react';
import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { JOB_FAILURE_REASONS, type JobView } from '~/domain/jobs';
import { formatDateTime, formatPercent } from './format';

/** Revalidates the page's loaders every `everyMs` while `active` and the page is visible. */
export function useJobPolling(active: boolean, everyMs = 1_500): void {
  const revalidator = useRevalidator();
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible' && revalidator.state === 'idle') revalidator.revalidate();
    }, everyMs);
    return () => clearInterval(timer);
  }, [active, everyMs, revalidator]);
}

/**
 * One job's line: `result` says what a finished job found (the page knows its kind's result); `id` names the
 * element for tests and labels.
 */
export function JobStatus<J extends JobView>({ job, result, id }: { job: J | null; result: (job: Extract<J, { status: 'done' }>) => ReactNode; id: string }) {
  const { t } = useTranslation();
  if (!job) return null;
  switch (job.status) {
    case 'queued':
      return (
        <p className="muted" role="status" id={id}>
          {t('jobs.queued', { time: formatDateTime(job.createdAt) })}
        </p>
      );
    case 'running': {
      if (job.total === null || job.total === 0) {
        return (
          <p className="muted" role="status" id={id}>
            {t('jobs.preparing')}
          </p>
        );
      }
      const share = Math.min(1, job.done / job.total);
      const label = t('jobs.running', { percent: formatPercent(share), done: job.done.toLocaleString('en-US'), total: job.total.toLocaleString('en-US') });
      return (
        <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={job.total} aria-valuenow={job.done} aria-label={label} id={id}>
          <div className="progress-bar" style={{ width: `${Math.round(share * 100)}%` }} />
          <span>{label}</span>
        </div>
      );
    }
    case 'done':
      return (
        <p className="form-ok" role="status" id={id}>
          {result(job as Extract<J, { status: 'done' }>)} {job.finishedAt ? t('jobs.finished', { time: formatDateTime(job.finishedAt) }) : null}
        </p>
      );
    case 'failed': {
      const reason = JOB_FAILURE_REASONS.includes(job.reason) ? job.reason : 'error';
      return (
        <p className="form-error" role="alert" id={id}>
          {t('jobs.failed', { reason: t(`jobs.reasons.${reason}`) })}
        </p>
      );
    }
  }
}
