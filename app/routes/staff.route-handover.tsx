/**
 * Route hand-over (线路移交): staff pick a manager's shops (the whole route or some), the manager who takes them and
 * the effective day; the shops move and the history stays (app/server/route-handover.server.ts). A day to come is
 * kept as a pending hand-over, listed here with a cancel button until the jobs runner applies it on its day.
 */
import { parseWithZod } from '@conform-to/zod/v4';
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { handoverForm, handoverSearch } from '~/domain/forms/route-handover';
import { addDays, shanghaiDayOf } from '~/domain/time';
import { requireRole } from '~/server/auth.server';
import { getSearch, invalid, refused } from '~/server/http.server';
import {
  HANDOVER_AHEAD_DAYS,
  HANDOVER_BACKDATE_DAYS,
  cancelHandover,
  handOverShops,
  handoverManagers,
  handoverShops,
  pendingHandovers,
  recentHandovers,
} from '~/server/route-handover.server';
import { formatDateTime, formatDay, weekdayLabel } from '~/ui/format';
import { replyError, replyErrors, replyIntent } from '~/ui/form-reply';

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireRole(context.db, request, 'staff');
  const search = getSearch(request, handoverSearch);
  const [managers, recent, pending] = await Promise.all([handoverManagers(context.db, user), recentHandovers(context.db, user), pendingHandovers(context.db, user)]);
  const from = search.from !== undefined ? managers.find((m) => m.id === search.from) : undefined;
  const shops = from ? await handoverShops(context.db, user, from.id) : [];
  const today = shanghaiDayOf(new Date());
  const done =
    search.moved !== undefined && search.to !== undefined && search.on
      ? { moved: search.moved, to: managers.find((m) => m.id === search.to)?.name ?? '', on: search.on, ahead: search.on > today }
      : null;
  return {
    managers,
    from: from ?? null,
    shops,
    recent,
    pending,
    today,
    earliest: addDays(today, -HANDOVER_BACKDATE_DAYS),
    latest: addDays(today, HANDOVER_AHEAD_DAYS),
    backdateDays: HANDOVER_BACKDATE_DAYS,
    aheadDays: HANDOVER_AHEAD_DAYS,
    done,
    cancelled: search.cancelled === '1',
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(context.db, request, 'staff');
  const submission = parseWithZod(await request.formData(), { schema: handoverForm });
  if (submission.status !== 'success') return invalid(submission);
  const form = submission.value;
  switch (form.intent) {
    case 'handover': {
      const r = await handOverShops(context.db, user, {
        fromManagerId: form.fromManagerId,
        toManagerId: form.toManagerId,
        retailerIds: form.scope === 'all' ? 'all' : form.retailerIds,
        effectiveOn: form.effectiveOn,
      });
      if (!r.ok) return refused(submission, r.reason);
      throw redirect(`/staff/route-handover?from=${form.fromManagerId}&moved=${r.moved}&to=${form.toManagerId}&on=${r.effectiveOn}`);
    }
    case 'cancel': {
      const r = await cancelHandover(context.db, user, form.handoverId);
      if (!r.ok) return refused(submission, r.reason);
      throw redirect('/staff/route-handover?cancelled=1');
    }
  }
}

