/**
 * The one error boundary: 403, 404 and unexpected errors, each in the user's language, never a stack trace. A
 * page that could not be fetched for want of a network is not an error of ours: it says so, with a way to try
 * again and to the order page, which opens without signal (app/ui/offline/).
 */
import { isRouteErrorResponse, Link, useRouteError } from '@remix-run/react';
import { useTranslation } from 'react-i18next';

export function GeneralErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation();
  if (isNetworkFailure(error)) return <OfflineCard />;
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const [title, body] =
    status === 404
      ? [t('errors.notFoundTitle'), t('errors.notFound')]
      : status === 403
        ? [t('errors.forbiddenTitle'), t('errors.forbidden')]
        : [t('errors.serverTitle'), t('errors.server')];
  return (
    <main className="page narrow" id="main">
      <div className="card error-card" role="alert">
        <p className="error-status">{status}</p>
        <h1>{title}</h1>
        <p>{body}</p>
        <Link className="button" to="/">
          {t('errors.backHome')}
        </Link>
      </div>
    </main>
  );
}

/** A fetch that never reached the server (no signal): `TypeError: Failed to fetch` and the like. */
export function isNetworkFailure(error: unknown): boolean {
  if (isRouteErrorResponse(error) || !(error instanceof Error)) return false;
  return (typeof navigator !== 'undefined' && navigator.onLine === false) || (error instanceof TypeError && /fetch|network|load failed/i.test(error.message));
}

function OfflineCard() {
  const { t } = useTranslation();
  return (
    <main className="page narrow" id="main">
      <div className="card error-card" role="alert">
        <h1>{t('offline.errorTitle')}</h1>
        <p>{t('offline.errorBody')}</p>
        {/* Whole-page loads, so the service worker can answer them from the phone. */}
        <a className="button" href={typeof window === 'undefined' ? '/' : window.location.pathname + window.location.search}>
          {t('offline.retry')}
        </a>
        <a className="button secondary" href="/retailer/order">
          {t('offline.openOrder')}
        </a>
      </div>
    </main>
  );
}
