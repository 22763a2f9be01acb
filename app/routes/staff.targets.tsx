/** 考核目标: staff set a target per monitoring indicator; the monitoring page (/staff) reads each figure against it. */
import { parseWithZod } from '@conform-to/zod/v4';
import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { targetsForm } from '~/domain/forms/targets';
import { INDICATOR_FORMAT, INDICATOR_IDS, isIndicatorId, type IndicatorId } from '~/domain/indicators';
import { DEFAULT_DIRECTION, TARGET_DIRECTIONS, amberMarginOf, shownMaximum, toShown } from '~/domain/indicators/targets';
import { requireRole } from '~/server/auth.server';
import { done, invalid, refused } from '~/server/http.server';
import { clearIndicatorTarget, indicatorTargets, saveIndicatorTarget } from '~/server/indicator-targets.server';
import { formatIndicator } from '~/ui/charts/indicator-format';
import { formatDateTime } from '~/ui/format';
import { replyDone, replyError, replyErrors, replyIntent } from '~/ui/form-reply';
import { Definition } from '~/ui/monitoring/definition';
import { targetText } from '~/ui/monitoring/marks';
import monitoringStyles from '~/ui/monitoring/monitoring.css?url';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: monitoringStyles }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireRole(context.db, request, 'staff');
  return { targets: await indicatorTargets(context.db, user) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(context.db, request, 'staff');
  const submission = parseWithZod(await request.formData(), { schema: targetsForm });
  if (submission.status !== 'success') return invalid(submission);
  const v = submission.value;
  const r =
    v.intent === 'save'
      ? await saveIndicatorTarget(context.db, user, { indicator: v.indicator, targetShown: v.target, direction: v.direction, amberShown: v.amber ?? null })
      : await clearIndicatorTarget(context.db, user, v.indicator);
  if (!r.ok) return refused(submission, r.reason, { status: r.reason === 'forbidden' ? 403 : undefined });
  return data(done(submission));
}

type Field = 'indicator' | 'target' | 'direction' | 'amber';

