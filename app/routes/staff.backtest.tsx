/**
 * Staff: replay history under the rule and the baselines — the county's own (with chosen rule parameters), or an
 * uploaded `date,item,units` file (the rule settings in force, as `npm run backtest -- --data` replays it). A file
 * goes through the uploads' reader and limits in a worker thread; one with bad rows is previewed first and only
 * its good rows are replayed, when the user chooses so. Nothing is written either way.
 */
import type { Submission } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod/v4';
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useMemo, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import type { BacktestResult, HistoryPreview, PolicySummary, UploadReplay } from '~/domain/backtest';
import { BACKTEST_FILE_MAX_LEAD_DAYS, BACKTEST_FILE_MAX_PACKS_PER_CARTON, backtestPageForm, type BacktestFileForm } from '~/domain/forms/backtest';
import { isJobActive } from '~/domain/jobs';
import { resolveReplenishmentParams } from '~/domain/replenishment';
import { MAX_TRADING_DAYS_BYTES } from '~/domain/uploads/limits';
import { DEFAULT_MAX_BYTES, DEFAULT_MAX_ROWS } from '~/domain/uploads/read-errors';
import { shanghaiDayOf } from '~/domain/time';
import { requireRole } from '~/server/auth.server';
import { replayUploadedHistory } from '~/server/backtest.server';
import type { DB } from '~/server/db.server';
import { readFileForm } from '~/server/file-form.server';
import { done, invalid, refused, type ActionReply } from '~/server/http.server';
import { latestJobViews, queueJob } from '~/server/jobs.server';
import { currentRuleSettings } from '~/server/suggestions/settings.server';
import { historyErrorMessage } from '~/ui/backtest/history-error-message';
import { replyError, replyIntent } from '~/ui/form-reply';
import { JobStatus, useJobPolling } from '~/ui/job-status';
import { HistoryFactsView, HistoryProblemsView, HistoryReplayResult } from '~/ui/backtest/history-replay';
import { policyLabel, SummaryTable } from '~/ui/backtest/summary-table';
import { formatPercent } from '~/ui/format';
import { LevelMethodField } from '~/ui/level-method-field';
import { TradeOffChart, type TradeOffSeries } from '~/ui/tradeoff-chart';
import { useFileSizeCheck } from '~/ui/uploads/file-size-check';
import { isReadErrorCode, readErrorStatus, uploadRefusalHeaders } from '~/ui/uploads/read-error-message';

const DEFAULTS = { testWeeks: 6, leadDays: 1, sampleShops: 100 };
/** A file's replay starts as the command line's does: 10 units per carton, lead time 1 day. */
const FILE_DEFAULTS = { packsPerCarton: 10, leadDays: 1 };

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(context.db, request, 'staff');
  const params = resolveReplenishmentParams((await currentRuleSettings(context.db)).settings.params);
  // The county replay runs as a job (job-kinds.server.ts runCountyBacktest): its progress, then its figures.
  const { backtest: job } = await latestJobViews(context.db, ['backtest']);
  return {
    job,
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
    fileDefaults: { ...FILE_DEFAULTS, maxBytes: DEFAULT_MAX_BYTES, maxRows: DEFAULT_MAX_ROWS, maxTradingDaysBytes: MAX_TRADING_DAYS_BYTES },
  };
}

/**
 * What the file form's reply carries beside conform's result (decision 0013: `done` / `refused` / `invalid`): the
 * file's preview when it could be read, and its replay unless it waits for the user's choice; a refusal's figures
 * for its message and the file it is about (the trading-day list's name when the problem is in that file).
 */
type FileOutcome = {
  preview: HistoryPreview | null;
  waiting: 'has_bad_rows' | 'changed_since_preview' | null;
  replay: UploadReplay | null;
  detail: Record<string, string | number>;
  fileName: string;
};
/** The file form's reply (exported for its tests). */
export type FileReply = ActionReply<FileOutcome>;

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(context.db, request, 'staff');
  // The file form posts multipart, read with the uploads' limits; the county form posts a plain form.
  const multipart = (request.headers.get('Content-Type') ?? '').startsWith('multipart/form-data');
  const read = multipart ? await readFileForm(request, DEFAULT_MAX_BYTES) : { ok: true as const, form: await request.formData() };
  if (!read.ok) {
    // Refused before the body is read (or when it could not be read): answered like any refusal of the file form.
    const unread = parseWithZod(fileIntent(), { schema: z.object({ intent: z.literal('file') }) });
    return read.reason === 'too_large' ? refuseFile(unread, 'too_large', { detail: { maxBytes: DEFAULT_MAX_BYTES }, status: 413 }) : refuseFile(unread, 'no_file');
  }
  const submission = parseWithZod(read.form, { schema: backtestPageForm });
  if (submission.status !== 'success') return invalid(submission);
  if (submission.value.intent === 'file') return replayFile(context.db, submission, submission.value, read.form);
  // Long work is a job: queued (one at a time), run by the instance's runner, its progress on this page.
  const { intent: _intent, ...settings } = submission.value;
  await queueJob(context.db, user, 'backtest', { ...settings, today: shanghaiDayOf(new Date()) });
  throw redirect('/staff/backtest');
}

