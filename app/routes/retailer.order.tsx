import { parseWithZod } from '@conform-to/zod/v4';
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { orderIntent } from '~/domain/forms/order';
import { useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requireRetailer } from '~/server/auth.server';
import { invalid } from '~/server/http.server';
import { runOrderIntent } from '~/server/order-actions.server';
import { orderingContext } from '~/server/orders.server';
import { orderShowcase } from '~/server/showcase/order-showcase.server';
import { draftCheckForOrdering, suggestionsForOrdering } from '~/server/suggestions/for-ordering.server';
import { OrderPage } from '~/ui/order/order-page';
import { orderClientAction, orderShouldRevalidate } from '~/ui/order/order-route';

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, retailerId } = await requireRetailer(context.db, request);
  const ctx = await orderingContext(context.db, user, retailerId);
  if (!ctx) throw new Response('Not Found', { status: 404 });
  const suggestions = ctx.cycle ? await suggestionsForOrdering(context.db, user, retailerId, ctx.cycle.id) : [];
  const draftCheck = ctx.cycle ? await draftCheckForOrdering(context.db, user, retailerId, ctx.cycle.id, suggestions) : null;
  // Pictures and the supply notice (issue 19), once the shop is known to be in scope.
  const showcase = ctx.cycle ? await orderShowcase(context.db, ctx.cycle) : null;
  return { ...ctx, suggestions, draftCheck, showcase };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, retailerId } = await requireRetailer(context.db, request);
  const submission = parseWithZod(await request.formData(), { schema: orderIntent });
  if (submission.status !== 'success') return invalid(submission);
  return runOrderIntent(context.db, submission, submission.value, user, retailerId);
}

// No reload after a cart save; a call that got no answer keeps the page (and its cart) as it is (order-route.ts).
export const shouldRevalidate = orderShouldRevalidate;
export const clientAction = orderClientAction;

export default function RetailerOrder() {
  const ctx = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  if (!ctx.cycle) return <p className="card">{t('window.noCycle')}</p>;
  // The shop's own phone keeps its changes when the signal goes (app/ui/offline/).
  return <OrderPage ctx={ctx} suggestions={ctx.suggestions} draftCheck={ctx.draftCheck} keepOnPhone showcase={ctx.showcase} noticeHref="/retailer/supply-notice" />;
}
