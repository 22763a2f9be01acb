/**
 * Unknown stock on hand (unknown-stock.ts): a spec whose stock nobody knows is held to the larger of the shop's
 * usual order and the sales expected before the next delivery, rounded to the nearest carton.
 *
 * Properties over generated shops: never above the bound, never above what the rule asks with an empty shelf,
 * never above the cap, never negative; monotone — more sales or a larger usual order never lower the
 * suggestion, more on the way never raises it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_REPLENISHMENT_PARAMS } from '~/domain/replenishment/params';
import { suggest } from '~/domain/replenishment/rule';
import type { ReplenishmentInput, SalesDay } from '~/domain/replenishment/types';
import {
  ROLL_FORWARD_MAX_UNRECORDED_DAYS,
  rolledStockIsKnown,
  STOCK_COUNT_MAX_AGE_DAYS,
  unknownStockBoundCartons,
  usualOrderCartonsOf,
} from '~/domain/replenishment/unknown-stock';
import { addDays } from '~/domain/time';

const RUNS = { numRuns: 500 };
const DAYS = Array.from({ length: 112 }, (_, i) => addDays('2026-08-03', i));

const historyArb: fc.Arbitrary<SalesDay[]> = fc
  .record({ level: fc.integer({ min: 0, max: 25 }), zeroOneIn: fc.integer({ min: 1, max: 30 }), length: fc.integer({ min: 0, max: 112 }) })
  .chain(({ level, zeroOneIn, length }) =>
    fc.array(fc.tuple(fc.integer({ min: 0, max: level + 3 }), fc.integer({ min: 1, max: zeroOneIn }), fc.integer({ min: 1, max: 40 })), { minLength: length, maxLength: length }).map((days) =>
      days.map(([qty, zeroDraw, censoredDraw], i) => ({ day: DAYS[112 - days.length + i]!, qtyPacks: zeroDraw === 1 ? 0 : qty, censored: censoredDraw === 1 })),
    ),
  );

const inputArb: fc.Arbitrary<ReplenishmentInput> = fc.record({
  specId: fc.constant(1),
  packsPerCarton: fc.oneof({ weight: 4, arbitrary: fc.constant(10) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 20 }) }),
  capCartons: fc.option(fc.integer({ min: 0, max: 30 }), { nil: null }),
  discontinued: fc.constant(false),
  isNewSpec: fc.constant(false),
  newSpecStartCartons: fc.constant(null),
  serviceLevel: fc.double({ min: 0.8, max: 0.995, noNaN: true }),
  history: historyArb,
  onHandPacks: fc.constant(null),
  usualOrderCartons: fc.option(fc.double({ min: 0, max: 20, noNaN: true }), { nil: null }),
  inTransitPacks: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 60 })),
  protectionDays: fc.integer({ min: 1, max: 15 }),
  priorDailyPacks: fc.option(fc.double({ min: 0, max: 20, noNaN: true }), { nil: null }),
});

const boundOf = (input: ReplenishmentInput) => {
  const e = suggest(input).explanation;
  return unknownStockBoundCartons({ expectedDemandPacks: e.expectedDemandPacks, usualOrderCartons: input.usualOrderCartons ?? null, inTransitPacks: input.inTransitPacks, packsPerCarton: input.packsPerCarton });
};

describe('unknown stock: the bound', () => {
  it('is the larger of the usual order and the expected sales, less what is on the way, to the nearest carton', () => {
    // 8 days at 6.2 packs a day = 49.6 packs expected; usual 3 cartons a cycle = 30 packs: 4.96 → 5 cartons.
    expect(unknownStockBoundCartons({ expectedDemandPacks: 49.6, usualOrderCartons: 3, inTransitPacks: 0, packsPerCarton: 10 })).toBe(5);
    // The habit is larger than the sales: the habit.
    expect(unknownStockBoundCartons({ expectedDemandPacks: 12, usualOrderCartons: 2.25, inTransitPacks: 0, packsPerCarton: 10 })).toBe(2);
    // Half a carton rounds up, less than half down; what is on the way comes off first.
    expect(unknownStockBoundCartons({ expectedDemandPacks: 5, usualOrderCartons: null, inTransitPacks: 0, packsPerCarton: 10 })).toBe(1);
    expect(unknownStockBoundCartons({ expectedDemandPacks: 4.9, usualOrderCartons: 0, inTransitPacks: 0, packsPerCarton: 10 })).toBe(0);
    expect(unknownStockBoundCartons({ expectedDemandPacks: 25, usualOrderCartons: null, inTransitPacks: 20, packsPerCarton: 10 })).toBe(1);
    expect(unknownStockBoundCartons({ expectedDemandPacks: 5, usualOrderCartons: null, inTransitPacks: 40, packsPerCarton: 10 })).toBe(0);
  });

  it('is monotone: more expected sales or a larger usual order never lower it, more on the way never raises it', () => {
    const args = fc.record({
      expectedDemandPacks: fc.double({ min: 0, max: 500, noNaN: true }),
      usualOrderCartons: fc.option(fc.double({ min: 0, max: 40, noNaN: true }), { nil: null }),
      inTransitPacks: fc.integer({ min: 0, max: 200 }),
      packsPerCarton: fc.integer({ min: 1, max: 20 }),
    });
    fc.assert(
      fc.property(args, fc.double({ min: 0, max: 100, noNaN: true }), (a, more) => {
        const base = unknownStockBoundCartons(a);
        expect(Number.isInteger(base)).toBe(true);
        expect(base).toBeGreaterThanOrEqual(0);
        expect(unknownStockBoundCartons({ ...a, expectedDemandPacks: a.expectedDemandPacks + more })).toBeGreaterThanOrEqual(base);
        expect(unknownStockBoundCartons({ ...a, usualOrderCartons: (a.usualOrderCartons ?? 0) + more })).toBeGreaterThanOrEqual(base);
        expect(unknownStockBoundCartons({ ...a, inTransitPacks: a.inTransitPacks + Math.round(more) })).toBeLessThanOrEqual(base);
      }),
      RUNS,
    );
  });

  it('averages the usual order over the cycles, zero cycles included', () => {
    expect(usualOrderCartonsOf(12, 8)).toBe(1.5);
    expect(usualOrderCartonsOf(0, 8)).toBe(0);
    expect(usualOrderCartonsOf(5, 0)).toBeNull();
  });

  it('reads a count as stock only while it is recent and the days since are on record', () => {
    expect(rolledStockIsKnown(0, 0)).toBe(true);
    expect(rolledStockIsKnown(STOCK_COUNT_MAX_AGE_DAYS, ROLL_FORWARD_MAX_UNRECORDED_DAYS)).toBe(true);
    expect(rolledStockIsKnown(STOCK_COUNT_MAX_AGE_DAYS + 1, 0)).toBe(false);
    expect(rolledStockIsKnown(7, ROLL_FORWARD_MAX_UNRECORDED_DAYS + 1)).toBe(false);
    // A delivery not on record is too much stock to guess.
    expect(rolledStockIsKnown(7, 0, 1)).toBe(false);
  });
});

describe('unknown stock: suggest()', () => {
  it('is never above the bound, nor above the suggestion for an empty shelf, nor above the cap, nor negative', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const unknown = suggest(input, DEFAULT_REPLENISHMENT_PARAMS);
        const empty = suggest({ ...input, onHandPacks: 0 }, DEFAULT_REPLENISHMENT_PARAMS);
        expect(unknown.suggestedCartons).toBeGreaterThanOrEqual(0);
        expect(unknown.suggestedCartons).toBeLessThanOrEqual(boundOf(input));
        expect(unknown.suggestedCartons).toBeLessThanOrEqual(empty.suggestedCartons);
        if (input.capCartons !== null) expect(unknown.suggestedCartons).toBeLessThanOrEqual(input.capCartons);
        // Held to the bound exactly when it is below what the empty shelf would ask, and said so.
        const held = unknown.explanation.notes.includes('unknown_stock_bound');
        expect(held).toBe(boundOf(input) < empty.suggestedCartons);
        if (held) expect(unknown.suggestedCartons).toBe(boundOf(input));
        expect(unknown.explanation.notes).toContain('on_hand_unknown');
        expect(unknown.explanation.onHandRecordedPacks).toBeNull();
      }),
      RUNS,
    );
  });

  it('is monotone: scaling the sales up or a larger usual order never lowers it; more on the way never raises it', () => {
    fc.assert(
      fc.property(inputArb, fc.integer({ min: 2, max: 5 }), fc.double({ min: 0, max: 10, noNaN: true }), fc.integer({ min: 1, max: 100 }), (input, factor, moreUsual, moreTransit) => {
        const base = suggest(input).suggestedCartons;
        const moreSales = { ...input, history: input.history.map((d) => ({ ...d, qtyPacks: d.qtyPacks * factor })) };
        expect(suggest(moreSales).suggestedCartons).toBeGreaterThanOrEqual(base);
        expect(suggest({ ...input, usualOrderCartons: (input.usualOrderCartons ?? 0) + moreUsual }).suggestedCartons).toBeGreaterThanOrEqual(base);
        expect(suggest({ ...input, inTransitPacks: input.inTransitPacks + moreTransit }).suggestedCartons).toBeLessThanOrEqual(base);
      }),
      RUNS,
    );
  });

  it('a shop that never counted is suggested about its period’s sales, not its whole target', () => {
    // About 12 packs a day over 8 days: some 96 packs expected, and a safety stock on top for the empty shelf.
    const history = DAYS.map((day, i) => ({ day, qtyPacks: [4, 19, 9, 14, 6, 21, 12, 8, 17, 10, 12][(i * 7) % 11]! }));
    const base: ReplenishmentInput = {
      specId: 1,
      packsPerCarton: 10,
      capCartons: null,
      discontinued: false,
      isNewSpec: false,
      newSpecStartCartons: null,
      serviceLevel: 0.95,
      history,
      onHandPacks: null,
      inTransitPacks: 0,
      protectionDays: 8,
    };
    const unknown = suggest(base);
    const empty = suggest({ ...base, onHandPacks: 0 });
    // The empty shelf asks for the target with its safety stock, rounded up; unknown stock for the period's sales.
    expect(unknown.suggestedCartons).toBeLessThan(empty.suggestedCartons);
    expect(unknown.suggestedCartons).toBe(Math.round(unknown.explanation.expectedDemandPacks / 10));
    expect(unknown.explanation.notes).toEqual(expect.arrayContaining(['on_hand_unknown', 'unknown_stock_bound']));
    // A shop that usually orders more of it is not held below its habit (nor above the empty shelf's target).
    const habit = unknown.suggestedCartons + 1;
    expect(suggest({ ...base, usualOrderCartons: habit }).suggestedCartons).toBe(Math.min(habit, empty.suggestedCartons));
    // One sale in 16 weeks: no carton while the stock is unknown.
    const slow = suggest({ ...base, history: DAYS.map((day, i) => ({ day, qtyPacks: i === 100 ? 1 : 0 })), priorDailyPacks: null });
    expect(slow.suggestedCartons).toBe(0);
  });

  it('keeps the recorded figure of a negative stock for the explanation', () => {
    const e = suggest({
      specId: 1,
      packsPerCarton: 10,
      capCartons: null,
      discontinued: false,
      isNewSpec: false,
      newSpecStartCartons: null,
      serviceLevel: 0.95,
      history: DAYS.map((day) => ({ day, qtyPacks: 2 })),
      onHandPacks: -12,
      inTransitPacks: 0,
      protectionDays: 8,
    }).explanation;
    expect(e).toMatchObject({ onHandPacks: 0, onHandKnown: true, onHandRecordedPacks: -12 });
    expect(e.notes).toContain('on_hand_negative_as_zero');
  });
});
