/**
 * The backtest on a county's own history (the staff page) and on a generated one (`npm run backtest`):
 * loads, for shops that uploaded sales every day of the window, each carried spec's daily POS sales; rebuilds
 * the shop's real shelf stock from its weekly counts, receipts and sales so the days it was really sold out
 * are known (censored in the warm-up history, as the rule's wiring prescribes); then replays the last test
 * weeks under each policy (app/domain/backtest).
 *
 * Demand proxy: the recorded sales. On a test day the real shop was sold out the true demand is unknown and
 * its recorded sales are only a lower bound; the same lower bound is used for every policy (its share is
 * reported). See app/domain/backtest/simulate.ts for the day's order of events and what is measured.
 *
 * The page's other way in, an uploaded `date,item,units` history (replayUploadedHistory), is the command line's
 * replay (app/domain/backtest/replay.ts) run in the upload reader's worker thread: backtest-history.server.ts.
 */
import {
  addMetrics,
  checkTarget,
  emptyMetrics,
  movingAveragePolicy,
  observedMeanPacks,
  reorderSoldPolicy,
  rulePolicy,
  simulateSeries,
  staticMinMaxPolicy,
  summarize,
  type Policy,
  type PolicySummary,
  type ReplayItem,
  type SeriesMetrics,
  type BacktestResult,
} from '~/domain/backtest';
import { closedDaysOf, resolveReplenishmentParams, type ClosedDaySpec, type ReplenishmentParams } from '~/domain/replenishment';
import type { SalesDay } from '~/domain/replenishment/types';
import { addDays, daysBetween, shanghaiDayOf } from '~/domain/time';
import type { HistoryReplayOutcome } from './backtest-history.server';
import type { DB } from './db.server';
import { currentRuleSettings } from './suggestions/settings.server';
import { replayUploadInPool } from './uploads/read-pool.server';

/**
 * Service levels of the rule's trade-off curve; low ones too, so the curve reaches down to B1's fill rate and
 * the target is read off the curve rather than extrapolated beyond its end.
 */
export const RULE_SERVICE_LEVELS = [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 0.98] as const;
export const MAIN_RULE_SERVICE_LEVEL = 0.95;
export const B1_MULTIPLIERS = [1.0, 1.2, 1.5] as const;
/** Starting shelf for every policy: two weeks of the warm-up average (a typical shop's cover; see the seed's assortment). */
const INITIAL_STOCK_DAYS = 14;

export interface BacktestOptions {
  /** The day after the history's last day (the backtest uses the days before it). */
  today: string;
  testWeeks: number;
  leadDays: number;
  /** Rule parameters to try; checked by resolveReplenishmentParams. */
  ruleParams?: Partial<ReplenishmentParams>;
  /** At most this many daily-uploading shops, spread evenly by id (the whole county takes long); all when absent. */
  sampleShops?: number;
  /**
   * Called between chunks of the replay (done of total shop-spec runs; a run is one series under one policy); the
   * job awaits it, which yields to the event loop and lets the job stop at shutdown.
   */
  progress?: (done: number, total: number) => Promise<void>;
}

/** Shop-specs replayed under one policy between two progress reports. */
const SERIES_PER_CHUNK = 250;

export interface ShopSpecSeries {
  retailerId: number;
  specId: number;
  packsPerCarton: number;
  orderWeekday: number;
  warmupHistory: SalesDay[];
  demandPacks: number[];
  /** Test days on which the real shop was sold out (demand is a lower bound there). */
  lowerBoundDays: number;
  /**
   * 1 on a day of the whole window (warm-up, then test days) the shop was closed by its own sales (closed-days.ts:
   * uploaded, nothing of any spec sold, where that is not chance): censored in the warm-up, no demand in the test.
   */
  closed: Uint8Array;
  capCartonsOn: (orderDayIndex: number) => number | null;
}

export interface LoadedCounty {
  series: ShopSpecSeries[];
  testFirstDay: string;
  windowFirstDay: string;
  shops: number;
  shopsUploadingDaily: number;
  /** The daily-uploading shops replayed (all of them, or the sample). */
  shopsSimulated: number;
  skippedSpecs: number;
  /** Shop-days of the replayed shops read as closed (an upload without a sale of any spec, where that is not chance). */
  closedShopDays: number;
}

/** Per key, the values by day index (a dense array per retailer × spec). */
function dayArray(map: Map<string, number[]>, key: string, length: number): number[] {
  let values = map.get(key);
  if (!values) {
    values = new Array<number>(length).fill(0);
    map.set(key, values);
  }
  return values;
}