function fileIntent(): FormData {
  const form = new FormData();
  form.set('intent', 'file');
  return form;
}

/** A refusal of the uploaded history: its reason code as the form's error, with what the message needs. */
function refuseFile<S>(submission: Submission<S>, code: string, options: { detail?: Record<string, string | number>; status?: number; fileName?: string; preview?: HistoryPreview | null } = {}) {
  const { detail = {}, status = 400, fileName = '', preview = null } = options;
  return refused<S, FileOutcome>(submission, code, { status, headers: uploadRefusalHeaders(code), extra: { preview, waiting: null, replay: null, detail, fileName } });
}

/**
 * An uploaded history: the uploads' size checks (declared, then per part), the fields by zod, then the read,
 * preview and replay in the upload reader's worker thread (backtest.server.ts replayUploadedHistory).
 */
async function replayFile<S>(db: DB, submission: Submission<S>, fields: BacktestFileForm, form: FormData) {
  const history = form.get('history');
  if (!(history instanceof File) || history.size === 0) {
    const named = history instanceof File && history.name !== '';
    return named ? refuseFile(submission, 'empty_file', { status: 422, fileName: history.name }) : refuseFile(submission, 'no_file');
  }
  const days = form.get('tradingDays');
  const tradingDays = days instanceof File && days.name ? days : null;
  if (tradingDays && tradingDays.size > MAX_TRADING_DAYS_BYTES) {
    return refuseFile(submission, 'too_large', { detail: { maxBytes: MAX_TRADING_DAYS_BYTES, file: 'trading_days' }, status: 413, fileName: tradingDays.name });
  }
  const outcome = await replayUploadedHistory(db, {
    history: { fileName: history.name, bytes: new Uint8Array(await history.arrayBuffer()) },
    tradingDays: tradingDays ? { fileName: tradingDays.name, bytes: new Uint8Array(await tradingDays.arrayBuffer()) } : null,
    leadDays: fields.leadDays,
    packsPerCarton: fields.packsPerCarton,
    keepGoodRows: fields.keepGoodRows === '1',
    fingerprint: fields.fingerprint ?? null,
  });
  if (!outcome.ok) {
    const { code, detail = {} } = outcome.error;
    const fileName = detail.file === 'trading_days' ? (tradingDays?.name ?? '') : history.name;
    return refuseFile(submission, code, { detail, status: isReadErrorCode(code) ? readErrorStatus(code) : 422, fileName, preview: outcome.preview ?? null });
  }
  return done<S, FileOutcome>(submission, { preview: outcome.preview, waiting: outcome.waiting, replay: outcome.replay, detail: {}, fileName: history.name });
}

export default function StaffBacktest() {
  const { defaults, fileDefaults, job } = useLoaderData<typeof loader>();
  const reply = useActionData<Partial<FileReply>>();
  const { t } = useTranslation();
  const navigation = useNavigation();
  const active = isJobActive(job);
  useJobPolling(active);
  const busy = active || (navigation.state === 'submitting' && navigation.formData?.get('intent') !== 'file');
  const result = job?.status === 'done' ? job.result : null;
  // The page has two forms: each shows the reply to its own intent.
  const countyError = replyIntent(reply) === 'county' ? replyError(reply) : null;
  const fileReply = replyIntent(reply) === 'file' ? (reply ?? null) : null;
  return (
    <>
      <h1>{t('backtest.title')}</h1>
      <p className="muted">{t('backtest.intro')}</p>
      <section className="card">
        <h2>{t('backtest.form')}</h2>
        <Form method="post" className="form settings-form">
          <input type="hidden" name="intent" value="county" />
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
        {countyError ? (
          <p className="form-error" role="alert">
            {t('backtest.invalid')}
          </p>
        ) : null}
        <JobStatus id="backtest-job" job={job} result={(finished) => t('backtest.jobDone', { count: finished.result.shopSpecs })} />
      </section>
      {result ? <Results result={result} /> : null}
      <FileReplay limits={fileDefaults} reply={fileReply} />
      {fileReply?.replay && fileReply.preview ? <HistoryReplayResult replay={fileReply.replay} preview={fileReply.preview} /> : null}
    </>
  );
}

