/**
 * Suggestions as the order page reads them (the shop's own page and a manager ordering for it): the stored ones,
 * computed now when the batch has not yet run for the shop, and the draft they make checked against the shop's
 * largest recent order.
 */
import { checkDraft, decodeExplanation, DRAFT_LOOKBACK_CYCLES, type DraftCheck, type Suggestion } from '~/domain/replenishment';
import type { DB } from '../db.server';
import { retailerInScope, type ScopeUser } from '../scope.server';
import { computeSuggestionsForRetailer } from './batch.server';
import { cyclesBefore, PLACED_ORDER_STATUSES } from './history.server';

/**
 * This cycle's suggestions for a shop in the user's scope, computed now when none are stored yet (staff's
 * batch normally computes them when the cycle opens). Empty when the shop or its cycle is not there.
 */
export async function suggestionsForOrdering(db: DB, user: ScopeUser, retailerId: number, cycleId: number, now = new Date()): Promise<Suggestion[]> {
  const read = () =>
    db
      .selectFrom('suggestions')
      .select(['specId', 'suggestedCartons', 'explanationJson'])
      .where('cycleId', '=', cycleId)
      .where('retailerId', '=', retailerId)
      .where(retailerInScope(user, 'suggestions.retailerId'))
      .execute();
  let rows = await read();
  if (!rows.length) {
    const computed = await computeSuggestionsForRetailer(db, user, retailerId, now);
    if (!computed || computed.cycleId !== cycleId) return [];
    rows = await read();
  }
  return rows.map((r) => ({ specId: r.specId, suggestedCartons: r.suggestedCartons, explanation: decodeExplanation(r.explanationJson) }));
}

/**
 * The suggested draft against the largest order the shop placed in its last DRAFT_LOOKBACK_CYCLES cycles
 * (draft-check.ts), for the order page to say why when the draft is far above it.
 */
export async function draftCheckForOrdering(db: DB, user: ScopeUser, retailerId: number, cycleId: number, suggestions: readonly Suggestion[]): Promise<DraftCheck> {
  const cycle = await db.selectFrom('orderCycles').select('startsOn').where('id', '=', cycleId).executeTakeFirst();
  const row = cycle
    ? await db
        .selectFrom('orders')
        .select((eb) => eb.fn.max('totalCartons').as('largest'))
        .where('retailerId', '=', retailerId)
        .where(retailerInScope(user, 'orders.retailerId'))
        .where('status', 'in', PLACED_ORDER_STATUSES)
        .where('cycleId', 'in', cyclesBefore(db, cycle.startsOn, DRAFT_LOOKBACK_CYCLES))
        .executeTakeFirst()
    : undefined;
  return checkDraft(suggestions, row?.largest == null ? null : Number(row.largest));
}
