/** The follow-up lists: who to call about what, the action to take, and a note of the outcome for each shop. */
import { parseWithZod } from '@conform-to/zod/v4';
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requireRole } from '~/server/auth.server';
import { contactNoteSchema, FOLLOW_UP_MAX_DAYS, followUpSearch } from '~/domain/forms/manager-work';
import { addContactNote, DEFAULT_NOT_UPLOADED_DAYS, followUpLists } from '~/server/follow-up.server';
import { done, getSearch, invalid, refused } from '~/server/http.server';
import { formatDateTime } from '~/ui/format';
import { ContactNoteForm } from '~/ui/manager/contact-note-form';

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireRole(context.db, request, 'manager');
  const { days } = getSearch(request, followUpSearch);
  return followUpLists(context.db, user, { notUploadedDays: days ?? DEFAULT_NOT_UPLOADED_DAYS });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(context.db, request, 'manager');
  const submission = parseWithZod(await request.formData(), { schema: contactNoteSchema });
  if (submission.status !== 'success') return invalid(submission);
  const r = await addContactNote(context.db, user, submission.value);
  return r.ok ? done(submission) : refused(submission, r.reason);
}

type Note = { outcome: string | null; note: string | null } | null;

function NoteDone({ note }: { note: Note }) {
  const { t } = useTranslation();
  if (!note) return null;
  const text = [note.outcome ? t(`managerWork.note.outcomes.${note.outcome}` as 'managerWork.note.outcomes.other') : '', note.note ?? ''].filter(Boolean).join(' · ');
  return <p className="form-info">{t('managerWork.followUp.todaysNote', { text })}</p>;
}

function Shop({ r }: { r: { id: number; name: string; licenceNo: string; phone: string } }) {
  const { t } = useTranslation();
  return (
    <div className="row-between">
      <span>
        <Link to={`/manager/retailers/${r.id}`}>{r.name}</Link> <span className="muted">{r.licenceNo}</span>
      </span>
      <a className="button secondary" href={`tel:${r.phone}`} aria-label={t('managerWork.board.call', { phone: r.phone })}>
        {t('managerWork.followUp.call')} {r.phone}
      </a>
    </div>
  );
}

