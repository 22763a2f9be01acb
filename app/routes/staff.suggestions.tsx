/**
 * Staff's page for the sales-driven rule: its settings (each save a new version), the county batch and a finished
 * cycle's forecast accuracy. The two computations are jobs (docs/decisions/0016-jobs.md): the action queues one and
 * redirects; the page shows the latest of each — queued, running with a progress bar, done, or failed — and
 * reloads its data while one is under way.
 */
import { parseWithZod } from '@conform-to/zod/v4';
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { isJobActive } from '~/domain/jobs';
import { FOLLOW_DEFAULT, MAX_COVER_DAYS_LIMIT, ruleParamsOfForm } from '~/domain/forms/rule-settings';
import { staffSuggestionsForm } from '~/domain/forms/staff-suggestions';
import { resolveReplenishmentParams } from '~/domain/replenishment';
import { requireRole } from '~/server/auth.server';
import { done, invalid, refused } from '~/server/http.server';
import { finishedCycle, finishedCycles } from '~/server/job-kinds.server';
import { latestJobViews, queueJob } from '~/server/jobs.server';
import { DEFAULT_RULE_SETTINGS } from '~/domain/replenishment';
import { forecastAccuracyByCycle } from '~/server/suggestions/accuracy.server';
import { currentRuleSettings, ruleSettingsHistory, saveRuleSettings } from '~/server/suggestions/settings.server';
import { formatDateTime, formatPercent } from '~/ui/format';
import { replyDone, replyError } from '~/ui/form-reply';
import { JobStatus, useJobPolling } from '~/ui/job-status';
import { LevelMethodField, useLevelMethodLabel } from '~/ui/level-method-field';

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(context.db, request, 'staff');
  const [current, history, accuracy, finished, jobs] = await Promise.all([
    currentRuleSettings(context.db),
    ruleSettingsHistory(context.db),
    forecastAccuracyByCycle(context.db),
    finishedCycles(context.db),
    latestJobViews(context.db, ['suggestions', 'accuracy']),
  ]);
  const params = resolveReplenishmentParams(current.settings.params);
  return {
    current,
    params: { levelMethod: params.levelMethod, intermittentMethod: params.intermittentMethod, roundDownThresholdCartons: params.roundDownThresholdCartons, maxCoverDays: params.maxCoverDays },
    history,
    accuracy,
    finished,
    jobs,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(context.db, request, 'staff');
  const submission = parseWithZod(await request.formData(), { schema: staffSuggestionsForm });
  if (submission.status !== 'success') return invalid(submission);
  const input = submission.value;
  switch (input.intent) {
    case 'save': {
      const version = await saveRuleSettings(
        context.db,
        user,
        {
          ...ruleParamsOfForm(input),
          serviceLevels: { scarce: input.scarce, premium: input.premium, standard: input.standard },
          newSpecStartCartons: DEFAULT_RULE_SETTINGS.newSpecStartCartons.map((b, i) => ({ ...b, cartons: [input.start1, input.start2, input.start3][i]! })),
        },
        input.note || null,
      );
      return done(submission, { version: version ?? 0 });
    }
    case 'batch':
      await queueJob(context.db, user, 'suggestions', {});
      throw redirect('/staff/suggestions');
    case 'accuracy': {
      // The cycle's suggestions as of its order days, then how they compare with what sold: a job.
      if (!(await finishedCycle(context.db, input.cycleId))) return refused(submission, 'not_found');
      await queueJob(context.db, user, 'accuracy', { cycleId: input.cycleId });
      throw redirect('/staff/suggestions');
    }
  }
}

