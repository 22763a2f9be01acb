/**
 * What an order write answers (app/server/orders.server.ts, order-changes.server.ts, order-actions.server.ts)
 * and the order page shows (app/ui/order, app/ui/offline): plain data, here so the page's code needs nothing
 * from app/server.
 */
import type { LineProblem, OrderProblem } from './ordering';

/** An order's status, as db/schema.ts stores it (the domain does not import db/; a mismatch fails to compile where the server answers). */
export type OrderStatus = 'draft' | 'submitted' | 'allocated' | 'confirmed' | 'delivered' | 'cancelled' | 'failed';

/** Why a change kept on the phone was not applied (order-changes.server.ts checkChange). */
export type GuardRefusal =
  | { ok: false; reason: 'window_closed' }
  | { ok: false; reason: 'changed_elsewhere'; version: string | null; status: OrderStatus | null; cart: Array<{ specId: number; qtyCartons: number }> };

export type WriteResult =
  /** `version`: the order's version after a save or submit kept on the phone (order-changes.server.ts). */
  | { ok: true; orderId: number; status: OrderStatus; version?: string | null }
  | { ok: false; reason: 'not_found' | 'no_cycle' | 'window_not_open' | 'window_closed' | 'not_changeable' }
  | GuardRefusal
  | { ok: false; reason: 'invalid'; lineProblems: Array<{ specId: number; problem: LineProblem }>; orderProblems: OrderProblem[] };

/** The order page's forms. */
export type OrderFormIntent = 'save' | 'submit' | 'cancel';

/**
 * What the order page's action answers besides conform's reply (order-actions.server.ts runOrderIntent): which form
 * it answers, the order's status after a write it did, and, when the lines were refused, each problem to mark.
 * The refusal's reason is the reply's form error (read with app/ui/form-reply.ts).
 */
export interface OrderReplyExtra {
  intent: OrderFormIntent;
  orderStatus?: OrderStatus;
  lineProblems?: Array<{ specId: number; problem: LineProblem }>;
  orderProblems?: OrderProblem[];
}

/** The answer to a change kept on the shop's phone: the write's result, the change it answers and the server's time. */
export type PhoneChangeAnswer = WriteResult & { changeId: string; now: string };
