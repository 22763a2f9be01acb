/**
 * Replay of supply methods on the county's own history (issue 18): for every scarce spec whose supply was short in
 * the last delivered cycles, the same supply shared 按档位 (grade) and 按需 (demand, with a floor for regular
 * sellers), and the hindsight bound; for each, what the shops would have sold within two weeks of delivery, what
 * was left, demand met, regular sellers covered, grade bands left out and the evenness of fill
 * (app/domain/allocation/supply-replay.ts). Nothing is written. Runs as a job from the staff page
 * (job-kinds.server.ts runSupplyReplay) and from `npm run backtest -- --supply` on a generated county.
 *
 * Demand before the cycle: the allocation's own estimate (computeDemandEstimates: the rule's stored forecast where
 * there is one, else the censored-data mean of the weeks before, net of stock). What a shop would have sold of an
 * allocation a within two weeks of delivery: min(a × packs per carton, max(0, D − S)), S its stock on the delivery
 * morning (rolled forward from its counts; unknown = 0), D its demand over the 14 days from delivery (the same
 * censored-data mean over those days × 14: days the shelf was empty count as "at least what sold"; a fortnight with
 * no observed day at all reads the shop's whole history instead of 0). The history was
 * lived under the county's own allocation, so D for a shop that got little is read through its empty-shelf days — a
 * lower bound; the comparison leans, if anything, towards the method the county used.
 */
import {
  bestSellThrough,
  censoredDailyMean,
  eligibleCartons,
  emptyTally,
  shareSpec,
  shareSpecBy,
  SUPPLY_OUTCOME_DAYS,
  SUPPLY_REPLAY_METHODS,
  tallySpecCycle,
  type DemandLine,
  type SupplyReplayResult,
} from '~/domain/allocation';
import { historyDaysBefore, specHistory } from '~/domain/replenishment';
import { addDays } from '~/domain/time';
import { computeDemandEstimates, gradeBandOf } from './allocation-demand.server';
import type { DB } from './db.server';
import { loadShopsData } from './suggestions/history.server';

export interface SupplyReplayOptions {
  /** The day the replay is asked on: a cycle counts once its deliveries' two weeks are over before it. */
  today: string;
  /** The most recent delivered cycles to replay. */
  cycles: number;
  /** 按需's floor for regular sellers, cartons. */
  floorCartons: number;
  /** Called after each cycle (done of total). */
  progress?: (done: number, total: number) => Promise<void>;
}

export async function replaySupplyMethods(db: DB, options: SupplyReplayOptions): Promise<SupplyReplayResult> {
  const cycles = (await db.selectFrom('orderCycles').select(['id', 'code', 'startsOn', 'endsOn']).where('status', '=', 'delivered').orderBy('startsOn', 'desc').execute())
    .filter((c) => addDays(c.endsOn, SUPPLY_OUTCOME_DAYS) < options.today)
    .slice(0, options.cycles)
    .reverse();
  const result: SupplyReplayResult = {
    cycles: cycles.map((c) => c.code),
    specCycles: 0,
    floorCartons: options.floorCartons,
    methods: { grade: emptyTally(), demand: emptyTally(), hindsight: emptyTally() },
  };
  await options.progress?.(0, cycles.length);
  for (const [index, cycle] of cycles.entries()) {
    await replayCycle(db, cycle, options.floorCartons, result);
    await options.progress?.(index + 1, cycles.length);
  }
  return result;
}

