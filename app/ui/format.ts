/**
 * Display formatting for both languages. Dates and times are always Asia/Shanghai and formatted by hand
 * (not Intl) so the server's and the browser's output match character for character at hydration.
 */
import type { TFunction } from 'i18next';
import { formatYuan } from '~/domain/money';

const OFFSET_MS = 8 * 3600_000;

/** "2026-11-27 17:00" in Asia/Shanghai. */
export function formatDateTime(instant: string | Date): string {
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  const iso = new Date(ms + OFFSET_MS).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

const WEEKDAY_KEYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** "周五" / "Fri" for an ISO weekday (1 = Monday … 7 = Sunday). */
export function weekdayLabel(isoWeekday: number, t: TFunction<'common'>): string {
  const key = WEEKDAY_KEYS[isoWeekday - 1];
  return key ? t(`weekday.${key}`) : '';
}

/** "2026-11-27 周五" / "2026-11-27 Fri". */
export function formatDay(day: string, t: TFunction<'common'>): string {
  return `${day} ${weekdayLabel(new Date(`${day}T00:00:00Z`).getUTCDay() || 7, t)}`;
}

/** "3 盒" / "3 packs", "1 carton": a quantity with its unit, in the plural the number needs. */
export function formatQuantity(unit: 'packs' | 'cartons' | 'days' | 'weeks' | 'specs', count: number, t: TFunction<'common'>): string {
  return t(`format.${unit}`, { count });
}

export function formatMoney(fen: number, t: TFunction<'common'>): string {
  return t('format.yuan', { amount: formatYuan(fen) });
}

export function formatPercent(ratio: number | null): string {
  return ratio === null || !Number.isFinite(ratio) ? '—' : `${(ratio * 100).toFixed(1)}%`;
}

/** "二类" / "Class 2" for price class 1–5. */
export function priceClassLabel(priceClass: number, t: TFunction<'common'>): string {
  const key = (['c1', 'c2', 'c3', 'c4', 'c5'] as const)[priceClass - 1];
  return key ? t(`order.priceClass.${key}`) : String(priceClass);
}
