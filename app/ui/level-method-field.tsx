import { useTranslation } from 'react-i18next';
import { FOLLOW_DEFAULT } from '~/domain/forms/rule-settings';
import { DEFAULT_REPLENISHMENT_PARAMS, type LevelMethod } from '~/domain/replenishment';

const LABEL_KEYS = {
  weekday_level: 'backtest.levelWeekday',
  window_mean: 'backtest.levelWindowMean',
  smoothing: 'backtest.levelSmoothing',
} as const satisfies Record<LevelMethod, string>;

/** The words for a level method, as the field's options say it. */
export function useLevelMethodLabel(): (method: LevelMethod) => string {
  const { t } = useTranslation();
  return (method) => t(LABEL_KEYS[method]);
}

/**
 * The forecast-level choice (weekday level, window mean, or per-class smoothing), on the rule's settings and the
 * backtest. With `offerDefault` (the settings page) it starts with "the rule's default", which stores no method
 * so the settings follow the default as it changes; `hint` is said under the field.
 */
export function LevelMethodField({ id, defaultValue, offerDefault = false, hint }: { id: string; defaultValue: LevelMethod | typeof FOLLOW_DEFAULT; offerDefault?: boolean; hint?: string }) {
  const { t } = useTranslation();
  const label = useLevelMethodLabel();
  return (
    <div className="field">
      <label htmlFor={id}>{t('backtest.levelMethod')}</label>
      <select id={id} name="levelMethod" className="select" defaultValue={defaultValue} aria-describedby={hint ? `${id}-hint` : undefined}>
        {offerDefault ? <option value={FOLLOW_DEFAULT}>{t('ruleStaff.levelFollowDefault', { method: label(DEFAULT_REPLENISHMENT_PARAMS.levelMethod) })}</option> : null}
        {(Object.keys(LABEL_KEYS) as LevelMethod[]).map((method) => (
          <option key={method} value={method}>
            {label(method)}
          </option>
        ))}
      </select>
      {hint ? (
        <span className="hint" id={`${id}-hint`}>
          {hint}
        </span>
      ) : null}
    </div>
  );
}
