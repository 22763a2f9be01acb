/**
 * Replay of supply methods (issue 18) on a generated county's own past cycles: for every scarce spec whose supply
 * was short, the same supply shared 按档位 (grade) and 按需 (demand, floor 1 carton for regular sellers), and for
 * each the cartons a shop would have sold within two weeks of its delivery, shops covered, and grade bands of
 * regular sellers left with nothing.
 *
 *   npm run backtest -- --supply [--county demo|shapes] [--retailers 300] [--weeks 16] [--cycles 8] [--floor 1]
 *   (or npx tsx scripts/supply-replay.ts with the same options)
 *
 * Demand before the cycle: app/domain/allocation's estimate (the seed stores no suggestions for past cycles, so it
 * is the censored-data mean of the 16 weeks before: sold-out days read as "at least"). What a shop would have sold
 * of an allocation a within two weeks of delivery: min(a × packs per carton, max(0, D − S)), S its stock on the
 * delivery morning (rolled forward from its counts; unknown = 0), D its demand over the 14 days from delivery
 * (the same censored-data mean over those days × 14: days the shelf was empty count as "at least what sold").
 * The history was lived under the seed's own grade allocation, so D for a shop that got little under it is read
 * through its empty-shelf days — a lower bound; the comparison leans, if anything, towards 按档位.
 *
 * A third line, 'hindsight', is the most any sharing of the same supply within the same asks and caps could have
 * sold: each carton in turn to the line that would sell most of it, knowing D − S (bestSellThrough). It is a bound
 * for scale, not a method: no allocation can know the fortnight after delivery.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { censoredDailyMean, eligibleCartons, shareSpec, shareSpecBy, type DemandLine } from '../app/domain/allocation';
import { historyDaysBefore, specHistory } from '../app/domain/replenishment';
import { addDays } from '../app/domain/time';
import { computeDemandEstimates, gradeBandOf } from '../app/server/allocation-demand.server';
import { seedDemo } from '../app/server/seed.server';
import { loadShopsData } from '../app/server/suggestions/history.server';
import { connect } from '../db/connect';
import { migrateToLatest } from '../db/migrate';
import { seedOptionsFor, type County } from './replay-sources';

const OUTCOME_DAYS = 14;

interface Tally {
  allocatedCartons: number;
  soldPacks: number;
  allocatedPacks: number;
  regularSellers: number;
  regularCovered: number;
  bandsWithRegular: number;
  bandsLeftOut: number;
  demandCartons: number;
  demandMet: number;
}
const tally = (): Tally => ({ allocatedCartons: 0, soldPacks: 0, allocatedPacks: 0, regularSellers: 0, regularCovered: 0, bandsWithRegular: 0, bandsLeftOut: 0, demandCartons: 0, demandMet: 0 });

export async function replaySupply(county: County, options: { retailers: number; weeks: number; cycles: number; floorCartons: number }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'peihuo-supply-'));
  const db = connect({ url: path.join(dir, `${county}.db`) });
  try {
    await migrateToLatest(db);
    const seed = await seedDemo(db, seedOptionsFor(county, options));
    const today = seed.options.today;
    const cycles = (await db.selectFrom('orderCycles').select(['id', 'code', 'startsOn', 'endsOn']).where('status', '=', 'delivered').orderBy('startsOn', 'desc').execute())
      .filter((c) => addDays(c.endsOn, OUTCOME_DAYS) < today)
      .slice(0, options.cycles);
    const result = { grade: tally(), demand: tally(), hindsight: tally(), specCycles: 0 };
    for (const cycle of cycles) {
      const supply = await db
        .selectFrom('cycleSupply')
        .innerJoin('specs', 'specs.id', 'cycleSupply.specId')
        .select(['cycleSupply.specId', 'cycleSupply.supplyCartons', 'specs.packsPerCarton'])
        .where('cycleSupply.cycleId', '=', cycle.id)
        .where('specs.isScarce', '=', 1)
        .where('cycleSupply.supplyCartons', 'is not', null)
        .execute();
      if (!supply.length) continue;
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
      const { estimates } = await computeDemandEstimates(db, cycle, ['delivered']);
      const estimateOf = new Map(estimates.map((e) => [`${e.retailerId}:${e.specId}`, e.estimate]));
      // Stock on the delivery morning and demand over the two weeks from it, per shop and spec.
      const outcome = new Map<string, { stockPacks: number; demandPacks: number }>();
      const byDelivery = new Map<string, number[]>();
      for (const l of lines) if (l.deliveredOn) byDelivery.set(l.deliveredOn, [...(byDelivery.get(l.deliveredOn) ?? []), l.retailerId]);
      for (const [day, shops] of byDelivery) {
        const before = historyDaysBefore(day);
        const window = Array.from({ length: OUTCOME_DAYS }, (_, i) => addDays(day, i));
        const data = await loadShopsData(db, [...new Set(shops)], [...before, ...window]);
        for (const l of lines.filter((x) => x.deliveredOn === day)) {
          const shop = data.get(l.retailerId);
          if (!shop) continue;
          const all = specHistory([...before, ...window], shop, l.specId).history;
          const stockPacks = Math.max(0, specHistory(before, shop, l.specId).onHandPacks ?? 0);
          const mean = censoredDailyMean(all.slice(before.length));
          outcome.set(`${l.retailerId}:${l.specId}`, { stockPacks, demandPacks: (mean?.mean ?? 0) * OUTCOME_DAYS });
        }
      }
      for (const s of supply) {
        const specLines: DemandLine[] = lines
          .filter((l) => l.specId === s.specId)
          .map((l) => {
            const e = estimateOf.get(`${l.retailerId}:${l.specId}`);
            return { key: l.id, specId: l.specId, grade: l.grade, requestedCartons: l.qtyRequestedCartons, capCartons: l.capCartons, demandCartons: e?.demandCartons ?? 0, regularSeller: e?.regularSeller ?? false };
          });
        const eligible = specLines.reduce((n, l) => n + eligibleCartons(l), 0);
        if (eligible <= s.supplyCartons!) continue;
        result.specCycles++;
        const floor = Math.min(options.floorCartons, s.supplyCartons!);
        const sellable = specLines.map((l) => {
          const line = lines.find((x) => x.id === l.key)!;
          const o = outcome.get(`${line.retailerId}:${l.specId}`) ?? { stockPacks: 0, demandPacks: 0 };
          return Math.max(0, o.demandPacks - o.stockPacks);
        });
        const shares = {
          grade: shareSpec(specLines, s.supplyCartons),
          demand: shareSpecBy(specLines, s.supplyCartons, { kind: 'demand', floorCartons: floor }),
          hindsight: bestSellThrough(specLines, sellable, s.packsPerCarton, s.supplyCartons!),
        };
        for (const method of ['grade', 'demand', 'hindsight'] as const) {
          const t = result[method];
          const bands = new Map<string, { regular: number; covered: number }>();
          specLines.forEach((l, i) => {
            const a = shares[method][i]!;
            const line = lines.find((x) => x.id === l.key)!;
            const o = outcome.get(`${line.retailerId}:${l.specId}`) ?? { stockPacks: 0, demandPacks: 0 };
            t.allocatedCartons += a;
            t.allocatedPacks += a * s.packsPerCarton;
            t.soldPacks += Math.min(a * s.packsPerCarton, Math.max(0, o.demandPacks - o.stockPacks));
            t.demandCartons += l.demandCartons;
            t.demandMet += Math.min(a, l.demandCartons);
            if (l.regularSeller) {
              t.regularSellers++;
              if (a > 0) t.regularCovered++;
              const b = bands.get(gradeBandOf(l.grade)) ?? { regular: 0, covered: 0 };
              b.regular++;
              if (a > 0) b.covered++;
              bands.set(gradeBandOf(l.grade), b);
            }
          });
          for (const b of bands.values()) {
            t.bandsWithRegular++;
            if (b.covered === 0) t.bandsLeftOut++;
          }
        }
      }
    }
    return { county, seed: seed.options, cycles: cycles.map((c) => c.code), ...result };
  } finally {
    await db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The most of `supply` the lines could sell, knowing what each would sell (packs): one carton at a time to the line
 * with the largest sale from it, within its ask and cap. Σ min(10·a_i, sellable_i) is concave in each a_i, so this
 * greedy choice is optimal.
 */
