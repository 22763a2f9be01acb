/**
 * Above the order list: a suggested draft more than twice the shop's largest order of its last cycles (or with no
 * order to compare with) is said so, with what it is made of (draft-check.ts, why-sentences.ts).
 */
import { useTranslation } from 'react-i18next';
import type { DraftCheck } from '~/domain/replenishment';
import { draftCheckSentences } from './why-sentences';

export function DraftCheckNotice({ check }: { check: DraftCheck }) {
  const { t } = useTranslation();
  const text = draftCheckSentences(check, t);
  if (!text) return null;
  return (
    <section className="card draft-check" role="note" aria-label={t('order.whyTitle')}>
      <p>{text.lead}</p>
      <ul>
        {text.causes.map((c) => (
          <li key={c}>{c}</li>
        ))}
      </ul>
      <p className="muted">{text.hint}</p>
    </section>
  );
}
