/** A retailer's profile for its manager: contact, licence, grade, order day, deposit, histories and notes. */
import { parseWithZod } from '@conform-to/zod/v4';
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requireRole } from '~/server/auth.server';
import { contactNoteSchema } from '~/domain/forms/manager-work';
import { addContactNote } from '~/server/follow-up.server';
import { retailerProfile } from '~/server/retailer-profile.server';
import { formatDateTime, formatMoney, weekdayLabel } from '~/ui/format';
import { ContactNoteForm } from '~/ui/manager/contact-note-form';
import { z } from 'zod';
import { done, getParams, idParam, invalid, invariantResponse, refused } from '~/server/http.server';

const Params = z.object({ retailerId: idParam });

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireRole(context.db, request, 'manager');
  const { retailerId } = getParams(params, Params);
  const profile = await retailerProfile(context.db, user, retailerId);
  invariantResponse(profile, 'Not Found');
  return profile;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(context.db, request, 'manager');
  const submission = parseWithZod(await request.formData(), { schema: contactNoteSchema });
  if (submission.status !== 'success') return invalid(submission);
  const r = await addContactNote(context.db, user, submission.value);
  return r.ok ? done(submission) : refused(submission, r.reason);
}

export default function RetailerProfile() {
  const { retailer: r, orders, uploads, uploadDays, uploadWindowDays, openIssues, notes, visits } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const yesNo = (flag: number) => (flag ? t('managerWork.profile.yes') : t('managerWork.profile.no'));
  return (
    <>
      <Link to="/manager">← {t('managerWork.profile.back')}</Link>
      <h1>
        {r.name} <span className="muted">· {r.licenceNo}</span>
      </h1>
      {r.isBenchmark ? <p className="form-info">{r.benchmarkReason ? t('managerWork.profile.benchmarkReason', { reason: r.benchmarkReason }) : t('managerWork.profile.benchmark')}</p> : null}
      <p className="filter-row">
        <a className="button" href={`tel:${r.phone}`}>
          {t('managerWork.followUp.call')} {r.phone}
        </a>
        <Link className="button secondary" to={`/manager/retailers/${r.id}/order`}>
          {t('managerWork.followUp.orderOnBehalf')}
        </Link>
        <Link className="button secondary" to={`/manager/retailers/${r.id}/data`}>
          {t('managerWork.followUp.fixData')} ({openIssues})
        </Link>
        <Link className="button secondary" to={`/manager/retailers/${r.id}/suggestions`}>
          {t('shop.home.recordLink')}
        </Link>
        {r.isBenchmark ? (
          <Link className="button secondary" to={`/manager/benchmarks/${r.id}`}>
            {t('managerWork.benchmarks.open')}
          </Link>
        ) : null}
      </p>

      <section className="card" aria-labelledby="p-contact">
        <h2 id="p-contact">{t('managerWork.profile.contact')}</h2>
        <dl className="facts">
          <dt>{t('managerWork.profile.owner')}</dt>
          <dd>{r.ownerName}</dd>
          <dt>{t('managerWork.profile.phone')}</dt>
          <dd>
            <a href={`tel:${r.phone}`}>{r.phone}</a>
          </dd>
          <dt>{t('managerWork.profile.address')}</dt>
          <dd>{r.address}</dd>
          <dt>{t('managerWork.profile.licence')}</dt>
          <dd>{r.licenceNo}</dd>
          <dt>{t('managerWork.profile.grade')}</dt>
          <dd>{r.grade}</dd>
          <dt>{t('managerWork.profile.businessType')}</dt>
          <dd>{t(`businessType.${r.businessType}`)}</dd>
          <dt>{t('managerWork.profile.marketType')}</dt>
          <dd>{t(`marketType.${r.marketType}`)}</dd>
          <dt>{t('managerWork.profile.orderDay')}</dt>
          <dd>{weekdayLabel(r.orderWeekday, t)}</dd>
          <dt>{t('managerWork.profile.deposit')}</dt>
          <dd>{formatMoney(r.depositBalanceFen, t)}</dd>
          <dt>{t('managerWork.profile.station')}</dt>
          <dd>{i18n.language === 'en' ? r.stationEn : r.stationZh}</dd>
          <dt>{t('managerWork.profile.manager')}</dt>
          <dd>{r.managerName}</dd>
          <dt>{t('managerWork.profile.online')}</dt>
          <dd>{yesNo(r.isOnline)}</dd>
        </dl>
      </section>

      <section className="card" aria-labelledby="p-notes">
        <h2 id="p-notes">{t('managerWork.note.title')}</h2>
        <ContactNoteForm retailerId={r.id} topic="general" />
        {notes.length === 0 ? <p className="muted">{t('managerWork.note.empty')}</p> : null}
        <ul className="history-list">
          {notes.map((n) => (
            <li key={n.id} className="history-item">
              <span className="muted">
                {formatDateTime(n.at)} · {n.author} · {t(`managerWork.note.topic.${n.topic}`)}
              </span>
              <br />
              {n.outcome ? <strong>{t(`managerWork.note.outcomes.${n.outcome}` as 'managerWork.note.outcomes.other')}</strong> : null}
              {n.outcome && n.note ? ' · ' : null}
              {n.note}
            </li>
          ))}
        </ul>
      </section>

      <section className="card" aria-labelledby="p-orders">
        <h2 id="p-orders">{t('managerWork.profile.orders')}</h2>
        {orders.length === 0 ? <p className="muted">{t('managerWork.profile.noOrders')}</p> : null}
        <ul className="history-list">
          {orders.map((o) => (
            <li key={o.id} className="history-item row-between">
              <span>
                {o.cycleCode} · {t(`orderStatus.${o.status}`)}
                {o.submittedAt ? ` · ${formatDateTime(o.submittedAt)}` : ''} · {o.onBehalf ? t('managerWork.profile.byManager') : t('managerWork.profile.self')}
              </span>
              <span>
                {t('managerWork.profile.cartons', { count: o.totalCartons })} · {formatMoney(o.totalAmountFen, t)}
              </span>
            </li>
          ))}
        </ul>
      </section>

      <section className="card" aria-labelledby="p-uploads">
        <h2 id="p-uploads">{t('managerWork.profile.uploads')}</h2>
        <p>{t('managerWork.profile.uploadDays', { count: uploadDays, days: uploadWindowDays })}</p>
        {uploads.length === 0 ? <p className="muted">{t('managerWork.profile.noUploads')}</p> : null}
        <ul className="history-list">
          {uploads.map((u) => (
            <li key={u.id} className="history-item row-between">
              <span>
                {u.businessDate} · {t(`uploads.kind.${u.kind}`)} · {t(`uploads.source.${u.source}`)}
              </span>
              <span className="muted">{t('managerWork.profile.rows', { accepted: u.rowsAccepted, rejected: u.rowsRejected })}</span>
            </li>
          ))}
        </ul>
      </section>

      <section className="card" aria-labelledby="p-visits">
        <h2 id="p-visits">{t('managerWork.profile.visits')}</h2>
        {visits.length === 0 ? <p className="muted">{t('managerWork.profile.noVisits')}</p> : null}
        <ul className="history-list">
          {visits.map((v) => (
            <li key={v.id} className="history-item">
              {v.visitedOn} · {t('managerWork.store.minutes', { count: v.durationMinutes })} · {v.whatDone}
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
