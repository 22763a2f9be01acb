/**
 * How a suggestion's explanation is stored: a JSON array of its values in a fixed field order, behind a format
 * number, instead of a JSON object that repeats ~45 key names on every row. A city batch writes 816,000
 * explanations a week; the keys were 60 % of each row's ~1 KB, which the database paid for in every page and
 * WAL record. Rows stored before this format (a JSON object) still decode.
 *
 * The field order is part of the stored format: add a field at the end of a new format's list, never reorder.
 * Format 1 rows (before the unknown-stock fields), format 2 rows (before the weekday level, the dead-spec run
 * and the cover limit), format 3 rows (before the sold-out days) and format 4 rows (before the closed days)
 * still decode, with the fields they did not have null.
 */
import type { SuggestionExplanation } from './types';

const FORMAT = 5;

const FIELDS_FORMAT_1 = [
  'reason',
  'notes',
  'historyDays',
  'observedDays',
  'censoredDays',
  'clippedDays',
  'clipBoundPacks',
  'lastSaleDaysAgo',
  'demandClass',
  'adiDays',
  'cv2',
  'method',
  'windowMeanDailyPacks',
  'recentDailyPacks',
  'recentLowerDailyPacks',
  'ownForecastDailyPacks',
  'priorDailyPacks',
  'priorWeight',
  'forecastDailyPacks',
  'protectionDays',
  'expectedDemandPacks',
  'serviceLevel',
  'distribution',
  'varianceToMeanRatio',
  'serviceQuantilePacks',
  'safetyStockPacks',
  'targetPacks',
  'onHandPacks',
  'onHandKnown',
  'inTransitPacks',
  'positionPacks',
  'rawNeedPacks',
  'packsPerCarton',
  'roundDownAllowancePacks',
  'roundedDown',
  'roundedCartons',
  'capCartons',
  'cappedBy',
  'startCartons',
  'projectedStockAfterPacks',
  'daysOfCoverAfter',
] as const satisfies ReadonlyArray<keyof SuggestionExplanation>;

/** Format 2: format 1's fields, then these. */
const FIELDS_FORMAT_2 = [...FIELDS_FORMAT_1, 'onHandRecordedPacks', 'usualOrderCartons'] as const satisfies ReadonlyArray<keyof SuggestionExplanation>;

/** Format 3: format 2's fields, then these (issue 14's forecast and carton checks). */
const FIELDS_FORMAT_3 = [
  ...FIELDS_FORMAT_2,
  'recentUpperDailyPacks',
  'levelDailyPacks',
  'periodWeekdayFactor',
  'closedWeekdays',
  'quietObservedDays',
  'maxCoverDays',
  'cartonsBeforeWorthCheck',
  'cartonsBeforeCoverLimit',
] as const satisfies ReadonlyArray<keyof SuggestionExplanation>;

/** Format 4: format 3's fields, then the sold-out days read as demand. */
const FIELDS_FORMAT_4 = [...FIELDS_FORMAT_3, 'soldOutDays'] as const satisfies ReadonlyArray<keyof SuggestionExplanation>;

/** Format 5: format 4's fields, then the days the shop was closed. */
const FIELDS = [...FIELDS_FORMAT_4, 'closedDays'] as const satisfies ReadonlyArray<keyof SuggestionExplanation>;

// Compile-time: every field of the explanation is in the list (a new field that is not fails the typecheck here).
type Unlisted = Exclude<keyof SuggestionExplanation, (typeof FIELDS)[number]>;
const everyFieldListed: [Unlisted] extends [never] ? true : Unlisted = true;
void everyFieldListed;

export function encodeExplanation(explanation: SuggestionExplanation): string {
  const values: unknown[] = [FORMAT];
  for (const field of FIELDS) values.push(explanation[field]);
  return JSON.stringify(values);
}

export class ExplanationFormatError extends Error {}

export function decodeExplanation(stored: string): SuggestionExplanation {
  const parsed: unknown = JSON.parse(stored);
  if (!Array.isArray(parsed)) return parsed as SuggestionExplanation; // a row from before the compact format
  const fields =
    parsed[0] === FORMAT ? FIELDS : parsed[0] === 4 ? FIELDS_FORMAT_4 : parsed[0] === 3 ? FIELDS_FORMAT_3 : parsed[0] === 2 ? FIELDS_FORMAT_2 : parsed[0] === 1 ? FIELDS_FORMAT_1 : null;
  if (!fields || parsed.length !== fields.length + 1) {
    throw new ExplanationFormatError(`stored explanation has format ${String(parsed[0])} with ${parsed.length - 1} values; this build reads format ${FORMAT} with ${FIELDS.length}`);
  }
  const explanation: Record<string, unknown> = {};
  // A field the row's format did not have yet reads as null.
  for (const field of FIELDS) explanation[field] = null;
  const values: unknown[] = parsed;
  fields.forEach((field, i) => {
    explanation[field] = values[i + 1];
  });
  return explanation as unknown as SuggestionExplanation;
}
