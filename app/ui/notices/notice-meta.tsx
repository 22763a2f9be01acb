/** Who published a notice and when, its text and its attachment link: the same on the shop's and the company's pages. */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '~/ui/format';

export function NoticeFrom({ managerName, createdAt }: { managerName: string | null; createdAt: string }) {
  const { t } = useTranslation();
  const from = managerName ? t('notices.fromManager', { name: managerName }) : t('notices.fromCounty');
  return <span className="muted">{t('notices.published', { from, time: formatDateTime(createdAt) })}</span>;
}

/** "1.2 MB" / "350 KB". */
export function formatFileSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

export function NoticeAttachment({ noticeId, name, bytes }: { noticeId: number; name: string | null; bytes: number | null }) {
  const { t } = useTranslation();
  if (!name) return null;
  return (
    <p>
      <a className="notice-attachment" href={`/resources/notices/${noticeId}/attachment`} target="_blank" rel="noreferrer">
        📎 {t('notices.attachment', { name, size: formatFileSize(bytes ?? 0) })}
      </a>
    </p>
  );
}

/** A notice as both sides read it: who and when, its title, its sanitized text and its attachment; `children` after. */
export function NoticeArticle({
  notice,
  children,
}: {
  notice: { id: number; title: string; important: boolean; managerName: string | null; createdAt: string; html: string; attachmentName: string | null; attachmentBytes: number | null };
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <article className="card" aria-labelledby="notice-title">
      <p className="notice-meta">
        {notice.important ? <span className="badge bad">{t('notices.important')}</span> : null}
        <NoticeFrom managerName={notice.managerName} createdAt={notice.createdAt} />
      </p>
      <h1 id="notice-title" className="notice-title">
        {notice.title}
      </h1>
      {/* Rendered from the notice's Markdown and sanitized on the server (app/server/notice-text.server.ts). */}
      <div className="notice-body" dangerouslySetInnerHTML={{ __html: notice.html }} />
      <NoticeAttachment noticeId={notice.id} name={notice.attachmentName} bytes={notice.attachmentBytes} />
      {children}
    </article>
  );
}
