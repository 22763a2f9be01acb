import { parseWithZod } from '@conform-to/zod/v4';
import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { monitoringPageForm, monitoringSearch } from '~/domain/forms/monitoring';
import { DIMENSIONS, INDICATOR_FORMAT, INDICATOR_IDS, PERIOD_KINDS, isIndicatorId, type Dimension, type IndicatorId } from '~/domain/indicators';
import { DEFAULT_DIRECTION } from '~/domain/indicators/targets';
import { isJobActive } from '~/domain/jobs';
import { requireRole } from '~/server/auth.server';
import { getSearch, invalid } from '~/server/http.server';
import { indicatorTargets } from '~/server/indicator-targets.server';
import { keepRollupsFresh, latestJobViews, queueJob } from '~/server/jobs.server';
import { monitoringRankings, structureBreakdowns } from '~/server/monitoring-insights.server';
import { demandMonitoring } from '~/server/monitoring-demand.server';
import { monitoringPage, type MonitoringQuery } from '~/server/monitoring.server';
import { dimensionValueLabel, formatIndicator } from '~/ui/charts/indicator-format';
import { TrendChart } from '~/ui/charts/trend-chart';
import { JobStatus, useJobPolling } from '~/ui/job-status';
import { ColumnChooser, useChosenColumns } from '~/ui/monitoring/column-chooser';
import { DemandSection, demandFigureText } from '~/ui/monitoring/demand-section';
import { Definition } from '~/ui/monitoring/definition';
import { TargetMark, targetText } from '~/ui/monitoring/marks';
import monitoringStyles from '~/ui/monitoring/monitoring.css?url';
import { RankingTable } from '~/ui/monitoring/rankings';
import { StructureSection } from '~/ui/monitoring/structure';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: monitoringStyles }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireRole(context.db, request, 'staff');
  const search = getSearch(request, monitoringSearch);
  // Days to build for every shop are a job (its progress shows here); the figures meanwhile are the last built.
  const updating = await keepRollupsFresh(context.db, user);
  const now = new Date();
  const query: MonitoringQuery = {
    // By station and by day (yesterday, the daily report's day) unless asked otherwise.
    dim: search.dim,
    period: search.period,
    day: search.day,
    focus: search.focus,
  };
  const [page, jobs, targets] = await Promise.all([
    monitoringPage(context.db, user, query, now, { refresh: false }),
    updating ? { rollups: updating } : latestJobViews(context.db, ['rollups']),
    indicatorTargets(context.db, user),
  ]);
  if (!page) throw new Response('Forbidden', { status: 403 });
  // Stations and managers ranked (with 环比 / 同比); the sales structure and the allocation against demand (stored
  // estimates, never computed here) only when asked: they read order lines, not roll-ups.
  const [rankings, structure, demand] = await Promise.all([
    monitoringRankings(context.db, user, query, page, now),
    search.structure === '1' ? structureBreakdowns(context.db, user, page.period) : null,
    search.demand === '1' ? demandMonitoring(context.db, user, { dim: page.dim, current: page.period, previous: page.previous }) : null,
  ]);
  return { ...page, rollupsJob: jobs.rollups, targets, rankings, structure, demand };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(context.db, request, 'staff');
  const submission = parseWithZod(await request.formData(), { schema: monitoringPageForm });
  if (submission.status !== 'success') return invalid(submission);
  // Every day's figures again, from the first cycle: a job.
  await queueJob(context.db, user, 'rollups', { full: true });
  throw redirect('/staff');
}

