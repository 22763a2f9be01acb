/** The one error boundary: 403, 404 and unexpected errors, each in the user's language, never a stack trace. */
import { isRouteErrorResponse, Link, useRouteError } from '@remix-run/react';
import { useTranslation } from 'react-i18next';

export function GeneralErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation();
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
