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
 * The fields explanations stored before issue 14 do not have (the cover limit, the weekday level, the sold-out
 * days): a row of an earlier format reads them as null, and this reader must not take them for granted.
 */
type Explanation = SuggestionExplanation & {
  cartonsBeforeWorthCheck?: number | null;
  cartonsBeforeCoverLimit?: number | null;
  maxCoverDays?: number | null;
  levelDailyPacks?: number | null;
  periodWeekdayFactor?: number | null;
  closedWeekdays?: number[] | null;
  soldOutDays?: number | null;
  closedDays?: number | null;
};

/** ISO weekday (1 = Monday) → the key of its short name. */
const WEEKDAY_KEYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** A weekday factor of the protection period this far from 1 (an average week) is worth a sentence. */
const WEEKDAY_FACTOR_WORTH_SAYING = 0.05;

/** A note's sentence, or null when the explanation lacks what it would say. */
type NoteSentence = (e: Explanation, suggestedCartons: number, t: T) => string | null;

export const NOTE_SENTENCES: Record<(typeof SUGGESTION_NOTES)[number], NoteSentence> = {
  on_hand_unknown: (_e, _s, t) => t('why.note.on_hand_unknown'),
  unknown_stock_bound: (e, suggestedCartons, t) =>
    e.usualOrderCartons != null
      ? t('why.note.unknown_stock_bound', { cartons: cartons(suggestedCartons, t), cycles: USUAL_ORDER_CYCLES, usual: cartons(e.usualOrderCartons, t), expected: packs(e.expectedDemandPacks, t) })
      : t('why.unknownStockBoundSales', { cartons: cartons(suggestedCartons, t), expected: packs(e.expectedDemandPacks, t) }),
  on_hand_negative_as_zero: (_e, _s, t) => t('why.note.on_hand_negative_as_zero'),
  // The closed days have their own sentence (shop_closed_days); this one counts the other censored days.
  censored_days_excluded: (e, _s, t) => {
    const count = e.censoredDays - (e.closedDays ?? 0);
    return count > 0 ? t('why.note.censored_days_excluded', { count }) : null;
  },
  shop_closed_days: (e, _s, t) => (e.closedDays == null || e.closedDays <= 0 ? null : t('why.note.shop_closed_days', { count: e.closedDays })),
  sold_out_days_counted: (e, _s, t) => (e.soldOutDays == null || e.soldOutDays <= 0 ? null : t('why.note.sold_out_days_counted', { count: e.soldOutDays })),
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

/** The path of the rule that made the number, when it is not the usual one; null for 'normal'. */
function reasonSentence(e: Explanation, t: T): string | null {
  const weeks = formatQuantity('weeks', Math.round(e.historyDays / 7), t);
  // A reason this build does not know (stored by a newer one) falls to the default: no sentence rather than a key.
  switch (e.reason) {
    case 'normal':
      return null;
    case 'dead':
      // The spec's pace over the window says why this many quiet days are enough to stop suggesting it.
      return e.lastSaleDaysAgo != null && e.adiDays != null
        ? t('why.reason.deadPace', { count: e.lastSaleDaysAgo, weeks, interval: formatQuantity('days', round(e.adiDays), t) })
        : t('why.reason.dead', { count: e.lastSaleDaysAgo ?? e.historyDays });
    case 'short_history_prior':
      return t('why.reason.short_history_prior', { share: Math.round(e.priorWeight * 100) });
    case 'new_spec_start':
      return e.startCartons == null ? null : t('why.reason.new_spec_start', { cartons: cartons(e.startCartons, t) });
    case 'no_history_prior':
    case 'no_history':
    case 'discontinued':
      return t(`why.reason.${e.reason}`);
    default:
      return null;
  }
}

/** What the weekday level read into the forecast: closed weekdays, and the period's days against an average one. */
function weekdaySentences(e: Explanation, weeks: string, t: T): string[] {
  const sentences: string[] = [];
  const closed = (e.closedWeekdays ?? []).filter((w) => Number.isInteger(w) && w >= 1 && w <= 7);
  if (closed.length > 0) {
    const days = closed.map((w) => t(`weekday.${WEEKDAY_KEYS[w - 1]!}`)).join(t('why.listSeparator'));
    sentences.push(t('why.closedWeekdays', { count: closed.length, days, weeks }));
  }
  const factor = e.periodWeekdayFactor;
  if (factor != null && Math.abs(factor - 1) >= WEEKDAY_FACTOR_WORTH_SAYING) {
    sentences.push(t(factor > 1 ? 'why.weekdayMore' : 'why.weekdayLess', { percent: Math.round(Math.abs(factor - 1) * 100) }));
  }
  return sentences;
}

/** A clear rise or fall the forecast followed, said as the comparison the rule made. */
function trendSentence(e: Explanation, weeks: string, t: T): string | null {
  // Compared as text: a stored explanation may name a method of a build older or newer than this one's types.
  const method: string = e.method;
  if (e.recentDailyPacks == null) return null;
  const recent = round(e.recentDailyPacks);
  // weekday_level: the last days' level of an average open day against the slower level of the 16 weeks.
  const level = e.levelDailyPacks ?? null;
  if (method === 'recent' && e.recentLowerDailyPacks != null) {
    if (level != null) return e.recentLowerDailyPacks > level ? t('why.surgeLevel', { count: recent, lower: round(e.recentLowerDailyPacks), level: round(level), weeks }) : null;
    // window_mean: the last days' level above the window's average.
    if (e.windowMeanDailyPacks != null && e.recentDailyPacks > e.windowMeanDailyPacks) {
      return t('why.surge', { count: recent, lower: round(e.recentLowerDailyPacks), average: round(e.windowMeanDailyPacks), weeks });
    }
    return null;
  }
  if (method === 'recent_fall') return level != null && level > e.recentDailyPacks ? t('why.fallLevel', { count: recent, level: round(level), weeks }) : t('why.fall', { count: recent });
  return null;
}

/** The suggestion's numbers and notes, one sentence each, in the order the rule went. */
export function whySentences(e: Explanation, suggestedCartons: number, t: T): string[] {
  const sentences: string[] = [];
  const reason = reasonSentence(e, t);
  if (reason) sentences.push(reason);
  if (!NO_FORECAST.has(e.reason)) {
    const weeks = Math.round(e.historyDays / 7);
    const weeksText = formatQuantity('weeks', weeks, t);
    sentences.push(t('why.forecast', { count: round(e.forecastDailyPacks), method: t(`why.method.${e.method}`, { count: weeks }) }));
    const trend = trendSentence(e, weeksText, t);
    if (trend) sentences.push(trend);
    sentences.push(...weekdaySentences(e, weeksText, t));
    sentences.push(t('why.protection', { days: formatQuantity('days', e.protectionDays, t), expected: packs(e.expectedDemandPacks, t) }));
    if (e.safetyStockPacks > 0) sentences.push(t('why.safety', { level: Math.round(e.serviceLevel * 100), count: round(e.safetyStockPacks) }));
    sentences.push(positionSentence(e, t));
    // With the stock unknown the need is what an empty shelf would need (the unknown-stock note says what was done).
    // The cartons are those of rounding up, before the carton check and the cover limit (their notes say what they took).
    const need = { need: packs(e.rawNeedPacks, t), cartons: cartons(e.cartonsBeforeWorthCheck ?? e.cartonsBeforeCoverLimit ?? e.roundedCartons, t) };
    if (e.rawNeedPacks > 0) sentences.push(e.onHandKnown ? t('why.need', need) : t('why.needIfEmpty', need));
    if (e.cappedBy === 'cap' && e.capCartons !== null) sentences.push(t('why.cap', { count: e.capCartons }));
    // Days of cover count the stock in the shop: unknown stock would make them up. (A forecast of next to nothing
    // gives no finite figure: nothing said.)
    if (e.daysOfCoverAfter != null && Number.isFinite(e.daysOfCoverAfter) && suggestedCartons > 0 && e.onHandKnown) sentences.push(t('why.cover', { count: Math.round(e.daysOfCoverAfter) }));
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
