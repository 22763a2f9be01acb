/** The shop's notices (issue 19): every notice that reached it, newest first, unread and to-acknowledge marked. */
import type { LinksFunction, LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requireRole } from '~/server/auth.server';
import { shopNotices } from '~/server/notices.server';
import { NoticeFrom } from '~/ui/notices/notice-meta';
import noticeStyles from '~/ui/notices/notices.css?url';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: noticeStyles }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireRole(context.db, request, 'retailer');
  return { notices: await shopNotices(context.db, user) };
}

export default function ShopNotices() {
  const { notices } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <h1>{t('notices.title')}</h1>
      <p className="muted">{t('notices.intro')}</p>
      <section className="card">
        {notices.length === 0 ? <p className="muted">{t('notices.none')}</p> : null}
        <ul className="notice-list">
          {notices.map((n) => (
            <li key={n.id} className={n.read ? 'read' : 'unread'} data-notice={n.id}>
              <Link className="notice-link" to={`/retailer/notices/${n.id}`}>
                <span className="notice-meta">
                  {n.important ? <span className="badge bad">{t('notices.important')}</span> : null}
                  {!n.read ? <span className="badge warn">{t('notices.unreadBadge')}</span> : null}
                  {n.important && !n.acknowledged ? <span className="badge warn">{t('notices.toAcknowledgeBadge')}</span> : null}
                  {n.important && n.acknowledged ? <span className="badge ok">{t('notices.acknowledgedBadge')}</span> : null}
                  {n.hasAttachment ? <span aria-hidden="true">📎</span> : null}
                </span>
                <span className="notice-title">{n.title}</span>
                <p className="notice-excerpt">{n.excerpt}</p>
                <NoticeFrom managerName={n.managerName} createdAt={n.createdAt} />
              </Link>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
