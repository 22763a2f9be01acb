/**
 * How a figure reads against its target (考核目标) and against an earlier period (环比 / 同比), in a shape and a
 * word as well as a colour: ✓ on target, ! near it, ✗ below it; ↑ ↓ → with the change and whether it is better.
 */
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { INDICATOR_FORMAT, type IndicatorId } from '~/domain/indicators';
import type { Change } from '~/domain/indicators/comparisons';
import { targetStatus, type IndicatorTarget, type TargetStatus } from '~/domain/indicators/targets';
import { formatIndicator } from '~/ui/charts/indicator-format';

const ICON: Record<TargetStatus, string> = { green: '✓', amber: '!', red: '✗' };

/** The status mark beside a figure; nothing when no target is set or there is no figure. */
export function TargetMark({ id, value, target }: { id: IndicatorId; value: number | null; target: IndicatorTarget | undefined }) {
  const { t } = useTranslation();
  const status = targetStatus(value, target);
  if (!status || !target) return null;
  const word = t(`insights.status.${status}`);
  const title = `${word} · ${t(`insights.direction.${target.direction}`)} ${formatIndicator(id, target.target)}`;
  return (
    <span className={`target-mark target-${status}`} title={title} data-status={status}>
      <span aria-hidden="true">{ICON[status]}</span>
      <span className="visually-hidden">{title}</span>
    </span>
  );
}

/** A target's words: "不低于 95.0%" / "at least 95.0%". */
export function targetText(id: IndicatorId, target: IndicatorTarget, t: TFunction<'common'>): string {
  return `${t(`insights.direction.${target.direction}`)} ${formatIndicator(id, target.target)}`;
}

export function formatDelta(id: IndicatorId, delta: number, t: TFunction<'common'>): string {
  const sign = delta > 0 ? '+' : '−';
  const abs = Math.abs(delta);
  switch (INDICATOR_FORMAT[id]) {
    case 'rate':
      return t('insights.delta.points', { value: `${sign}${(abs * 100).toFixed(1)}` });
    case 'count':
      return `${sign}${Math.round(abs).toLocaleString('en-US')}`;
    case 'ratio':
      return `${sign}${abs.toFixed(2)}`;
    case 'days':
    case 'hours':
      return `${sign}${abs.toFixed(1)}`;
  }
}

/** ↑ / ↓ / → with the change; "无数据" when either figure is missing. */
export function ChangeMark({ id, change }: { id: IndicatorId; change: Change | null }) {
  const { t } = useTranslation();
  if (!change) return <span className="change change-none">{t('insights.rankings.notAvailable')}</span>;
  if (change.direction === 'flat') return <span className="change change-flat">{t('insights.rankings.flat')}</span>;
  const arrow = change.direction === 'up' ? '↑' : '↓';
  const text = t(change.better ? 'insights.rankings.better' : 'insights.rankings.worse', { arrow, delta: formatDelta(id, change.delta, t) });
  return (
    <span className={`change ${change.better ? 'change-better' : 'change-worse'}`} data-direction={change.direction}>
      {text}
    </span>
  );
}
