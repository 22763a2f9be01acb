/**
 * The order page's action, shared by the retailer's own page and the manager's on-behalf page: parse the
 * intent, run it for this actor and retailer, answer with what the page needs to show (status 400/409 on
 * refusal, so nothing looks like a success).
 */
import { data } from '@remix-run/node';
import { orderIntent } from '~/domain/forms/order';
import { cancelOrder, saveCart, submitOrder, type WriteResult } from './orders.server';
import type { DB } from './db.server';
import type { ScopeUser } from './scope.server';

export type OrderActionResult = { intent: 'save' | 'submit' | 'cancel' } & WriteResult;

export async function handleOrderAction(db: DB, request: Request, actor: ScopeUser, retailerId: number) {
  const parsed = orderIntent.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) {
    return data<OrderActionResult>({ intent: 'submit', ok: false, reason: 'invalid', lineProblems: [], orderProblems: [{ code: 'empty' }] }, { status: 400 });
  }
  const input = parsed.data;
  const result =
    input.intent === 'cancel'
      ? await cancelOrder(db, actor, retailerId)
      : input.intent === 'save'
        ? await saveCart(db, actor, retailerId, input.lines)
        : await submitOrder(db, actor, retailerId, input.lines);
  const status = result.ok ? 200 : result.reason === 'invalid' ? 400 : result.reason === 'not_found' ? 404 : 409;
  return data<OrderActionResult>({ intent: input.intent, ...result }, { status });
}
