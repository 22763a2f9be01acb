/**
 * Tobacco units, converted in this one place. 1 条 (carton) = 10 盒 (packs) normally; 1 盒 = 20 支 (sticks);
 * 1 件 (case) = 50 条. A spec may declare a different packs-per-carton, so carton↔pack conversions take it.
 * Retailers order and are allocated whole cartons; shelf stock and POS sales are counted in packs.
 */
export const STICKS_PER_PACK = 20;
export const DEFAULT_PACKS_PER_CARTON = 10;
export const CARTONS_PER_CASE = 50;

function assertPacksPerCarton(packsPerCarton: number) {
  if (!Number.isInteger(packsPerCarton) || packsPerCarton <= 0) {
    throw new RangeError(`packsPerCarton must be a positive integer, got ${packsPerCarton}`);
  }
}

export function cartonsToPacks(qtyCartons: number, packsPerCarton = DEFAULT_PACKS_PER_CARTON): number {
  assertPacksPerCarton(packsPerCarton);
  return qtyCartons * packsPerCarton;
}

/** Whole cartons in a pack count, and the packs left over (for display: "3 条 4 盒"). */
export function packsToCartonsAndPacks(
  qtyPacks: number,
  packsPerCarton = DEFAULT_PACKS_PER_CARTON,
): { qtyCartons: number; qtyPacks: number } {
  assertPacksPerCarton(packsPerCarton);
  const sign = qtyPacks < 0 ? -1 : 1;
  const abs = Math.abs(qtyPacks);
  return { qtyCartons: sign * Math.floor(abs / packsPerCarton), qtyPacks: sign * (abs % packsPerCarton) };
}

/** Cartons needed to hold at least this many packs (never leaves the shop short for want of rounding). */
export function packsToCartonsCeil(qtyPacks: number, packsPerCarton = DEFAULT_PACKS_PER_CARTON): number {
  assertPacksPerCarton(packsPerCarton);
  return qtyPacks <= 0 ? 0 : Math.ceil(qtyPacks / packsPerCarton);
}

export function packsToSticks(qtyPacks: number): number {
  return qtyPacks * STICKS_PER_PACK;
}

export function casesToCartons(qtyCases: number): number {
  return qtyCases * CARTONS_PER_CASE;
}
