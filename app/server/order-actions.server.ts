/**
 * The order page's forms, shared by the retailer's own page and the manager's on-behalf page: the route parses the
 * submission (`orderIntent`, a conform/zod union on `intent`) and answers invalid input itself; this runs the
 * intent for this actor and retailer and answers through the house's replies (app/server/http.server.ts):
 * `done` with the order's status, or `refused` with the service's reason code as the form error (400 for
 * `invalid`, with the problems the page marks; 404 for `not_found`; 409 otherwise, so nothing looks like a success).
 */
import type { Submission } from '@conform-to/react';
import type { OrderIntent } from '~/domain/forms/order';
import { phoneChange } from '~/domain/forms/order-change';
import type { OrderReplyExtra, PhoneChangeAnswer } from '~/domain/order-answers';
import { done, refused } from './http.server';
import { cancelOrder, saveCart, submitOrder } from './orders.server';
import type { DB } from './db.server';
import type { ScopeUser } from './scope.server';

export type { PhoneChangeAnswer };

export async function runOrderIntent(db: DB, submission: Submission<unknown>, input: OrderIntent, actor: ScopeUser, retailerId: number) {
  const result =
    input.intent === 'cancel'
      ? await cancelOrder(db, actor, retailerId)
      : input.intent === 'save'
        ? await saveCart(db, actor, retailerId, input.lines)
        : await submitOrder(db, actor, retailerId, input.lines);
  if (result.ok) return done<unknown, OrderReplyExtra>(submission, { intent: input.intent, orderStatus: result.status });
  const extra: OrderReplyExtra =
    result.reason === 'invalid' ? { intent: input.intent, lineProblems: result.lineProblems, orderProblems: result.orderProblems } : { intent: input.intent };
  return refused(submission, result.reason, { status: result.reason === 'invalid' ? 400 : result.reason === 'not_found' ? 404 : 409, extra });
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
