/**
 * The staff backtest page's replay of an uploaded history: what the file holds (the same counts in the preview
 * and beside the result, from one computation: app/domain/backtest/history-plan.ts), its bad cells by row and
 * column, and the replay's figures as `npm run backtest` prints them — the headline against B1 ×1.0, the issue's
 * targets marked met or missed, the figures per demand class — with the trade-off chart and curve table.
 */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { HistoryPreview, PolicySummary, UploadReplay } from '~/domain/backtest';
import { formatQuantity } from '../format';
import { TradeOffChart, type TradeOffSeries } from '../tradeoff-chart';
import { historyProblemReason } from './history-error-message';
import { SummaryTable } from './summary-table';

const n = (x: number) => x.toLocaleString('en-US');
const pct = (x: number | null | undefined, digits = 1) => (x === null || x === undefined ? '—' : `${x.toFixed(digits)}%`);

export function HistoryFactsView({ preview }: { preview: HistoryPreview }) {
  const { t } = useTranslation();
  const f = preview.facts;
  return (
    <>
      <p className="muted">
        {t('backtest.file.previewTitle', { file: preview.fileName })} · {t('backtest.file.encoding', { encoding: preview.encoding })}
        {preview.sheetName ? <> · {t('backtest.file.sheet', { sheet: preview.sheetName })}</> : null}
      </p>
      <dl className="facts">
        <dt>{t('backtest.file.rowsRead')}</dt>
        <dd>{n(f.rowsRead)}</dd>
        <dt>{t('backtest.file.rowsGood')}</dt>
        <dd>{n(f.rowsGood)}</dd>
        <dt>{t('backtest.file.rowsBad')}</dt>
        <dd className={f.rowsBad ? 'bad-text' : undefined}>{n(f.rowsBad)}</dd>
        {f.rowsSkipped ? (
          <>
            <dt>{t('backtest.file.rowsSkipped')}</dt>
            <dd>{n(f.rowsSkipped)}</dd>
          </>
        ) : null}
        <dt>{t('backtest.file.items')}</dt>
        <dd>{n(f.items)}</dd>
        <dt>{t('backtest.file.period')}</dt>
        <dd>{f.firstDay ? `${f.firstDay} – ${f.lastDay}` : '—'}</dd>
        <dt>{t('backtest.file.days')}</dt>
        <dd>{n(f.days)}</dd>
        {f.tradingDays !== null ? (
          <>
            <dt>{t('backtest.file.tradingDaysListed')}</dt>
            <dd>{n(f.tradingDays)}</dd>
          </>
        ) : null}
        {f.unknownItemDays ? (
          <>
            <dt>{t('backtest.file.unknownItemDays')}</dt>
            <dd>{n(f.unknownItemDays)}</dd>
          </>
        ) : null}
        {f.itemsTooShort ? (
          <>
            <dt>{t('backtest.file.itemsTooShort')}</dt>
            <dd>{n(f.itemsTooShort)}</dd>
          </>
        ) : null}
        <dt>{t('backtest.file.itemsReplayed')}</dt>
        <dd>{n(f.itemsReplayed)}</dd>
        <dt>{t('backtest.file.itemDaysReplayed')}</dt>
        <dd>{n(f.itemDaysReplayed)}</dd>
      </dl>
      {f.unknownItemDays ? <p className="muted">{t('backtest.file.unknownNote')}</p> : null}
      {f.sampled ? <p className="form-info">{t('backtest.file.sampled', { count: f.itemsReplayed, itemDays: n(f.itemDays), max: n(f.maxItemDays) })}</p> : null}
      {f.salesOnClosedDays ? <p className="muted">{t('backtest.file.closedSales', { count: f.salesOnClosedDays })}</p> : null}
    </>
  );
}

