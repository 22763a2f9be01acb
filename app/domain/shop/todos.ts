/**
 * The shop's to-do list on its home page: every open to-do, most urgent first. Pure: the server reads the facts
 * (app/server/retailer-home.server.ts) and this file says which to-dos they make and how urgent each one is.
 *
 * Urgency has three levels, and each to-do's rule is written below as its own function:
 * - `now`   — its deadline is within TODO_NOW_HOURS (or has passed): the shop loses something if it waits;
 * - `soon`  — it must be done (an order, 配货结果必核查, 扫码错误必改正、库存误差必修改), before a later deadline;
 * - `later` — worth doing, no deadline (yesterday's sales, a stock count, the survey, answers to read).
 * Within a level a deadline still to come goes first, the nearest first, then those already passed, then none
 * (compareTodosAt).
 */
import { addDays, daysBetween, shanghaiToInstant } from '../time';

/** Every kind of to-do, in the order ties are broken. */
export const TODO_KINDS = [
  'order_not_submitted',
  'order_changed',
  'deposit_short',
  'allocation_to_check',
  'delivery_to_confirm',
  'notice_to_acknowledge',
  'data_issues',
  'sales_not_uploaded',
  'stock_count_due',
  'survey',
  'answers_unread',
] as const;
export type TodoKind = (typeof TODO_KINDS)[number];

export const URGENCIES = ['now', 'soon', 'later'] as const;
export type Urgency = (typeof URGENCIES)[number];

/** A deadline this close (or past) makes a to-do `now`. */
export const TODO_NOW_HOURS = 24;
/** A delivery is confirmed within this many days of arriving (while the shop still knows what came). */
export const DELIVERY_CONFIRM_DAYS = 2;
/** A stock count older than this (or none) is due: the suggestion reads the shelf from the last count. */
export const STOCK_COUNT_DUE_DAYS = 28;
/** Past this age the suggestion no longer rolls the count forward (app/domain/replenishment/unknown-stock.ts). */
export const STOCK_COUNT_STALE_DAYS = 56;

/** Statuses of an order the shop has placed (submitted or later). */
const PLACED = new Set(['submitted', 'allocated', 'confirmed', 'delivered']);

export interface HomeFacts {
  /** The cycle the shop may order in right now (its window open), with its cut-off. */
  ordering: { cycleCode: string; cutoffAt: string } | null;
  /** This cycle's order. */
  order: {
    status: string;
    /** The cart differs from the submitted lines (cartChangedSinceSubmit). */
    changedSinceSubmit: boolean;
    /** What the deposit lacks for the submitted order, in fen (0 = enough). */
    shortfallFen: number;
    cutoffAt: string;
  } | null;
  /** Open data-quality issues, counted by kind. */
  issues: ReadonlyArray<{ kind: string; count: number }>;
  /** When the next suggestion is made from the shop's data: its next cut-off (or order day). Null = not known. */
  nextSuggestionAt: string | null;
  /** Delivered orders the shop has not confirmed. */
  deliveries: ReadonlyArray<{ orderId: number; cycleCode: string; deliveredOn: string }>;
  /** Orders whose published allocation the shop has not confirmed; `dueAt` the start of its delivery day. */
  allocations: ReadonlyArray<{ orderId: number; cycleCode: string; problemReported: boolean; dueAt: string | null }>;
  /** Day of the shop's last stock count, null = never; `carriesStock` whether it has sold or received anything lately. */
  lastCountDay: string | null;
  carriesStock: boolean;
  /** The day whose sales upload is missing (yesterday), or null. */
  salesMissingDay: string | null;
  surveyPending: boolean;
  /** Important notices (通知) that reached the shop and it has not acknowledged yet, newest first. */
  noticesToAcknowledge: ReadonlyArray<{ noticeId: number; title: string; publishedAt: string }>;
  /** Answers to the shop's questions it has not read yet (issue 19). */
  unreadAnswers: number;
}

export type Todo =
  | { kind: 'order_not_submitted'; urgency: Urgency; dueAt: string; cycleCode: string; hasDraft: boolean }
  | { kind: 'order_changed'; urgency: Urgency; dueAt: string; cycleCode: string }
  | { kind: 'deposit_short'; urgency: Urgency; dueAt: string; shortfallFen: number }
  | { kind: 'allocation_to_check'; urgency: Urgency; dueAt: string | null; orderId: number; cycleCode: string; problemReported: boolean }
  | { kind: 'delivery_to_confirm'; urgency: Urgency; dueAt: string; orderId: number; cycleCode: string; deliveredOn: string }
  | { kind: 'notice_to_acknowledge'; urgency: Urgency; dueAt: null; noticeId: number; title: string; publishedAt: string }
  | { kind: 'data_issues'; urgency: Urgency; dueAt: string | null; count: number; byKind: Array<{ kind: string; count: number }> }
  | { kind: 'sales_not_uploaded'; urgency: Urgency; dueAt: null; day: string }
  | { kind: 'stock_count_due'; urgency: Urgency; dueAt: null; lastCountDay: string | null; ageDays: number | null }
  | { kind: 'survey'; urgency: Urgency; dueAt: null }
  | { kind: 'answers_unread'; urgency: Urgency; dueAt: null; count: number };

