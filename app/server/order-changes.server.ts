/**
 * Changes kept on the shop's phone and sent when the link is back (app/ui/offline/): a cart save or a submit made
 * against what the phone last knew of the order. Each carries the cycle it was made in and that order's version
 * (a digest of its status, its submitted lines and its cart, `orderVersion`), and is checked inside the write's
 * transaction before anything is written:
 *
 * - a change the order already shows (the answer to an earlier send was lost, so the phone sends it again) is
 *   answered as done and writes nothing, whatever the clock says: a replay never applies twice, and a submit
 *   accepted before the cut-off is not reported refused because its answer came back after it;
 * - a change for a cycle that is no longer the one being ordered (the cut-off passed while the phone was off the
 *   network) is refused as `window_closed`;
 * - a change made on a version the order no longer has (the manager ordered on the shop's behalf meanwhile, or the
 *   shop changed the order on another phone) is refused as `changed_elsewhere`, with what the order holds now, so
 *   the owner chooses instead of one side silently overwriting the other.
 * Otherwise the write goes on as any other (orders.server.ts).
 */
import crypto from 'node:crypto';
import type { GuardRefusal } from '~/domain/order-answers';
import type { RequestedLine } from '~/domain/ordering';
import type { OrderStatus } from '../../db/schema';
import type { DB } from './db.server';
import { retailerInScope, type ScopeUser } from './scope.server';

/** What a change made on the phone says about what it was made against. */
export interface ChangeGuard {
  cycleId: number;
  /** The order's version the phone last had from the server; null when it knew of no order for the cycle. */
  baseVersion: string | null;
}

/** The order as the guard and the version see it: lines and cart as spec id → cartons (none of zero). */
export interface OrderState {
  id: number;
  status: OrderStatus;
  lines: Map<number, number>;
  cart: Map<number, number>;
}

type Pairs = Iterable<readonly [number, number]>;

function canonical(pairs: Pairs): string {
  return [...pairs]
    .filter(([, qty]) => qty > 0)
    .sort(([a], [b]) => a - b)
    .map(([specId, qty]) => `${specId}:${qty}`)
    .join(',');
}

/**
 * The order's version: changes with every change to its status, submitted lines or cart, and only then (so
 * a write that changed nothing leaves it as it was). Null for no order.
 */
export function orderVersion(state: { status: OrderStatus; lines: Pairs; cart: Pairs } | null): string | null {
  if (!state) return null;
  const text = `${state.status}|${canonical(state.lines)}|${canonical(state.cart)}`;
  return crypto.createHash('sha256').update(text).digest('base64url').slice(0, 22);
}

/** The shop's order in that cycle with its lines and cart, or null (read inside the write's transaction). */
export async function orderState(trx: DB, actor: ScopeUser, retailerId: number, cycleId: number): Promise<OrderState | null> {
  const order = await trx
    .selectFrom('orders')
    .select(['id', 'status'])
    .where('retailerId', '=', retailerId)
    .where('cycleId', '=', cycleId)
    .where(retailerInScope(actor, 'orders.retailerId'))
    .executeTakeFirst();
  if (!order) return null;
  const [lines, cart] = await Promise.all([
    trx.selectFrom('orderLines').select(['specId', 'qtyRequestedCartons as qty']).where('orderId', '=', order.id).execute(),
    trx.selectFrom('cartLines').select(['specId', 'qtyCartons as qty']).where('orderId', '=', order.id).execute(),
  ]);
  const toMap = (rows: Array<{ specId: number; qty: number }>) => new Map(rows.filter((r) => r.qty > 0).map((r) => [r.specId, r.qty]));
  return { id: order.id, status: order.status, lines: toMap(lines), cart: toMap(cart) };
}

const PLACED: OrderStatus[] = ['submitted', 'allocated', 'confirmed', 'delivered'];

function sameAs(held: Map<number, number>, lines: RequestedLine[]): boolean {
  const wanted = lines.filter((l) => l.qtyCartons > 0);
  return held.size === wanted.length && wanted.every((l) => held.get(l.specId) === l.qtyCartons);
}

/** True when the order already is what the change asks for, so sending it again must write nothing. */
export function alreadyApplied(state: OrderState | null, intent: 'save' | 'submit', lines: RequestedLine[]): boolean {
  if (!state) return false;
  if (intent === 'submit') return PLACED.includes(state.status) && sameAs(state.lines, lines) && (state.cart.size === 0 || sameAs(state.cart, lines));
  return state.status !== 'cancelled' && state.status !== 'failed' && sameAs(state.cart, lines);
}

export type { GuardRefusal };

export type GuardOutcome =
  | { kind: 'applied'; orderId: number; status: OrderStatus; version: string }
  | { kind: 'refused'; refusal: GuardRefusal }
  | { kind: 'proceed' };

/**
 * The check above, run after the write has taken the shop's write lock. `openCycleId` is the cycle the shop may
 * order in now, or null when the window is shut (the caller then answers with its own refusal unless the change
 * was already applied).
 */
export async function checkChange(
  trx: DB,
  actor: ScopeUser,
  retailerId: number,
  guard: ChangeGuard,
  intent: 'save' | 'submit',
  lines: RequestedLine[],
  openCycleId: number | null,
): Promise<GuardOutcome> {
  const state = await orderState(trx, actor, retailerId, guard.cycleId);
  const version = orderVersion(state);
  if (state && alreadyApplied(state, intent, lines)) return { kind: 'applied', orderId: state.id, status: state.status, version: version! };
  if (openCycleId === null) return { kind: 'proceed' };
  if (openCycleId !== guard.cycleId) return { kind: 'refused', refusal: { ok: false, reason: 'window_closed' } };
  if (version !== guard.baseVersion) {
    const cart = state ? [...(state.cart.size || !PLACED.includes(state.status) ? state.cart : state.lines)].map(([specId, qtyCartons]) => ({ specId, qtyCartons })) : [];
    return { kind: 'refused', refusal: { ok: false, reason: 'changed_elsewhere', version, status: state?.status ?? null, cart } };
  }
  return { kind: 'proceed' };
}
