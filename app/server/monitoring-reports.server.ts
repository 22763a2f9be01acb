/**
 * The monitoring downloads for export.server (which neutralises formula-like cells): the 日通报, 周分析 and
 * 月对标 workbooks (indicatorReport: a sheet per breakdown, numbers with formats, a 合计 row),
 * the not-ordered self-check list (未订货客户通报自查表, with an empty reason column to fill in), the page's
 * table and any drill-down list.
 */
import type { TFunction } from 'i18next';
import {
  INDICATOR_FORMAT,
  INDICATOR_IDS,
  drillValue,
  periodOf,
  type Dimension,
  type IndicatorFormat,
  type IndicatorId,
  type IndicatorValues,
  type Period,
  type PeriodKind,
} from '~/domain/indicators';
import type { DrillShop } from '~/domain/indicators/drill-shop';
import { addDays, daysBetween, shanghaiDayOf } from '~/domain/time';
import { dimensionValueLabel, formatIndicator } from '~/ui/charts/indicator-format';
import { weekdayLabel } from '~/ui/format';
import type { Cell, Column, ColumnKind, SheetSpec } from './export.server';
import type { DB } from './db.server';
import { demandBreakdowns, demandDrill, type DemandRates } from './monitoring-demand.server';
import { drillDown, notOrderedList, type DrillQuery } from './monitoring-drill.server';
import { monitoringPage, type MonitoringPage } from './monitoring.server';
import { countyName, reportTitle } from './report-title.server';
import type { ScopeUser } from './scope.server';

type T = TFunction<'common'>;

export interface Sheet {
  header: string[];
  rows: Cell[][];
}

const indicatorNames = (t: T) => INDICATOR_IDS.map((id) => t(`monitoring.indicators.${id}`));

/** The breakdowns of the 日通报, 周分析 and 月对标 workbooks: the county first, then one sheet each. */
export const REPORT_DIMS = ['county', 'station', 'manager', 'businessType', 'marketType', 'grade'] as const satisfies readonly Dimension[];

const INDICATOR_KIND: Record<IndicatorFormat, { value: ColumnKind; change: ColumnKind }> = {
  rate: { value: 'percent', change: 'points' },
  count: { value: 'integer', change: 'integer' },
  ratio: { value: 'ratio', change: 'ratio' },
  days: { value: 'days', change: 'days' },
  // Hours with one decimal, as days are shown.
  hours: { value: 'days', change: 'days' },
};

const change = (a: number | null, b: number | null) => (a === null || b === null ? null : a - b);

/** 配货对需求's figures in the workbooks, beside the indicators (monitoring-demand.server.ts). */
const DEMAND_REPORT_FIGURES = [
  ['demandFillRate', 'demandFill'],
  ['regularCoverage', 'coverage'],
  ['evenness', 'evenness'],
  ['orderFillRate', 'orderFill'],
] as const;

/** The period a report of this kind covers: the one holding `day`, by default the last complete one. */
export function reportPeriod(kind: PeriodKind, today: string, day?: string): Period {
  if (day && day < today) return periodOf(kind, day);
  const current = periodOf(kind, today);
  return periodOf(kind, addDays(current.from, -1));
}

/**
 * 日通报 (a day), 周分析 (a week), 月对标 (a month): one sheet per breakdown (county, station, manager, business
 * type, market type, grade), one row per value with every indicator for the period, the one before it and the
 * change, as numbers with formats; under each breakdown a 合计 row with the county's figures (for rates the
 * county's rate; the counts are the sums of the rows). Figures are the monitoring page's (monitoringPage), and
 * 配货对需求's beside them (demandBreakdowns: stored estimates only; a cycle without them is named in the title block).
 * Null for anyone but staff, or a period not yet begun.
 */