export default function StaffSuggestions() {
  const { current, params, history, accuracy, finished, jobs } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const error = replyError(reply);
  const { t } = useTranslation();
  const busy = useNavigation().state !== 'idle';
  const batchActive = isJobActive(jobs.suggestions);
  const accuracyActive = isJobActive(jobs.accuracy);
  useJobPolling(batchActive || accuracyActive);
  const levelLabel = useLevelMethodLabel();
  const s = current.settings;
  // Which level method is in force, and why: chosen in this version, or the rule's default — also when the version
  // names a method that was only preselected (settleLevelMethod), which is said when it differs from the default.
  const levelHint = s.levelMethodChosen
    ? t('ruleStaff.levelChosen', { method: levelLabel(params.levelMethod) })
    : current.levelMethodSetAside && current.levelMethodSetAside !== params.levelMethod
      ? t('ruleStaff.levelSetAside', { method: levelLabel(params.levelMethod), version: current.version, saved: levelLabel(current.levelMethodSetAside) })
      : t('ruleStaff.levelDefault', { method: levelLabel(params.levelMethod) });
  return (
    <>
      <h1>{t('ruleStaff.title')}</h1>
      <p className="muted">{t('ruleStaff.intro')}</p>
      {error ? (
        <p className="form-error" role="alert">
          {error === 'not_found' ? t('jobs.reasons.not_found') : t('ruleStaff.invalid')}
        </p>
      ) : replyDone(reply, 'save') && reply && 'version' in reply ? (
        <p className="form-ok" role="status">
          {t('ruleStaff.saved', { version: reply.version })}
        </p>
      ) : null}

      <section className="card" aria-labelledby="batch-title">
        <h2 id="batch-title">{t('ruleStaff.batch')}</h2>
        <p className="muted">{t('ruleStaff.batchIntro')}</p>
        <JobStatus
          id="batch-job"
          job={jobs.suggestions}
          result={(job) => t('ruleStaff.batchDone', { shops: job.result.shops, suggestions: job.result.suggestions, seconds: job.result.seconds })}
        />
        <Form method="post">
          <button type="submit" name="intent" value="batch" className="button" disabled={busy || batchActive}>
            {batchActive ? t('ruleStaff.running') : t('ruleStaff.runBatch')}
          </button>
        </Form>
      </section>

      <section className="card">
        <h2>{t('ruleStaff.settings')}</h2>
        <p className="muted">{current.version ? t('ruleStaff.version', { version: current.version }) : t('ruleStaff.defaults')}</p>
        <Form method="post" className="form settings-form">
          <fieldset className="plain">
            <legend>{t('ruleStaff.serviceLevels')}</legend>
            {(['scarce', 'premium', 'standard'] as const).map((k) => (
              <div className="field" key={k}>
                <label htmlFor={`sl-${k}`}>{t(`ruleStaff.${k}`)}</label>
                <input id={`sl-${k}`} name={k} type="number" step="0.01" min={0.5} max={0.999} defaultValue={s.serviceLevels[k]} required />
              </div>
            ))}
          </fieldset>
          <fieldset className="plain">
            <legend>{t('ruleStaff.newSpecStart')}</legend>
            {s.newSpecStartCartons.map((b, i) => (
              <div className="field" key={b.gradeFrom}>
                <label htmlFor={`start-${i}`}>{t('ruleStaff.band', { from: b.gradeFrom, to: b.gradeTo })}</label>
                <input id={`start-${i}`} name={`start${i + 1}`} type="number" min={0} max={50} step={1} defaultValue={b.cartons} required />
              </div>
            ))}
          </fieldset>
          <LevelMethodField id="level" defaultValue={s.levelMethodChosen ? params.levelMethod : FOLLOW_DEFAULT} offerDefault hint={levelHint} />
          <div className="field">
            <label htmlFor="method">{t('ruleStaff.intermittentMethod')}</label>
            <select id="method" name="intermittentMethod" className="select" defaultValue={params.intermittentMethod}>
              <option value="sba">SBA (Croston, Syntetos–Boylan)</option>
              <option value="tsb">TSB (Teunter–Syntetos–Babai)</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="round">{t('ruleStaff.roundDown')}</label>
            <input id="round" name="roundDownThresholdCartons" type="number" step="0.1" min={0} max={0.9} defaultValue={params.roundDownThresholdCartons} required />
          </div>
          <div className="field">
            <label htmlFor="cover">{t('ruleStaff.maxCoverDays')}</label>
            <input
              id="cover"
              name="maxCoverDays"
              type="number"
              inputMode="numeric"
              step={1}
              min={0}
              max={MAX_COVER_DAYS_LIMIT}
              defaultValue={params.maxCoverDays}
              required
              aria-describedby="cover-hint"
            />
            <span className="hint" id="cover-hint">
              {t('ruleStaff.maxCoverDaysHint', { max: MAX_COVER_DAYS_LIMIT })}{' '}
              {params.maxCoverDays > 0 ? t('ruleStaff.maxCoverDaysNow', { count: params.maxCoverDays }) : t('ruleStaff.maxCoverDaysOff')}
            </span>
          </div>
          <div className="field">
            <label htmlFor="note">{t('ruleStaff.note')}</label>
            <input id="note" name="note" maxLength={200} />
          </div>
          <button type="submit" name="intent" value="save" className="button secondary" disabled={busy}>
            {t('ruleStaff.save')}
          </button>
        </Form>
        {history.length ? (
          <>
            <h3>{t('ruleStaff.history')}</h3>
            <ul className="todo">
              {history.map((h) => (
                <li key={h.version}>
                  v{h.version} · {formatDateTime(h.createdAt)} · {t('ruleStaff.by')}: {h.by ?? '—'} {h.note ? `· ${h.note}` : ''}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>

      <section className="card">
        <h2>{t('ruleStaff.accuracy')}</h2>
        <p className="muted">{t('ruleStaff.accuracyIntro')}</p>
        <Form method="post" className="filter-row">
          <label className="visually-hidden" htmlFor="acc-cycle">
            {t('ruleStaff.chooseCycle')}
          </label>
          <select id="acc-cycle" name="cycleId" className="select">
            {finished.map((c) => (
              <option key={c.id} value={c.id}>
                {c.code}
              </option>
            ))}
          </select>
          <button type="submit" name="intent" value="accuracy" className="button secondary" disabled={busy || accuracyActive || !finished.length}>
            {accuracyActive ? t('ruleStaff.running') : t('ruleStaff.computeFor')}
          </button>
        </Form>
        <JobStatus id="accuracy-job" job={jobs.accuracy} result={(job) => t('ruleStaff.accuracyDone', { code: job.result.code, rate: formatPercent(job.result.rate) })} />
        {accuracy.length ? (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('ruleStaff.cycle')}</th>
                  <th scope="col" className="num">{t('ruleStaff.forecast')}</th>
                  <th scope="col" className="num">{t('ruleStaff.actual')}</th>
                  <th scope="col" className="num">{t('ruleStaff.rate')}</th>
                </tr>
              </thead>
              <tbody>
                {accuracy.map((a) => (
                  <tr key={a.code}>
                    <td>{a.code}</td>
                    <td className="num">{a.forecastPacks.toLocaleString('en-US')}</td>
                    <td className="num">{a.actualPacks.toLocaleString('en-US')}</td>
                    <td className="num">{formatPercent(a.accuracy)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="muted">{t('ruleStaff.noAccuracy')}</p>
        )}
      </section>
    </>
  );
}