export function HistoryProblemsView({ preview }: { preview: HistoryPreview }) {
  const { t } = useTranslation();
  if (preview.problems.length === 0) return null;
  const more = preview.facts.problemCount - preview.problems.length;
  return (
    <>
      <h3>{t('backtest.file.problemsTitle')}</h3>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('backtest.file.rowHeader')}</th>
              <th scope="col">{t('backtest.file.column')}</th>
              <th scope="col">{t('backtest.file.value')}</th>
              <th scope="col">{t('backtest.file.reason')}</th>
            </tr>
          </thead>
          <tbody>
            {preview.problems.map((p, i) => (
              <tr key={i}>
                <td>{t('backtest.file.row', { row: p.rowNo })}</td>
                <td>{p.column}</td>
                <td>{p.value}</td>
                <td>{historyProblemReason(t, p.code)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {more > 0 ? <p className="muted">{t('backtest.file.moreProblems', { count: more })}</p> : null}
    </>
  );
}

const CLASS_ORDER = ['smooth', 'intermittent', 'erratic', 'lumpy', 'insufficient'] as const;

export function HistoryReplayResult({ replay, preview }: { replay: UploadReplay; preview: HistoryPreview }) {
  const { t } = useTranslation();
  const h = replay.headline;
  const ratio = h.wapeRule !== null && h.wapeMa28 ? h.wapeRule / h.wapeMa28 : null;
  const series = useMemo<TradeOffSeries[]>(() => {
    const point = (s: PolicySummary, label: string) => ({ stockPacks: s.averageStockPacks ?? 0, fillRate: s.fillRate ?? 0, label });
    return [
      { name: t('backtest.ruleCurve'), kind: 'line', points: replay.rule.map((s) => point(s, s.policy.replace('rule@', ''))) },
      { name: t('backtest.b1Curve'), kind: 'line', points: replay.b1.map((s) => point(s, s.policy.replace('B1 28d avg ', ''))) },
      { name: t('backtest.b0'), kind: 'point', points: [point(replay.b0, '')] },
      { name: t('backtest.b2'), kind: 'point', points: [point(replay.b2, '')] },
    ];
  }, [replay, t]);
  const groups = [
    { key: 'all', label: t('backtest.file.classes.all'), figures: { items: replay.items, headline: replay.headline, target: replay.target, forecast: replay.forecast } },
    ...CLASS_ORDER.filter((c) => replay.byClass[c]).map((c) => ({ key: c, label: t(`backtest.file.classes.${c}`), figures: replay.byClass[c]! })),
  ];
  const targets = [
    { key: 'wape', met: replay.targets.wape, label: t('backtest.file.target.wape') },
    { key: 'stockOrFill', met: replay.targets.stockOrFill, label: t('backtest.file.target.stockOrFill') },
    { key: 'classes', met: replay.targets.classes, label: t('backtest.file.target.classes') },
  ];
  return (
    <>
      <section className="card" aria-labelledby="bt-file-result" aria-live="polite">
        <h2 id="bt-file-result">{t('backtest.file.resultTitle')}</h2>
        <p>
          {t('backtest.file.summary', {
            count: replay.items,
            itemDays: n(preview.facts.itemDaysReplayed),
            leadTime: formatQuantity('days', replay.leadDays, t),
            packs: replay.packsPerCarton,
            seconds: replay.seconds.toFixed(1),
          })}
        </p>
        <HistoryFactsView preview={preview} />
        <h3>{t('backtest.file.headlineTitle')}</h3>
        <dl className="facts" data-testid="bt-file-headline">
          <dt>{t('backtest.stockSaving')}</dt>
          <dd>{pct(h.stockSavingPct)}</dd>
          <dt>{t('backtest.fillGain')}</dt>
          <dd>{h.fillGainPts === null ? '—' : t('backtest.points', { value: h.fillGainPts.toFixed(2) })}</dd>
          <dt>{t('backtest.file.col.wapeRule')}</dt>
          <dd>{pct(h.wapeRule)}</dd>
          <dt>{t('backtest.file.col.wapeMa28')}</dt>
          <dd>{pct(h.wapeMa28)}</dd>
          <dt>{t('backtest.file.col.ratio')}</dt>
          <dd>{ratio === null ? '—' : ratio.toFixed(3)}</dd>
          <dt>{t('backtest.file.col.biasRule')}</dt>
          <dd>{pct(replay.forecast.biasRule)}</dd>
        </dl>
        <p className="muted">{t('backtest.file.headlineNote')}</p>
        <h3>{t('backtest.file.targetsTitle')}</h3>
        <ul className="todo">
          {targets.map((x) => (
            <li key={x.key} data-target={x.key}>
              <span className={`badge ${x.met ? 'ok' : 'bad'}`}>{x.met ? t('backtest.file.met') : t('backtest.file.missed')}</span> {x.label}
            </li>
          ))}
        </ul>
        <h3>{t('backtest.file.byClassTitle')}</h3>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('backtest.file.col.group')}</th>
                <th scope="col" className="num">{t('backtest.file.col.items')}</th>
                <th scope="col" className="num">{t('backtest.file.col.b1Fill')}</th>
                <th scope="col" className="num">{t('backtest.file.col.b1Stock')}</th>
                <th scope="col" className="num">{t('backtest.file.col.stockSaving')}</th>
                <th scope="col" className="num">{t('backtest.file.col.fillGain')}</th>
                <th scope="col" className="num">{t('backtest.file.col.wapeRule')}</th>
                <th scope="col" className="num">{t('backtest.file.col.wapeMa28')}</th>
                <th scope="col" className="num">{t('backtest.file.col.ratio')}</th>
                <th scope="col" className="num">{t('backtest.file.col.biasRule')}</th>
                <th scope="col" className="num">{t('backtest.file.col.biasMa28')}</th>
              </tr>
            </thead>
            <tbody>
              {groups.map(({ key, label, figures: f }) => (
                <tr key={key}>
                  <th scope="row">{label}</th>
                  <td className="num">{n(f.items)}</td>
                  <td className="num">{f.target ? pct(100 * f.target.baselineFillRate) : '—'}</td>
                  <td className="num">{f.target?.baselineStockPacks?.toFixed(2) ?? '—'}</td>
                  <td className="num">{pct(f.headline.stockSavingPct)}</td>
                  <td className="num">{f.headline.fillGainPts === null ? '—' : f.headline.fillGainPts.toFixed(2)}</td>
                  <td className="num">{pct(f.headline.wapeRule)}</td>
                  <td className="num">{pct(f.headline.wapeMa28)}</td>
                  <td className="num">{f.headline.wapeRule !== null && f.headline.wapeMa28 ? (f.headline.wapeRule / f.headline.wapeMa28).toFixed(3) : '—'}</td>
                  <td className="num">{pct(f.forecast.biasRule)}</td>
                  <td className="num">{pct(f.forecast.biasMa28)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section className="card">
        <h2>{t('backtest.file.curvesTitle')}</h2>
        <TradeOffChart series={series} title={t('backtest.chartTitle')} xLabel={t('backtest.stockAxis')} yLabel={t('backtest.fillAxis')} />
        <details>
          <summary>{t('backtest.tradeOff')}</summary>
          <SummaryTable rows={[...replay.rule, ...replay.b1, replay.b0, replay.b2]} showCap={false} />
        </details>
      </section>
    </>
  );
}
