/** Staff: replay the county's own history under the rule (with chosen parameters) and the baselines. */
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import type { TFunction } from 'i18next';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { PolicySummary } from '~/domain/backtest';
import { backtestForm } from '~/domain/forms/backtest';
import { resolveReplenishmentParams } from '~/domain/replenishment';
import { shanghaiDayOf } from '~/domain/time';
import { requireRole } from '~/server/auth.server';
import { runBacktest, type BacktestResult } from '~/server/backtest.server';
import { db } from '~/server/db.server';
import { currentRuleSettings } from '~/server/suggestions.server';
import { formatPercent } from '~/ui/format';
import { LevelMethodField } from '~/ui/level-method-field';
import { TradeOffChart, type TradeOffSeries } from '~/ui/tradeoff-chart';

const DEFAULTS = { testWeeks: 6, leadDays: 1, sampleShops: 100 };

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, 'staff');
  const params = resolveReplenishmentParams((await currentRuleSettings(db())).settings.params);
  return {
    defaults: {
      ...DEFAULTS,
      levelMethod: params.levelMethod,
      surgeAlpha: params.surgeAlpha,
      surgeZ: params.surgeZ,
      sesAlpha: params.sesAlpha,
      crostonAlpha: params.crostonAlpha,
      intermittentMethod: params.intermittentMethod,
      roundDownThresholdCartons: params.roundDownThresholdCartons,
    },
  };
}

type Result = { kind: 'done'; result: BacktestResult } | { kind: 'invalid' } | { kind: 'no_history' };

export async function action({ request }: ActionFunctionArgs) {
  await requireRole(request, 'staff');
  const parsed = backtestForm.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data<Result>({ kind: 'invalid' }, { status: 400 });
  const { testWeeks, leadDays, sampleShops, ...ruleParams } = parsed.data;
  try {
    const result = await runBacktest(db(), { today: shanghaiDayOf(new Date()), testWeeks, leadDays, sampleShops, ruleParams });
    if (result.shopSpecs === 0) return data<Result>({ kind: 'no_history' }, { status: 422 });
    return data<Result>({ kind: 'done', result });
  } catch (error) {
    // loadCounty refuses a history too short to warm up on; anything else is a real failure.
    if (error instanceof RangeError) return data<Result>({ kind: 'no_history' }, { status: 422 });
    throw error;
  }
}

/** Policy names are the simulator's (stable, English); the page shows them in the user's language. */
function policyLabel(name: string, t: TFunction<'common'>): string {
  const rule = /^rule@(\d\.\d+)$/.exec(name);
  if (rule) return t('backtest.policies.rule', { level: formatPercent(Number(rule[1])) });
  const b1 = /^B1 28d avg ×(\d+\.\d)$/.exec(name);
  if (b1) return t('backtest.policies.b1', { multiplier: b1[1] });
  const b2 = /^B2 min\/max (\d+)\/(\d+)d$/.exec(name);
  if (b2) return t('backtest.policies.b2', { min: b2[1], max: b2[2] });
  return name.startsWith('B0') ? t('backtest.policies.b0') : name;
}

export default function StaffBacktest() {
  const { defaults } = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  const { t } = useTranslation();
  const busy = useNavigation().state !== 'idle';
  const result = outcome?.kind === 'done' ? outcome.result : null;
  return (
    <>
      <h1>{t('backtest.title')}</h1>
      <p className="muted">{t('backtest.intro')}</p>
      <section className="card">
        <h2>{t('backtest.form')}</h2>
        <Form method="post" className="form settings-form">
          <NumberField name="testWeeks" label={t('backtest.testWeeks')} min={2} max={8} step={1} value={defaults.testWeeks} />
          <NumberField name="leadDays" label={t('backtest.leadDays')} min={1} max={3} step={1} value={defaults.leadDays} />
          <NumberField name="sampleShops" label={t('backtest.sampleShops')} min={10} max={1500} step={10} value={defaults.sampleShops} />
          <LevelMethodField id="bt-level" defaultValue={defaults.levelMethod} />
          <NumberField name="surgeAlpha" label={t('backtest.surgeAlpha')} min={0.05} max={1} step={0.05} value={defaults.surgeAlpha} />
          <NumberField name="surgeZ" label={t('backtest.surgeZ')} min={0} max={5} step={0.1} value={defaults.surgeZ} />
          <NumberField name="sesAlpha" label={t('backtest.sesAlpha')} min={0.01} max={0.5} step={0.01} value={defaults.sesAlpha} />
          <NumberField name="crostonAlpha" label={t('backtest.crostonAlpha')} min={0.01} max={0.5} step={0.01} value={defaults.crostonAlpha} />
          <div className="field">
            <label htmlFor="bt-method">{t('backtest.intermittentMethod')}</label>
            <select id="bt-method" name="intermittentMethod" className="select" defaultValue={defaults.intermittentMethod}>
              <option value="sba">SBA (Croston, Syntetos–Boylan)</option>
              <option value="tsb">TSB (Teunter–Syntetos–Babai)</option>
            </select>
          </div>
          <NumberField name="roundDownThresholdCartons" label={t('backtest.roundDown')} min={0} max={0.9} step={0.1} value={defaults.roundDownThresholdCartons} />
          <p className="muted">{t('backtest.defaultsNote')}</p>
          <button type="submit" className="button" disabled={busy}>
            {busy ? t('backtest.running') : t('backtest.run')}
          </button>
        </Form>
        {outcome && outcome.kind !== 'done' ? (
          <p className="form-error" role="alert">
            {outcome.kind === 'invalid' ? t('backtest.invalid') : t('backtest.noHistory')}
          </p>
        ) : null}
      </section>
      {result ? <Results result={result} /> : null}
    </>
  );
}

