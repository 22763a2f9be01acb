/**
 * From a need in packs to whole cartons, then the cap.
 *
 * Rounding goes up: ⌈need ÷ packsPerCarton⌉ cartons, so the stock expected when the next delivery arrives,
 *   projected = position + cartons × packsPerCarton − d̂ × (T + L),
 * is never below the safety stock for want of rounding (position + cartons × packsPerCarton ≥ target).
 *
 * Staff may set a rounding threshold (roundDownThresholdCartons, default 0 = off). A carton is then not ordered
 * for a remainder of at most threshold × packsPerCarton packs *that the safety stock can absorb*: the remainder
 * left uncovered is at most min(threshold × packsPerCarton, SS), so projected ≥ SS − that allowance ≥ 0 — the
 * expected sales are always covered, only part of the buffer is given up. (The brief's literal condition,
 * "round down only if projected stock after rounding down is still ≥ SS", can never hold: with
 * target = d̂ (T + L) + SS, rounding a positive remainder down leaves projected = SS − remainder < SS.)
 * Written as cartons = ⌈max(0, need − allowance) ÷ packsPerCarton⌉, the rule is monotone in the need and the
 * safety stock, so more stock never raises an order and more sales never lower it.
 *
 * A tolerance of 1e-9 packs absorbs floating-point noise (20.000000000004 packs is 2 cartons, not 3).
 */

const NOISE_PACKS = 1e-9;

export interface RoundedOrder {
  roundedCartons: number;
  /** Packs of the need left to the safety stock: min(threshold × packsPerCarton, max(0, SS)). */
  roundDownAllowancePacks: number;
  /** One carton fewer than plain rounding up would give. */
  roundedDown: boolean;
}

export function roundNeedToCartons(
  needPacks: number,
  packsPerCarton: number,
  safetyStockPacks: number,
  roundDownThresholdCartons: number,
): RoundedOrder {
  const roundDownAllowancePacks = Math.min(roundDownThresholdCartons * packsPerCarton, Math.max(0, safetyStockPacks));
  const cartonsFor = (packs: number) => (packs > NOISE_PACKS ? Math.ceil((packs - NOISE_PACKS) / packsPerCarton) : 0);
  const roundedCartons = cartonsFor(needPacks - roundDownAllowancePacks);
  return { roundedCartons, roundDownAllowancePacks, roundedDown: roundedCartons < cartonsFor(needPacks) };
}

export interface CappedOrder {
  cartons: number;
  cappedBy: 'cap' | null;
}

/** The retailer's cap for its grade this cycle (null = none). */
export function applyCap(cartons: number, capCartons: number | null): CappedOrder {
  return capCartons !== null && cartons > capCartons ? { cartons: capCartons, cappedBy: 'cap' } : { cartons, cappedBy: null };
}