export default function ManagerFollowUp() {
  const { notOrdered, notUploaded, allocationsUnconfirmed, issuesOpen, notUploadedDays, cycleCodes } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <div className="row-between">
        <h1>{t('managerWork.followUp.title')}</h1>
        {cycleCodes.length ? <span className="badge">{cycleCodes.join(' / ')}</span> : null}
      </div>
      <p className="muted">{t('managerWork.followUp.intro')}</p>

      <section className="card" aria-labelledby="fu-not-ordered">
        <h2 id="fu-not-ordered">{t('managerWork.followUp.notOrdered.title', { count: notOrdered.length })}</h2>
        <p className="muted">
          {t('managerWork.followUp.action')}: {t('managerWork.followUp.notOrdered.action')}
        </p>
        {notOrdered.length === 0 ? <p>{t('managerWork.followUp.notOrdered.empty')}</p> : null}
        <ul className="issue-list">
          {notOrdered.map((r) => (
            <li key={r.id} className="issue" data-retailer={r.licenceNo}>
              <Shop r={r} />
              <p>
                <span className="badge">
                  {r.cycleCode} · {t(`orderStatus.${r.status ?? 'none'}`)}
                </span>{' '}
                {r.windowOpen ? t('managerWork.followUp.notOrdered.cutoff', { time: formatDateTime(r.cutoffAt) }) : t('managerWork.followUp.notOrdered.windowClosed')}
                {r.flagged ? <span className="badge bad"> {t('managerWork.followUp.notOrdered.flagged', { count: r.emptyStreak })}</span> : null}
              </p>
              {r.windowOpen ? (
                <p>
                  <Link className="button" to={`/manager/retailers/${r.id}/order`}>
                    {t('managerWork.followUp.orderOnBehalf')}
                  </Link>
                </p>
              ) : null}
              <NoteDone note={r.todaysNote} />
              <ContactNoteForm retailerId={r.id} topic="not_ordered" compact />
            </li>
          ))}
        </ul>
      </section>

      <section className="card" aria-labelledby="fu-not-uploaded">
        <h2 id="fu-not-uploaded">{t('managerWork.followUp.notUploaded.title', { days: notUploadedDays, count: notUploaded.length })}</h2>
        <Form method="get" className="filter-row">
          <label htmlFor="fu-days">{t('managerWork.followUp.notUploaded.days')}</label>
          <input id="fu-days" name="days" type="number" min={1} max={FOLLOW_UP_MAX_DAYS} defaultValue={notUploadedDays} inputMode="numeric" style={{ width: '5rem' }} />
          <button type="submit" className="button secondary">
            {t('managerWork.followUp.notUploaded.show')}
          </button>
        </Form>
        <p className="muted">
          {t('managerWork.followUp.action')}: {t('managerWork.followUp.notUploaded.action')}
        </p>
        {notUploaded.length === 0 ? <p>{t('managerWork.followUp.notUploaded.empty')}</p> : null}
        <ul className="issue-list">
          {notUploaded.map((r) => (
            <li key={r.id} className="issue" data-retailer={r.licenceNo}>
              <Shop r={r} />
              <p>
                {r.daysSince === null
                  ? t('managerWork.followUp.notUploaded.never')
                  : t('managerWork.followUp.notUploaded.since', { count: r.daysSince, day: r.lastUploadDay })}{' '}
                <Link to={`/manager/retailers/${r.id}/data`}>{t('managerWork.followUp.fixData')}</Link>
              </p>
              <NoteDone note={r.todaysNote} />
              <ContactNoteForm retailerId={r.id} topic="not_uploaded" compact />
            </li>
          ))}
        </ul>
      </section>

      <section className="card" aria-labelledby="fu-alloc">
        <h2 id="fu-alloc">{t('managerWork.followUp.allocations.title', { count: allocationsUnconfirmed.length })}</h2>
        <p className="muted">
          {t('managerWork.followUp.action')}: {t('managerWork.followUp.allocations.action')}
        </p>
        {allocationsUnconfirmed.length === 0 ? <p>{t('managerWork.followUp.allocations.empty')}</p> : null}
        <ul className="issue-list">
          {allocationsUnconfirmed.map((r) => (
            <li key={r.orderId} className="issue" data-retailer={r.licenceNo}>
              <Shop r={r} />
              <p>{t('managerWork.followUp.allocations.order', { cycle: r.cycleCode, count: r.totalCartons })}</p>
              <NoteDone note={r.todaysNote} />
              <ContactNoteForm retailerId={r.id} topic="allocation_unconfirmed" compact />
            </li>
          ))}
        </ul>
      </section>

      <section className="card" aria-labelledby="fu-issues">
        <h2 id="fu-issues">{t('managerWork.followUp.issues.title', { count: issuesOpen.length })}</h2>
        <p className="muted">
          {t('managerWork.followUp.action')}: {t('managerWork.followUp.issues.action')}
        </p>
        {issuesOpen.length === 0 ? <p>{t('managerWork.followUp.issues.empty')}</p> : null}
        <ul className="issue-list">
          {issuesOpen.map((r) => (
            <li key={r.id} className="issue" data-retailer={r.licenceNo}>
              <Shop r={r} />
              <p>
                {t('managerWork.followUp.issues.count', { count: r.openCount, time: formatDateTime(r.oldestFoundAt) })}{' '}
                <Link to={`/manager/retailers/${r.id}/data`}>{t('managerWork.followUp.fixData')}</Link>
              </p>
              <NoteDone note={r.todaysNote} />
              <ContactNoteForm retailerId={r.id} topic="issue_open" compact />
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