export async function loadCounty(db: DB, today: string, testWeeks: number, sampleShops?: number, weeksBeforeTest = 16): Promise<LoadedCounty> {
  const windowEnd = addDays(today, -1);
  // At most the rule's 16-week history before the test weeks: a county that has run for a year replays its
  // latest months, not all of them.
  const earliest = addDays(today, -7 * (testWeeks + weeksBeforeTest));
  const salesUploads = await db
    .selectFrom('uploads')
    .where('kind', '=', 'sales')
    .where('businessDate', '>=', earliest)
    .where('businessDate', '<=', windowEnd)
    .select(['retailerId', (eb) => eb.fn.min('businessDate').as('firstDay')])
    .groupBy('retailerId')
    .execute();
  // The window starts on the median shop's first upload day, not the earliest: one shop with older uploads (a pilot
  // shop, a history file sent once, a test's arrangement) would otherwise stretch the window past every other shop's
  // history and leave no shop that uploaded every day of it. Half the county's uploading shops had begun by then.
  const firstDays = salesUploads.map((u) => String(u.firstDay)).sort();
  const windowFirstDay = firstDays.length ? firstDays[Math.floor((firstDays.length - 1) / 2)]! : windowEnd;
  const windowDays = daysBetween(windowFirstDay, windowEnd) + 1;
  const uploadsInWindow = await db
    .selectFrom('uploads')
    .where('kind', '=', 'sales')
    .where('businessDate', '>=', windowFirstDay)
    .where('businessDate', '<=', windowEnd)
    .select(['retailerId', (eb) => eb.fn.count<number>('businessDate').distinct().as('days')])
    .groupBy('retailerId')
    .execute();
  const allDailyShops = uploadsInWindow
    .filter((u) => Number(u.days) === windowDays)
    .map((u) => u.retailerId)
    .sort((a, b) => a - b);
  // An even spread by id (deterministic: the same county and sample size give the same shops).
  const step = sampleShops && allDailyShops.length > sampleShops ? allDailyShops.length / sampleShops : 1;
  const sampled = step === 1 ? allDailyShops : Array.from({ length: sampleShops! }, (_, k) => allDailyShops[Math.floor(k * step)]!);
  const dailyShops = new Set(sampled);
  const testFirstDay = addDays(today, -7 * testWeeks);
  const testOffset = daysBetween(windowFirstDay, testFirstDay);
  if (testOffset < 7) throw new RangeError(`the history before the test weeks is too short: ${testOffset} days from ${windowFirstDay}`);
  // Restricting the big reads to the sample keeps a staff page's run short; the whole county reads everything.
  const onlySampled = <QB extends { where: (...args: any[]) => QB }>(qb: QB, column: string): QB =>
    step === 1 ? qb : qb.where(column, 'in', sampled);

  const retailers = (await db.selectFrom('retailers').select(['id', 'orderWeekday', 'grade']).execute()).filter((r) => dailyShops.has(r.id));
  const specs = new Map(
    (await db.selectFrom('specs').select(['id', 'packsPerCarton', 'isNew', 'isDiscontinued', 'isOrderable']).execute()).map((s) => [s.id, s])
  );
  const cycles = await db.selectFrom('orderCycles').select(['id', 'startsOn', 'endsOn']).execute();
  const caps = await db.selectFrom('caps').selectAll().execute();

  const sales = new Map<string, number[]>();
  for (const row of await db
    .selectFrom('posDailySales')
    .select(['retailerId', 'specId', 'salesDate', 'qtyPacks'])
    .where('salesDate', '>=', windowFirstDay)
    .where('salesDate', '<=', windowEnd)
    .$call((qb) => onlySampled(qb, 'retailerId'))
    .execute()) {
    if (!dailyShops.has(row.retailerId)) continue;
    dayArray(sales, `${row.retailerId}:${row.specId}`, windowDays)[daysBetween(windowFirstDay, row.salesDate)]! += row.qtyPacks;
  }
  // The days each shop was closed, by its own sales of every spec (the rule's wiring reads them the same way:
  // shopClosedDays in shop-history.ts). A day with a refused sales line is not judged.
  const refusedDays = new Map<number, Set<number>>();
  for (const row of await db
    .selectFrom('unknownSpecDays')
    .select(['retailerId', 'day'])
    .where('kind', '=', 'sales')
    .where('day', '>=', windowFirstDay)
    .where('day', '<=', windowEnd)
    .$call((qb) => onlySampled(qb, 'retailerId'))
    .execute()) {
    const set = refusedDays.get(row.retailerId) ?? new Set<number>();
    set.add(daysBetween(windowFirstDay, row.day));
    refusedDays.set(row.retailerId, set);
  }
  const specsOfShop = new Map<number, ClosedDaySpec[]>();
  for (const [key, soldPacks] of sales) {
    const retailerId = Number(key.slice(0, key.indexOf(':')));
    const list = specsOfShop.get(retailerId) ?? [];
    list.push({ first: 0, soldPacks });
    specsOfShop.set(retailerId, list);
  }
  const closedOfShop = new Map<number, Uint8Array>();
  let closedShopDays = 0;
  for (const retailerId of dailyShops) {
    const refused = refusedDays.get(retailerId);
    const closed = closedDaysOf({ dayCount: windowDays, recorded: (t) => refused?.has(t) !== true, specs: specsOfShop.get(retailerId) ?? [] });
    closedOfShop.set(retailerId, closed);
    for (const c of closed) closedShopDays += c;
  }

  const receipts = new Map<string, number[]>();
  for (const row of await db
    .selectFrom('receipts')
    .select(['retailerId', 'specId', 'receivedOn', 'qtyPacks'])
    .where('receivedOn', '>=', windowFirstDay)
    .$call((qb) => onlySampled(qb, 'retailerId'))
    .execute()) {
    const t = daysBetween(windowFirstDay, row.receivedOn);
    if (!dailyShops.has(row.retailerId) || t < 0 || t >= windowDays) continue;
    dayArray(receipts, `${row.retailerId}:${row.specId}`, windowDays)[t]! += row.qtyPacks;
  }
  // Counts are taken on the order-day morning, before trade: the stock at the start of that day.
  const counts = new Map<string, Map<number, number>>();
  const countRows = await db
    .selectFrom('stockCountLines')
    .innerJoin('stockCounts', 'stockCounts.id', 'stockCountLines.stockCountId')
    .select(['stockCounts.retailerId', 'stockCountLines.specId', 'stockCounts.countedAt', 'stockCountLines.qtyPacks'])
    .$call((qb) => onlySampled(qb, 'stockCounts.retailerId'))
    .execute();
  for (const row of countRows) {
    const t = daysBetween(windowFirstDay, shanghaiDayOf(row.countedAt));
    if (!dailyShops.has(row.retailerId) || t < 0 || t >= windowDays) continue;
    const key = `${row.retailerId}:${row.specId}`;
    if (!counts.has(key)) counts.set(key, new Map());
    counts.get(key)!.set(t, row.qtyPacks);
  }

  const capFor = (grade: number, specId: number, day: string): number | null => {
    const cycle = cycles.find((c) => c.startsOn <= day && day <= c.endsOn);
    if (!cycle) return null;
    const cap = caps.find((c) => c.cycleId === cycle.id && c.specId === specId && c.gradeFrom <= grade && grade <= c.gradeTo);
    return cap ? cap.capCartons : null;
  };

  const series: ShopSpecSeries[] = [];
  let skippedSpecs = 0;
  const retailerById = new Map(retailers.map((r) => [r.id, r]));
  // Every carried spec of a daily uploader is in its weekly counts, so the counts list the shop-specs.
  for (const [key, countByDay] of counts) {
    const [retailerPart, specPart] = key.split(':');
    const retailer = retailerById.get(Number(retailerPart));
    if (!retailer) continue;
    const specId = Number(specPart);
    const spec = specs.get(specId);
    const daySales = sales.get(key) ?? new Array<number>(windowDays).fill(0);
    // Ordinary specs the shop carried all along: new specs are adopted mid-window, discontinued ones stop.
    const carried = spec && spec.isNew === 0 && spec.isDiscontinued === 0 && spec.isOrderable === 1;
    const soldInWarmup = daySales.slice(0, testOffset).some((q) => q > 0);
    if (!carried || !soldInWarmup) {
      skippedSpecs++;
      continue;
    }
    const soldOut = realSoldOutDays(countByDay, receipts.get(key) ?? new Array<number>(windowDays).fill(0), daySales);
    const closed = closedOfShop.get(retailer.id) ?? new Uint8Array(windowDays);
    const warmupHistory: SalesDay[] = [];
    for (let t = 0; t < testOffset; t++) {
      const day = addDays(windowFirstDay, t);
      if (closed[t]) warmupHistory.push({ day, qtyPacks: daySales[t]!, censored: true, closed: true });
      else warmupHistory.push(soldOut[t] ? { day, qtyPacks: daySales[t]!, censored: true } : { day, qtyPacks: daySales[t]! });
    }
    const capCache = new Map<number, number | null>();
    series.push({
      retailerId: retailer.id,
      specId,
      packsPerCarton: spec.packsPerCarton,
      orderWeekday: retailer.orderWeekday,
      warmupHistory,
      demandPacks: daySales.slice(testOffset),
      lowerBoundDays: soldOut.slice(testOffset).filter(Boolean).length,
      closed,
      capCartonsOn: (i) => {
        if (!capCache.has(i)) capCache.set(i, capFor(retailer.grade, specId, addDays(testFirstDay, i)));
        return capCache.get(i)!;
      },
    });
  }
  return { series, testFirstDay, windowFirstDay, shops: salesUploads.length, shopsUploadingDaily: allDailyShops.length, shopsSimulated: retailers.length, skippedSpecs, closedShopDays };
}

