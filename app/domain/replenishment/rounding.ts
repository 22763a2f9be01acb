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

/**
 * Staff's limit on days of cover (maxCoverDays, 0 = none): the most cartons that keep the position after the
 * order within maxCoverDays × d̂ — ⌊(maxCoverDays × d̂ − position) ÷ packsPerCarton⌋, never below 0 and never
 * above `cartons`. It binds on slow movers only: a carton of 10 packs for a spec selling 0.1 a day is 100 days
 * of stock. Monotone like the rest: more stock never allows more, a higher forecast never allows fewer.
 */
export function limitToCover(cartons: number, positionPacks: number, packsPerCarton: number, forecastDailyPacks: number, maxCoverDays: number): number {
  if (!(maxCoverDays > 0) || cartons === 0) return cartons;
  const roomPacks = maxCoverDays * forecastDailyPacks - positionPacks;
  const allowed = Math.floor(roomPacks / packsPerCarton + NOISE_PACKS);
  return Math.max(0, Math.min(cartons, allowed));
}

/**
 * A carton is worth ordering when the packs it saves from being lost are worth its stock. The k-th carton raises
 * the position from x + (k − 1) Q to x + k Q (Q packs a carton); over the protection period it saves
 * Σ P(demand > j) for j = x + (k − 1) Q … x + k Q − 1 packs that would otherwise be lost, and it is kept only when
 * that is more than (1 − serviceLevel) × Q: a carton must save at least that share of its packs.
 *
 * With single packs (Q = 1) this is the service-level rule itself (keep the unit while P(demand > j) > 1 − s,
 * i.e. up to the quantile), so it never removes a pack rounding up would order. With cartons it asks what the
 * last carton does: a spec expected to sell 0.14 packs in the period saves at most 0.14 packs with a carton of
 * 10 — a whole carton for a 14 % chance of one sale is not ordered at 95 %. Starting from the rounded-up count,
 * cartons are removed from the top while the last one is not worth it. More stock on hand lowers every carton's
 * worth, so it never orders more; a stochastically larger demand raises it.
 * `survival(from, count)` gives P(demand > j) for j = from … from + count − 1.
 */
export function cartonsWorthOrdering(
  cartons: number,
  positionPacks: number,
  packsPerCarton: number,
  survival: (from: number, count: number) => number[],
  serviceLevel: number,
): number {
  if (packsPerCarton <= 1) return cartons;
  let k = cartons;
  while (k > 0) {
    const from = Math.max(0, Math.floor(positionPacks + (k - 1) * packsPerCarton + NOISE_PACKS));
    let savedPacks = 0;
    for (const p of survival(from, packsPerCarton)) savedPacks += p;
    if (savedPacks > (1 - serviceLevel) * packsPerCarton) break;
    k--;
  }
  return k;
}

export interface CappedOrder {
  cartons: number;
  cappedBy: 'cap' | null;
}

/** The retailer's cap for its grade this cycle (null = none). */
export function applyCap(cartons: number, capCartons: number | null): CappedOrder {
  return capCartons !== null && cartons > capCartons ? { cartons: capCartons, cappedBy: 'cap' } : { cartons, cappedBy: null };
}
