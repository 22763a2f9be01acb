/**
 * The company's side of notices (issue 19), shared by staff's and the manager's pages: the list of published
 * notices with read / acknowledged counts, and one notice's status with the shops still to chase.
 */
import { Form, Link, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { NOTICE_CHASE_INTERVAL_HOURS } from '~/domain/notices';
import { formatDateTime } from '~/ui/format';
import { replyDone, replyError, type Reply } from '~/ui/form-reply';
import { NoticeArticle, NoticeFrom } from './notice-meta';

interface ListedNotice {
  id: number;
  title: string;
  important: boolean;
  createdAt: string;
  attachmentName: string | null;
  managerName: string | null;
  shops: number;
  read: number;
  acknowledged: number;
}

export function NoticeAdminList({ notices, base }: { notices: readonly ListedNotice[]; base: '/staff/notices' | '/manager/notices' }) {
  const { t } = useTranslation();
  return (
    <section className="card" aria-labelledby="notice-list-title">
      <h2 id="notice-list-title">{t('noticesAdmin.list.heading')}</h2>
      {notices.length === 0 ? <p className="muted">{t('noticesAdmin.list.none')}</p> : null}
      <ul className="notice-list">
        {notices.map((n) => (
          <li key={n.id} data-notice={n.id}>
            <Link className="notice-link" to={`${base}/${n.id}`}>
              <span className="notice-meta">
                {n.important ? <span className="badge bad">{t('notices.important')}</span> : null}
                {n.attachmentName ? <span aria-hidden="true">📎</span> : null}
              </span>
              <span className="notice-title">{n.title}</span>
              <span className="notice-meta">
                <NoticeFrom managerName={n.managerName} createdAt={n.createdAt} />
              </span>
              <span className="notice-meta">
                <span>{t('noticesAdmin.list.reached', { count: n.shops })}</span>
                <span>· {t('noticesAdmin.list.readOf', { read: n.read, shops: n.shops })}</span>
                {n.important ? <span>· {t('noticesAdmin.list.ackOf', { acknowledged: n.acknowledged, shops: n.shops })}</span> : null}
              </span>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}

interface ShopRow {
  id: number;
  name: string;
  licenceNo: string;
  phone: string;
  managerName: string;
  readAt: string | null;
  acknowledgedAt: string | null;
  /** When the shop was last reminded (a shop still to do it). */
  chasedAt?: string | null;
  /** Whether it can be reminded through the app (a shop still to do it). */
  reachable?: boolean;
}

export interface NoticeStatusData {
  notice: {
    id: number;
    title: string;
    important: boolean;
    createdAt: string;
    html: string;
    authorName: string;
    managerName: string | null;
    attachmentName: string | null;
    attachmentBytes: number | null;
  };
  audience: {
    everyone: boolean;
    stations: ReadonlyArray<{ id: number; nameZh: string; nameEn: string }>;
    managers: ReadonlyArray<{ id: number; name: string }>;
    businessTypes: readonly string[];
    gradeFrom: number | null;
    gradeTo: number | null;
  };
  counts: { shops: number; read: number; acknowledged: number };
  pending: readonly ShopRow[];
  done: readonly ShopRow[];
  pendingCount: number;
  doneCount: number;
  /** What a chase now would do: shops it would remind, shops reminded lately (and when they may be again), shops with no account. */
  chase: { due: number; recent: number; nextAt: string | null; unreachable: number };
  /** Chases the user may see, newest first. */
  chases: ReadonlyArray<{ id: number; shops: number; createdAt: string; chasedBy: string; routeOf: string | null }>;
}

/** What the chase action answers besides conform's reply. */
export type ChaseReply = Reply & { chased?: number; recent?: number; unreachable?: number; nextAt?: string | null };

const BUSINESS = ['grocery', 'convenience', 'supermarket', 'tobacco_liquor', 'entertainment', 'catering', 'other'] as const;

export function NoticeStatus({
  data,
  published,
  reply,
  base,
}: {
  data: NoticeStatusData;
  published: number | null;
  reply: ChaseReply | undefined;
  base: '/staff/notices' | '/manager/notices';
}) {
  const { t, i18n } = useTranslation();
  const { notice, audience, counts, pending, done, pendingCount, doneCount } = data;
  const important = notice.important;
  const sep = i18n.language === 'en' ? ', ' : '、';
  const audienceParts: string[] = [];
  if (audience.everyone) audienceParts.push(t('noticesAdmin.status.everyone'));
  if (audience.stations.length) audienceParts.push(t('noticesAdmin.status.stations', { names: audience.stations.map((s) => (i18n.language === 'en' ? s.nameEn : s.nameZh)).join(sep) }));
  if (audience.managers.length) audienceParts.push(t('noticesAdmin.status.routes', { names: audience.managers.map((m) => m.name).join(sep) }));
  if (audience.businessTypes.length)
    audienceParts.push(
      t('noticesAdmin.status.businessTypes', {
        names: audience.businessTypes.map((b) => ((BUSINESS as readonly string[]).includes(b) ? t(`businessType.${b as (typeof BUSINESS)[number]}`) : b)).join(sep),
      }),
    );
  if (audience.gradeFrom !== null || audience.gradeTo !== null) audienceParts.push(t('noticesAdmin.status.grade', { from: audience.gradeFrom ?? 1, to: audience.gradeTo ?? 30 }));
  const list = (rows: readonly ShopRow[], total: number, doneList: boolean) => (
    <>
      <ul className="notice-shops">
        {rows.map((s) => (
          <li key={s.id} data-shop={s.licenceNo}>
            <strong>{s.name}</strong> <span className="muted">{s.licenceNo}</span>
            <br />
            {doneList ? (
              <span className="muted">
                {important && s.acknowledgedAt
                  ? `${t('noticesAdmin.status.acknowledgedAt')} ${formatDateTime(s.acknowledgedAt)}`
                  : s.readAt
                    ? `${t('noticesAdmin.status.readAt')} ${formatDateTime(s.readAt)}`
                    : ''}
              </span>
            ) : (
              <>
                <span className="muted">
                  {s.readAt ? `${t('noticesAdmin.status.readAt')} ${formatDateTime(s.readAt)}` : t('noticesAdmin.status.notYet')} · {t('noticesAdmin.status.manager')} {s.managerName} ·{' '}
                </span>
                <a href={`tel:${s.phone}`}>{s.phone}</a>
                {s.chasedAt ? <span className="muted chased"> · {t('noticesAdmin.chase.chasedAt', { time: formatDateTime(s.chasedAt) })}</span> : null}
                {s.reachable === false ? <span className="muted"> · {t('noticesAdmin.chase.noAccount')}</span> : null}
              </>
            )}
          </li>
        ))}
      </ul>
      {total > rows.length ? <p className="muted">{t('noticesAdmin.status.truncated', { count: rows.length })}</p> : null}
    </>
  );
  return (
    <>
      <Link to={base}>← {t('noticesAdmin.list.heading')}</Link>
      {published !== null ? (
        <p className="form-ok" role="status">
          {t('noticesAdmin.write.published', { count: published })}
        </p>
      ) : null}
      <NoticeArticle notice={notice}>
        <p className="muted">{t('noticesAdmin.status.by', { name: notice.authorName })}</p>
        <p>
          <strong>{t('noticesAdmin.status.audience')}</strong>: {audienceParts.join(' · ')}
        </p>
      </NoticeArticle>
      <section className="card" aria-labelledby="notice-pending">
        <p id="notice-counts">
          {important ? t('noticesAdmin.status.counts', counts) : t('noticesAdmin.status.countsPlain', { shops: counts.shops, read: counts.read })}
        </p>
        <h2 id="notice-pending">{important ? t('noticesAdmin.status.pendingAck', { count: pendingCount }) : t('noticesAdmin.status.pendingRead', { count: pendingCount })}</h2>
        {pendingCount === 0 ? (
          <p className="form-ok">{t('noticesAdmin.status.allDone')}</p>
        ) : (
          <>
            <ChaseForm data={data} reply={reply} />
            {list(pending, pendingCount, false)}
          </>
        )}
        <ChaseHistory chases={data.chases} />
      </section>
      <section className="card" aria-labelledby="notice-done">
        <h2 id="notice-done">{important ? t('noticesAdmin.status.doneAck', { count: doneCount }) : t('noticesAdmin.status.doneRead', { count: doneCount })}</h2>
        {doneCount === 0 ? <p className="muted">{t('noticesAdmin.status.noneDone')}</p> : list(done, doneCount, true)}
      </section>
    </>
  );
}

/** The chase: one button reminding every shop still to do it (through the app's messages), and what came of it. */
function ChaseForm({ data, reply }: { data: NoticeStatusData; reply: ChaseReply | undefined }) {
  const { t } = useTranslation();
  const busy = useNavigation().state !== 'idle';
  const { chase } = data;
  const error = replyError(reply);
  const hours = NOTICE_CHASE_INTERVAL_HOURS;
  return (
    <div className="notice-chase" data-testid="notice-chase">
      {replyDone(reply) && reply?.chased !== undefined ? (
        <p className="form-ok" role="status">
          {t('noticesAdmin.chase.done', { count: reply.chased })}
        </p>
      ) : null}
      {error ? (
        <p className="form-error" role="alert">
          {t(`noticesAdmin.chase.error.${error as 'invalid'}`, { hours, time: reply?.nextAt ? formatDateTime(reply.nextAt) : '' })}
        </p>
      ) : null}
      {chase.due > 0 ? (
        <Form method="post">
          <p className="hint">{t(data.notice.important ? 'noticesAdmin.chase.hintAck' : 'noticesAdmin.chase.hintRead', { hours })}</p>
          <button type="submit" name="intent" value="chase" className="button" disabled={busy}>
            {t('noticesAdmin.chase.button', { count: chase.due })}
          </button>
        </Form>
      ) : null}
      {chase.recent > 0 ? <p className="muted">{t('noticesAdmin.chase.recent', { count: chase.recent, hours, time: chase.nextAt ? formatDateTime(chase.nextAt) : '' })}</p> : null}
      {chase.unreachable > 0 ? <p className="muted">{t('noticesAdmin.chase.unreachable', { count: chase.unreachable })}</p> : null}
      <p className="hint">{t('noticesAdmin.status.chaseHint')}</p>
    </div>
  );
}

/** Who chased, when, and how many shops each time (a manager sees its own chases). */
function ChaseHistory({ chases }: { chases: NoticeStatusData['chases'] }) {
  const { t } = useTranslation();
  if (!chases.length) return null;
  return (
    <div className="notice-chases">
      <h3>{t('noticesAdmin.chase.history')}</h3>
      <ul data-testid="notice-chases">
        {chases.map((c) => (
          <li key={c.id}>
            {t('noticesAdmin.chase.entry', { count: c.shops, time: formatDateTime(c.createdAt), name: c.chasedBy })}
            {c.routeOf ? <span className="muted"> · {t('noticesAdmin.chase.route', { name: c.routeOf })}</span> : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
