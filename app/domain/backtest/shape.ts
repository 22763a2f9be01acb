/**
 * The shape of a daily demand history (pure): the figures a generated county should share with real shops'
 * sales, so a rule that wins on the generator has been tried on something like reality. `npm run demand-shape`
 * (scripts/demand-shape.ts) prints them for a file and for a county; the comparison is in the rule's README.
 *
 * All on open days (a closed day is neither a zero nor a sale):
 * - zeroShare: the share of item-days with no sale;
 * - weekday index: per weekday, the units sold per open day ÷ the units per open day of the whole week, pooled
 *   over items; per shop, the same on the shop's total (the spread is max − min over the weekdays it opens on);
 * - falls (and rises) per item-year: at a week boundary, the two 4-week blocks before and the two after; a fall is
 *   when the higher block after is at most half the lower block before (the level halved and stayed there for
 *   8 weeks), judged only where the 8 weeks before had ≥ 8 sale days; a rise the mirror image (every block after
 *   at least twice the higher block before, judged where the 8 weeks after had ≥ 8 sale days). After a change the
 *   next 8 boundaries are skipped. Per item-year = changes ÷ (boundaries judged ÷ 52). Lumpy sales halve and
 *   double by chance, so the same is measured on each item with its open days' sales shuffled in time (a fixed
 *   seed): the excess over that floor is the level changes that noise does not explain;
 * - stops per item-year: no sale in the last 56 days or more of the history, for an item that sold on ≥ 8 % of
 *   its open days before its last sale (so 56 quiet days would be a < 1 % chance at its pace); exposure is each
 *   such item's days from its start to 56 days before the end;
 * - closed days: per shop, days on which nothing of the shop sold or the history says it was closed, ÷ its days;
 *   a weekday the shop is closed on at least half the time counts as a weekly closed day;
 * - class mix: the replay's demand classes (classify.ts on the item's whole observed history);
 * - CV by class: the median over the class's items of sd ÷ mean of daily units (open days).
 */
import { classifyDemand } from '../replenishment/classify';
import { DEFAULT_REPLENISHMENT_PARAMS } from '../replenishment/params';
import type { DemandClass } from '../replenishment/types';
import { isoWeekday } from '../time';
import type { ReplayItem } from './items';

export const SHAPE_CLASSES: readonly DemandClass[] = ['smooth', 'intermittent', 'erratic', 'lumpy', 'insufficient'];

const BLOCK_WEEKS = 4;
const MIN_SALE_DAYS_JUDGED = 8;
const STOP_QUIET_DAYS = 56;
const STOP_MIN_SALE_DAY_SHARE = 0.08;

