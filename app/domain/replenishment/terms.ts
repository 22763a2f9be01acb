/**
 * Every reason, note and forecast method the rule can record, as lists the explanation's readers can iterate: the
 * "why" view's tests check that each one is said in plain words in both languages. The checks below make a new
 * note (or reason, or method) of types.ts fail the typecheck here until it is listed, and then the translation
 * test until it has its words. A name listed here that the rule no longer records is harmless (stored
 * explanations of earlier builds may still carry it).
 */
import type { ForecastMethod, SuggestionNote, SuggestionReason } from './types';

export const SUGGESTION_NOTES = [
  'on_hand_unknown',
  'unknown_stock_bound',
  'on_hand_negative_as_zero',
  'censored_days_excluded',
  'shop_closed_days',
  'sold_out_days_counted',
  'bulk_days_clipped',
  'position_covers_target',
  'rounded_down_small_remainder',
  'common_in_peer_group',
  'cover_limit',
  'carton_not_worth',
] as const;

export const SUGGESTION_REASONS = [
  'normal',
  'short_history_prior',
  'no_history_prior',
  'no_history',
  'new_spec_start',
  'dead',
  'discontinued',
] as const;

export const FORECAST_METHODS = [
  'weekday_level',
  'recent_fall',
  'window_mean',
  'recent',
  'ses',
  'ses_weekday',
  'sba',
  'tsb',
  'mean',
  'prior',
  'start_quantity',
  'none',
] as const;

// Compile-time: nothing of the types is left out of the lists.
type Missing<All, Listed> = Exclude<All, Listed>;
const everyNote: [Missing<SuggestionNote, (typeof SUGGESTION_NOTES)[number]>] extends [never] ? true : Missing<SuggestionNote, (typeof SUGGESTION_NOTES)[number]> = true;
const everyReason: [Missing<SuggestionReason, (typeof SUGGESTION_REASONS)[number]>] extends [never] ? true : Missing<SuggestionReason, (typeof SUGGESTION_REASONS)[number]> = true;
const everyMethod: [Missing<ForecastMethod, (typeof FORECAST_METHODS)[number]>] extends [never] ? true : Missing<ForecastMethod, (typeof FORECAST_METHODS)[number]> = true;
void everyNote;
void everyReason;
void everyMethod;
