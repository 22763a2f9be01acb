/** "为什么是这个数": the suggestion's numbers in plain words (why-sentences.ts), in a disclosure that works without JavaScript. */
import { useTranslation } from 'react-i18next';
import type { Suggestion } from '~/domain/replenishment';
import { whySentences } from './why-sentences';

export function SuggestionWhy({ explanation, suggestedCartons }: { explanation: Suggestion['explanation']; suggestedCartons: number }) {
  const { t } = useTranslation();
  const sentences = whySentences(explanation, suggestedCartons, t);
  return (
    <details className="why">
      <summary>{t('order.why')}</summary>
      <p className="why-title">{t('order.whyTitle')}</p>
      <ul>
        {sentences.map((s) => (
          <li key={s}>{s}</li>
        ))}
      </ul>
    </details>
  );
}
