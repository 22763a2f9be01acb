/**
 * The read error of an upload posted without JavaScript: the stage route redirects back to the page with
 * ?error=CODE&file=NAME&detail=JSON, and this says it in the user's language (the same words the JavaScript
 * upload shows).
 */
import { useSearchParams } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { detailParam, readErrorMessage } from './read-error-message';

export function UploadErrorFromUrl() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const error = params.get('error');
  if (!error) return null;
  return (
    <p className="form-error" role="alert">
      {readErrorMessage(t, error, detailParam(params.get('detail')), params.get('file')) ?? t(`uploads.error.${error as 'not_found'}`)}
    </p>
  );
}
