/**
 * An uploaded history's rows → the items the staff page replays, and the counts its preview shows (pure).
 * The preview and the result both show these facts, computed once here, so they always count the same things.
 *
 * - Items are built as the command-line replay builds them (items.ts); an item-day named by a refused row is
 *   unknown (censored) — not a zero, nor only the rows that could be read — for items that have good rows.
 * - An item with fewer than MIN_TEST_DAYS after its warm-up is left out (as replay.ts would skip it), counted.
 * - The history may span at most MAX_REPLAY_HISTORY_DAYS; the replay at most MAX_REPLAY_ITEM_DAYS item-days:
 *   past that, an even, deterministic sample of the items (items.ts sampleItems, in item order) that fits.
 *   Only the sampled items' day arrays are built, so a large file costs no more memory than the sample.
 */
import { MAX_REPLAY_HISTORY_DAYS, MAX_REPLAY_ITEM_DAYS } from '../uploads/limits';
import { daysBetween } from '../time';
import type { HistoryRows } from './history-table';
import { itemsFromRows, sampleItems, type DailyRow, type ReplayItem } from './items';
import { MIN_TEST_DAYS, WARMUP_DAYS } from './replay';

export interface HistoryFacts {
  /** Data rows in the file, good, bad (at least one bad cell) and skipped (total rows). */
  rowsRead: number;
  rowsGood: number;
  rowsBad: number;
  rowsSkipped: number;
  /** Bad cells (a bad row may have several). */
  problemCount: number;
  /** Items with good rows. */
  items: number;
  /** The history's first and last day, and its calendar days (null / 0 when there is no good row). */
  firstDay: string | null;
  lastDay: string | null;
  days: number;
  /** Days in the trading-day list, when one was given. */
  tradingDays: number | null;
  /** Item-days whose sales are unknown because their rows were refused (read as censored, not as zeros). */
  unknownItemDays: number;
  /** Items too short to replay: fewer than 4 weeks after the 8-week warm-up. */
  itemsTooShort: number;
  /** Items that could be replayed, and their item-days. */
  itemsReplayable: number;
  itemDays: number;
  /** Items and item-days replayed: all the replayable ones, or an even sample within the page's limit. */
  itemsReplayed: number;
  itemDaysReplayed: number;
  sampled: boolean;
  /** The page's limit on item-days. */
  maxItemDays: number;
  /** Item-days with sales on a day the trading-day list says was closed (in the replayed items; read as closed). */
  salesOnClosedDays: number;
}

export interface PlanLimits {
  maxItemDays: number;
  maxHistoryDays: number;
}

export type HistoryPlan =
  | { ok: true; facts: HistoryFacts; items: ReplayItem[] }
  | { ok: false; code: 'history_too_long'; detail: { firstDay: string; lastDay: string; days: number; maxDays: number }; facts: HistoryFacts };

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The even sample of `ids` (in order) whose item-days fit `maxItemDays`; all of them when they fit. */
function sampleWithin(ids: readonly string[], lengthOf: (id: string) => number, maxItemDays: number): string[] {
  const total = ids.reduce((sum, id) => sum + lengthOf(id), 0);
  if (total <= maxItemDays) return [...ids];
  const daysOf = (sample: readonly string[]) => sample.reduce((sum, id) => sum + lengthOf(id), 0);
  let count = Math.max(1, Math.floor((ids.length * maxItemDays) / total));
  let sample = sampleItems(ids, count);
  while (count > 1 && daysOf(sample) > maxItemDays) sample = sampleItems(ids, --count);
  return sample;
}

/**
 * The rows to build items from (the page and the command line alike): the good rows, and for each item-day named
 * by a refused row of an item that has good rows, a closed (censored) row: that day's sales are unknown, not a
 * zero, nor just the rows of it that could be read (items.ts makes a day with any closed row closed).
 */
export function replayRows(read: Pick<HistoryRows, 'rows' | 'unknownDays'>): { rows: DailyRow[]; unknownItemDays: number } {
  const items = new Set(read.rows.map((r) => r.item));
  const rows: DailyRow[] = [...read.rows];
  const unknown = new Set<string>();
  for (const { item, day } of read.unknownDays) {
    // An item with no good row is not replayed at all.
    if (!items.has(item)) continue;
    const key = `${item}\u0000${day}`;
    if (unknown.has(key)) continue;
    unknown.add(key);
    rows.push({ day, item, units: 0, closed: true });
  }
  return { rows, unknownItemDays: unknown.size };
}

export function planHistoryReplay(read: HistoryRows, tradingDays: ReadonlySet<string> | null, limits: PlanLimits = { maxItemDays: MAX_REPLAY_ITEM_DAYS, maxHistoryDays: MAX_REPLAY_HISTORY_DAYS }): HistoryPlan {
  const { rows, unknownItemDays } = replayRows(read);
  // Each item's first day, and the history's span (rows and trading days).
  const itemFirst = new Map<string, string>();
  let firstDay: string | null = null;
  let lastDay: string | null = null;
  const widen = (day: string) => {
    if (firstDay === null || day < firstDay) firstDay = day;
    if (lastDay === null || day > lastDay) lastDay = day;
  };
  for (const row of rows) {
    const seen = itemFirst.get(row.item);
    if (seen === undefined || row.day < seen) itemFirst.set(row.item, row.day);
    widen(row.day);
  }
  if (tradingDays) for (const day of tradingDays) widen(day);

  const days = firstDay === null || lastDay === null ? 0 : daysBetween(firstDay, lastDay) + 1;
  const facts: HistoryFacts = {
    rowsRead: read.rowsRead,
    rowsGood: read.rowsGood,
    rowsBad: read.rowsBad,
    rowsSkipped: read.rowsSkipped,
    problemCount: read.problemCount,
    items: itemFirst.size,
    firstDay,
    lastDay,
    days,
    tradingDays: tradingDays ? tradingDays.size : null,
    unknownItemDays,
    itemsTooShort: 0,
    itemsReplayable: 0,
    itemDays: 0,
    itemsReplayed: 0,
    itemDaysReplayed: 0,
    sampled: false,
    maxItemDays: limits.maxItemDays,
    salesOnClosedDays: 0,
  };
  if (firstDay === null || lastDay === null) return { ok: true, facts, items: [] };
  if (days > limits.maxHistoryDays) return { ok: false, code: 'history_too_long', detail: { firstDay, lastDay, days, maxDays: limits.maxHistoryDays }, facts };

  const last: string = lastDay;
  const lengthOf = (id: string) => daysBetween(itemFirst.get(id)!, last) + 1;
  const replayable = [...itemFirst.keys()].filter((id) => lengthOf(id) - WARMUP_DAYS >= MIN_TEST_DAYS).sort(byId);
  const chosen = sampleWithin(replayable, lengthOf, limits.maxItemDays);
  const built = itemsFromRows(rows, tradingDays, { only: new Set(chosen) });
  facts.itemsTooShort = itemFirst.size - replayable.length;
  facts.itemsReplayable = replayable.length;
  facts.itemDays = replayable.reduce((sum, id) => sum + lengthOf(id), 0);
  facts.itemsReplayed = built.items.length;
  facts.itemDaysReplayed = built.items.reduce((sum, item) => sum + item.demandUnits.length, 0);
  facts.sampled = chosen.length < replayable.length;
  facts.salesOnClosedDays = built.salesOnClosedDays;
  return { ok: true, facts, items: built.items };
}
