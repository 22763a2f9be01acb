/**
 * The whole suggested draft against the shop's own record. Each line is bounded on its own (the rule, the cap,
 * unknown-stock.ts), yet a draft of fifty reasonable lines can still be far above anything the shop ever
 * ordered, and an owner who meets such a draft once stops trusting the suggestions. So the order page compares
 * the draft with the largest order the shop placed in its last DRAFT_LOOKBACK_CYCLES cycles: above
 * DRAFT_MAX_TIMES_LARGEST times that (or with no order to compare with), it says so, with what the draft is
 * made of — the specs whose stock is unknown, the new specs at staff's starting quantity, the specs read from
 * similar shops, and the specs whose counted stock is below what lasts until the next delivery — biggest first.
 * It explains rather than trims: each line already says why it is what it is, and the owner decides.
 */
import type { SuggestionExplanation } from './types';

export const DRAFT_LOOKBACK_CYCLES = 8;
export const DRAFT_MAX_TIMES_LARGEST = 2;

/** What makes up a draft line. */
export const DRAFT_CAUSES = ['stock_unknown', 'new_spec', 'similar_shops', 'below_target'] as const;
export type DraftCause = (typeof DRAFT_CAUSES)[number];

export interface DraftSuggestion {
  specId: number;
  suggestedCartons: number;
  explanation: Pick<SuggestionExplanation, 'reason' | 'notes' | 'onHandKnown'>;
}

export interface DraftCheck {
  /** Cartons of the draft the order page prepares from the suggestions. */
  draftCartons: number;
  /** The largest order (cartons) the shop placed in its last DRAFT_LOOKBACK_CYCLES cycles; null when none. */
  largestRecentOrderCartons: number | null;
  /** DRAFT_MAX_TIMES_LARGEST × the largest order; null when there is none. */
  limitCartons: number | null;
  /** The draft is above the limit, or there is no order to compare it with: the page says why. */
  exceeded: boolean;
  /** The draft's cartons by cause, biggest first, causes with no line left out. */
  causes: Array<{ cause: DraftCause; specs: number; cartons: number }>;
}

/**
 * The lines a fresh cart is prepared with: what is suggested, except the specs offered because similar shops
 * sell them (shown, not put in the cart: the owner decides to try one).
 */
export function draftLinesOf<T extends DraftSuggestion>(suggestions: readonly T[]): T[] {
  return suggestions.filter((s) => s.suggestedCartons > 0 && !s.explanation.notes.includes('common_in_peer_group'));
}

export function draftCauseOf(explanation: DraftSuggestion['explanation']): DraftCause {
  if (explanation.reason === 'new_spec_start') return 'new_spec';
  if (!explanation.onHandKnown) return 'stock_unknown';
  if (explanation.reason === 'no_history_prior' || explanation.reason === 'short_history_prior') return 'similar_shops';
  return 'below_target';
}

export function checkDraft(suggestions: readonly DraftSuggestion[], largestRecentOrderCartons: number | null): DraftCheck {
  const lines = draftLinesOf(suggestions);
  const draftCartons = lines.reduce((n, s) => n + s.suggestedCartons, 0);
  const limitCartons = largestRecentOrderCartons === null ? null : DRAFT_MAX_TIMES_LARGEST * largestRecentOrderCartons;
  const byCause = new Map<DraftCause, { cause: DraftCause; specs: number; cartons: number }>();
  for (const s of lines) {
    const cause = draftCauseOf(s.explanation);
    const entry = byCause.get(cause) ?? { cause, specs: 0, cartons: 0 };
    entry.specs++;
    entry.cartons += s.suggestedCartons;
    byCause.set(cause, entry);
  }
  const causes = [...byCause.values()].sort((a, b) => b.cartons - a.cartons || DRAFT_CAUSES.indexOf(a.cause) - DRAFT_CAUSES.indexOf(b.cause));
  const exceeded = draftCartons > 0 && (limitCartons === null || draftCartons > limitCartons);
  return { draftCartons, largestRecentOrderCartons, limitCartons, exceeded, causes };
}
