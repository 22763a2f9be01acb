/**
 * "5 行正确，其中 2 行同一天同一规格已合并为 1 行。共保存 4 个数字。" — what the preview says before an import and the
 * uploads page says after it, from the numbers of app/domain/uploads/merges.ts (rowMerges), so the two agree.
 */
import { useTranslation } from 'react-i18next';
import type { RowMerges } from '~/domain/uploads/merges';

export function MergeMessage({ merges, className = 'form-info merge-message' }: { merges: RowMerges; className?: string }) {
  const { t } = useTranslation();
  if (!merges.mergedRows) return null;
  return (
    <p className={className} data-merges={`${merges.mergedRows}:${merges.mergedInto}`}>
      {t('records.merges.rows', { count: merges.goodRows, merged: merges.mergedRows, into: merges.mergedInto })} {t('records.merges.stored', { count: merges.stored })}
    </p>
  );
}