/**
 * Days the real shop was sold out at closing, from its stock rebuilt around the counts:
 * start(t + 1) = start(t) + receipts(t) − sales(t), anchored on every count (start-of-day stock), and run
 * backwards from the first count for the days before it.
 */
function realSoldOutDays(countByDay: ReadonlyMap<number, number>, receipts: readonly number[], sales: readonly number[]): boolean[] {
  const length = sales.length;
  const start = new Array<number>(length + 1).fill(Number.NaN);
  const countDays = [...countByDay.keys()].sort((a, b) => a - b);
  const first = countDays[0];
  if (first === undefined) return new Array<boolean>(length).fill(false);
  start[first] = countByDay.get(first)!;
  for (let t = first - 1; t >= 0; t--) start[t] = start[t + 1]! - receipts[t]! + sales[t]!;
  for (let t = first; t < length; t++) {
    const counted = countByDay.get(t);
    if (counted !== undefined) start[t] = counted;
    start[t + 1] = start[t]! + receipts[t]! - sales[t]!;
  }
  return Array.from({ length }, (_, t) => start[t + 1]! <= 0);
}

/**
 * The county's shop × spec histories as replay items (app/domain/backtest/replay.ts), so a generated county goes
 * through the same replay as a file: every carried ordinary spec of every daily-uploading shop (or a sample of
 * the shops), its recorded daily sales over the last `weeks` weeks, in the spec's own carton size. The shops
 * upload every day; a day a shop was closed by its own sales (closed-days.ts: its POS sent the day empty) is a
 * closed day of each of its items, as a day missing from a file's trading days is. A day the real shop was sold
 * out counts its recorded sales as demand (a lower bound, the same for every policy).
 */
