/**
 * Any daily sales history as replay items (pure: the file is read elsewhere, see scripts/backtest.ts).
 *
 * The input is one row per item and day with sales (`date,item,units`, optionally a closed flag). Each item is
 * one spec of one shop. Its series runs from its first row to the history's last day, every calendar day:
 * - a day with no row is a zero sale, when the shop traded that day;
 * - a day missing from the trading days (when a list is given), or a row flagged closed, is a closed day: no
 *   demand, and the rule sees it as censored (unknown), as it sees a day without an upload.
 * - a trading day on which no item sold at all, where by the items' own pace that is not chance, is a closed
 *   day of every item too (closed-days.ts, as the rule's wiring reads a shop's empty upload): the file is read as
 *   one shop's, its items as the shop's specs. A day with a closed row (a refused line, `is_closed`) is not judged.
 * Items start at their first row, so an item launched mid-year is not read as months of zeros before it; an
 * item that stops selling keeps its zeros to the end (the rule must notice it).
 */
import { closedDaysOf, type ClosedDaySpec } from '../replenishment/closed-days';
import { addDays, daysBetween, isDay } from '../time';

export interface DailyRow {
  /** 'YYYY-MM-DD'. */
  day: string;
  item: string;
  /** Units (packs) sold that day. */
  units: number;
  /** The shop was closed that day (e.g. the YAZ file's is_closed). */
  closed?: boolean;
}

/** One spec of one shop, every calendar day from firstDay. */
export interface ReplayItem {
  id: string;
  firstDay: string;
  /** Units sold per day (0 on closed days). */
  demandUnits: number[];
  /** 1 on a closed day, else 0; same length as demandUnits. */
  closed: Uint8Array;
  /** Units per carton for this item; null = the replay's --packs-per-carton. */
  packsPerCarton: number | null;
}

export interface ItemsFromRows {
  items: ReplayItem[];
  /** The history's first and last day (over every item and the trading days). */
  firstDay: string;
  lastDay: string;
  /** Rows refused (bad date, negative or non-finite units), with the first few reasons. */
  refusedRows: number;
  refusedExamples: string[];
  /** Rows with units on a day the trading-day list says was closed (kept as closed: the list decides). */
  salesOnClosedDays: number;
  /** Trading days on which no item sold, read as closed (closed-days.ts); 0 with readEmptyDaysAsClosed off. */
  emptyDaysClosed: number;
}

const MAX_EXAMPLES = 5;

export interface ItemsFromRowsOptions {
  /** Build only these items (an even sample of a large history); the history's span is still every row's. */
  only?: ReadonlySet<string>;
  /** Read a trading day without a sale of any item as closed where that is not chance (default true). */
  readEmptyDaysAsClosed?: boolean;
}

/**
 * Builds the items; `tradingDays` (when given) lists every day the shop traded, and the history then spans
 * from the earliest to the latest of the rows and the list.
 */
