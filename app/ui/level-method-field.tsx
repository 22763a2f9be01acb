import { useTranslation } from 'react-i18next';
import type { LevelMethod } from '~/domain/replenishment';

/** The forecast-level choice (weekday level, window mean, or per-class smoothing), on the rule's settings and the backtest. */
export function LevelMethodField({ id, defaultValue }: { id: string; defaultValue: LevelMethod }) {
  const { t } = useTranslation();
  return (
    <div className="field">
      <label htmlFor={id}>{t('backtest.levelMethod')}</label>
      <select id={id} name="levelMethod" className="select" defaultValue={defaultValue}>
        <option value="weekday_level">{t('backtest.levelWeekday')}</option>
        <option value="window_mean">{t('backtest.levelWindowMean')}</option>
        <option value="smoothing">{t('backtest.levelSmoothing')}</option>
      </select>
    </div>
  );
}
