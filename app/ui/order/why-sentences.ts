/**
 * "为什么是这个数" in plain words: the sentences the order page shows for a suggestion, and for the whole draft
 * when it is far above the shop's usual orders. Plain functions of the numbers and `t`, so tests can read them in
 * both languages without a browser.
 *
 * Every note the rule records has its sentence (NOTE_SENTENCES is keyed by terms.ts's list of notes, and a test
 * reads each one in both languages). Quantities go through formatQuantity, so English says "1 pack" and "2 packs".
 * Explanations stored by an earlier build may lack newer fields: those are read as absent, never as 0.
 */
import type { TFunction } from 'i18next';
import { DRAFT_LOOKBACK_CYCLES, DRAFT_MAX_TIMES_LARGEST, USUAL_ORDER_CYCLES, type DraftCheck, type SuggestionExplanation } from '~/domain/replenishment';
import type { SUGGESTION_NOTES } from '~/domain/replenishment/terms';
import { formatQuantity } from '../format';

type T = TFunction<'common'>;
/** One decimal, as the page shows daily sales and packs (2.25 → 2.3, 3 → 3). */
const round = (n: number, digits = 1) => Number(n.toFixed(digits));
const packs = (n: number, t: T) => formatQuantity('packs', round(n), t);
const cartons = (n: number, t: T) => formatQuantity('cartons', round(n), t);

/**
 * The cover-limit fields, which explanations stored before that limit existed do not have (and which this reader
 * must not take for granted).
 */
type Explanation = SuggestionExplanation & { cartonsBeforeWorthCheck?: number | null; cartonsBeforeCoverLimit?: number | null; maxCoverDays?: number | null };

/** A note's sentence, or null when the explanation lacks what it would say. */
type NoteSentence = (e: Explanation, suggestedCartons: number, t: T) => string | null;

export const NOTE_SENTENCES: Record<(typeof SUGGESTION_NOTES)[number], NoteSentence> = {
  on_hand_unknown: (_e, _s, t) => t('why.note.on_hand_unknown'),
  unknown_stock_bound: (e, suggestedCartons, t) =>
    e.usualOrderCartons != null
      ? t('why.note.unknown_stock_bound', { cartons: cartons(suggestedCartons, t), cycles: USUAL_ORDER_CYCLES, usual: cartons(e.usualOrderCartons, t), expected: packs(e.expectedDemandPacks, t) })
      : t('why.unknownStockBoundSales', { cartons: cartons(suggestedCartons, t), expected: packs(e.expectedDemandPacks, t) }),
  on_hand_negative_as_zero: (_e, _s, t) => t('why.note.on_hand_negative_as_zero'),
  censored_days_excluded: (e, _s, t) => t('why.note.censored_days_excluded', { count: e.censoredDays }),
  bulk_days_clipped: (e, _s, t) => (e.clipBoundPacks == null ? null : t('why.note.bulk_days_clipped', { count: e.clippedDays, bound: packs(e.clipBoundPacks, t) })),
  position_covers_target: (_e, _s, t) => t('why.note.position_covers_target'),
  rounded_down_small_remainder: (e, _s, t) => {
    const before = e.cartonsBeforeWorthCheck ?? e.cartonsBeforeCoverLimit ?? e.roundedCartons;
    const remainder = e.rawNeedPacks - before * e.packsPerCarton;
    return remainder > 0 ? t('why.note.rounded_down_small_remainder', { remainder: packs(remainder, t) }) : null;
  },
  common_in_peer_group: (_e, _s, t) => t('why.note.common_in_peer_group'),
  cover_limit: (e, _s, t) =>
    e.cartonsBeforeCoverLimit == null || e.maxCoverDays == null
      ? null
      : t('why.note.cover_limit', { days: formatQuantity('days', e.maxCoverDays, t), cartons: cartons(e.cartonsBeforeCoverLimit - e.roundedCartons, t) }),
  carton_not_worth: (e, _s, t) => {
    if (e.cartonsBeforeWorthCheck == null) return null;
    const kept = e.cartonsBeforeCoverLimit ?? e.roundedCartons;
    return t('why.note.carton_not_worth', { cartons: cartons(e.cartonsBeforeWorthCheck - kept, t), share: Math.round(100 * (1 - e.serviceLevel)) });
  },
};

/** Paths of the rule that stop before a forecast: nothing about sales or stock to say. */
const NO_FORECAST = new Set(['discontinued', 'dead', 'no_history']);