export default function StaffRouteHandover() {
  const { managers, from, shops, recent, pending, today, earliest, latest, backdateDays, aheadDays, done, cancelled } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const busy = useNavigation().state !== 'idle';
  const { t, i18n } = useTranslation();
  const station = (m: { stationZh: string; stationEn: string }) => (i18n.language === 'en' ? m.stationEn : m.stationZh);
  const [scope, setScope] = useState<'all' | 'some'>('all');
  const error = replyError(reply);
  const fields = replyErrors(reply);
  // A field the schema refused names itself (same_manager, no_shops, day); a service's refusal is the form's.
  const fieldCode = fields.toManagerId ?? fields.retailerIds ?? (fields.effectiveOn ? 'day' : undefined);
  const message = error ? (error === 'invalid' && fieldCode ? fieldCode : error) : null;
  const cancelRefused = replyIntent(reply) === 'cancel' && error !== null;

  return (
    <>
      <h1>{t('handover.title')}</h1>
      <p className="muted">{t('handover.intro')}</p>
      {done ? (
        <p className="form-ok" role="status">
          {t(done.ahead ? 'handover.doneAhead' : 'handover.done', { count: done.moved, to: done.to, day: done.on })}
        </p>
      ) : null}
      {cancelled ? (
        <p className="form-ok" role="status">
          {t('handover.cancelled')}
        </p>
      ) : null}

      {pending.length || cancelRefused ? (
        <section className="card" aria-labelledby="handover-pending">
          <h2 id="handover-pending">{t('handover.pending')}</h2>
          {cancelRefused ? (
            <p className="form-error" role="alert">
              {t('handover.error.cancel_gone')}
            </p>
          ) : null}
          <ul className="todo">
            {pending.map((p) => (
              <li key={p.id} className="row-between">
                <span>
                  {t(p.scope === 'all' ? 'handover.pendingRowAll' : 'handover.pendingRow', {
                    day: formatDay(p.effectiveOn, t),
                    from: `${p.fromName}（${p.fromCode}）`,
                    to: `${p.toName}（${p.toCode}）`,
                    count: p.shops,
                    by: p.byName ?? '—',
                    at: formatDateTime(p.createdAt),
                  })}
                </span>
                <Form method="post">
                  <input type="hidden" name="handoverId" value={p.id} />
                  <button type="submit" name="intent" value="cancel" className="button secondary" disabled={busy} aria-label={t('handover.cancelLabel', { day: p.effectiveOn, from: p.fromName })}>
                    {t('handover.cancel')}
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section className="card">
        <Form method="get" className="form">
          <div className="field">
            <label htmlFor="handover-from">{t('handover.fromLabel')}</label>
            <select id="handover-from" name="from" className="select" defaultValue={from?.id ?? ''} required>
              <option value="" disabled>
                {t('handover.choose')}
              </option>
              {managers.map((m) => (
                <option key={m.id} value={m.id}>
                  {t('handover.managerOption', { name: m.name, code: m.code, station: station(m), count: m.shops })}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="button secondary">
            {t('handover.show')}
          </button>
        </Form>
      </section>

      {from ? (
        <section className="card" aria-labelledby="handover-shops">
          <h2 id="handover-shops">{t('handover.shopsTitle', { name: from.name, count: shops.length })}</h2>
          {message && !cancelRefused ? (
            <p className="form-error" role="alert">
              {t(`handover.error.${message as 'invalid'}`, { count: message === 'too_far_ahead' ? aheadDays : backdateDays })}
            </p>
          ) : null}
          {shops.length === 0 ? (
            <p>{t('handover.noShops')}</p>
          ) : (
            <Form method="post" className="form" key={from.id}>
              <input type="hidden" name="fromManagerId" value={from.id} />
              <fieldset className="plain">
                <legend>{t('handover.scope')}</legend>
                <label className="check">
                  <input type="radio" name="scope" value="all" checked={scope === 'all'} onChange={() => setScope('all')} />
                  {t('handover.scopeAll', { count: shops.length })}
                </label>
                <label className="check">
                  <input type="radio" name="scope" value="some" checked={scope === 'some'} onChange={() => setScope('some')} />
                  {t('handover.scopeSome')}
                </label>
              </fieldset>
              <ul className="handover-shops" aria-label={t('handover.scopeSome')}>
                {shops.map((s) => (
                  <li key={s.id}>
                    <label className="check">
                      <input
                        type="checkbox"
                        name="retailerIds"
                        value={s.id}
                        disabled={scope === 'all'}
                        aria-label={t('handover.pick', { name: s.name, licence: s.licenceNo })}
                        onChange={() => setScope('some')}
                      />
                      <span>
                        {s.name}
                        <span className="muted">
                          {' '}
                          {s.licenceNo} · {t('handover.grade', { grade: s.grade })} · {t('handover.weekday', { day: weekdayLabel(s.orderWeekday, t) })}
                          {s.since ? ` · ${t('handover.since', { day: s.since })}` : ''}
                          {s.active === 1 ? '' : ` · ${t('handover.inactive')}`}
                        </span>
                      </span>
                    </label>
                  </li>
                ))}
              </ul>
              <div className="field">
                <label htmlFor="handover-to">{t('handover.toLabel')}</label>
                <select id="handover-to" name="toManagerId" className="select" defaultValue="" required>
                  <option value="" disabled>
                    {t('handover.choose')}
                  </option>
                  {managers
                    .filter((m) => m.id !== from.id)
                    .map((m) => (
                      <option key={m.id} value={m.id}>
                        {t('handover.managerOption', { name: m.name, code: m.code, station: station(m), count: m.shops })}
                      </option>
                    ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor="handover-day">{t('handover.effectiveOn')}</label>
                <input id="handover-day" name="effectiveOn" type="date" defaultValue={today} min={earliest} max={latest} required aria-describedby="handover-day-hint" />
                <span className="hint" id="handover-day-hint">
                  {t('handover.effectiveHint', { count: backdateDays, max: aheadDays })}
                </span>
              </div>
              <button type="submit" name="intent" value="handover" className="button" disabled={busy}>
                {t('handover.submit')}
              </button>
            </Form>
          )}
        </section>
      ) : null}

      <section className="card" aria-labelledby="handover-recent">
        <h2 id="handover-recent">{t('handover.recent')}</h2>
        {recent.length ? (
          <ul className="todo">
            {recent.map((r) => (
              <li key={`${r.changedAt}:${r.fromCode}`}>
                {t('handover.recentRow', { day: formatDay(r.effectiveOn, t), from: `${r.fromName}（${r.fromCode}）`, count: r.shops, by: r.byName ?? '—', at: formatDateTime(r.changedAt) })}
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t('handover.noneYet')}</p>
        )}
        <p>
          <Link to="/staff/master-data">{t('masterData.title')}</Link>
        </p>
      </section>
    </>
  );
}
