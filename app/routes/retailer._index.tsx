import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requireRole } from '~/server/auth.server';
import { retailerHome } from '~/server/retailer-home.server';
import { Countdown } from '~/ui/countdown';
import { formatDateTime, formatDay, formatMoney } from '~/ui/format';

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireRole(context.db, request, 'retailer');
  const home = await retailerHome(context.db, user);
  if (!home) throw new Response('Not Found', { status: 404 });
  return home;
}

export default function RetailerHome() {
  const { retailer, window, order, todos, recentOrders, surveyPending, allocationChecks, now } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <h1>{t('retailer.homeTitle')}</h1>
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
              {order?.onBehalf ? <span className="badge warn"> {t('retailer.onBehalf')}</span> : null}
            </dd>
          </dl>
        </section>
      ) : (
        <p className="card">{t('window.noCycle')}</p>
      )}

      <section className="card" aria-labelledby="todo-title">
        <h2 id="todo-title">{t('retailer.todo')}</h2>
        {todos.length || allocationChecks.length ? (
          <ul className="todo">
            {allocationChecks.map((c) => (
              <li key={`check-${c.id}`}>
                {t('cycles.todoCheck', { code: c.cycleCode })} <Link to={`/retailer/orders/${c.id}`}>{t('cycles.goCheck')}</Link>
              </li>
            ))}
            {todos.map((todo) => (
              <li key={todo.key}>
                {todo.key === 'todoBalance' ? t('retailer.todoBalance', { amount: formatMoney(todo.amountFen ?? 0, t) }) : t(`retailer.${todo.key}`, { day: todo.day })}
                {todo.key === 'todoOrder' || todo.key === 'todoDraft' ? (
                  <>
                    {' '}
                    <Link to="/retailer/order">{t('retailer.goOrder')}</Link>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t('retailer.nothingToDo')}</p>
        )}
      </section>

      {surveyPending ? (
        <p className="form-info">
          {t('managerWork.survey.prompt')} <Link to="/retailer/survey">{t('managerWork.survey.promptLink')}</Link>
        </p>
      ) : null}

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
