/**
 * What the two order routes (the shop's own and its manager's on-behalf page) share in the browser: the action
 * runs on the server as before, and when no answer can be had at all (the server stayed full through every retry
 * of app/ui/busy-retry.ts, or the network is down) the page gets `unavailable` instead of an error page, so it
 * stays as it was, the cart included, and says so calmly; pressing submit again is safe (a repeated submit changes
 * nothing).
 */
import { isRouteErrorResponse, type ClientActionFunctionArgs, type ShouldRevalidateFunction } from '@remix-run/react';
import type { OrderFormIntent, OrderReplyExtra } from '~/domain/order-answers';
import { replyDone, replyError, replyIntent, type Reply } from '../form-reply';

/** The action's answer as the page holds it: conform's reply and what the order page shows besides (order-answers.ts). */
export type OrderPageResult = NonNullable<Reply> & Partial<OrderReplyExtra>;

/** No answer could be had: a reply refused with `unavailable`, for the form that was sent. */
function unavailable(intent: OrderFormIntent): OrderPageResult {
  return { result: { status: 'error', initialValue: { intent }, error: { '': ['unavailable'] } }, intent };
}

export async function orderClientAction({ request, serverAction }: ClientActionFunctionArgs): Promise<OrderPageResult> {
  const intent = (await request.clone().formData()).get('intent');
  try {
    return await serverAction<OrderPageResult>();
  } catch (error) {
    // A redirect (the session ended) or an answer the server gave on purpose goes on as before.
    if (error instanceof Response || isRouteErrorResponse(error)) throw error;
    return unavailable(intent === 'save' || intent === 'cancel' ? intent : 'submit');
  }
}

/** Which form a reply answers. */
export function orderReplyIntent(reply: OrderPageResult | undefined): OrderFormIntent | null {
  const intent = reply?.intent ?? replyIntent(reply);
  return intent === 'save' || intent === 'submit' || intent === 'cancel' ? intent : null;
}

/** The reply's refusal reason (null when the form did what it was asked): a service's code, `invalid`, or `unavailable`. */
export const orderReplyError = (reply: OrderPageResult | undefined): string | null => replyError(reply);

/** True when the reply says this form did what it was asked. */
export const orderReplyDone = (reply: OrderPageResult | undefined, intent: OrderFormIntent): boolean => replyDone(reply) && orderReplyIntent(reply) === intent;

/**
 * The cart autosaves as the owner types: reloading the page after each save would only cost time. Nor is the
 * page reloaded after an action that got no answer: the server is busy, and the page already shows what it has.
 */
export const orderShouldRevalidate: ShouldRevalidateFunction = ({ formData, actionResult, defaultShouldRevalidate }) => {
  if (formData?.get('intent') === 'save') return false;
  // A question asked from a line (app/ui/ask-question.tsx) changes nothing the page shows.
  if (formData?.get('intent') === 'ask') return false;
  if (replyError(actionResult as OrderPageResult | undefined) === 'unavailable') return false;
  return defaultShouldRevalidate;
};
