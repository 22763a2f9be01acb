/**
 * Staff: the replay of supply methods on the county's own delivered cycles (issue 18) — each short scarce spec shared
 * again 按档位 and 按需 with the same supply, asks and caps, and what the shops could then have sold within two weeks
 * of delivery. Long work: the form queues a 'supply' job (job-kinds.server.ts runSupplyReplay); the page shows its
 * progress, then its figures. Nothing is written. `npm run backtest -- --supply` runs the same on a generated county.
 */
import { parseWithZod } from '@conform-to/zod/v4';
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { MAX_FLOOR_CARTONS, SUPPLY_REPLAY_METHODS, supplyRates, type SupplyReplayResult } from '~/domain/allocation';
import { SUPPLY_REPLAY_MAX_CYCLES, supplyReplayForm } from '~/domain/forms/supply-replay';
import { isJobActive } from '~/domain/jobs';
import { shanghaiDayOf } from '~/domain/time';
import { requireRole } from '~/server/auth.server';
import { invalid } from '~/server/http.server';
import { latestJobViews, queueJob } from '~/server/jobs.server';
import { formatPercent } from '~/ui/format';
import { replyError } from '~/ui/form-reply';
import { JobStatus, useJobPolling } from '~/ui/job-status';

const DEFAULTS = { cycles: 8, floorCartons: 1 };

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(context.db, request, 'staff');
  const { supply: job } = await latestJobViews(context.db, ['supply']);
  return { job, defaults: DEFAULTS };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(context.db, request, 'staff');
  const submission = parseWithZod(await request.formData(), { schema: supplyReplayForm });
  if (submission.status !== 'success') return invalid(submission);
  await queueJob(context.db, user, 'supply', { ...submission.value, today: shanghaiDayOf(new Date()) });
  throw redirect('/staff/supply-replay');
}

export default function StaffSupplyReplay() {
  const { job, defaults } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const { t } = useTranslation();
  const navigation = useNavigation();
  const active = isJobActive(job);
  useJobPolling(active);
  const busy = active || navigation.state === 'submitting';
  const result = job?.status === 'done' ? job.result : null;
  return (
    <>
      <h1>{t('supplyReplay.title')}</h1>
      <p className="muted">{t('supplyReplay.intro')}</p>
      <section className="card">
        <Form method="post" className="form">
          <div className="field">
            <label htmlFor="sr-cycles">{t('supplyReplay.cycles')}</label>
            <input id="sr-cycles" name="cycles" type="number" min={1} max={SUPPLY_REPLAY_MAX_CYCLES} step={1} defaultValue={defaults.cycles} required aria-describedby="sr-cycles-hint" />
            <span className="hint" id="sr-cycles-hint">
              {t('supplyReplay.cyclesHint', { max: SUPPLY_REPLAY_MAX_CYCLES })}
            </span>
          </div>
          <div className="field">
            <label htmlFor="sr-floor">{t('supplyReplay.floor')}</label>
            <input id="sr-floor" name="floorCartons" type="number" min={0} max={MAX_FLOOR_CARTONS} step={1} defaultValue={defaults.floorCartons} required aria-describedby="sr-floor-hint" />
            <span className="hint" id="sr-floor-hint">
              {t('supplyReplay.floorHint', { max: MAX_FLOOR_CARTONS })}
            </span>
          </div>
          {replyError(reply) ? (
            <p className="form-error" role="alert">
              {t('supplyReplay.invalid', { maxCycles: SUPPLY_REPLAY_MAX_CYCLES, maxFloor: MAX_FLOOR_CARTONS })}
            </p>
          ) : null}
          <button type="submit" className="button" disabled={busy}>
            {busy ? t('supplyReplay.running') : t('supplyReplay.run')}
          </button>
        </Form>
        <JobStatus id="supply-job" job={job} result={(done) => t('supplyReplay.jobDone', { count: done.result.specCycles })} />
      </section>
      {result ? <Results result={result} /> : null}
    </>
  );
}

function Results({ result }: { result: SupplyReplayResult }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="sr-results" aria-live="polite">
      <h2 id="sr-results">{t('supplyReplay.window', { cycles: result.cycles.join('、'), floor: result.floorCartons })}</h2>
      {result.specCycles === 0 ? <p className="card">{t('supplyReplay.noneShort')}</p> : null}
      {result.specCycles > 0
        ? SUPPLY_REPLAY_METHODS.map((method) => {
            const tally = result.methods[method];
            const r = supplyRates(tally);
            return (
              <section key={method} className="card" aria-labelledby={`sr-${method}`} data-testid={`supply-method-${method}`}>
                <h3 id={`sr-${method}`}>{t(`supplyReplay.method.${method}`)}</h3>
                <dl className="figures">
                  <div>
                    <dt>{t('supplyReplay.figures.allocated')}</dt>
                    <dd>{t('format.cartons', { count: tally.allocatedCartons })}</dd>
                  </div>
                  <div>
                    <dt>{t('supplyReplay.figures.sold')}</dt>
                    <dd>{formatPercent(r.soldShare)}</dd>
                  </div>
                  <div>
                    <dt>{t('supplyReplay.figures.left')}</dt>
                    <dd>{t('format.cartons', { count: r.leftCartons })}</dd>
                  </div>
                  <div>
                    <dt>{t('supplyReplay.figures.demandMet')}</dt>
                    <dd>{formatPercent(r.demandMet)}</dd>
                  </div>
                  <div>
                    <dt>{t('supplyReplay.figures.coverage')}</dt>
                    <dd>{t('supplyReplay.coverageValue', { covered: tally.regularCovered, total: tally.regularSellers, share: formatPercent(r.regularCoverage) })}</dd>
                  </div>
                  <div>
                    <dt>{t('supplyReplay.figures.bandsLeftOut')}</dt>
                    <dd>{t('supplyReplay.bandsValue', { left: tally.bandsLeftOut, total: tally.bandsWithRegular })}</dd>
                  </div>
                  <div>
                    <dt>{t('supplyReplay.figures.evenness')}</dt>
                    <dd>{r.evenness === null ? '—' : r.evenness.toFixed(3)}</dd>
                  </div>
                </dl>
              </section>
            );
          })
        : null}
      <p className="muted">{t('supplyReplay.hindsightNote')}</p>
      <p className="muted">{t('supplyReplay.definitions')}</p>
    </section>
  );
}
