/** Shared by the monitoring pages and charts: how an indicator's value and a breakdown's value read. */
import type { TFunction } from 'i18next';
import { INDICATOR_FORMAT, type Dimension, type IndicatorId } from '~/domain/indicators';
import { formatPercent } from '~/ui/format';

export function formatIndicator(id: IndicatorId, value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '—';
  switch (INDICATOR_FORMAT[id]) {
    case 'rate':
      return formatPercent(value);
    case 'count':
      return value.toLocaleString('en-US');
    case 'ratio':
      return value.toFixed(2);
    case 'days':
    case 'hours':
      return value.toFixed(1);
  }
}

export interface ValueLabel {
  zh: string;
  en: string;
}

/** "城关管理所", "食杂店", "12 档" … in the page's language. */
export function dimensionValueLabel(dim: Dimension, value: string, label: ValueLabel | null, t: TFunction<'common'>, language: string): string {
  if (label) return language === 'en' ? label.en : label.zh;
  switch (dim) {
    case 'county':
      return t('monitoring.dims.county');
    case 'businessType':
      return t(`businessType.${value}` as 'businessType.grocery');
    case 'marketType':
      return t(`marketType.${value}` as 'marketType.urban');
    case 'grade':
      return t('monitoring.gradeValue', { grade: value });
    default:
      return value;
  }
}