export async function indicatorReport(db: DB, user: ScopeUser, kind: PeriodKind, day: string | undefined, t: T, language: string, now = new Date()) {
  const today = shanghaiDayOf(now);
  const period = reportPeriod(kind, today, day);
  if (period.from > today) return null;
  const pages: MonitoringPage[] = [];
  for (const dim of REPORT_DIMS) {
    const page = await monitoringPage(db, user, { dim, period: kind, day: period.from }, now, { refresh: pages.length === 0 });
    if (!page) return null;
    pages.push(page);
  }
  const first = pages[0]!;
  // 配货对需求 (issue 18) beside the indicators, from one read of the period's order lines (stored estimates only).
  const demand = (await demandBreakdowns(db, user, REPORT_DIMS, first.period, first.previous))!;
  const columns: Column[] = [{ header: t('reports.name'), width: 22 }];
  for (const id of INDICATOR_IDS) {
    const name = t(`monitoring.indicators.${id}`);
    const k = INDICATOR_KIND[INDICATOR_FORMAT[id]];
    columns.push({ header: name, kind: k.value }, { header: t(`reports.previous.${kind}`, { name }), kind: k.value }, { header: t('reports.change', { name }), kind: k.change });
  }
  for (const [key, label] of DEMAND_REPORT_FIGURES) {
    const name = t(`monitoringDemand.${label}`);
    const k = key === 'evenness' ? INDICATOR_KIND.ratio : INDICATOR_KIND.rate;
    columns.push({ header: name, kind: k.value }, { header: t(`reports.previous.${kind}`, { name }), kind: k.value }, { header: t('reports.change', { name }), kind: k.change });
  }
  const figures = (current: IndicatorValues, previous: IndicatorValues): Cell[] =>
    INDICATOR_IDS.flatMap((id) => [current[id], previous[id], change(current[id], previous[id])]);
  const demandFigures = (current: DemandRates | undefined, previous: DemandRates | undefined): Cell[] =>
    DEMAND_REPORT_FIGURES.flatMap(([key]) => {
      const [c, p] = [current?.[key] ?? null, previous?.[key] ?? null];
      return [c, p, change(c, p)];
    });
  const noIndicators = INDICATOR_IDS.flatMap((): Cell[] => [null, null, null]);
  const missing = [...new Set([...demand[0]!.cycles.current, ...demand[0]!.cycles.previous].filter((c) => c.preparedAt === null).map((c) => c.code))];
  const title = reportTitle(t, {
    title: t(`reports.bookTitle.${kind}`, { county: countyName(t) }),
    period: first.period,
    previous: first.previous,
    lines: missing.length ? [t('monitoringDemand.missing', { count: missing.length, codes: missing.join('、') })] : [],
    units: [t('reports.indicatorUnits'), t('reports.indicatorTotals')],
    now,
  });
  const sheets: SheetSpec[] = pages.map((page, i) => {
    const d = demand[i]!;
    const byValue = new Map(d.rows.map((r) => [r.value, r]));
    const shown = new Set(page.rows.map((r) => r.value));
    return {
      name: page.dim === 'county' ? t('monitoring.dims.county') : t(`monitoring.dims.${page.dim}`),
      title,
      columns,
      rows:
        page.dim === 'county'
          ? [[dimensionValueLabel('county', 'all', null, t, language), ...figures(page.total.current.values, page.total.previous.values), ...demandFigures(d.total.current, d.total.previous)]]
          : [
              ...page.rows.map((r) => [
                dimensionValueLabel(page.dim, r.value, r.label, t, language),
                ...figures(r.current.values, r.previous.values),
                ...demandFigures(byValue.get(r.value)?.current, byValue.get(r.value)?.previous),
              ]),
              // A value with order lines but no row in the roll-ups still adds to the 合计: listed too.
              ...d.rows.filter((r) => !shown.has(r.value)).map((r) => [dimensionValueLabel(page.dim, r.value, r.label, t, language), ...noIndicators, ...demandFigures(r.current, r.previous)]),
            ],
      total: page.dim === 'county' ? null : [t('reports.total'), ...figures(page.total.current.values, page.total.previous.values), ...demandFigures(d.total.current, d.total.previous)],
    };
  });
  const fileName =
    kind === 'day'
      ? t('reports.file.day', { from: first.period.from })
      : kind === 'week'
        ? t('reports.file.week', { from: first.period.from, to: first.period.to })
        : t('reports.file.month', { month: first.period.from.slice(0, 7) });
  return { period: { from: first.period.from, to: first.period.to }, fileName: `${fileName}.xlsx`, sheets };
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

/** The shop's columns every drill-down list begins with: who it is, where, and whom to call. */
function shopHeader(t: T): string[] {
  return [t('monitoring.col.licenceNo'), t('monitoring.col.retailer'), t('monitoring.col.phone'), t('monitoring.col.station'), t('monitoring.col.manager'), t('monitoring.col.managerPhone')];
}

function shopCells(r: DrillShop, language: string): Cell[] {
  return [r.licenceNo, r.name, r.phone, language === 'en' ? r.stationEn : r.stationZh, r.managerName, r.managerPhone];
}

/** 未订货客户通报自查表. */
export async function notOrderedReport(db: DB, user: ScopeUser, q: Omit<DrillQuery, 'indicator'>, t: T, language: string, now = new Date()): Promise<Sheet> {
  const list = await notOrderedList(db, user, q, now);
  const header = [
    ...shopHeader(t),
    t('monitoring.col.orderDay'),
    t('monitoring.col.cycle'),
    t('monitoring.col.status'),
    t('monitoring.col.emptyStreak'),
    t('monitoring.col.reason'),
  ];
  const rows: Cell[][] = list.map((r) => [
    ...shopCells(r, language),
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
    ...shopHeader(t),
    t('monitoring.col.orderDay'),
    t(`monitoring.counts.${id}.numerator`),
    t(`monitoring.counts.${id}.denominator`),
    t(`monitoring.indicators.${id}`),
  ];
  const rows: Cell[][] = list.map((r) => [
    ...shopCells(r, language),
    weekdayLabel(r.orderWeekday, t),
    r.numerator,
    r.denominator,
    formatIndicator(id, drillValue(id, r.numerator, r.denominator, days)),
  ]);
  return { header, rows };
}

/** A 配货对需求 drill-down (issue 18) as a list: every order line its figure sums, quantities as numbers. */
export async function demandDrillReport(db: DB, user: ScopeUser, q: Omit<DrillQuery, 'indicator'>, t: T, language: string): Promise<Sheet> {
  const d = await demandDrill(db, user, q);
  const header = [
    ...shopHeader(t),
    t('monitoringDemand.col.cycle'),
    t('monitoringDemand.col.orderDay'),
    t('monitoringDemand.col.spec'),
    t('monitoringDemand.col.requested'),
    t('monitoringDemand.col.demand'),
    t('monitoringDemand.col.allocated'),
    t('monitoringDemand.col.met'),
    t('monitoringDemand.col.regular'),
  ];
  const rows: Cell[][] = (d?.rows ?? []).map((r) => [
    ...shopCells(r, language),
    r.cycleCode,
    r.orderDay,
    `${r.specCode} ${r.specName}`,
    r.requestedCartons,
    Math.round(r.demandCartons * 100) / 100,
    r.allocatedCartons,
    Math.round(r.demandMetCartons * 100) / 100,
    r.regularSeller ? t('monitoringDemand.yes') : t('monitoringDemand.no'),
  ]);
  return { header, rows };
}
