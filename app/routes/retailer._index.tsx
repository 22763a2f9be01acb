import type { LinksFunction, LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { NOTICE_REMINDER_KIND } from '~/domain/notifications';
import { requireRole } from '~/server/auth.server';
import { retailerHome } from '~/server/retailer-home.server';
import { Countdown } from '~/ui/countdown';
import { formatDateTime, formatDay, formatMoney } from '~/ui/format';
import noticeStyles from '~/ui/notices/notices.css?url';
import shopStyles from '~/ui/shop/shop.css?url';
import { TodoList } from '~/ui/shop/todo-list';
import { notificationText } from '~/ui/notification-text';

/** Unread notices listed on home (the rest are on the notices page). */
const UNREAD_SHOWN = 3;

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: shopStyles },
  { rel: 'stylesheet', href: noticeStyles },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireRole(context.db, request, 'retailer');
  const home = await retailerHome(context.db, user);
  if (!home) throw new Response('Not Found', { status: 404 });
  return home;
}

export default function RetailerHome() {
  const { retailer, window, order, todos, unreadNotices, recentOrders, reminders, now } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <h1>{t('retailer.homeTitle')}</h1>

      {reminders.length ? (
        <section className="card" aria-labelledby="reminders-title">
          <h2 id="reminders-title">{t('notify.home.title')}</h2>
          <ul className="reminders-list" data-testid="home-reminders">
            {reminders.map((r) => (
              <li key={r.id}>
                <p>{notificationText(r.textKey, r.params, t)}</p>
                {r.kind.startsWith('order_') && window?.mayOrder ? (
                  <Link className="button" to="/retailer/order">
                    {t('notify.home.order')}
                  </Link>
                ) : null}
                {r.kind === NOTICE_REMINDER_KIND && Number.isSafeInteger(r.params.noticeId) ? (
                  <Link className="button" to={`/retailer/notices/${r.params.noticeId}`}>
                    {t('notify.home.notice')}
                  </Link>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section className="card" aria-labelledby="todo-title">
        <h2 id="todo-title">{t('shop.todo.title')}</h2>
        <TodoList todos={todos} />
      </section>

      {unreadNotices.length ? (
        <section className="card" aria-labelledby="notices-title" data-testid="unread-notices">
          <h2 id="notices-title">{t('notices.unreadTitle')}</h2>
          <p>{t('notices.unread', { count: unreadNotices.length })}</p>
          <ul className="todo">
            {unreadNotices.slice(0, UNREAD_SHOWN).map((n) => (
              <li key={n.id}>
                <Link className="notice-link" to={`/retailer/notices/${n.id}`}>
                  {n.important ? <span className="badge bad">{t('notices.important')}</span> : null} {n.title}
                  <span className="muted"> · {formatDateTime(n.createdAt)}</span>
                </Link>
              </li>
            ))}
          </ul>
          <Link to="/retailer/notices">{t('notices.allLink')}</Link>
        </section>
      ) : null}

      {window ? (
        <section className={`card window-banner ${window.state}`} aria-labelledby="window-title">
          <div className="row-between">
            <h2 id="window-title">{t(`window.${window.state}`)}</h2>
            <span className="badge">{window.code}</span>
          </div>
          {window.state === 'open' ? (
            <p>
              <span className="muted">{t('window.timeLeft')}</span>
              <br />
              <Countdown until={window.cutoffAt} serverNow={now} />
            </p>
          ) : null}
          <dl className="facts">
            <dt>{t('retailer.orderDay')}</dt>
            <dd>{formatDay(window.orderDay, t)}</dd>
            <dt>{t('retailer.cutoff')}</dt>
            <dd>{formatDateTime(window.cutoffAt)}</dd>
            <dt>{t('retailer.delivery')}</dt>
            <dd>{formatDay(window.deliveryDay, t)}</dd>
            <dt>{t('retailer.orderState')}</dt>
            <dd>
              {t(`orderStatus.${order?.status ?? 'none'}`)}
              {order?.changedSinceSubmit ? <span className="badge warn"> {t('shop.home.changed')}</span> : null}
              {order?.onBehalf ? <span className="badge warn"> {t('retailer.onBehalf')}</span> : null}
            </dd>
          </dl>
          <Link className="button secondary calendar-link" to="/retailer/calendar">
            {t('notify.home.calendar')}
          </Link>
        </section>
      ) : (
        <p className="card">{t('window.noCycle')}</p>
      )}

      <section className="card" aria-labelledby="me-title">
        <h2 id="me-title">{retailer.name}</h2>
        <dl className="facts">
          <dt>{t('manager.licence')}</dt>
          <dd>{retailer.licenceNo}</dd>
          <dt>{t('retailer.grade')}</dt>
          <dd>{retailer.grade}</dd>
          <dt>{t('retailer.deposit')}</dt>
          <dd>{formatMoney(retailer.depositBalanceFen, t)}</dd>
          <dt>{t('retailer.manager')}</dt>
          <dd>
            {retailer.managerName} · <a href={`tel:${retailer.managerPhone}`}>{retailer.managerPhone}</a>
          </dd>
        </dl>
        <nav className="shop-links" aria-label={t('shop.home.myShop')}>
          <Link className="button secondary" to="/retailer/suggestions">
            {t('shop.home.recordLink')}
          </Link>
          <Link className="button secondary" to="/retailer/grade">
            {t('shop.home.gradeLink')}
          </Link>
          <Link className="button secondary" to="/retailer/supply-notice">
            {t('showcase.noticeLink')}
          </Link>
          <Link className="button secondary" to="/retailer/questions">
            {t('questions.seeList')}
          </Link>
        </nav>
      </section>

      <section className="card" aria-labelledby="recent-title">
        <h2 id="recent-title">{t('retailer.lastOrders')}</h2>
        {recentOrders.length ? (
          <ul className="todo">
            {recentOrders.map((o) => (
              <li key={o.id} className="row-between">
                <span>
                  {o.cycleCode} · {t(`orderStatus.${o.status}`)}
                  {o.onBehalf ? ` · ${t('retailer.onBehalf')}` : ''}
                </span>
                <span>
                  {t('retailer.cartons', { count: o.totalCartons })} · {formatMoney(o.totalAmountFen, t)}
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t('retailer.noOrders')}</p>
        )}
      </section>
    </>
  );
}
