/**
 * The line an uploads page shows after a file import (?imported=&rejected=&stored=&merged=&into=, see importedPath):
 * rows imported and rows refused, counted as the preview counted them, and — in the preview's own words
 * (MergeMessage) — which rows of one spec and day were added up into one figure.
 */
import { useSearchParams } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { MergeMessage } from './merge-message';

export function ImportResult() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const imported = params.get('imported');
  if (imported === null) return null;
  const count = Number(imported);
  const rejected = Number(params.get('rejected') ?? 0);
  const stored = params.get('stored');
  const merged = Number(params.get('merged') ?? 0);
  const into = Number(params.get('into') ?? 0);
  return (
    <div className="form-ok" role="status">
      <p className="import-result-line">{t(params.get('already') ? 'preview.alreadyImported' : 'preview.imported', { count, rejected })}</p>
      {merged > 0 && stored !== null ? (
        <MergeMessage className="import-result-line" merges={{ goodRows: count, stored: Number(stored), mergedRows: merged, mergedInto: into }} />
      ) : stored !== null && Number(stored) < count ? (
        <p className="import-result-line">{t('preview.importedStored', { count: Number(stored) })}</p>
      ) : null}
    </div>
  );
}