export interface DemandShape {
  items: number;
  shops: number;
  /** Item-days on open days. */
  openItemDays: number;
  zeroShare: number;
  /** Monday … Sunday, pooled over items; null for a weekday with no open day. */
  weekdayIndex: (number | null)[];
  /** max − min of weekdayIndex over the weekdays with an index. */
  weekdaySpread: number;
  /** Median over shops (with ≥ 8 weeks) of the spread of the shop's own total. */
  shopWeekdaySpreadMedian: number | null;
  fallsPerItemYear: number;
  risesPerItemYear: number;
  /** The same on every item with its open days' sales shuffled in time (seeded): what noise alone gives. */
  shuffledFallsPerItemYear: number;
  shuffledRisesPerItemYear: number;
  /** Items with at least one fall (share of the items judged at least once). */
  itemsWithFallShare: number;
  changeItemYearsJudged: number;
  stopsPerItemYear: number;
  /** Share of the items eligible for a stop (sold often enough) that stopped. */
  stoppedShare: number;
  stopItemYears: number;
  /** Mean over shops of their closed-day share; median too (a few shops with a closed weekday lift the mean). */
  closedDayShare: number;
  closedDayShareMedian: number;
  /** Share of shops with a weekly closed day. */
  shopsWithClosedWeekday: number;
  /** Closed days not on a weekly closed weekday, ÷ days (mean over shops). */
  otherClosedDayShare: number;
  classMix: Record<DemandClass, number>;
  /** Median daily CV (sd ÷ mean, open days) of the class's items; null when the class is empty. */
  cvByClass: Record<DemandClass, number | null>;
  /** Median over all items. */
  cvMedian: number | null;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function weekdayOfFirst(item: ReplayItem): number {
  return isoWeekday(item.firstDay) - 1;
}

/** Per 4-week block from the item's start: units and open days and sale days. */
function blocks(item: ReplayItem): { units: number; open: number; saleDays: number }[] {
  const out: { units: number; open: number; saleDays: number }[] = [];
  const blockDays = 7 * BLOCK_WEEKS;
  for (let b = 0; b + blockDays <= item.demandUnits.length; b += 7) {
    // b is a week start; each entry is the 4-week block starting at week b / 7.
    let units = 0;
    let open = 0;
    let saleDays = 0;
    for (let t = b; t < b + blockDays; t++) {
      if (item.closed[t] === 1) continue;
      open++;
      const u = item.demandUnits[t]!;
      units += u;
      if (u > 0) saleDays++;
    }
    out.push({ units, open, saleDays });
  }
  return out;
}

interface Changes {
  falls: number;
  rises: number;
  judgedFalls: number;
  judgedRises: number;
}

/** Falls and rises of the item (see the module comment). */
export function levelChanges(item: ReplayItem): Changes {
  const byWeek = blocks(item);
  const level = (k: number) => (byWeek[k]!.open > 0 ? byWeek[k]!.units / byWeek[k]!.open : Number.NaN);
  const result: Changes = { falls: 0, rises: 0, judgedFalls: 0, judgedRises: 0 };
  let nextFall = 0;
  let nextRise = 0;
  // Boundary at week w: blocks starting at w − 8, w − 4 (before), w, w + 4 (after).
  for (let w = 2 * BLOCK_WEEKS; w + BLOCK_WEEKS < byWeek.length; w++) {
    const b1 = level(w - 2 * BLOCK_WEEKS);
    const b2 = level(w - BLOCK_WEEKS);
    const a1 = level(w);
    const a2 = level(w + BLOCK_WEEKS);
    if ([b1, b2, a1, a2].some(Number.isNaN)) continue;
    const beforeSaleDays = byWeek[w - 2 * BLOCK_WEEKS]!.saleDays + byWeek[w - BLOCK_WEEKS]!.saleDays;
    const afterSaleDays = byWeek[w]!.saleDays + byWeek[w + BLOCK_WEEKS]!.saleDays;
    if (beforeSaleDays >= MIN_SALE_DAYS_JUDGED && w >= nextFall) {
      result.judgedFalls++;
      if (Math.max(a1, a2) <= 0.5 * Math.min(b1, b2)) {
        result.falls++;
        nextFall = w + 2 * BLOCK_WEEKS;
      }
    }
    if (afterSaleDays >= MIN_SALE_DAYS_JUDGED && w >= nextRise) {
      result.judgedRises++;
      if (Math.min(a1, a2) >= 2 * Math.max(b1, b2)) {
        result.rises++;
        nextRise = w + 2 * BLOCK_WEEKS;
      }
    }
  }
  return result;
}

/** Whether the item stopped for good, or null when it cannot tell (too slow, or too short). */
export function stoppedForGood(item: ReplayItem): { stopped: boolean; exposureDays: number } | null {
  const n = item.demandUnits.length;
  if (n <= STOP_QUIET_DAYS) return null;
  let last = -1;
  for (let t = n - 1; t >= 0; t--) {
    if (item.demandUnits[t]! > 0 && item.closed[t] !== 1) {
      last = t;
      break;
    }
  }
  if (last < 0) return null;
  let open = 0;
  let saleDays = 0;
  for (let t = 0; t <= last; t++) {
    if (item.closed[t] === 1) continue;
    open++;
    if (item.demandUnits[t]! > 0) saleDays++;
  }
  if (open === 0 || saleDays / open < STOP_MIN_SALE_DAY_SHARE || saleDays < 2) return null;
  let quietOpen = 0;
  for (let t = last + 1; t < n; t++) if (item.closed[t] !== 1) quietOpen++;
  return { stopped: n - 1 - last >= STOP_QUIET_DAYS && quietOpen > 0, exposureDays: n - STOP_QUIET_DAYS };
}

/** mulberry32: a small seeded generator, so the shuffled floor is the same on every run. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The item with its open days' sales in a random order (closed days stay where they are). */
function shuffledOpenDays(item: ReplayItem, random: () => number): ReplayItem {
  const openDays: number[] = [];
  for (let t = 0; t < item.demandUnits.length; t++) if (item.closed[t] !== 1) openDays.push(t);
  const values = openDays.map((t) => item.demandUnits[t]!);
  for (let i = values.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [values[i], values[j]] = [values[j]!, values[i]!];
  }
  const demandUnits = [...item.demandUnits];
  openDays.forEach((t, i) => (demandUnits[t] = values[i]!));
  return { ...item, demandUnits };
}

function dailyCv(item: ReplayItem): number | null {
  let n = 0;
  let sum = 0;
  let sumSq = 0;
  for (let t = 0; t < item.demandUnits.length; t++) {
    if (item.closed[t] === 1) continue;
    const u = item.demandUnits[t]!;
    n++;
    sum += u;
    sumSq += u * u;
  }
  if (n < 2 || sum === 0) return null;
  const mean = sum / n;
  const variance = Math.max(0, sumSq / n - mean * mean);
  return Math.sqrt(variance) / mean;
}

/** Weekday index (Monday … Sunday) of units ÷ open days; null for a weekday without open days. */
function weekdayIndexOf(units: number[], open: number[]): (number | null)[] {
  const totalUnits = units.reduce((a, b) => a + b, 0);
  const totalOpen = open.reduce((a, b) => a + b, 0);
  const mean = totalOpen > 0 ? totalUnits / totalOpen : 0;
  return units.map((u, w) => (open[w]! > 0 && mean > 0 ? u / open[w]! / mean : null));
}

function spreadOf(index: (number | null)[]): number {
  const values = index.filter((v): v is number => v !== null);
  return values.length === 0 ? 0 : Math.max(...values) - Math.min(...values);
}

interface ShopDays {
  /** Per day on the common axis (undefined before the shop's first item starts): units sold, and whether any item was marked closed. */
  units: number[];
  closed: boolean[];
}

/**
 * @param shopOf the shop an item belongs to (a file is one shop; a county's items are `retailer:spec`).
 */
export function demandShape(items: readonly ReplayItem[], shopOf: (item: ReplayItem) => string): DemandShape {
  const params = DEFAULT_REPLENISHMENT_PARAMS;
  let openItemDays = 0;
  let zeroItemDays = 0;
  const unitsByWeekday = new Array<number>(7).fill(0);
  const openByWeekday = new Array<number>(7).fill(0);
  let falls = 0;
  let rises = 0;
  let judgedFalls = 0;
  let judgedRises = 0;
  let shuffledFalls = 0;
  let shuffledRises = 0;
  let shuffledJudgedFalls = 0;
  let shuffledJudgedRises = 0;
  const random = mulberry32(20250101);
  let itemsJudged = 0;
  let itemsWithFall = 0;
  let stops = 0;
  let stopEligible = 0;
  let stopExposureDays = 0;
  const classCount = Object.fromEntries(SHAPE_CLASSES.map((c) => [c, 0])) as Record<DemandClass, number>;
  const cvs = Object.fromEntries(SHAPE_CLASSES.map((c) => [c, [] as number[]])) as Record<DemandClass, number[]>;
  const allCvs: number[] = [];
  // Shops on a common day axis: days since the earliest item start (ISO days compare as strings).
  const earliest = items.reduce((min, it) => (it.firstDay < min ? it.firstDay : min), items[0]?.firstDay ?? '');
  const dayOffset = (item: ReplayItem) => Math.round((Date.parse(item.firstDay) - Date.parse(earliest)) / 86_400_000);
  const shops = new Map<string, ShopDays>();

  for (const item of items) {
    const n = item.demandUnits.length;
    const w0 = weekdayOfFirst(item);
    const offset = dayOffset(item);
    const key = shopOf(item);
    let shop = shops.get(key);
    if (!shop) {
      shop = { units: [], closed: [] };
      shops.set(key, shop);
    }
    const observed: number[] = [];
    for (let t = 0; t < n; t++) {
      const s = offset + t;
      shop.units[s] = (shop.units[s] ?? 0) + (item.closed[t] === 1 ? 0 : item.demandUnits[t]!);
      shop.closed[s] = (shop.closed[s] ?? false) || item.closed[t] === 1;
      if (item.closed[t] === 1) continue;
      const u = item.demandUnits[t]!;
      observed.push(u);
      openItemDays++;
      if (u === 0) zeroItemDays++;
      const w = (w0 + t) % 7;
      unitsByWeekday[w]! += u;
      openByWeekday[w]!++;
    }
    const demandClass = classifyDemand(observed, params).demandClass;
    classCount[demandClass]++;
    const cv = dailyCv(item);
    if (cv !== null) {
      cvs[demandClass].push(cv);
      allCvs.push(cv);
    }
    const changes = levelChanges(item);
    const shuffled = levelChanges(shuffledOpenDays(item, random));
    shuffledFalls += shuffled.falls;
    shuffledRises += shuffled.rises;
    shuffledJudgedFalls += shuffled.judgedFalls;
    shuffledJudgedRises += shuffled.judgedRises;
    falls += changes.falls;
    rises += changes.rises;
    judgedFalls += changes.judgedFalls;
    judgedRises += changes.judgedRises;
    if (changes.judgedFalls > 0) {
      itemsJudged++;
      if (changes.falls > 0) itemsWithFall++;
    }
    const stop = stoppedForGood(item);
    if (stop) {
      stopEligible++;
      stopExposureDays += stop.exposureDays;
      if (stop.stopped) stops++;
    }
  }

  const weekdayIndex = weekdayIndexOf(unitsByWeekday, openByWeekday);
  const closedShares: number[] = [];
  const otherClosedShares: number[] = [];
  const shopSpreads: number[] = [];
  let withClosedWeekday = 0;
  const earliestWeekday = items.length > 0 ? isoWeekday(earliest) - 1 : 0;
  for (const shop of shops.values()) {
    const closedByWeekday = new Array<number>(7).fill(0);
    const daysByWeekday = new Array<number>(7).fill(0);
    const units = new Array<number>(7).fill(0);
    const open = new Array<number>(7).fill(0);
    let days = 0;
    for (let s = 0; s < shop.units.length; s++) {
      if (shop.units[s] === undefined) continue;
      const w = (earliestWeekday + s) % 7;
      days++;
      daysByWeekday[w]!++;
      const isClosed = shop.closed[s] === true || shop.units[s] === 0;
      if (isClosed) closedByWeekday[w]!++;
      else {
        units[w]! += shop.units[s]!;
        open[w]!++;
      }
    }
    if (days === 0) continue;
    const closedTotal = closedByWeekday.reduce((a, b) => a + b, 0);
    const weeklyClosed = closedByWeekday.map((c, w) => daysByWeekday[w]! >= 2 && c >= 0.5 * daysByWeekday[w]!);
    if (weeklyClosed.some(Boolean)) withClosedWeekday++;
    const other = closedByWeekday.reduce((sum, c, w) => sum + (weeklyClosed[w] ? 0 : c), 0);
    closedShares.push(closedTotal / days);
    otherClosedShares.push(other / days);
    if (days >= 56) shopSpreads.push(spreadOf(weekdayIndexOf(units, open)));
  }

  const itemCount = items.length;
  const mean = (v: number[]) => (v.length === 0 ? 0 : v.reduce((a, b) => a + b, 0) / v.length);
  return {
    items: itemCount,
    shops: shops.size,
    openItemDays,
    zeroShare: openItemDays > 0 ? zeroItemDays / openItemDays : 0,
    weekdayIndex,
    weekdaySpread: spreadOf(weekdayIndex),
    shopWeekdaySpreadMedian: median(shopSpreads),
    fallsPerItemYear: judgedFalls > 0 ? falls / (judgedFalls / 52) : 0,
    risesPerItemYear: judgedRises > 0 ? rises / (judgedRises / 52) : 0,
    shuffledFallsPerItemYear: shuffledJudgedFalls > 0 ? shuffledFalls / (shuffledJudgedFalls / 52) : 0,
    shuffledRisesPerItemYear: shuffledJudgedRises > 0 ? shuffledRises / (shuffledJudgedRises / 52) : 0,
    itemsWithFallShare: itemsJudged > 0 ? itemsWithFall / itemsJudged : 0,
    changeItemYearsJudged: judgedFalls / 52,
    stopsPerItemYear: stopExposureDays > 0 ? stops / (stopExposureDays / 365) : 0,
    stoppedShare: stopEligible > 0 ? stops / stopEligible : 0,
    stopItemYears: stopExposureDays / 365,
    closedDayShare: mean(closedShares),
    closedDayShareMedian: median(closedShares) ?? 0,
    shopsWithClosedWeekday: shops.size > 0 ? withClosedWeekday / shops.size : 0,
    otherClosedDayShare: mean(otherClosedShares),
    classMix: Object.fromEntries(SHAPE_CLASSES.map((c) => [c, itemCount > 0 ? classCount[c] / itemCount : 0])) as Record<DemandClass, number>,
    cvByClass: Object.fromEntries(SHAPE_CLASSES.map((c) => [c, median(cvs[c])])) as Record<DemandClass, number | null>,
    cvMedian: median(allCvs),
  };
}
