/**
 * The replay of supply methods (issue 18), pure: what each way of sharing a short scarce spec would have done with
 * the same supply, asks and caps on past cycles — tallied per method over every short spec-cycle replayed. The
 * database side (which cycles, what each shop sold after delivery) is app/server/supply-replay.server.ts; the
 * staff page and `npm run backtest -- --supply` show the same result.
 *
 *   sold within two weeks   Σ min(allocated packs, what the shop could sell in the 14 days from delivery net of
 *                           the stock it had that morning) ÷ allocated packs
 *   left unsold             allocated − sold, in cartons: the allocation still on the shelf after two weeks
 *   demand met              Σ min(allocated, estimated demand) ÷ Σ estimated demand
 *   regular sellers covered regular sellers allocated ≥ 1 carton ÷ regular sellers who ordered the spec
 *   bands left out          grade bands (of five) with regular sellers of which none got a carton
 *   evenness                1 − Gini of the shops' fills (evenness.ts), averaged over the spec-cycles
 */
import { fillEvenness, type FillLine } from './evenness';

/** 按档位, 按需 and the hindsight bound (the most any sharing within the same asks and caps could have sold). */
export const SUPPLY_REPLAY_METHODS = ['grade', 'demand', 'hindsight'] as const;
export type SupplyReplayMethod = (typeof SUPPLY_REPLAY_METHODS)[number];

/** Days after delivery over which what an allocation sold is counted. */
export const SUPPLY_OUTCOME_DAYS = 14;

export interface SupplyTally {
  allocatedCartons: number;
  allocatedPacks: number;
  soldPacks: number;
  /** Allocated − sold, in cartons (fractions kept: packs ÷ packs per carton). */
  leftCartons: number;
  demandCartons: number;
  demandMetCartons: number;
  regularSellers: number;
  regularCovered: number;
  bandsWithRegular: number;
  bandsLeftOut: number;
  /** Σ of each spec-cycle's evenness, and how many had one. */
  evennessSum: number;
  evennessCount: number;
}

export interface SupplyReplayResult {
  /** The delivered cycles replayed, oldest first. */
  cycles: string[];
  /** Short scarce spec-cycles (asks within caps above the supply) replayed. */
  specCycles: number;
  floorCartons: number;
  methods: Record<SupplyReplayMethod, SupplyTally>;
}

export const emptyTally = (): SupplyTally => ({
  allocatedCartons: 0,
  allocatedPacks: 0,
  soldPacks: 0,
  leftCartons: 0,
  demandCartons: 0,
  demandMetCartons: 0,
  regularSellers: 0,
  regularCovered: 0,
  bandsWithRegular: 0,
  bandsLeftOut: 0,
  evennessSum: 0,
  evennessCount: 0,
});

/** One shop's line of a replayed spec-cycle under one method. */
export interface ReplayedLine {
  allocatedCartons: number;
  /** What the shop could have sold in the two weeks from delivery, net of its stock that morning (≥ 0). */
  sellablePacks: number;
  demandCartons: number;
  regularSeller: boolean;
  /** The grade band the line counts in (e.g. '1-5'). */
  band: string;
}

/** Adds one spec-cycle's shares under one method to its tally. */
export function tallySpecCycle(t: SupplyTally, lines: readonly ReplayedLine[], packsPerCarton: number): void {
  const ppc = packsPerCarton > 0 ? packsPerCarton : 10;
  const bands = new Map<string, { regular: number; covered: number }>();
  const fills: FillLine[] = [];
  for (const l of lines) {
    const allocated = Math.max(0, l.allocatedCartons);
    const sold = Math.min(allocated * ppc, Math.max(0, l.sellablePacks));
    t.allocatedCartons += allocated;
    t.allocatedPacks += allocated * ppc;
    t.soldPacks += sold;
    t.leftCartons += allocated - sold / ppc;
    t.demandCartons += l.demandCartons;
    t.demandMetCartons += Math.min(allocated, l.demandCartons);
    fills.push({ allocatedCartons: allocated, demandCartons: l.demandCartons });
    if (l.regularSeller) {
      t.regularSellers++;
      if (allocated > 0) t.regularCovered++;
      const b = bands.get(l.band) ?? { regular: 0, covered: 0 };
      b.regular++;
      if (allocated > 0) b.covered++;
      bands.set(l.band, b);
    }
  }
  for (const b of bands.values()) {
    t.bandsWithRegular++;
    if (b.covered === 0) t.bandsLeftOut++;
  }
  const evenness = fillEvenness(fills);
  if (evenness !== null) {
    t.evennessSum += evenness;
    t.evennessCount++;
  }
}

const share = (a: number, b: number) => (b > 0 ? a / b : null);

/** A tally's rates, as fractions (null where there is nothing to measure). */
export function supplyRates(t: SupplyTally) {
  return {
    soldShare: share(t.soldPacks, t.allocatedPacks),
    demandMet: share(t.demandMetCartons, t.demandCartons),
    regularCoverage: share(t.regularCovered, t.regularSellers),
    evenness: t.evennessCount > 0 ? Math.round((t.evennessSum / t.evennessCount) * 1000) / 1000 : null,
    leftCartons: Math.round(t.leftCartons),
  };
}

/**
 * The most of `supply` the lines could sell, knowing what each would sell (packs): one carton at a time to the line
 * with the largest sale from it, within its ceiling (ask and cap). Σ min(ppc·a_i, sellable_i) is concave in each
 * a_i, so this greedy choice is optimal. A bound for scale, not a method: no allocation knows the fortnight after.
 */
export function bestSellThrough(ceilings: readonly number[], sellablePacks: readonly number[], packsPerCarton: number, supply: number): number[] {
  const shares = ceilings.map(() => 0);
  for (let k = 0; k < supply; k++) {
    let best = -1;
    let gain = -1;
    for (let i = 0; i < ceilings.length; i++) {
      if (shares[i]! >= ceilings[i]!) continue;
      const g = Math.min(packsPerCarton, Math.max(0, sellablePacks[i]! - shares[i]! * packsPerCarton));
      if (g > gain) [best, gain] = [i, g];
    }
    if (best < 0) break;
    shares[best]!++;
  }
  return shares;
}
