/**
 * Unknown stock on hand (库存未知). The rule's target is an order-up-to level: what it suggests is the target less
 * the stock the shop has. When nobody knows that stock — the shop never counted the spec, or counted it too long
 * ago, or too many of the days since are missing from the records to roll the count forward — reading it as 0
 * suggests the whole target, every week, for every spec: the 140-carton first draft of issue 14. So instead:
 *
 *   bound = round( (max(usual order, expected sales over T + L) − in transit) ÷ packsPerCarton )   (half up, ≥ 0)
 *   suggested = min(the rule's suggestion with the stock read as 0, bound)
 *
 * - "usual order" is what the shop ordered of the spec per cycle over its recent cycles (0 for a cycle without
 *   it), in packs: a shop that buys what it sells keeps its shelf where it is by ordering its usual amount.
 * - "expected sales over T + L" is d̂ × (T + L) without safety stock: what is expected to sell before the next
 *   delivery. A shop that orders that much replaces its sales, whatever its stock is.
 * - the larger of the two, so a shop whose sales have grown past its habit is not held to the habit (and a
 *   bound fed by past suggestions cannot ratchet down); never above the rule's own suggestion, which assumed
 *   an empty shelf.
 * - rounded to the nearest carton, not up: across a shop's dozens of slow specs, rounding each one up would add
 *   a carton per spec (the rule's order-up-to rounding does that with a known stock, where a carton too many
 *   shows in the next count; here it would repeat every week). The line tells the owner to count
 *   ("库存未知，先盘点更准"); a spec selling under half a carton per period is then suggested 0 until a count.
 *
 * Monotone as the rule is: more sales, or a larger usual order, never lower the bound; more in transit never
 * raises it. Property-tested in tests/unit/replenishment-unknown-stock.test.ts.
 */
import type { SuggestionExplanation } from './types';

/** A count older than this (days before the order day) is not rolled forward: too much may have happened since. */
export const STOCK_COUNT_MAX_AGE_DAYS = 56;
/**
 * Days since the count whose sales of the spec are not on record (no sales upload that day, or the spec's line
 * refused): the roll-forward reads them as nothing sold, so past this many the rolled stock is a guess and is
 * treated as unknown. A receipt that is not on record (its line refused) is a delivery's worth of stock: one is
 * enough.
 */
export const ROLL_FORWARD_MAX_UNRECORDED_DAYS = 3;
/** Cycles the shop's usual order of a spec is averaged over. */
export const USUAL_ORDER_CYCLES = 8;

/** Whether stock rolled forward from a count can still be read as the shop's stock on the order day. */
export function rolledStockIsKnown(countAgeDays: number, unrecordedSalesDaysSinceCount: number, unrecordedReceiptDaysSinceCount = 0): boolean {
  return countAgeDays <= STOCK_COUNT_MAX_AGE_DAYS && unrecordedSalesDaysSinceCount <= ROLL_FORWARD_MAX_UNRECORDED_DAYS && unrecordedReceiptDaysSinceCount === 0;
}

/**
 * The shop's usual order of a spec, in cartons per cycle: what it ordered of it over its last `cycles` cycles
 * (each cycle without the spec counting 0), averaged. null when there is no cycle to average over.
 */
export function usualOrderCartonsOf(orderedCartonsOverCycles: number, cycles: number): number | null {
  if (!(cycles > 0)) return null;
  return Math.max(0, orderedCartonsOverCycles) / cycles;
}

/** Floating-point noise: 4.999999999 packs of a 10-pack carton is half a carton. */
const NOISE_CARTONS = 1e-9;

/** The most cartons to suggest when the stock on hand is unknown (see the top of this file). */
export function unknownStockBoundCartons(args: {
  expectedDemandPacks: number;
  usualOrderCartons: number | null;
  inTransitPacks: number;
  packsPerCarton: number;
}): number {
  const usualPacks = (args.usualOrderCartons ?? 0) * args.packsPerCarton;
  const replenishPacks = Math.max(usualPacks, args.expectedDemandPacks) - args.inTransitPacks;
  return Math.max(0, Math.floor(replenishPacks / args.packsPerCarton + 0.5 + NOISE_CARTONS));
}

/**
 * The rule's last step for a spec whose stock is unknown: `cartons` (its suggestion with the stock read as 0,
 * after rounding and the cap) lowered to the bound, noted as 'unknown_stock_bound' when the bound binds.
 * Known stock passes through unchanged.
 */
export function boundForUnknownStock(explanation: SuggestionExplanation, cartons: number): number {
  if (explanation.onHandKnown) return cartons;
  const bound = unknownStockBoundCartons({
    expectedDemandPacks: explanation.expectedDemandPacks,
    usualOrderCartons: explanation.usualOrderCartons,
    inTransitPacks: explanation.inTransitPacks,
    packsPerCarton: explanation.packsPerCarton,
  });
  if (bound >= cartons) return cartons;
  explanation.notes.push('unknown_stock_bound');
  return bound;
}