export default function StaffMonitoring() {
  const o = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const busy = useNavigation().state !== 'idle';
  const rebuilding = isJobActive(o.rollupsJob);
  useJobPolling(rebuilding);
  const [params] = useSearchParams();
  const [columns, setColumns] = useChosenColumns();
  const targets = o.targets;
  const [trendIndicator, setTrendIndicator] = useState<IndicatorId>(() => {
    const v = params.get('trend');
    return isIndicatorId(v) ? v : 'uploadRate';
  });
  const dim = o.dim;
  const label = (value: string, l: { zh: string; en: string } | null) => dimensionValueLabel(dim, value, l, t, i18n.language);
  const drillHref = (indicator: IndicatorId, value: string, from: string, to: string, drillDim: Dimension = dim) =>
    `/staff/monitoring/${indicator}?${new URLSearchParams({ dim: drillDim, value, from, to }).toString()}`;
  const demandToggle = `?${(() => {
    const next = new URLSearchParams(params);
    if (o.demand) next.delete('demand');
    else next.set('demand', '1');
    return next.toString();
  })()}#demand`;
  const demandHref = (value: string, from: string, to: string) =>
    `/staff/monitoring/demandFill?${new URLSearchParams({ dim: value === 'all' ? 'county' : dim, value, from, to }).toString()}`;
  const exportHref = (report: string, extra: Record<string, string> = {}) =>
    `/resources/monitoring-export?${new URLSearchParams({ report, dim, period: o.period.kind, day: o.period.to, ...extra }).toString()}`;
  const focusRow = o.rows.find((r) => r.value === o.trend.focus);
  const trendSeries = useMemo(() => {
    if (o.trend.focus === 'all' || !focusRow) return [{ name: t('monitoring.trendCounty'), values: o.trend.series[trendIndicator] }];
    // The focused station or manager, labelled at its line's end, beside the county's line.
    const county = o.rankings?.countyTrend;
    return [
      ...(county && county.focus === 'all' ? [{ name: t('monitoring.trendCounty'), values: county.series[trendIndicator] }] : []),
      { name: label(focusRow.value, focusRow.label), values: o.trend.series[trendIndicator], focused: true },
    ];
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [o.trend, o.rankings, trendIndicator, i18n.language]);

  return (
    <>
      <div className="row-between">
        <h1>{t('staff.homeTitle')}</h1>
        <span className="badge">{o.cycleCode ? t('staff.cycle', { code: o.cycleCode }) : t('staff.noCycle')}</span>
      </div>
      <p className="muted">{t('monitoring.intro')}</p>
      {rebuilding ? (
        <section className="card" aria-labelledby="figures-updating">
          <p id="figures-updating">{t('monitoring.figures.updating')}</p>
          <JobStatus id="rollups-job" job={o.rollupsJob} result={() => null} />
        </section>
      ) : null}
      <div className="stats">
        <div className="stat">
          <div className="stat-label">{t('staff.retailersActive')}</div>
          <div className="stat-value">{o.retailersActive.toLocaleString('en-US')}</div>
        </div>
        <div className="stat">
          <div className="stat-label">{t('staff.retailersOnline')}</div>
          <div className="stat-value">{o.retailersOnline.toLocaleString('en-US')}</div>
        </div>
        {(['uploadRate', 'orderSuccess', 'fulfilment'] as const).map((id) => (
          <div className="stat" key={id}>
            <div className="stat-label">{t(`monitoring.indicators.${id}`)}</div>
            <div className="stat-value">
              <Link to={drillHref(id, 'all', o.period.from, o.period.to, 'county')}>{formatIndicator(id, o.total.current.values[id])}</Link>{' '}
              <TargetMark id={id} value={o.total.current.values[id]} target={targets[id]} />
            </div>
            <div className="muted">
              {t('monitoring.previousShort')} {formatIndicator(id, o.total.previous.values[id])}
              {targets[id] ? ` · ${t('insights.targetShort', { target: targetText(id, targets[id], t) })}` : null}
            </div>
          </div>
        ))}
        <div className="stat">
          <div className="stat-label">{t('monitoringDemand.demandFill')}</div>
          {o.demand ? (
            <>
              <div className="stat-value">
                <Link to={demandHref('all', o.period.from, o.period.to)}>{demandFigureText('demandFillRate', o.demand.total.current.demandFillRate)}</Link>
              </div>
              <div className="muted">
                {t('monitoring.previousShort')} {demandFigureText('demandFillRate', o.demand.total.previous.demandFillRate)}
              </div>
            </>
          ) : (
            <div className="stat-value">
              <Link to={demandToggle} preventScrollReset aria-label={t('monitoringDemand.show')}>
                {t('monitoringDemand.showShort')}
              </Link>
            </div>
          )}
        </div>
      </div>

      <Form method="get" className="card" aria-label={t('monitoring.filters')}>
        <div className="filter-row">
          <label className="field">
            <span>{t('monitoring.dimension')}</span>
            <select name="dim" defaultValue={dim}>
              {DIMENSIONS.map((d) => (
                <option key={d} value={d}>
                  {t(`monitoring.dims.${d}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>{t('monitoring.period')}</span>
            <select name="period" defaultValue={o.period.kind}>
              {PERIOD_KINDS.map((p) => (
                <option key={p} value={p}>
                  {t(`monitoring.periods.${p}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>{t('monitoring.day')}</span>
            <input type="date" name="day" defaultValue={o.period.to} max={o.today} />
          </label>
          <button type="submit" className="button">
            {t('monitoring.show')}
          </button>
          <Link to="/staff/targets" className="button secondary">
            {t('insights.targets.link')}
          </Link>
        </div>
      </Form>

      <div className="row-between">
        <h2>
          {t(`monitoring.dims.${dim}`)} · {t('monitoring.periodRange', { from: o.period.from, to: o.period.to })}{' '}
          {o.running ? <span className="badge warn">{t('monitoring.runningToDate')}</span> : null}{' '}
          <span className="muted">({t('monitoring.previousRange', { from: o.previous.from, to: o.previous.to })})</span>
        </h2>
        <div className="chips" aria-label={t('monitoring.exports')}>
          <a className="button secondary" href={exportHref('daily')} download>
            {t('monitoring.dailyReport')}
          </a>
          <a className="button secondary" href={exportHref('notOrdered')} download>
            {t('monitoring.notOrderedExport')}
          </a>
          <a className="button secondary" href={exportHref('table')} download>
            {t('monitoring.tableCsv')}
          </a>
        </div>
      </div>
      {o.forecastLevels.current.shopSpecWeek !== null ? (
        <p className="muted">
          {t('monitoring.forecastLevels', {
            shop: formatIndicator('forecastAccuracy', o.forecastLevels.current.shopSpecWeek),
            county: formatIndicator('forecastAccuracy', o.forecastLevels.current.specCountyWeek),
            draft: formatIndicator('forecastAccuracy', o.forecastLevels.current.specCountyWeekDraft),
          })}
        </p>
      ) : null}
      <ColumnChooser chosen={columns} onChange={setColumns} />
      <div className="table-wrap monitoring-table">
        <table>
          <thead>
            <tr>
              <th scope="col">{t(`monitoring.dims.${dim}`)}</th>
              {columns.map((id) => (
                <th scope="col" className="num" key={id}>
                  <span className="th-with-definition">
                    {t(`monitoring.indicators.${id}`)}
                    <Definition id={id} name={t(`monitoring.indicators.${id}`)} />
                  </span>
                  {targets[id] ? <div className="muted th-target">{targetText(id, targets[id], t)}</div> : null}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {o.rows.map((r) => (
              <tr key={r.value}>
                <th scope="row">
                  {dim === 'county' ? (
                    label(r.value, r.label)
                  ) : (
                    <Link to={`?${new URLSearchParams({ dim, period: o.period.kind, day: o.period.to, focus: r.value, trend: trendIndicator }).toString()}`} title={t('monitoring.trendFocus')}>
                      {label(r.value, r.label)}
                    </Link>
                  )}
                </th>
                {columns.map((id) => (
                  <td className="num" key={id}>
                    <Link to={drillHref(id, r.value, o.period.from, o.period.to)} aria-label={`${t(`monitoring.indicators.${id}`)} ${label(r.value, r.label)}`}>
                      {formatIndicator(id, r.current.values[id])}
                    </Link>{' '}
                    <TargetMark id={id} value={r.current.values[id]} target={targets[id]} />
                    <div className="muted">
                      <Link to={drillHref(id, r.value, o.previous.from, o.previous.to)} className="muted">
                        {formatIndicator(id, r.previous.values[id])}
                      </Link>
                    </div>
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
          {dim !== 'county' ? (
            <tfoot>
              <tr>
                <th scope="row">{t('monitoring.total')}</th>
                {columns.map((id) => (
                  <td className="num" key={id}>
                    <Link to={drillHref(id, 'all', o.period.from, o.period.to, 'county')}>{formatIndicator(id, o.total.current.values[id])}</Link>{' '}
                    <TargetMark id={id} value={o.total.current.values[id]} target={targets[id]} />
                    <div className="muted">{formatIndicator(id, o.total.previous.values[id])}</div>
                  </td>
                ))}
              </tr>
            </tfoot>
          ) : null}
        </table>
      </div>

      <DemandSection d={o.demand} toggleHref={demandToggle} county={dim === 'county'} dimLabel={t(`monitoring.dims.${dim}`)} valueLabel={label} drillHref={demandHref} />

      <section className="card" aria-labelledby="trend-heading">
        <div className="row-between">
          <h2 id="trend-heading">{t('monitoring.trendOf', { indicator: t(`monitoring.indicators.${trendIndicator}`) })}</h2>
          <label className="field-inline">
            <span>{t('insights.rankings.indicator')}</span>
            <select value={trendIndicator} onChange={(e) => isIndicatorId(e.target.value) && setTrendIndicator(e.target.value)} aria-label={t('monitoring.trendIndicator')}>
              {INDICATOR_IDS.map((id) => (
                <option key={id} value={id}>
                  {t(`monitoring.indicators.${id}`)}
                </option>
              ))}
            </select>
          </label>
        </div>
        {trendIndicator === 'openIssues' ? <p className="muted">{t('monitoring.trendIssuesFound')}</p> : null}
        <TrendChart
          days={o.trend.days}
          series={trendSeries}
          format={INDICATOR_FORMAT[trendIndicator]}
          language={i18n.language}
          label={t('monitoring.trendOf', { indicator: t(`monitoring.indicators.${trendIndicator}`) })}
          loadingText={t('monitoring.chartLoading')}
        />
        {o.trend.focus === 'all' && dim !== 'county' ? <p className="muted">{t('insights.charts.focusHint')}</p> : null}
      </section>

      {o.rankings ? (
        <section aria-labelledby="rankings-heading">
          <div className="row-between">
            <h2 id="rankings-heading">
              {t('insights.rankings.title')} · {t(`monitoring.indicators.${trendIndicator}`)}{' '}
              <Definition id={trendIndicator} name={t(`monitoring.indicators.${trendIndicator}`)} />
            </h2>
            <span className="muted">
              {(targets[trendIndicator]?.direction ?? DEFAULT_DIRECTION[trendIndicator]) === 'atLeast' ? t('insights.rankings.higherBetter') : t('insights.rankings.lowerBetter')}
              {' · '}
              {o.rankings.yearAgo ? t('insights.rankings.yoyPeriod', o.rankings.yearAgo) : t('insights.rankings.yoyNone')}
            </span>
          </div>
          <div className="rankings">
            <RankingTable
              id={trendIndicator}
              dim="station"
              rows={o.rankings.station}
              target={targets[trendIndicator]}
              heading={t('insights.rankings.byStation')}
              chartLabel={t('insights.charts.byStation', { indicator: t(`monitoring.indicators.${trendIndicator}`) })}
            />
            <RankingTable
              id={trendIndicator}
              dim="manager"
              rows={o.rankings.manager}
              target={targets[trendIndicator]}
              heading={t('insights.rankings.byManager')}
              chartLabel={t('insights.charts.byManager', { indicator: t(`monitoring.indicators.${trendIndicator}`) })}
            />
          </div>
        </section>
      ) : null}

      <section className="card" aria-labelledby="structure-heading" id="structure">
        <div className="row-between">
          <h2 id="structure-heading">{t('insights.structure.title')}</h2>
          <Link
            className="button secondary"
            preventScrollReset
            to={`?${(() => {
              const next = new URLSearchParams(params);
              if (o.structure) next.delete('structure');
              else next.set('structure', '1');
              return next.toString();
            })()}#structure`}
          >
            {o.structure ? t('insights.structure.hide') : t('insights.structure.show')}
          </Link>
        </div>
        {o.structure ? <StructureSection s={o.structure} stationName={(value, l) => dimensionValueLabel('station', value, l, t, i18n.language)} /> : null}
      </section>

      <section className="card" aria-labelledby="rebuild-heading">
        <h2 id="rebuild-heading">{t('monitoring.figures.rebuildTitle')}</h2>
        <p className="muted">{t('monitoring.figures.rebuildIntro')}</p>
        {rebuilding ? null : (
          <JobStatus
            id="rebuild-job"
            job={o.rollupsJob}
            result={(job) =>
              job.result.from === null
                ? t('monitoring.figures.refreshed', { count: job.result.builtDays, to: job.result.to })
                : t('monitoring.figures.rebuilt', { count: job.result.builtDays, from: job.result.from, to: job.result.to })
            }
          />
        )}
        <Form method="post">
          <button type="submit" name="intent" value="rebuild" className="button secondary" disabled={busy || rebuilding}>
            {rebuilding ? t('monitoring.figures.running') : t('monitoring.figures.rebuild')}
          </button>
        </Form>
      </section>
    </>
  );
}
