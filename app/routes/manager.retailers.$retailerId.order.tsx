/**
 * 代客下单: the retailer's own order page, in its context, for its account manager. The ordering service records
 * every submit, change and cancel as made by the manager on the shop's behalf; the shop sees that on its pages.
 */
import { parseWithZod } from '@conform-to/zod/v4';
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { orderIntent } from '~/domain/forms/order';
import { Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requireRole } from '~/server/auth.server';
import { runOrderIntent } from '~/server/order-actions.server';
import { orderingContext } from '~/server/orders.server';
import { orderShowcase } from '~/server/showcase/order-showcase.server';
import { draftCheckForOrdering, suggestionsForOrdering } from '~/server/suggestions/for-ordering.server';
import { formatDateTime } from '~/ui/format';
import { OrderPage } from '~/ui/order/order-page';
import { orderClientAction, orderShouldRevalidate } from '~/ui/order/order-route';
import { z } from 'zod';
import { getParams, idParam, invalid, invariantResponse } from '~/server/http.server';

const Params = z.object({ retailerId: idParam });

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireRole(context.db, request, 'manager');
  const { retailerId } = getParams(params, Params);
  const ctx = await orderingContext(context.db, user, retailerId);
  invariantResponse(ctx, 'Not Found');
  const suggestions = ctx.cycle ? await suggestionsForOrdering(context.db, user, retailerId, ctx.cycle.id) : [];
  const draftCheck = ctx.cycle ? await draftCheckForOrdering(context.db, user, retailerId, ctx.cycle.id, suggestions) : null;
  // Pictures and the supply notice (issue 19), once the shop is known to be in scope.
  const showcase = ctx.cycle ? await orderShowcase(context.db, ctx.cycle) : null;
  return { ...ctx, suggestions, draftCheck, showcase };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(context.db, request, 'manager');
  const { retailerId } = getParams(params, Params);
  // runOrderIntent finds the shop through the manager's scope: another route's shop is "not found".
  const submission = parseWithZod(await request.formData(), { schema: orderIntent });
  if (submission.status !== 'success') return invalid(submission);
  return runOrderIntent(context.db, submission, submission.value, user, retailerId);
}

// No reload after a cart save; a call that got no answer keeps the page (and its cart) as it is (order-route.ts).
export const shouldRevalidate = orderShouldRevalidate;
export const clientAction = orderClientAction;

export default function ManagerOrderOnBehalf() {
  const ctx = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  // Who placed the order as it stands, said to the manager here; the order page's own line about it is worded for
  // the shop ("由您的客户经理代为提交"), so it is not shown on the manager's page (order.onBehalf read as 0 below).
  const order = 'order' in ctx ? ctx.order : null;
  const placed = order && order.status !== 'draft' && 'events' in ctx ? ctx.events?.find((e) => e.kind === 'submitted' || e.kind === 'changed') : undefined;
  return (
    <>
      <Link to={`/manager/retailers/${ctx.retailer.id}`}>← {t('managerWork.onBehalf.back')}</Link>
      <div className="form-error on-behalf-banner" role="note">
        <strong>{t('managerWork.onBehalf.banner', { shop: `${ctx.retailer.name}（${ctx.retailer.licenceNo}）` })}</strong>
        <br />
        {t('managerWork.onBehalf.bannerHint')}
        {placed ? (
          <>
            <br />
            {placed.onBehalf
              ? t('managerWork.onBehalf.placedByManager', { name: placed.displayName, time: formatDateTime(placed.at) })
              : t('managerWork.onBehalf.placedByShop', { time: formatDateTime(placed.at) })}
          </>
        ) : null}
      </div>
      {ctx.cycle ? (
        <OrderPage ctx={{ ...ctx, order: ctx.order ? { ...ctx.order, onBehalf: 0 } : null }} suggestions={ctx.suggestions} draftCheck={ctx.draftCheck} showcase={ctx.showcase} />
      ) : (
        <p className="card">{t('window.noCycle')}</p>
      )}
    </>
  );
}