export async function loadCountyItems(db: DB, today: string, weeks: number, sampleShops?: number): Promise<{ items: ReplayItem[]; county: LoadedCounty }> {
  // One test week keeps every spec that sold before the last week; the items span the whole window anyway.
  const county = await loadCounty(db, today, 1, sampleShops, weeks - 1);
  const items = county.series.map(
    (s): ReplayItem => ({
      id: `${s.retailerId}:${s.specId}`,
      firstDay: county.windowFirstDay,
      demandUnits: [...s.warmupHistory.map((d) => d.qtyPacks), ...s.demandPacks],
      closed: s.closed,
      packsPerCarton: s.packsPerCarton,
    }),
  );
  return { items, county };
}

export function runPolicy(policy: Policy, county: LoadedCounty, leadDays: number): PolicySummary {
  const total: SeriesMetrics = emptyMetrics();
  for (const s of county.series) addMetrics(total, runSeries(policy, s, county.testFirstDay, leadDays));
  return summarize(policy.name, county.series.length, total);
}

function runSeries(policy: Policy, s: ShopSpecSeries, testFirstDay: string, leadDays: number): SeriesMetrics {
  const initialOnHandPacks = Math.round(INITIAL_STOCK_DAYS * observedMeanPacks(s.warmupHistory, s.warmupHistory.length));
  return simulateSeries(
    {
      firstDay: testFirstDay,
      demandPacks: s.demandPacks,
      warmupHistory: s.warmupHistory,
      packsPerCarton: s.packsPerCarton,
      orderWeekday: s.orderWeekday,
      leadDays,
      capCartonsOn: s.capCartonsOn,
      initialOnHandPacks,
      closedDays: s.closed.subarray(s.warmupHistory.length),
    },
    policy
  );
}

