/**
 * The shop's upload history (app/server/uploads/history.server.ts): every day of data by whatever way it came in,
 * newest first, a page at a time (?page=). A list rather than a table, so it reads on a phone with large text.
 */
import { Link } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import type { UploadHistoryPage } from '~/domain/uploads/history';
import { formatDateTime, formatDay } from '../format';

export function UploadHistory({ history }: { history: UploadHistoryPage }) {
  const { t } = useTranslation();
  if (!history.total) return <p className="muted">{t('records.history.none')}</p>;
  const pageLink = (page: number) => `?page=${page}#upload-history`;
  return (
    <>
      <p className="muted">{t('records.history.summary', { count: history.total, days: history.days })}</p>
      <ul className="upload-history">
        {history.items.map((u) => (
          <li key={u.id} className="upload-item" data-source={u.source}>
            <div className="upload-item-head">
              <strong>{formatDay(u.businessDate, t)}</strong>
              <span className="badge">{t(`uploads.kind.${u.kind}`)}</span>
            </div>
            <div>
              {t(`uploads.source.${u.source}`)}
              {u.fileName ? <span className="muted"> · {u.fileName}</span> : null}
              {u.byToken ? <span className="muted"> · {t('records.history.byToken', { name: u.byToken })}</span> : null}
              {' · '}
              {t('records.history.figures', { count: u.figures })}
              {u.rowsRejected ? <span className="bad-text"> · {t('records.history.rejected', { count: u.rowsRejected })}</span> : null}
            </div>
            <div className="muted upload-item-when">
              {t('records.history.sentAt', { time: formatDateTime(u.createdAt) })}
              {u.byUser ? ` · ${t('records.history.byUser', { name: u.byUser })}` : null}
            </div>
          </li>
        ))}
      </ul>
      {history.pages > 1 ? (
        <nav className="pager" aria-label={t('records.history.pages')}>
          {history.page > 1 ? (
            <Link className="button secondary" to={pageLink(history.page - 1)} rel="prev">
              ← {t('records.history.newer')}
            </Link>
          ) : (
            <span />
          )}
          <span aria-current="page">{t('records.history.page', { page: history.page, pages: history.pages })}</span>
          {history.page < history.pages ? (
            <Link className="button secondary" to={pageLink(history.page + 1)} rel="next">
              {t('records.history.older')} →
            </Link>
          ) : (
            <span />
          )}
        </nav>
      ) : null}
    </>
  );
}
