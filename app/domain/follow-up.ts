/**
 * Who a manager should call first, and what there is to note afterwards. Pure: the route board and the
 * follow-up lists give it what the database says about each shop.
 */
import { daysBetween } from './time';

/** Empty cycles in a row from which a shop that has not ordered is flagged (未订货客户, DOMAIN.md). */
export const FLAG_EMPTY_STREAK = 2;

/**
 * How many of the newest cycles in a row had no placed order. `placedNewestFirst` lists, newest first, for
 * each cycle the shop was due in, whether it placed an order.
 */
export function emptyCycleStreak(placedNewestFirst: readonly boolean[]): number {
  let n = 0;
  for (const placed of placedNewestFirst) {
    if (placed) break;
    n += 1;
  }
  return n;
}

/** Whole days since a shop's last upload day, or null when it never uploaded. */
export function daysSinceUpload(lastUploadDay: string | null, today: string): number | null {
  return lastUploadDay === null ? null : daysBetween(lastUploadDay, today);
}

export type CallReason = 'order_failed' | 'not_ordered_closed' | 'not_ordered_due' | 'not_uploaded' | 'issues_open' | 'deposit_short' | 'allocation_unconfirmed';

/** How much each reason weighs: a failed or missed order costs the shop its week, so it comes first. */
const WEIGHT: Record<CallReason, number> = {
  order_failed: 100,
  not_ordered_due: 90,
  not_ordered_closed: 60,
  deposit_short: 50,
  allocation_unconfirmed: 30,
  not_uploaded: 20,
  issues_open: 10,
};

export interface BoardFacts {
  /** 'none' when the shop has no order row this cycle. */
  orderState: 'none' | 'draft' | 'submitted' | 'allocated' | 'confirmed' | 'delivered' | 'cancelled' | 'failed';
  /** Its cut-off this cycle is within a day (still open). */
  cutoffSoon: boolean;
  /** Its cut-off this cycle has passed. */
  cutoffPassed: boolean;
  notUploaded: boolean;
  openIssues: number;
  depositShortFen: number;
  allocationUnconfirmed: boolean;
  /** Contacted today already (a note was written): lower in the list, the call has been made. */
  contactedToday: boolean;
}

export function hasOrdered(state: BoardFacts['orderState']): boolean {
  return state === 'submitted' || state === 'allocated' || state === 'confirmed' || state === 'delivered';
}

export function callReasons(f: BoardFacts): CallReason[] {
  const reasons: CallReason[] = [];
  if (f.orderState === 'failed') reasons.push('order_failed');
  else if (!hasOrdered(f.orderState)) {
    if (f.cutoffSoon) reasons.push('not_ordered_due');
    else if (f.cutoffPassed) reasons.push('not_ordered_closed');
  }
  if (f.depositShortFen > 0) reasons.push('deposit_short');
  if (f.allocationUnconfirmed) reasons.push('allocation_unconfirmed');
  if (f.notUploaded) reasons.push('not_uploaded');
  if (f.openIssues > 0) reasons.push('issues_open');
  return reasons;
}

/** Higher = call sooner. 0 = nothing to call about. A call already made today halves the weight. */
export function callPriority(f: BoardFacts): number {
  const score = callReasons(f).reduce((s, r) => s + WEIGHT[r], 0);
  return f.contactedToday ? score / 2 : score;
}

/** Quick picks for noting a call's outcome; free text can go with any of them. */
export const CONTACT_OUTCOMES = [
  'will_order_tonight',
  'ordered_for_them',
  'will_upload',
  'fixed_together',
  'will_confirm',
  'closed_holiday',
  'closed_business',
  'no_answer',
  'other',
] as const;
export type ContactOutcome = (typeof CONTACT_OUTCOMES)[number];

export const CONTACT_TOPICS = ['not_ordered', 'not_uploaded', 'allocation_unconfirmed', 'issue_open', 'general'] as const;
export type ContactTopicCode = (typeof CONTACT_TOPICS)[number];

/** The quick picks that fit a topic, most likely first. */
export const OUTCOMES_FOR: Record<ContactTopicCode, readonly ContactOutcome[]> = {
  not_ordered: ['will_order_tonight', 'ordered_for_them', 'closed_holiday', 'closed_business', 'no_answer', 'other'],
  not_uploaded: ['will_upload', 'closed_holiday', 'closed_business', 'no_answer', 'other'],
  allocation_unconfirmed: ['will_confirm', 'no_answer', 'other'],
  issue_open: ['fixed_together', 'will_upload', 'no_answer', 'other'],
  general: CONTACT_OUTCOMES,
};

/** At most this many benchmark stores (标杆终端) per manager. */
export const MAX_BENCHMARKS_PER_MANAGER = 2;

export const BUSINESS_TYPES = ['grocery', 'convenience', 'supermarket', 'tobacco_liquor', 'entertainment', 'catering', 'other'] as const;
/** Grade bands for the route board's filter (档位 1–30). */
export const GRADE_BANDS = [
  [1, 5],
  [6, 10],
  [11, 15],
  [16, 20],
  [21, 25],
  [26, 30],
] as const;