/** `now` when the deadline is within TODO_NOW_HOURS of `now` or past, else `soon`. */
export function deadlineUrgency(dueAt: string | null, now: Date): Urgency {
  if (dueAt === null) return 'soon';
  return Date.parse(dueAt) - now.getTime() <= TODO_NOW_HOURS * 3600_000 ? 'now' : 'soon';
}

/**
 * Whether the cart holds changes not yet submitted, as the order page reads it: a cart left empty after a submit
 * is the submitted order itself (the page fills it from the lines); otherwise the lines of more than 0 cartons
 * must be the submitted ones exactly.
 */
export function cartChangedSinceSubmit(submitted: ReadonlyArray<{ specId: number; qtyCartons: number }>, cart: ReadonlyArray<{ specId: number; qtyCartons: number }>): boolean {
  const inCart = cart.filter((l) => l.qtyCartons > 0);
  if (cart.length === 0) return false;
  const lines = new Map(submitted.filter((l) => l.qtyCartons > 0).map((l) => [l.specId, l.qtyCartons]));
  if (inCart.length !== lines.size) return true;
  return inCart.some((l) => lines.get(l.specId) !== l.qtyCartons);
}

/** The order to-do: none while the window is shut; not submitted (or cancelled/failed) or changed since submit. */
export function orderTodo(facts: HomeFacts, now: Date): Todo | null {
  const { ordering, order } = facts;
  if (!ordering) return null;
  const urgency = deadlineUrgency(ordering.cutoffAt, now);
  if (!order || !PLACED.has(order.status)) {
    return { kind: 'order_not_submitted', urgency, dueAt: ordering.cutoffAt, cycleCode: ordering.cycleCode, hasDraft: order?.status === 'draft' };
  }
  if (order.status === 'submitted' && order.changedSinceSubmit) return { kind: 'order_changed', urgency, dueAt: ordering.cutoffAt, cycleCode: ordering.cycleCode };
  return null;
}

/** A submitted order the deposit cannot pay for fails at allocation (扣款失败): due by the cut-off, `now` after it. */
export function depositTodo(facts: HomeFacts, now: Date): Todo | null {
  const order = facts.order;
  if (!order || order.status !== 'submitted' || order.shortfallFen <= 0) return null;
  return { kind: 'deposit_short', urgency: deadlineUrgency(order.cutoffAt, now), dueAt: order.cutoffAt, shortfallFen: order.shortfallFen };
}

/**
 * 配货结果必核查: a published allocation is checked before its delivery day (`now` within a day of it). One the shop
 * has already reported a problem with waits on the company: `later`.
 */
export function allocationTodos(facts: HomeFacts, now: Date): Todo[] {
  return facts.allocations.map((a) => ({
    kind: 'allocation_to_check' as const,
    urgency: a.problemReported ? ('later' as const) : deadlineUrgency(a.dueAt, now),
    dueAt: a.dueAt,
    orderId: a.orderId,
    cycleCode: a.cycleCode,
    problemReported: a.problemReported,
  }));
}

/** A delivery is confirmed within DELIVERY_CONFIRM_DAYS of arriving. */
export function deliveryTodos(facts: HomeFacts, now: Date): Todo[] {
  return facts.deliveries.map((d) => {
    const dueAt = shanghaiToInstant(addDays(d.deliveredOn, DELIVERY_CONFIRM_DAYS));
    return { kind: 'delivery_to_confirm' as const, urgency: deadlineUrgency(dueAt, now), dueAt, orderId: d.orderId, cycleCode: d.cycleCode, deliveredOn: d.deliveredOn };
  });
}

/**
 * 扫码错误必改正、库存误差必修改: open issues must be fixed, before the next suggestion reads the data (`now` within a
 * day of it). One to-do with the count by kind, largest first.
 */