function positionSentence(e: Explanation, t: T): string {
  const inTransit = packs(e.inTransitPacks, t);
  if (!e.onHandKnown) return t('why.positionUnknown', { inTransit });
  // A stock rolled forward below zero is shown as it was recorded, not as the 0 the rule used (its note says why).
  if (e.notes.includes('on_hand_negative_as_zero') && e.onHandRecordedPacks != null) return t('why.positionNegative', { recorded: packs(e.onHandRecordedPacks, t), inTransit });
  return t('why.position', { onHand: packs(e.onHandPacks, t), inTransit });
}

/** The suggestion's numbers and notes, one sentence each, in the order the rule went. */
export function whySentences(e: Explanation, suggestedCartons: number, t: T): string[] {
  const sentences: string[] = [];
  if (e.reason === 'dead') sentences.push(t('why.reason.dead', { count: e.lastSaleDaysAgo ?? e.historyDays }));
  else if (e.reason !== 'normal') sentences.push(t(`why.reason.${e.reason}`));
  if (!NO_FORECAST.has(e.reason)) {
    const weeks = Math.round(e.historyDays / 7);
    sentences.push(t('why.forecast', { count: round(e.forecastDailyPacks), method: t(`why.method.${e.method}`, { count: weeks }) }));
    // Said only as the comparison it is: the last days' level above the window's average.
    if (e.method === 'recent' && e.recentDailyPacks != null && e.recentLowerDailyPacks != null && e.windowMeanDailyPacks != null && e.recentDailyPacks > e.windowMeanDailyPacks) {
      sentences.push(
        t('why.surge', { count: round(e.recentDailyPacks), lower: round(e.recentLowerDailyPacks), average: round(e.windowMeanDailyPacks), weeks: formatQuantity('weeks', weeks, t) }),
      );
    }
    // Compared as text: a stored explanation may name a method of a build older or newer than this one's types.
    const method: string = e.method;
    if (method === 'recent_fall' && e.recentDailyPacks != null) sentences.push(t('why.fall', { count: round(e.recentDailyPacks) }));
    sentences.push(t('why.protection', { days: formatQuantity('days', e.protectionDays, t), expected: packs(e.expectedDemandPacks, t) }));
    if (e.safetyStockPacks > 0) sentences.push(t('why.safety', { level: Math.round(e.serviceLevel * 100), count: round(e.safetyStockPacks) }));
    sentences.push(positionSentence(e, t));
    // With the stock unknown the need is what an empty shelf would need (the unknown-stock note says what was done).
    const need = { need: packs(e.rawNeedPacks, t), cartons: cartons(e.cartonsBeforeCoverLimit ?? e.roundedCartons, t) };
    if (e.rawNeedPacks > 0) sentences.push(e.onHandKnown ? t('why.need', need) : t('why.needIfEmpty', need));
    if (e.cappedBy === 'cap' && e.capCartons !== null) sentences.push(t('why.cap', { count: e.capCartons }));
    // Days of cover count the stock in the shop: unknown stock would make them up.
    if (e.daysOfCoverAfter !== null && suggestedCartons > 0 && e.onHandKnown) sentences.push(t('why.cover', { count: Math.round(e.daysOfCoverAfter) }));
  }
  for (const note of e.notes) {
    // A note this build does not know (stored by a newer one) is left out rather than shown as a key.
    const sentence = (NOTE_SENTENCES as Partial<Record<string, NoteSentence>>)[note]?.(e, suggestedCartons, t);
    if (sentence) sentences.push(sentence);
  }
  return sentences;
}

/** What the order page says about a draft above twice the shop's largest recent order; null when it is not. */
export function draftCheckSentences(check: DraftCheck, t: T): { lead: string; causes: string[]; hint: string } | null {
  if (!check.exceeded) return null;
  const draft = cartons(check.draftCartons, t);
  const lead =
    check.largestRecentOrderCartons === null
      ? t('order.draftCheck.noOrders', { draft, cycles: DRAFT_LOOKBACK_CYCLES })
      : t('order.draftCheck.above', { draft, times: DRAFT_MAX_TIMES_LARGEST, cycles: DRAFT_LOOKBACK_CYCLES, largest: cartons(check.largestRecentOrderCartons, t) });
  const causes = check.causes.map((c) => t(`order.draftCheck.cause.${c.cause}`, { specs: formatQuantity('specs', c.specs, t), cartons: cartons(c.cartons, t) }));
  return { lead, causes, hint: t('order.draftCheck.hint') };
}