/**
 * The file form. The preview of a file with bad rows is shown inside the form, so "replay the good rows" posts
 * the same files again (the browser keeps them chosen) with the preview's fingerprint: the server replays only
 * if they are the files previewed.
 */
function FileReplay({ limits, reply }: { limits: { packsPerCarton: number; leadDays: number; maxBytes: number; maxRows: number; maxTradingDaysBytes: number }; reply: Partial<FileReply> | null }) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  const busy = navigation.state !== 'idle' && navigation.formData?.get('intent') === 'file';
  const historyCheck = useFileSizeCheck(limits.maxBytes, 'history');
  const daysCheck = useFileSizeCheck(limits.maxTradingDaysBytes, 'tradingDays');
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    historyCheck.onSubmit(event);
    daysCheck.onSubmit(event);
  };
  const preview = reply?.preview ?? null;
  const error = replyError(reply);
  const waiting = error ? null : (reply?.waiting ?? null);
  const refusal = error ? historyErrorMessage(t, error, reply?.detail, reply?.fileName ?? '') : null;
  const browserError = historyCheck.error ?? (daysCheck.error ? t('backtest.file.tradingDaysNamed', { message: daysCheck.error }) : null);
  return (
    <section className="card" aria-labelledby="bt-file-title">
      <h2 id="bt-file-title">{t('backtest.file.title')}</h2>
      <p className="muted">{t('backtest.file.intro')}</p>
      <Form method="post" encType="multipart/form-data" className="form" onSubmit={onSubmit}>
        <input type="hidden" name="intent" value="file" />
        <div className="field">
          <label htmlFor="bt-file-history">{t('backtest.file.history')}</label>
          <input id="bt-file-history" name="history" type="file" required accept=".csv,.txt,.tsv,.gz,.xlsx,text/csv,application/gzip,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" aria-describedby="bt-file-history-hint" />
          <span className="hint" id="bt-file-history-hint">
            {t('backtest.file.historyHint', { maxMb: Math.floor(limits.maxBytes / 1024 / 1024), maxRows: limits.maxRows.toLocaleString('en-US') })}
          </span>
        </div>
        <div className="field">
          <label htmlFor="bt-file-days">{t('backtest.file.tradingDays')}</label>
          <input id="bt-file-days" name="tradingDays" type="file" accept=".txt,.csv,.gz,text/plain" aria-describedby="bt-file-days-hint" />
          <span className="hint" id="bt-file-days-hint">
            {t('backtest.file.tradingDaysHint')}
          </span>
        </div>
        <NumberField idPrefix="bt-file-" name="packsPerCarton" label={t('backtest.file.packsPerCarton')} min={1} max={BACKTEST_FILE_MAX_PACKS_PER_CARTON} step={1} value={limits.packsPerCarton} />
        <NumberField idPrefix="bt-file-" name="leadDays" label={t('backtest.file.leadDays')} min={1} max={BACKTEST_FILE_MAX_LEAD_DAYS} step={1} value={limits.leadDays} />
        {browserError || refusal ? (
          <p className="form-error" role="alert">
            {browserError ?? refusal}
          </p>
        ) : null}
        <button type="submit" className="button" disabled={busy}>
          {busy ? t('backtest.file.running') : t('backtest.file.run')}
        </button>
        {preview && !reply?.replay ? (
          <div aria-live="polite">
            {waiting ? (
              <p className="form-info" role="status">
                {waiting === 'changed_since_preview' ? t('backtest.file.changed') : t('backtest.file.hasBadRows', { count: preview.facts.rowsBad })}
              </p>
            ) : null}
            <HistoryFactsView preview={preview} />
            <HistoryProblemsView preview={preview} />
            {waiting ? (
              <>
                <input type="hidden" name="fingerprint" value={preview.fingerprint} />
                <button type="submit" name="keepGoodRows" value="1" className="button secondary" disabled={busy}>
                  {t('backtest.file.keepGoodRows', { count: preview.facts.rowsGood })}
                </button>
              </>
            ) : null}
          </div>
        ) : null}
      </Form>
    </section>
  );
}

function NumberField({ name, label, min, max, step, value, idPrefix = 'bt-' }: { name: string; label: string; min: number; max: number; step: number; value: number; idPrefix?: string }) {
  return (
    <div className="field">
      <label htmlFor={`${idPrefix}${name}`}>{label}</label>
      <input id={`${idPrefix}${name}`} name={name} type="number" min={min} max={max} step={step} defaultValue={value} required />
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
        {result.closedShopDays > 0 ? <p className="muted">{t('backtest.closedShopDays', { count: result.closedShopDays })}</p> : null}
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
