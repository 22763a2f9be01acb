/**
 * Which indicators the monitoring table shows: a few by default (the 日通报's headline figures), the rest one
 * tick away, remembered on the device (localStorage; the server renders the default, the choice applies after
 * hydration).
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { INDICATOR_IDS, isIndicatorId, type IndicatorId } from '~/domain/indicators';

export const DEFAULT_COLUMNS: readonly IndicatorId[] = ['uploadRate', 'orderSuccess', 'notOrdered', 'fulfilment', 'suggestionMatch'];
const KEY = 'peihuo.monitoring.columns';

export function useChosenColumns(): [IndicatorId[], (ids: IndicatorId[]) => void] {
  const [chosen, setChosen] = useState<IndicatorId[]>([...DEFAULT_COLUMNS]);
  useEffect(() => {
    try {
      const stored = JSON.parse(window.localStorage.getItem(KEY) ?? 'null') as unknown;
      if (Array.isArray(stored)) {
        const ids = INDICATOR_IDS.filter((id) => stored.includes(id));
        if (ids.length) setChosen(ids);
      }
    } catch {
      // A broken stored value: keep the default.
    }
  }, []);
  const choose = (ids: IndicatorId[]) => {
    const ordered = INDICATOR_IDS.filter((id) => ids.includes(id));
    setChosen(ordered);
    try {
      window.localStorage.setItem(KEY, JSON.stringify(ordered));
    } catch {
      // Private mode: the choice lasts this visit.
    }
  };
  return [chosen, choose];
}

export function ColumnChooser({ chosen, onChange }: { chosen: readonly IndicatorId[]; onChange: (ids: IndicatorId[]) => void }) {
  const { t } = useTranslation();
  return (
    <details className="column-chooser card">
      <summary>
        {t('insights.columns.chooser')} <span className="muted">({t('insights.columns.count', { count: chosen.length })})</span>
      </summary>
      <p className="muted">{t('insights.columns.hint')}</p>
      <fieldset className="column-options">
        <legend className="visually-hidden">{t('insights.columns.chooser')}</legend>
        {INDICATOR_IDS.map((id) => (
          <label key={id} className="column-option">
            <input
              type="checkbox"
              name="column"
              value={id}
              checked={chosen.includes(id)}
              onChange={(e) => {
                const v = e.target.value;
                if (!isIndicatorId(v)) return;
                const next = e.target.checked ? [...chosen, v] : chosen.filter((c) => c !== v);
                if (next.length) onChange(next);
              }}
            />
            {t(`monitoring.indicators.${id}`)}
          </label>
        ))}
      </fieldset>
      <div className="chips">
        <button type="button" className="button secondary" onClick={() => onChange([...DEFAULT_COLUMNS])}>
          {t('insights.columns.defaults')}
        </button>
        <button type="button" className="button secondary" onClick={() => onChange([...INDICATOR_IDS])}>
          {t('insights.columns.all')}
        </button>
      </div>
    </details>
  );
}
