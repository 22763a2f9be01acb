/**
 * Monitoring downloads for staff: ?report=daily|weekly|monthly (日通报 / 周分析 / 月对标, Excel workbooks with a sheet
 * per breakdown; ?day picks the day, week or month, by default yesterday / the last complete week or month), notOrdered (未订货客户通报自查表, Excel),
 * table (the page's table, CSV) or drill (a drill-down list, CSV; indicator=demandFill: 配货对需求's order lines). `format=csv|xlsx` overrides the default.
 */
import type { LoaderFunctionArgs } from '@remix-run/node';
import { monitoringExportSearch } from '~/domain/forms/monitoring';
import { isDimension, isIndicatorId, isPeriodKind, reportingPeriods } from '~/domain/indicators';
import { isDay, shanghaiDayOf, addDays } from '~/domain/time';
import { requireRole } from '~/server/auth.server';
import { downloadHeaders, toCsv, toXlsx, writeWorkbook, xlsxResponse, type Cell } from '~/server/export.server';
import { getSearch } from '~/server/http.server';
import { languageOf, serverT } from '~/server/i18n.server';
import { validDimValue, validDrillPeriod } from '~/server/monitoring-drill.server';
import { demandDrillReport, drillReport, indicatorReport, notOrderedReport, tableReport } from '~/server/monitoring-reports.server';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function download(name: string, sheetName: string, format: 'csv' | 'xlsx', header: string[], rows: Cell[][]) {
  if (format === 'csv') return new Response(toCsv(header, rows), { headers: downloadHeaders(`${name}.csv`, 'text/csv; charset=utf-8') });
  return new Response(await toXlsx(sheetName.slice(0, 31), header, rows), { headers: downloadHeaders(`${name}.xlsx`, XLSX) });
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireRole(context.db, request, 'staff');
  const p = getSearch(request, monitoringExportSearch);
  const t = await serverT(request);
  const language = await languageOf(request);
  const today = shanghaiDayOf(new Date());
  const { report, dim, period, day } = p;
  const anchor = day && isDay(day) && day <= today ? day : addDays(today, -1);
  const bad = () => new Response(t('monitoring.drillBadRequest'), { status: 400, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  if (!isDimension(dim)) return bad();
  const requested = p.format;

  if (report === 'daily' || report === 'weekly' || report === 'monthly') {
    const kind = report === 'daily' ? 'day' : report === 'weekly' ? 'week' : 'month';
    // 日通报 of the day shown (default yesterday); 周分析 / 月对标 of the period holding ?day (default the last complete one).
    const r = await indicatorReport(context.db, user, kind, kind === 'day' ? anchor : day && isDay(day) ? day : undefined, t, language);
    if (!r) return bad();
    return xlsxResponse(r.fileName, await writeWorkbook(r.sheets));
  }
  if (report === 'table') {
    if (!isPeriodKind(period)) return bad();
    const r = await tableReport(context.db, user, { dim, period, day: anchor }, t, language);
    if (!r) return bad();
    return download(t('monitoring.file.table', { dim, from: r.period.from, to: r.period.to }), t('monitoring.title'), requested === 'xlsx' ? 'xlsx' : 'csv', r.sheet.header, r.sheet.rows);
  }
  // A list: from/to when given (a drill-down), otherwise the page's period as the page shows it (complete days only:
  // a running period ends yesterday).
  const range =
    p.from || p.to
      ? validDrillPeriod(p.from, p.to, today)
      : isPeriodKind(period)
        ? reportingPeriods(period, anchor, today).current
        : null;
  const value = validDimValue(dim, p.value ?? (dim === 'county' ? 'all' : null));
  if (report === 'notOrdered') {
    // From the page's table (no value): the whole county for the period.
    const q = value === null && !p.value ? { dim: 'county' as const, value: 'all' } : { dim, value };
    if (!range || q.value === null) return bad();
    const sheet = await notOrderedReport(context.db, user, { ...q, value: q.value, from: range.from, to: range.to }, t, language);
    return download(t('monitoring.file.notOrdered', { from: range.from, to: range.to }), t('monitoring.sheet.notOrdered'), requested === 'csv' ? 'csv' : 'xlsx', sheet.header, sheet.rows);
  }
  if (report === 'drill' && p.indicator === 'demandFill') {
    // 配货对需求's lines (issue 18): the order lines of supplied specs its figure sums.
    if (!range || value === null) return bad();
    const sheet = await demandDrillReport(context.db, user, { dim, value, from: range.from, to: range.to }, t, language);
    return download(t('monitoringDemand.fileName', { from: range.from, to: range.to }), t('monitoringDemand.sheet'), requested === 'xlsx' ? 'xlsx' : 'csv', sheet.header, sheet.rows);
  }
  if (report === 'drill') {
    const { indicator } = p;
    if (!isIndicatorId(indicator) || !range || value === null) return bad();
    const sheet = await drillReport(context.db, user, { indicator, dim, value, from: range.from, to: range.to }, t, language);
    return download(t('monitoring.file.drill', { indicator: t(`monitoring.indicators.${indicator}`), from: range.from, to: range.to }), t(`monitoring.indicators.${indicator}`), requested === 'xlsx' ? 'xlsx' : 'csv', sheet.header, sheet.rows);
  }
  return bad();
}