async function replayCycle(db: DB, cycle: { id: number; startsOn: string; endsOn: string }, floorCartons: number, result: SupplyReplayResult) {
  const supply = await db
    .selectFrom('cycleSupply')
    .innerJoin('specs', 'specs.id', 'cycleSupply.specId')
    .select(['cycleSupply.specId', 'cycleSupply.supplyCartons', 'specs.packsPerCarton'])
    .where('cycleSupply.cycleId', '=', cycle.id)
    .where('specs.isScarce', '=', 1)
    .where('cycleSupply.supplyCartons', 'is not', null)
    .execute();
  if (!supply.length) return;
  const lines = await db
    .selectFrom('orderLines')
    .innerJoin('orders', 'orders.id', 'orderLines.orderId')
    .innerJoin('retailers', 'retailers.id', 'orders.retailerId')
    .select(['orderLines.id', 'orderLines.specId', 'orders.retailerId', 'orders.deliveredOn', 'retailers.grade', 'orderLines.qtyRequestedCartons', 'orderLines.capCartons'])
    .where('orders.cycleId', '=', cycle.id)
    .where('orders.status', '=', 'delivered')
    .where(
      'orderLines.specId',
      'in',
      supply.map((s) => s.specId),
    )
    .execute();
  if (!lines.length) return;
  const { estimates } = await computeDemandEstimates(db, cycle, ['delivered']);
  const estimateOf = new Map(estimates.map((e) => [`${e.retailerId}:${e.specId}`, e.estimate]));
  // What each shop could sell of the spec in the two weeks from its delivery, net of its stock that morning.
  const sellable = new Map<string, number>();
  const byDelivery = new Map<string, typeof lines>();
  for (const l of lines) {
    if (!l.deliveredOn) continue;
    const list = byDelivery.get(l.deliveredOn);
    if (list) list.push(l);
    else byDelivery.set(l.deliveredOn, [l]);
  }
  for (const [day, dayLines] of byDelivery) {
    const before = historyDaysBefore(day);
    const window = Array.from({ length: SUPPLY_OUTCOME_DAYS }, (_, i) => addDays(day, i));
    const data = await loadShopsData(db, [...new Set(dayLines.map((l) => l.retailerId))], [...before, ...window]);
    for (const l of dayLines) {
      const shop = data.get(l.retailerId);
      if (!shop) continue;
      const all = specHistory([...before, ...window], shop, l.specId).history;
      const stockPacks = Math.max(0, specHistory(before, shop, l.specId).onHandPacks ?? 0);
      // A fortnight without one observed day (the shelf empty, or no upload, every day of it) says nothing about
      // the shop's demand: it is read from every observed day of its history (the weeks before and the fortnight),
      // never as 0 — else a shop the county's own allocation left without the spec would count as unable to sell
      // whatever another method gives it, and the replay would lean towards the allocation the history lived under.
      const mean = censoredDailyMean(all.slice(before.length)) ?? censoredDailyMean(all);
      sellable.set(`${l.retailerId}:${l.specId}`, Math.max(0, (mean?.mean ?? 0) * SUPPLY_OUTCOME_DAYS - stockPacks));
    }
  }
  const linesBySpec = new Map<number, typeof lines>();
  for (const l of lines) {
    const list = linesBySpec.get(l.specId);
    if (list) list.push(l);
    else linesBySpec.set(l.specId, [l]);
  }
  for (const s of supply) {
    const rows = linesBySpec.get(s.specId) ?? [];
    const specLines: DemandLine[] = rows.map((l) => {
      const e = estimateOf.get(`${l.retailerId}:${l.specId}`);
      return { key: l.id, specId: l.specId, grade: l.grade, requestedCartons: l.qtyRequestedCartons, capCartons: l.capCartons, demandCartons: e?.demandCartons ?? 0, regularSeller: e?.regularSeller ?? false };
    });
    if (specLines.reduce((n, l) => n + eligibleCartons(l), 0) <= s.supplyCartons!) continue;
    result.specCycles++;
    const sellablePacks = rows.map((l) => sellable.get(`${l.retailerId}:${l.specId}`) ?? 0);
    const shares = {
      grade: shareSpec(specLines, s.supplyCartons),
      demand: shareSpecBy(specLines, s.supplyCartons, { kind: 'demand', floorCartons: Math.min(floorCartons, s.supplyCartons!) }),
      hindsight: bestSellThrough(specLines.map(eligibleCartons), sellablePacks, s.packsPerCarton, s.supplyCartons!),
    };
    for (const method of SUPPLY_REPLAY_METHODS) {
      tallySpecCycle(
        result.methods[method],
        specLines.map((l, i) => ({ allocatedCartons: shares[method][i]!, sellablePacks: sellablePacks[i]!, demandCartons: l.demandCartons, regularSeller: l.regularSeller, band: gradeBandOf(l.grade) })),
        s.packsPerCarton,
      );
    }
  }
}