/** runPolicy in chunks of series, reporting after each (the job's way: the event loop is never held long). */
async function runPolicyInChunks(policy: Policy, county: LoadedCounty, leadDays: number, report: (series: number) => Promise<void>): Promise<PolicySummary> {
  const total: SeriesMetrics = emptyMetrics();
  for (let i = 0; i < county.series.length; i += SERIES_PER_CHUNK) {
    const chunk = county.series.slice(i, i + SERIES_PER_CHUNK);
    for (const s of chunk) addMetrics(total, runSeries(policy, s, county.testFirstDay, leadDays));
    await report(chunk.length);
  }
  return summarize(policy.name, county.series.length, total);
}

export interface BacktestPolicies {
  main: Policy[];
  ruleCurve: Policy[];
  b1Curve: Policy[];
}

export function backtestPolicies(ruleParams: Partial<ReplenishmentParams> = {}): BacktestPolicies {
  const params = resolveReplenishmentParams(ruleParams);
  const ruleCurve = RULE_SERVICE_LEVELS.map((level) => rulePolicy(level, params));
  const b1Curve = B1_MULTIPLIERS.map((m) => movingAveragePolicy(m));
  const mainRule = ruleCurve[RULE_SERVICE_LEVELS.indexOf(MAIN_RULE_SERVICE_LEVEL)]!;
  return { main: [mainRule, reorderSoldPolicy(), b1Curve[0]!, staticMinMaxPolicy()], ruleCurve, b1Curve };
}

export type { BacktestResult } from '~/domain/backtest';

/**
 * Loads the history and replays every policy of the comparison and the trade-off curves. The staff page runs it
 * as a job (job-kinds.server.ts runCountyBacktest), reporting progress between chunks.
 */
export async function runBacktest(db: DB, options: BacktestOptions): Promise<BacktestResult> {
  const started = performance.now();
  const county = await loadCounty(db, options.today, options.testWeeks, options.sampleShops);
  const loaded = performance.now();
  const policies = backtestPolicies(options.ruleParams);
  // Each policy once, whichever lists name it.
  const unique = new Map<string, Policy>();
  for (const p of [...policies.main, ...policies.ruleCurve, ...policies.b1Curve]) if (!unique.has(p.name)) unique.set(p.name, p);
  const totalRuns = unique.size * county.series.length;
  let doneRuns = 0;
  const report = async (series: number) => {
    doneRuns += series;
    await options.progress?.(doneRuns, totalRuns);
  };
  const cache = new Map<string, PolicySummary>();
  for (const [name, policy] of unique) cache.set(name, await runPolicyInChunks(policy, county, options.leadDays, report));
  const run = (p: Policy) => cache.get(p.name)!;
  const comparison = policies.main.map(run);
  const rule = policies.ruleCurve.map(run);
  const b1 = policies.b1Curve.map(run);
  const rulePoints = rule.map((s) => ({ fillRate: s.fillRate, averageStockPacks: s.averageStockPacks }));
  const lowerBoundDays = county.series.reduce((sum, s) => sum + s.lowerBoundDays, 0);
  const testDays = county.series.reduce((sum, s) => sum + s.demandPacks.length, 0);
  return {
    testFirstDay: county.testFirstDay,
    windowFirstDay: county.windowFirstDay,
    testWeeks: options.testWeeks,
    leadDays: options.leadDays,
    shops: county.shops,
    shopsUploadingDaily: county.shopsUploadingDaily,
    shopsSimulated: county.shopsSimulated,
    shopSpecs: county.series.length,
    skippedSpecs: county.skippedSpecs,
    closedShopDays: county.closedShopDays,
    lowerBoundDayShare: lowerBoundDays / Math.max(1, testDays),
    comparison,
    tradeOff: { rule, b1, b0: comparison[1]!, b2: comparison[3]! },
    targets: b1.map((baseline) => checkTarget(rulePoints, baseline)),
    timings: { loadMs: Math.round(loaded - started), simulateMs: Math.round(performance.now() - loaded) },
  };
}

export interface UploadedHistory {
  history: { fileName: string; bytes: Uint8Array };
  tradingDays: { fileName: string; bytes: Uint8Array } | null;
  leadDays: number;
  packsPerCarton: number;
  keepGoodRows: boolean;
  fingerprint: string | null;
}

/**
 * The staff page's replay of an uploaded `date,item,units` history (backtest-history.server.ts): the rule with
 * the settings in force against the baselines, as `npm run backtest -- --data` replays it. Reading and replaying
 * run in the upload reader's worker thread; nothing is written.
 */
export async function replayUploadedHistory(db: DB, upload: UploadedHistory): Promise<HistoryReplayOutcome> {
  const ruleParams = resolveReplenishmentParams((await currentRuleSettings(db)).settings.params);
  return replayUploadInPool({ ...upload, ruleParams });
}