function bestSellThrough(lines: readonly DemandLine[], sellablePacks: readonly number[], packsPerCarton: number, supply: number): number[] {
  const shares = lines.map(() => 0);
  const ceilings = lines.map(eligibleCartons);
  for (let k = 0; k < supply; k++) {
    let best = -1;
    let gain = -1;
    for (let i = 0; i < lines.length; i++) {
      if (shares[i]! >= ceilings[i]!) continue;
      const g = Math.min(packsPerCarton, Math.max(0, sellablePacks[i]! - shares[i]! * packsPerCarton));
      if (g > gain) [best, gain] = [i, g];
    }
    if (best < 0) break;
    shares[best]!++;
  }
  return shares;
}

function line(name: string, t: Tally) {
  const pct = (a: number, b: number) => (b > 0 ? `${((a / b) * 100).toFixed(1)} %` : '—');
  return `${name.padEnd(9)} allocated ${String(t.allocatedCartons).padStart(6)} cartons · sold within 2 weeks ${pct(t.soldPacks, t.allocatedPacks).padStart(7)} · demand met ${pct(t.demandMet, t.demandCartons).padStart(7)} · regular sellers covered ${t.regularCovered}/${t.regularSellers} (${pct(t.regularCovered, t.regularSellers)}) · grade bands of regular sellers left with nothing ${t.bandsLeftOut}/${t.bandsWithRegular}`;
}

/** The replay as a command: `args` are its options (scripts/backtest.ts passes its own after --supply). */
export async function supplyReplayMain(args: string[] = process.argv.slice(2)) {
  const { values } = parseArgs({ args, options: { county: { type: 'string' }, retailers: { type: 'string' }, weeks: { type: 'string' }, cycles: { type: 'string' }, floor: { type: 'string' } } });
  const counties: County[] = values.county ? [values.county as County] : ['demo', 'shapes'];
  for (const county of counties) {
    const r = await replaySupply(county, { retailers: Number(values.retailers ?? 300), weeks: Number(values.weeks ?? 16), cycles: Number(values.cycles ?? 8), floorCartons: Number(values.floor ?? 1) });
    console.log(`county "${county}" (seed ${r.seed.seed}, ${r.seed.retailers} retailers, ${r.seed.weeks} weeks to ${r.seed.today}): ${r.specCycles} short scarce spec-cycles in ${r.cycles.join(', ')}`);
    console.log(`  ${line('按档位', r.grade)}`);
    console.log(`  ${line('按需', r.demand)}`);
    console.log(`  ${line('hindsight', r.hindsight)}`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  supplyReplayMain().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
