/**
 * Is a typed stock count wildly off from what the records expect? Asked before a count is saved, so a slip of
 * the thumb (a carton figure in the packs field, an extra 0) is questioned with "确认？" instead of being taken
 * silently and turning into a 库存误差 afterwards.
 *
 * The expectation is the stock identity the data-quality checks use (identity.ts): the spec's latest count rolled
 * forward with receipts and sales since, over [count day, today). A count is *wildly off* when
 *   |counted − expected| > max(WILD_COUNT.minPacks, WILD_COUNT.share × expected).
 * Nothing is questioned without a yardstick: no earlier count of the spec, or records that roll forward below
 * zero (they disagree with each other; the new count is what settles them).
 *
 * The hint says what the slip probably was: `cartons` when the figure times packs-per-carton would not be off
 * (cartons typed into a packs field), `extra_zero` when a tenth of it would not be (one 0 too many), else `far`.
 */
import { WILD_COUNT } from './thresholds';

export type WildCountHint = 'cartons' | 'extra_zero' | 'far';

export type CountJudgement = { wild: false } | { wild: true; expectedPacks: number; differencePacks: number; hint: WildCountHint };

/** The largest difference from `expectedPacks` that is not questioned. */
export function wildCountLimitPacks(expectedPacks: number): number {
  return Math.max(WILD_COUNT.minPacks, WILD_COUNT.share * Math.max(0, expectedPacks));
}

function isOff(countedPacks: number, expectedPacks: number): boolean {
  return Math.abs(countedPacks - expectedPacks) > wildCountLimitPacks(expectedPacks);
}

/**
 * The judgement of one count: `countedPacks` typed now, `expectedPacks` from the records (null when there is no
 * earlier count of the spec). Counts are whole packs ≥ 0.
 */
export function judgeCount(countedPacks: number, expectedPacks: number | null, packsPerCarton = 10): CountJudgement {
  if (!Number.isInteger(countedPacks) || countedPacks < 0) throw new RangeError(`countedPacks must be a whole number ≥ 0, got ${countedPacks}`);
  if (expectedPacks === null || !Number.isFinite(expectedPacks) || expectedPacks < 0) return { wild: false };
  if (!isOff(countedPacks, expectedPacks)) return { wild: false };
  const hint: WildCountHint =
    countedPacks > 0 && packsPerCarton > 1 && !isOff(countedPacks * packsPerCarton, expectedPacks)
      ? 'cartons'
      : countedPacks >= 10 && !isOff(countedPacks / 10, expectedPacks)
        ? 'extra_zero'
        : 'far';
  return { wild: true, expectedPacks, differencePacks: countedPacks - expectedPacks, hint };
}

/** Expected stock of a spec: its latest count, what arrived and what sold since (all packs). */
export interface CountExpectation {
  lastCountDay: string;
  lastCountPacks: number;
  receiptsSincePacks: number;
  salesSincePacks: number;
  /** lastCountPacks + receiptsSincePacks − salesSincePacks; may be negative when the records disagree. */
  expectedPacks: number;
}

/** The expectation from the latest count and the flows since it (the stock identity of identity.ts). */
export function expectationOf(lastCountDay: string, lastCountPacks: number, receiptsSincePacks: number, salesSincePacks: number): CountExpectation {
  return { lastCountDay, lastCountPacks, receiptsSincePacks, salesSincePacks, expectedPacks: lastCountPacks + receiptsSincePacks - salesSincePacks };
}

export interface WildLine {
  specId: number;
  countedPacks: number;
  expectedPacks: number;
  differencePacks: number;
  hint: WildCountHint;
}

/** The lines of a count that are wildly off, in the order given (what the shop is asked to confirm). */
export function wildLines(
  lines: ReadonlyArray<{ specId: number; qtyPacks: number }>,
  expected: ReadonlyMap<number, Pick<CountExpectation, 'expectedPacks'>>,
  packsPerCarton: (specId: number) => number = () => 10,
): WildLine[] {
  const out: WildLine[] = [];
  for (const line of lines) {
    const judgement = judgeCount(line.qtyPacks, expected.get(line.specId)?.expectedPacks ?? null, packsPerCarton(line.specId));
    if (judgement.wild) out.push({ specId: line.specId, countedPacks: line.qtyPacks, expectedPacks: judgement.expectedPacks, differencePacks: judgement.differencePacks, hint: judgement.hint });
  }
  return out;
}