function NumberField({ name, label, min, max, step, value }: { name: string; label: string; min: number; max: number; step: number; value: number }) {
  return (
    <div className="field">
      <label htmlFor={`bt-${name}`}>{label}</label>
      <input id={`bt-${name}`} name={name} type="number" min={min} max={max} step={step} defaultValue={value} required />
    </div>
  );
}

function Results({ result }: { result: BacktestResult }) {
  const { t } = useTranslation();
  const series = useMemo<TradeOffSeries[]>(() => {
    const point = (s: PolicySummary, label: string) => ({ stockPacks: s.averageStockPacks ?? 0, fillRate: s.fillRate ?? 0, label });
    return [
      { name: t('backtest.ruleCurve'), kind: 'line', points: result.tradeOff.rule.map((s) => point(s, s.policy.replace('rule@', ''))) },
      { name: t('backtest.b1Curve'), kind: 'line', points: result.tradeOff.b1.map((s) => point(s, s.policy.replace('B1 28d avg ', ''))) },
      { name: t('backtest.b0'), kind: 'point', points: [point(result.tradeOff.b0, '')] },
      { name: t('backtest.b2'), kind: 'point', points: [point(result.tradeOff.b2, '')] },
    ];
  }, [result, t]);
  const allPoints = [...result.tradeOff.rule, ...result.tradeOff.b1, result.tradeOff.b0, result.tradeOff.b2];
  return (
    <>
      <section className="card" aria-live="polite">
        <p>
          {t('backtest.summary', {
            from: result.windowFirstDay,
            testFrom: result.testFirstDay,
            weeks: result.testWeeks,
            daily: result.shopsUploadingDaily,
            simulated: result.shopsSimulated,
            series: result.shopSpecs,
            seconds: ((result.timings.loadMs + result.timings.simulateMs) / 1000).toFixed(1),
          })}
        </p>
        <p className="muted">{t('backtest.lowerBound', { share: formatPercent(result.lowerBoundDayShare) })}</p>
        <h2>{t('backtest.comparison')}</h2>
        <SummaryTable rows={result.comparison} />
      </section>
      <section className="card">
        <h2>{t('backtest.tradeOff')}</h2>
        <TradeOffChart series={series} title={t('backtest.chartTitle')} xLabel={t('backtest.stockAxis')} yLabel={t('backtest.fillAxis')} />
        <details>
          <summary>{t('backtest.tradeOff')}</summary>
          <SummaryTable rows={allPoints} />
        </details>
        <h3>{t('backtest.target')}</h3>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('backtest.baseline')}</th>
                <th scope="col" className="num">{t('backtest.fillRate')}</th>
                <th scope="col" className="num">{t('backtest.averageStock')}</th>
                <th scope="col" className="num">{t('backtest.stockSaving')}</th>
                <th scope="col" className="num">{t('backtest.fillGain')}</th>
                <th scope="col">{t('backtest.holds')}</th>
              </tr>
            </thead>
            <tbody>
              {result.targets.map((c) => (
                <tr key={c.baseline}>
                  <td>{policyLabel(c.baseline, t)}</td>
                  <td className="num">{formatPercent(c.baselineFillRate)}</td>
                  <td className="num">{c.baselineStockPacks?.toFixed(2) ?? '—'}</td>
                  <td className="num">{formatPercent(c.stockSaving)}</td>
                  <td className="num">{c.fillGain === null ? '—' : t('backtest.points', { value: (100 * c.fillGain).toFixed(2) })}</td>
                  <td>{c.holds ? t('backtest.yes') : t('backtest.no')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}

function SummaryTable({ rows }: { rows: readonly PolicySummary[] }) {
  const { t } = useTranslation();
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{t('backtest.policy')}</th>
            <th scope="col" className="num">{t('backtest.fillRate')}</th>
            <th scope="col" className="num">{t('backtest.cycleService')}</th>
            <th scope="col" className="num">{t('backtest.stockOutDays')}</th>
            <th scope="col" className="num">{t('backtest.averageStock')}</th>
            <th scope="col" className="num">{t('backtest.daysOfCover')}</th>
            <th scope="col" className="num">{t('backtest.ordersPerWeek')}</th>
            <th scope="col" className="num">{t('backtest.capBinds')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.policy}>
              <td>{policyLabel(r.policy, t)}</td>
              <td className="num">{formatPercent(r.fillRate)}</td>
              <td className="num">{formatPercent(r.cycleServiceLevel)}</td>
              <td className="num">{formatPercent(r.stockOutDayRate)}</td>
              <td className="num">{r.averageStockPacks?.toFixed(2) ?? '—'}</td>
              <td className="num">{r.daysOfCover?.toFixed(1) ?? '—'}</td>
              <td className="num">{r.ordersPerWeek?.toFixed(2) ?? '—'}</td>
              <td className="num">{formatPercent(r.capBindingRate)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
