/**
 * What the two order routes (the shop's own and its manager's on-behalf page) share in the browser: the action
 * runs on the server as before, and when no answer can be had at all (the server stayed full through every retry
 * of app/ui/busy-retry.ts, or the network is down) the page gets `unavailable` instead of an error page, so it
 * stays as it was, the cart included, and says so calmly; pressing submit again is safe (a repeated submit changes
 * nothing).
 */
import { isRouteErrorResponse, type ClientActionFunctionArgs, type ShouldRevalidateFunction } from '@remix-run/react';
import type { OrderActionResult } from '~/domain/order-answers';

export type OrderIntent = OrderActionResult['intent'];
export type OrderPageResult = OrderActionResult | { intent: OrderIntent; ok: false; reason: 'unavailable' };

export async function orderClientAction({ request, serverAction }: ClientActionFunctionArgs): Promise<OrderPageResult> {
  const intent = (await request.clone().formData()).get('intent');
  try {
    return await serverAction<OrderActionResult>();
  } catch (error) {
    // A redirect (the session ended) or an answer the server gave on purpose goes on as before.
    if (error instanceof Response || isRouteErrorResponse(error)) throw error;
    return { intent: intent === 'save' || intent === 'cancel' ? intent : 'submit', ok: false, reason: 'unavailable' };
  }
}

/**
 * The cart autosaves as the owner types: reloading the page after each save would only cost time. Nor is the
 * page reloaded after an action that got no answer: the server is busy, and the page already shows what it has.
 */
export const orderShouldRevalidate: ShouldRevalidateFunction = ({ formData, actionResult, defaultShouldRevalidate }) => {
  if (formData?.get('intent') === 'save') return false;
  const result = actionResult as OrderPageResult | undefined;
  if (result && !result.ok && result.reason === 'unavailable') return false;
  return defaultShouldRevalidate;
};
