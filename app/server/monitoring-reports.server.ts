/**
 * The monitoring downloads, as header + rows for export.server (which neutralises formula-like cells):
 * the daily report (日通报: county, stations and managers, every indicator for the day beside the day before),
 * the not-ordered self-check list (未订货客户通报自查表, with an empty reason column to fill in), the page's
 * table and any drill-down list.
 */
import type { TFunction } from 'i18next';
import { INDICATOR_IDS, drillValue, type Dimension, type IndicatorId, type PeriodKind } from '~/domain/indicators';
import { daysBetween } from '~/domain/time';
import { dimensionValueLabel, formatIndicator } from '~/ui/charts/indicator-format';
import { weekdayLabel } from '~/ui/format';
import type { Cell } from './export.server';
import type { DB } from './db.server';
import { drillDown, notOrderedList, type DrillQuery } from './monitoring-drill.server';
import { monitoringPage } from './monitoring.server';
import type { ScopeUser } from './scope.server';

type T = TFunction<'common'>;

export interface Sheet {
  header: string[];
  rows: Cell[][];
}

const indicatorNames = (t: T) => INDICATOR_IDS.map((id) => t(`monitoring.indicators.${id}`));

/** 日通报: one row per level (county, each station, each manager): each indicator for the day and the day before. */
export async function dailyReport(db: DB, user: ScopeUser, day: string | undefined, t: T, language: string, now = new Date()) {
  const pages = [];
  for (const dim of ['county', 'station', 'manager'] as const) {
    const page = await monitoringPage(db, user, { dim, period: 'day', day }, now);
    if (!page) return null;
    pages.push(page);
  }
  const header = [t('monitoring.reportLevel'), t('monitoring.reportName'), ...indicatorNames(t).flatMap((n) => [n, `${n}（${t('monitoring.previousShort')}）`])];
  const rows: Cell[][] = [];
  for (const page of pages) {
    for (const r of page.rows) {
      rows.push([
        t(`monitoring.dims.${page.dim}`),
        dimensionValueLabel(page.dim, r.value, r.label, t, language),
        ...INDICATOR_IDS.flatMap((id) => [formatIndicator(id, r.current.values[id]), formatIndicator(id, r.previous.values[id])]),
      ]);
    }
  }
  return { day: pages[0]!.period.to, sheet: { header, rows } };
}

/** The page's table: one row per value of the breakdown, each indicator for the period and the one before. */
export async function tableReport(db: DB, user: ScopeUser, q: { dim: Dimension; period: PeriodKind; day?: string }, t: T, language: string, now = new Date()) {
  const page = await monitoringPage(db, user, q, now);
  if (!page) return null;
  const header = [t(`monitoring.dims.${q.dim}`), ...indicatorNames(t).flatMap((n) => [n, `${n}（${t('monitoring.previousShort')}）`])];
  const rows: Cell[][] = page.rows.map((r) => [
    dimensionValueLabel(q.dim, r.value, r.label, t, language),
    ...INDICATOR_IDS.flatMap((id) => [formatIndicator(id, r.current.values[id]), formatIndicator(id, r.previous.values[id])]),
  ]);
  return { period: page.period, sheet: { header, rows } };
}

/** 未订货客户通报自查表. */
export async function notOrderedReport(db: DB, user: ScopeUser, q: Omit<DrillQuery, 'indicator'>, t: T, language: string, now = new Date()): Promise<Sheet> {
  const list = await notOrderedList(db, user, q, now);
  const header = [
    t('monitoring.col.licenceNo'),
    t('monitoring.col.retailer'),
    t('monitoring.col.phone'),
    t('monitoring.col.station'),
    t('monitoring.col.manager'),
    t('monitoring.col.managerPhone'),
    t('monitoring.col.orderDay'),
    t('monitoring.col.cycle'),
    t('monitoring.col.status'),
    t('monitoring.col.emptyStreak'),
    t('monitoring.col.reason'),
  ];
  const rows: Cell[][] = list.map((r) => [
    r.licenceNo,
    r.name,
    r.phone,
    language === 'en' ? r.stationEn : r.stationZh,
    r.managerName,
    r.managerPhone,
    `${r.orderDay} ${weekdayLabel(r.orderWeekday, t)}`,
    r.cycleCode,
    t(`orderStatus.${r.status ?? 'none'}` as 'orderStatus.none'),
    r.emptyStreak,
    '',
  ]);
  return { header, rows };
}

/** Any drill-down list. */
export async function drillReport(db: DB, user: ScopeUser, q: DrillQuery, t: T, language: string, now = new Date()): Promise<Sheet> {
  if (q.indicator === 'notOrdered') return notOrderedReport(db, user, q, t, language, now);
  const list = await drillDown(db, user, q, now);
  const days = daysBetween(q.from, q.to) + 1;
  const id: IndicatorId = q.indicator;
  const header = [
    t('monitoring.col.licenceNo'),
    t('monitoring.col.retailer'),
    t('monitoring.col.phone'),
    t('monitoring.col.station'),
    t('monitoring.col.manager'),
    t('monitoring.col.managerPhone'),
    t('monitoring.col.orderDay'),
    t(`monitoring.counts.${id}.numerator`),
    t(`monitoring.counts.${id}.denominator`),
    t(`monitoring.indicators.${id}`),
  ];
  const rows: Cell[][] = list.map((r) => [
    r.licenceNo,
    r.name,
    r.phone,
    language === 'en' ? r.stationEn : r.stationZh,
    r.managerName,
    r.managerPhone,
    weekdayLabel(r.orderWeekday, t),
    r.numerator,
    r.denominator,
    formatIndicator(id, drillValue(id, r.numerator, r.denominator, days)),
  ]);
  return { header, rows };
}
