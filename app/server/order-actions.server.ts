/**
 * The order page's action, shared by the retailer's own page and the manager's on-behalf page: parse the
 * intent, run it for this actor and retailer, answer with what the page needs to show (status 400/409 on
 * refusal, so nothing looks like a success).
 */
import { data } from '@remix-run/node';
import { orderIntent } from '~/domain/forms/order';
import { phoneChange } from '~/domain/forms/order-change';
import type { OrderActionResult, PhoneChangeAnswer } from '~/domain/order-answers';
import { cancelOrder, saveCart, submitOrder } from './orders.server';
import type { DB } from './db.server';
import type { ScopeUser } from './scope.server';

export type { OrderActionResult, PhoneChangeAnswer };

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

/**
 * A change the shop's phone kept and sends now (POST /resources/order-outbox, JSON): a save or a submit, checked
 * against the cycle and the order's version it was made on (order-changes.server.ts). Answered as JSON.
 */
export async function handlePhoneChange(db: DB, request: Request, actor: ScopeUser, retailerId: number, now = new Date()): Promise<Response> {
  const parsed = phoneChange.safeParse(await request.json().catch(() => null));
  const headers = { 'Cache-Control': 'no-store' };
  if (!parsed.success) {
    return Response.json({ ok: false, reason: 'invalid', lineProblems: [], orderProblems: [{ code: 'empty' }], changeId: '', now: now.toISOString() } satisfies PhoneChangeAnswer, { status: 400, headers });
  }
  const change = parsed.data;
  // Kept on this phone under another shop's sign-in: never written to this one.
  if (change.retailerId !== retailerId) {
    return Response.json({ ok: false, reason: 'not_found', changeId: change.changeId, now: now.toISOString() } satisfies PhoneChangeAnswer, { status: 404, headers });
  }
  const guard = { cycleId: change.cycleId, baseVersion: change.baseVersion };
  const result = change.intent === 'save' ? await saveCart(db, actor, retailerId, change.lines, now, guard) : await submitOrder(db, actor, retailerId, change.lines, now, guard);
  const status = result.ok ? 200 : result.reason === 'invalid' ? 400 : result.reason === 'not_found' ? 404 : 409;
  return Response.json({ ...result, changeId: change.changeId, now: now.toISOString() } satisfies PhoneChangeAnswer, { status, headers });
}
