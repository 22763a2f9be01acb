/**
 * The line an uploads page shows after a file import (?imported=&rejected=&stored=, see importedPath): rows
 * imported and rows refused, counted as the preview counted them, and what the rows were stored as when rows of
 * one spec and day were added together.
 */
import { useSearchParams } from '@remix-run/react';
import { useTranslation } from 'react-i18next';

export function ImportResult() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const imported = params.get('imported');
  if (imported === null) return null;
  const count = Number(imported);
  const rejected = Number(params.get('rejected') ?? 0);
  const stored = params.get('stored');
  return (
    <p className="form-ok" role="status">
      {t(params.get('already') ? 'preview.alreadyImported' : 'preview.imported', { count, rejected })}
      {stored !== null && Number(stored) < count ? <> {t('preview.importedStored', { count: Number(stored) })}</> : null}
    </p>
  );
}
