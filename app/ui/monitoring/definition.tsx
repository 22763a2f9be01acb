/**
 * An indicator's definition one tap away: a small disclosure (native <details>, so it works before the page's
 * script has loaded and with the keyboard) whose summary is a 44 px "?" and whose body is the definition from
 * DOMAIN.md in the page's language.
 */
import { useTranslation } from 'react-i18next';
import type { IndicatorId } from '~/domain/indicators';

export type DefinitionId = IndicatorId | 'classOneShare' | 'avgPrice';

export function Definition({ id, name }: { id: DefinitionId; name: string }) {
  const { t } = useTranslation();
  return (
    <details className="definition">
      <summary aria-label={t('insights.definition.open', { indicator: name })} title={t('insights.definition.open', { indicator: name })}>
        <span aria-hidden="true">?</span>
      </summary>
      <div className="definition-body" role="note">
        <strong>{name}</strong>
        <p>{t(`insights.definitions.${id}`)}</p>
      </div>
    </details>
  );
}
