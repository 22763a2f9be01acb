import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { FOLLOW_DEFAULT, MAX_COVER_DAYS_LIMIT, ruleParamsOfForm, ruleSettingsForm } from '~/domain/forms/rule-settings';
import { resolveReplenishmentParams } from '~/domain/replenishment';
import { requireRole } from '~/server/auth.server';
import { db } from '~/server/db.server';
import {
  computeForecastAccuracy,
  computeSuggestionsForCounty,
  currentRuleSettings,
  DEFAULT_RULE_SETTINGS,
  forecastAccuracyByCycle,
  ruleSettingsHistory,
  saveRuleSettings,
} from '~/server/suggestions.server';
import { formatDateTime, formatPercent } from '~/ui/format';
import { LevelMethodField, useLevelMethodLabel } from '~/ui/level-method-field';

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, 'staff');
  const [current, history, accuracy, finished] = await Promise.all([
    currentRuleSettings(db()),
    ruleSettingsHistory(db()),
    forecastAccuracyByCycle(db()),
    db().selectFrom('orderCycles').select(['id', 'code']).where('status', '=', 'delivered').orderBy('startsOn', 'desc').limit(12).execute(),
  ]);
  const params = resolveReplenishmentParams(current.settings.params);
  return {
    current,
    params: { levelMethod: params.levelMethod, intermittentMethod: params.intermittentMethod, roundDownThresholdCartons: params.roundDownThresholdCartons, maxCoverDays: params.maxCoverDays },
    history,
    accuracy,
    finished,
  };
}

type Result = { kind: 'saved'; version: number } | { kind: 'batch'; shops: number; suggestions: number; seconds: number } | { kind: 'accuracy'; code: string; rate: number | null } | { kind: 'invalid' };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, 'staff');
  const form = Object.fromEntries(await request.formData());
  if (form.intent === 'save') {
    const parsed = ruleSettingsForm.safeParse(form);
    if (!parsed.success) return data<Result>({ kind: 'invalid' }, { status: 400 });
    const v = parsed.data;
    const version = await saveRuleSettings(
      db(),
      user,
      {
        ...ruleParamsOfForm(v),
        serviceLevels: { scarce: v.scarce, premium: v.premium, standard: v.standard },
        newSpecStartCartons: DEFAULT_RULE_SETTINGS.newSpecStartCartons.map((b, i) => ({ ...b, cartons: [v.start1, v.start2, v.start3][i]! })),
      },
      v.note || null,
    );
    return data<Result>({ kind: 'saved', version: version ?? 0 });
  }
  if (form.intent === 'batch') {
    const r = await computeSuggestionsForCounty(db(), user);
    return data<Result>({ kind: 'batch', shops: r.shops, suggestions: r.suggestions, seconds: Math.round(r.elapsedMs / 100) / 10 });
  }
  if (form.intent === 'accuracy') {
    const cycle = await db().selectFrom('orderCycles').select(['id', 'code']).where('id', '=', Number(form.cycleId)).where('status', '=', 'delivered').executeTakeFirst();
    if (!cycle) return data<Result>({ kind: 'invalid' }, { status: 400 });
    // The cycle's suggestions as of its order days, then how they compare with what sold.
    await computeSuggestionsForCounty(db(), user, new Date(), cycle.id);
    const r = await computeForecastAccuracy(db(), cycle.id);
    return data<Result>({ kind: 'accuracy', code: cycle.code, rate: r?.accuracy ?? null });
  }
  return data<Result>({ kind: 'invalid' }, { status: 400 });
}

export default function StaffSuggestions() {
  const { current, params, history, accuracy, finished } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const busy = useNavigation().state !== 'idle';
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
      {result ? (
        <p className={result.kind === 'invalid' ? 'form-error' : 'form-ok'} role="status">
          {result.kind === 'saved'
            ? t('ruleStaff.saved', { version: result.version })
            : result.kind === 'batch'
              ? t('ruleStaff.batchDone', { shops: result.shops, suggestions: result.suggestions, seconds: result.seconds })
              : result.kind === 'accuracy'
                ? t('ruleStaff.accuracyDone', { code: result.code, rate: formatPercent(result.rate) })
                : t('ruleStaff.invalid')}
        </p>
      ) : null}

      <section className="card">
        <h2>{t('ruleStaff.batch')}</h2>
        <p className="muted">{t('ruleStaff.batchIntro')}</p>
        <Form method="post">
          <button type="submit" name="intent" value="batch" className="button" disabled={busy}>
            {t('ruleStaff.runBatch')}
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
          <button type="submit" name="intent" value="accuracy" className="button secondary" disabled={busy || !finished.length}>
            {t('ruleStaff.computeFor')}
          </button>
        </Form>
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