export function dataIssuesTodo(facts: HomeFacts, now: Date): Todo | null {
  const byKind = facts.issues.filter((i) => i.count > 0).map((i) => ({ kind: i.kind, count: i.count }));
  const count = byKind.reduce((sum, i) => sum + i.count, 0);
  if (count === 0) return null;
  byKind.sort((a, b) => b.count - a.count || a.kind.localeCompare(b.kind));
  return { kind: 'data_issues', urgency: deadlineUrgency(facts.nextSuggestionAt, now), dueAt: facts.nextSuggestionAt, count, byKind };
}

/** Yesterday's sales not uploaded: worth doing, no deadline. */
export function salesUploadTodo(facts: HomeFacts): Todo | null {
  return facts.salesMissingDay ? { kind: 'sales_not_uploaded', urgency: 'later', dueAt: null, day: facts.salesMissingDay } : null;
}

/**
 * A stock count is due when the shop carries stock and its last count is STOCK_COUNT_DUE_DAYS old or more (or it
 * never counted): `later`; `soon` once the count is too old for the suggestion to use (STOCK_COUNT_STALE_DAYS).
 */
export function stockCountTodo(facts: HomeFacts, today: string): Todo | null {
  if (!facts.carriesStock) return null;
  const ageDays = facts.lastCountDay === null ? null : daysBetween(facts.lastCountDay, today);
  if (ageDays !== null && ageDays < STOCK_COUNT_DUE_DAYS) return null;
  const urgency: Urgency = ageDays === null || ageDays > STOCK_COUNT_STALE_DAYS ? 'soon' : 'later';
  return { kind: 'stock_count_due', urgency, dueAt: null, lastCountDay: facts.lastCountDay, ageDays };
}

/**
 * An important notice must be acknowledged (the company has to know each shop got it): `soon`, with no deadline
 * of its own; one to-do per notice.
 */
export function noticeTodos(facts: HomeFacts): Todo[] {
  return facts.noticesToAcknowledge.map((n) => ({ kind: 'notice_to_acknowledge' as const, urgency: 'soon' as const, dueAt: null, noticeId: n.noticeId, title: n.title, publishedAt: n.publishedAt }));
}

export function surveyTodo(facts: HomeFacts): Todo | null {
  return facts.surveyPending ? { kind: 'survey', urgency: 'later', dueAt: null } : null;
}

/** An answer to the shop's question waits to be read: worth doing, no deadline. */
export function answersTodo(facts: HomeFacts): Todo | null {
  return facts.unreadAnswers > 0 ? { kind: 'answers_unread', urgency: 'later', dueAt: null, count: facts.unreadAnswers } : null;
}

/**
 * Most urgent first, as seen at `now`: level; then deadlines still to come, the nearest first; then deadlines
 * already passed, the oldest first (a late thing is late either way, a near one can still be met); then none; then
 * the kind's place in TODO_KINDS; then the order it is about.
 */
export function compareTodosAt(now: Date): (a: Todo, b: Todo) => number {
  const t = now.getTime();
  const rank = (todo: Todo) => (todo.dueAt === null ? 2 : Date.parse(todo.dueAt) >= t ? 0 : 1);
  return (a, b) => {
    const level = URGENCIES.indexOf(a.urgency) - URGENCIES.indexOf(b.urgency);
    if (level) return level;
    const when = rank(a) - rank(b);
    if (when) return when;
    if (a.dueAt !== null && b.dueAt !== null) {
      const byTime = Date.parse(a.dueAt) - Date.parse(b.dueAt);
      if (byTime) return byTime;
    }
    const kind = TODO_KINDS.indexOf(a.kind) - TODO_KINDS.indexOf(b.kind);
    if (kind) return kind;
    return todoKey(a).localeCompare(todoKey(b));
  };
}

/** A key that names one to-do (React's list key, and the tie-break of last resort). */
export function todoKey(todo: Todo): string {
  if ('orderId' in todo) return `${todo.kind}:${todo.orderId}`;
  if ('noticeId' in todo) return `${todo.kind}:${String(todo.noticeId).padStart(12, '0')}`;
  return todo.kind;
}

/** Every open to-do the facts make, most urgent first. `today` is the Asia/Shanghai day of `now`. */
export function homeTodos(facts: HomeFacts, now: Date, today: string): Todo[] {
  const todos = [
    orderTodo(facts, now),
    depositTodo(facts, now),
    ...allocationTodos(facts, now),
    ...deliveryTodos(facts, now),
    ...noticeTodos(facts),
    dataIssuesTodo(facts, now),
    salesUploadTodo(facts),
    stockCountTodo(facts, today),
    surveyTodo(facts),
    answersTodo(facts),
  ].filter((t): t is Todo => t !== null);
  return todos.sort(compareTodosAt(now));
}
