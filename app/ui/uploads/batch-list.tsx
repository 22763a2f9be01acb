import { useTranslation } from 'react-i18next';
import type { listUploadBatches } from '~/server/uploads/staging.server';
import { formatDateTime } from '../format';

type Batch = Awaited<ReturnType<typeof listUploadBatches>>[number];

export function BatchList({ batches }: { batches: Batch[] }) {
  const { t } = useTranslation();
  if (!batches.length) return <p className="muted">{t('uploads.noHistory')}</p>;
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{t('uploads.when')}</th>
            <th scope="col">{t('uploads.kindLabel')}</th>
            <th scope="col">{t('uploads.how')}</th>
            <th scope="col">{t('uploads.days')}</th>
            <th scope="col" className="num">{t('uploads.acceptedRows')}</th>
            <th scope="col" className="num">{t('uploads.rejectedRows')}</th>
            <th scope="col">{t('uploads.by')}</th>
          </tr>
        </thead>
        <tbody>
          {batches.map((b) => (
            <tr key={b.id}>
              <td>{formatDateTime(b.createdAt)}</td>
              <td>{t(`uploads.kind.${b.kind}`)}</td>
              <td>
                {t(`uploads.source.${b.source}`)}
                {b.fileName ? <div className="muted">{b.fileName}</div> : null}
              </td>
              <td>{b.dayFrom === b.dayTo ? b.dayFrom : `${b.dayFrom} – ${b.dayTo}`}</td>
              <td className="num">{b.rowsAccepted}</td>
              <td className="num">
                <span className={`badge ${b.outcome === 'accepted' ? 'ok' : b.outcome === 'partial' ? 'warn' : 'bad'}`}>{b.rowsRejected}</span>
              </td>
              <td>{b.byUser ?? b.byToken ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
