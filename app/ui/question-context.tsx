/** What a question is about, as the shop's list and the inboxes show it: where it was asked, and what it named. */
import { useTranslation } from 'react-i18next';
import type { QuestionView } from '~/domain/questions';

const QUALITY_KINDS = ['stock_discrepancy', 'negative_stock', 'sales_never_received', 'looks_times_ten', 'outlier_day', 'unknown_barcode', 'delivery_mismatch'] as const;

export function QuestionContextLine({ q }: { q: Pick<QuestionView, 'contextKind' | 'contextCode' | 'contextLabel'> }) {
  const { t } = useTranslation();
  const kind = q.contextCode && (QUALITY_KINDS as readonly string[]).includes(q.contextCode) ? t(`quality.kind.${q.contextCode as (typeof QUALITY_KINDS)[number]}`) : null;
  return (
    <strong>
      {t(`questions.about.${q.contextKind as 'general'}`)}
      {kind ? ` · ${kind}` : ''}
      {q.contextLabel ? ` · ${q.contextLabel}` : ''}
    </strong>
  );
}