export function itemsFromRows(rows: Iterable<DailyRow>, tradingDays: ReadonlySet<string> | null = null, options: ItemsFromRowsOptions = {}): ItemsFromRows {
  const byItem = new Map<string, Map<string, { units: number; closed: boolean }>>();
  let firstDay: string | null = null;
  let lastDay: string | null = null;
  let refusedRows = 0;
  const refusedExamples: string[] = [];
  const refuse = (why: string) => {
    refusedRows++;
    if (refusedExamples.length < MAX_EXAMPLES) refusedExamples.push(why);
  };
  for (const row of rows) {
    if (!isDay(row.day)) {
      refuse(`not a day: ${row.day}`);
      continue;
    }
    if (!(Number.isFinite(row.units) && row.units >= 0)) {
      refuse(`${row.day} ${row.item}: units must be a number ≥ 0, got ${row.units}`);
      continue;
    }
    if (row.item === '') {
      refuse(`${row.day}: empty item`);
      continue;
    }
    let days = byItem.get(row.item);
    if (!days) byItem.set(row.item, (days = new Map<string, { units: number; closed: boolean }>()));
    const seen = days.get(row.day);
    // Several rows of one item and day add up (a file cut by hour or by till).
    days.set(row.day, { units: (seen?.units ?? 0) + row.units, closed: (seen?.closed ?? false) || row.closed === true });
    if (firstDay === null || row.day < firstDay) firstDay = row.day;
    if (lastDay === null || row.day > lastDay) lastDay = row.day;
  }
  if (tradingDays) {
    for (const day of tradingDays) {
      if (firstDay === null || day < firstDay) firstDay = day;
      if (lastDay === null || day > lastDay) lastDay = day;
    }
  }
  if (firstDay === null || lastDay === null) return { items: [], firstDay: '', lastDay: '', refusedRows, refusedExamples, salesOnClosedDays: 0, emptyDaysClosed: 0 };

  // Every day of the history once: building a date string per item and day would cost a million date parses.
  const calendar = Array.from({ length: daysBetween(firstDay, lastDay) + 1 }, (_, t) => addDays(firstDay, t));
  const emptyClosed = options.readEmptyDaysAsClosed === false ? new Uint8Array(calendar.length) : emptyDaysClosedOf(byItem, calendar, firstDay, tradingDays);
  let emptyDaysClosed = 0;
  for (const c of emptyClosed) emptyDaysClosed += c;
  let salesOnClosedDays = 0;
  const items: ReplayItem[] = [];
  for (const [id, days] of [...byItem].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (options.only && !options.only.has(id)) continue;
    let itemFirst = lastDay;
    for (const day of days.keys()) if (day < itemFirst) itemFirst = day;
    const offset = daysBetween(firstDay, itemFirst);
    const length = calendar.length - offset;
    const demandUnits = new Array<number>(length).fill(0);
    const closed = new Uint8Array(length);
    for (let t = 0; t < length; t++) {
      const day = calendar[offset + t]!;
      const row = days.get(day);
      const isClosed = row?.closed === true || (tradingDays !== null && !tradingDays.has(day)) || emptyClosed[offset + t] === 1;
      if (isClosed) {
        closed[t] = 1;
        if (row && row.units > 0) salesOnClosedDays++;
      } else if (row) demandUnits[t] = row.units;
    }
    items.push({ id, firstDay: itemFirst, demandUnits, closed, packsPerCarton: null });
  }
  return { items, firstDay, lastDay, refusedRows, refusedExamples, salesOnClosedDays, emptyDaysClosed };
}

/**
 * The calendar's days read as closed because no item sold, by every item's pace (all of them, a sample or not):
 * each item counts from its first row; a day off the trading-day list or with a closed row is not judged.
 */
function emptyDaysClosedOf(
  byItem: ReadonlyMap<string, ReadonlyMap<string, { units: number; closed: boolean }>>,
  calendar: readonly string[],
  firstDay: string,
  tradingDays: ReadonlySet<string> | null,
): Uint8Array {
  const notJudged = new Uint8Array(calendar.length);
  if (tradingDays) calendar.forEach((day, t) => (notJudged[t] = tradingDays.has(day) ? 0 : 1));
  const specs: ClosedDaySpec[] = [];
  for (const days of byItem.values()) {
    const soldPacks = new Float64Array(calendar.length);
    let first = calendar.length;
    for (const [day, row] of days) {
      const t = daysBetween(firstDay, day);
      if (t < first) first = t;
      if (row.closed) notJudged[t] = 1;
      else soldPacks[t] = row.units;
    }
    specs.push({ first, soldPacks });
  }
  return closedDaysOf({ dayCount: calendar.length, recorded: (t) => notJudged[t] === 0, specs });
}

/** An even, deterministic spread of `count` items (all of them when there are no more than that). */
export function sampleItems<T>(items: readonly T[], count: number | null): T[] {
  if (count === null || items.length <= count) return [...items];
  const step = items.length / count;
  return Array.from({ length: count }, (_, k) => items[Math.floor(k * step)]!);
}
