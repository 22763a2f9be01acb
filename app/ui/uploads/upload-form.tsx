/**
 * The file picker with a real progress bar: the file goes up with XMLHttpRequest (fetch cannot report upload
 * progress), then the page moves to the preview. Without JavaScript the form posts the same file normally.
 * A file over the limit is refused here, before a byte is sent; a 413 from the server (its own limit, checked
 * before any route) is answered with the same words.
 */
import { useNavigate } from '@remix-run/react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DEFAULT_MAX_BYTES } from '~/domain/uploads/read-errors';
import { readErrorMessage } from './read-error-message';

export function UploadForm({ retailerId }: { retailerId?: number }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [percent, setPercent] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);

  function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const file = form.get('file');
    if (!(file instanceof File) || file.size === 0) {
      setError(t('uploads.error.no_file'));
      return;
    }
    const tooLarge = () => readErrorMessage(t, 'too_large', { bytes: file.size, maxBytes: DEFAULT_MAX_BYTES }, file.name);
    if (file.size > DEFAULT_MAX_BYTES) {
      setError(tooLarge());
      return;
    }
    setError(null);
    setPercent(0);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/resources/uploads/stage');
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.onprogress = (ev) => ev.lengthComputable && setPercent(Math.round((ev.loaded / ev.total) * 100));
    xhr.onload = () => {
      setPercent(null);
      if (xhr.status === 413) {
        setError(tooLarge());
        return;
      }
      try {
        const body = JSON.parse(xhr.responseText) as { ok: boolean; previewUrl?: string; message?: string };
        if (body.ok && body.previewUrl) navigate(body.previewUrl);
        else setError(body.message ?? t('errors.server'));
      } catch {
        setError(t('errors.server'));
      }
    };
    xhr.onerror = () => {
      setPercent(null);
      setError(t('errors.server'));
    };
    xhr.send(form);
  }

  return (
    <form method="post" action="/resources/uploads/stage" encType="multipart/form-data" className="form card" onSubmit={onSubmit}>
      {retailerId ? <input type="hidden" name="retailerId" value={retailerId} /> : null}
      <div className="field">
        <label htmlFor="upload-kind">{t('uploads.kindLabel')}</label>
        <select id="upload-kind" name="kind" defaultValue="sales" className="select">
          <option value="sales">{t('uploads.kind.sales')}</option>
          <option value="receipts">{t('uploads.kind.receipts')}</option>
          <option value="stock_count">{t('uploads.kind.stock_count')}</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor="upload-file">{t('uploads.file')}</label>
        <input id="upload-file" name="file" type="file" accept=".csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" aria-describedby="upload-file-hint" />
        <span className="hint" id="upload-file-hint">
          {t('uploads.fileHint')}
        </span>
      </div>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      {percent !== null ? (
        <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} aria-label={t('uploads.uploading', { percent })}>
          <div className="progress-bar" style={{ width: `${percent}%` }} />
          <span>{t('uploads.uploading', { percent })}</span>
        </div>
      ) : null}
      <button type="submit" className="button" disabled={percent !== null}>
        {t('uploads.upload')}
      </button>
    </form>
  );
}
