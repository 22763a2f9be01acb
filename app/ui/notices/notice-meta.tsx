/** Who published a notice and when, and its attachment link: the same on the shop's and the company's pages. */
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