export default function StaffTargets() {
  const { targets } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const busy = useNavigation().state !== 'idle';
  const { t } = useTranslation();
  const errors = replyErrors(reply);
  const formError = replyError(reply);
  const sent = reply?.result?.initialValue;
  const [indicator, setIndicator] = useState<IndicatorId>(() => (isIndicatorId(sent?.indicator) ? sent.indicator : 'uploadRate'));
  const current = targets[indicator];
  const isRate = INDICATOR_FORMAT[indicator] === 'rate';
  const fieldLabel = (f: Field) =>
    f === 'indicator' ? t('insights.targets.indicator') : f === 'target' ? t('insights.targets.target') : f === 'direction' ? t('insights.targets.directionLabel') : t('insights.targets.amber');
  const message = (f: Field) => {
    const code = errors[f];
    if (!code) return null;
    const known = ['required', 'not_a_number', 'out_of_range', 'whole_number'].includes(code) ? code : 'invalid';
    return t(`insights.targets.errors.${known as 'invalid'}`, { field: fieldLabel(f), max: shownMaximum(indicator) });
  };
  const shown = (v: number) => String(Number(toShown(indicator, v).toFixed(2)));
  const set = INDICATOR_IDS.filter((id) => targets[id]);
  // The fields keep what was sent when it was refused; otherwise they show the saved target (the key resets them).
  const keep = errors.target || errors.amber || errors.direction;
  const value = (name: 'target' | 'amber') => (keep && typeof sent?.[name] === 'string' ? (sent[name]) : undefined);

  return (
    <>
      <p>
        <Link to="/staff">{t('insights.targets.back')}</Link>
      </p>
      <h1>{t('insights.targets.title')}</h1>
      <p className="muted">{t('insights.targets.intro')}</p>
      <section className="card">
        {replyDone(reply) ? (
          <p className="form-ok" role="status">
            {replyIntent(reply) === 'clear' ? t('insights.targets.cleared') : t('insights.targets.saved')}
          </p>
        ) : null}
        {formError && formError !== 'invalid' ? (
          <p className="form-error" role="alert">
            {t(`insights.targets.errors.${formError === 'not_found' ? 'not_found' : 'forbidden'}`)}
          </p>
        ) : null}
        <Form method="post" className="targets-form" noValidate key={`${indicator}-${current?.updatedAt ?? ''}`}>
          <div className="field">
            <label htmlFor="target-indicator">{fieldLabel('indicator')}</label>
            <select id="target-indicator" name="indicator" value={indicator} onChange={(e) => isIndicatorId(e.target.value) && setIndicator(e.target.value)} aria-invalid={errors.indicator ? true : undefined}>
              {INDICATOR_IDS.map((id) => (
                <option key={id} value={id}>
                  {t(`monitoring.indicators.${id}`)}
                </option>
              ))}
            </select>
            {message('indicator') ? <p className="field-error">{message('indicator')}</p> : null}
            <p className="hint">
              {t(`insights.definitions.${indicator}`)}
            </p>
          </div>
          <div className="field">
            <label htmlFor="target-direction">{fieldLabel('direction')}</label>
            <select id="target-direction" name="direction" defaultValue={current?.direction ?? DEFAULT_DIRECTION[indicator]} aria-invalid={errors.direction ? true : undefined}>
              {TARGET_DIRECTIONS.map((d) => (
                <option key={d} value={d}>
                  {t(`insights.direction.${d}`)}
                </option>
              ))}
            </select>
            {message('direction') ? <p className="field-error">{message('direction')}</p> : null}
          </div>
          <DecimalField
            id="target-value"
            name="target"
            label={fieldLabel('target') + (isRate ? t('insights.targets.percentSuffix') : '')}
            defaultValue={value('target') ?? (current ? shown(current.target) : '')}
            hint={isRate ? t('insights.targets.targetHintRate') : t('insights.targets.targetHintOther')}
            error={message('target')}
          />
          <DecimalField
            id="target-amber"
            name="amber"
            label={fieldLabel('amber') + (isRate ? t('insights.targets.percentSuffix') : '')}
            defaultValue={value('amber') ?? (current && current.amberMargin !== null ? shown(current.amberMargin) : '')}
            hint={isRate ? t('insights.targets.amberHintRate') : t('insights.targets.amberHintOther')}
            error={message('amber')}
          />
          <div className="chips">
            <button type="submit" name="intent" value="save" className="button" disabled={busy}>
              {t('insights.targets.save')}
            </button>
            {current ? (
              <button type="submit" name="intent" value="clear" className="button secondary" disabled={busy}>
                {t('insights.targets.clear')}
              </button>
            ) : null}
          </div>
        </Form>
      </section>

      <section className="card" aria-labelledby="targets-set">
        <h2 id="targets-set">{t('insights.targets.current')}</h2>
        {set.length === 0 ? (
          <p className="muted">{t('insights.targets.none')}</p>
        ) : (
          <div className="table-wrap">
            <table className="targets-list">
              <thead>
                <tr>
                  <th scope="col">{t('insights.targets.indicator')}</th>
                  <th scope="col">{t('insights.targets.target')}</th>
                  <th scope="col">{t('insights.targets.amber')}</th>
                </tr>
              </thead>
              <tbody>
                {set.map((id) => {
                  const tg = targets[id]!;
                  return (
                    <tr key={id} data-indicator={id}>
                      <th scope="row">
                        {t(`monitoring.indicators.${id}`)} <Definition id={id} name={t(`monitoring.indicators.${id}`)} />
                      </th>
                      <td>{targetText(id, tg, t)}</td>
                      <td>
                        {tg.amberMargin === null ? t('insights.targets.amberDefault') : t('insights.targets.amberRule', { margin: formatIndicator(id, amberMarginOf(tg)) })}
                        <div className="muted">{t('insights.targets.updated', { time: formatDateTime(tg.updatedAt) })}</div>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}

/** A decimal field of the form (the target and its amber margin): label, input, hint and the refusal naming it. */
function DecimalField(props: { id: string; name: 'target' | 'amber'; label: string; defaultValue: string; hint: string; error: string | null | undefined }) {
  const { id, name, label, defaultValue, hint, error } = props;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={name}
        inputMode="decimal"
        defaultValue={defaultValue}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-hint ${id}-error`}
      />
      <span className="hint" id={`${id}-hint`}>
        {hint}
      </span>
      {error ? (
        <p className="field-error" id={`${id}-error`} role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
