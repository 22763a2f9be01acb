/**
 * Properties of suggest() over generated shops: smooth, intermittent and lumpy sales, bulk days, censored days,
 * dead tails, short and empty histories, priors, caps, new and discontinued specs, odd carton sizes — under the
 * default parameters, TSB, and a rounding threshold.
 *
 * - never negative, always whole cartons; never above the cap; 0 for discontinued specs;
 * - monotone: more stock on hand or on the way never raises a suggestion; scaling every day's sales up by a
 *   whole factor never lowers it;
 * - rounding never leaves the projected stock at the next delivery, position + suggested × packsPerCarton −
 *   d̂ × (T + L), below the safety stock (less the rounding allowance, 0 by default) unless the cap, the carton
 *   check or staff's cover limit binds; those two only ever take cartons away, and never from single packs;
 * - the explanation's numbers add up.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_REPLENISHMENT_PARAMS, resolveReplenishmentParams, type ReplenishmentParams } from '~/domain/replenishment/params';
import { suggest } from '~/domain/replenishment/rule';
import type { ReplenishmentInput, SalesDay } from '~/domain/replenishment/types';
import { addDays } from '~/domain/time';

const MAX_DAYS = 140;
const DAYS = Array.from({ length: MAX_DAYS }, (_, i) => addDays('2026-03-02', i));
const RUNS = { numRuns: 1000 };
const TOLERANCE_PACKS = 1e-6;

const PARAMS: ReadonlyArray<readonly [string, Readonly<ReplenishmentParams>]> = [
  ['defaults', DEFAULT_REPLENISHMENT_PARAMS],
  ['TSB', resolveReplenishmentParams({ intermittentMethod: 'tsb' })],
  ['rounding threshold 0.3 carton', resolveReplenishmentParams({ roundDownThresholdCartons: 0.3 })],
  ['a 30-day cover limit', resolveReplenishmentParams({ maxCoverDays: 30 })],
  ['the rule before issue 14', resolveReplenishmentParams({ levelMethod: 'window_mean', censoredSalesAsDemand: false, cartonWorthCheck: false, deadRunChance: 0 })],
];

/** One day's sales for a shape: steady around a level (smooth), rare small sales (intermittent), or a mix with bulk days. */
const qtyArb = (shape: 'steady' | 'rare' | 'mixed', levelPacks: number, zeroWeight: number): fc.Arbitrary<number> => {
  switch (shape) {
    case 'steady':
      return fc.integer({ min: Math.max(0, levelPacks - 2), max: levelPacks + 2 });
    case 'rare':
      return fc.oneof({ weight: zeroWeight, arbitrary: fc.constant(0) }, { weight: 2, arbitrary: fc.integer({ min: 1, max: 3 }) });
    case 'mixed':
      return fc.oneof(
        { weight: zeroWeight, arbitrary: fc.constant(0) },
        { weight: 6, arbitrary: fc.integer({ min: 1, max: 8 }) },
        { weight: 1, arbitrary: fc.integer({ min: 9, max: 80 }) },
      );
  }
};

const historyArb: fc.Arbitrary<SalesDay[]> = fc
  .record({
    shape: fc.constantFrom('steady' as const, 'rare' as const, 'mixed' as const),
    levelPacks: fc.integer({ min: 1, max: 30 }),
    zeroWeight: fc.integer({ min: 1, max: 20 }),
    censoredOneIn: fc.integer({ min: 2, max: 200 }),
    lengthDays: fc.oneof({ weight: 1, arbitrary: fc.integer({ min: 0, max: 30 }) }, { weight: 3, arbitrary: fc.integer({ min: 31, max: MAX_DAYS }) }),
    deadTailDays: fc.oneof({ weight: 4, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 80 }) }),
  })
  .chain(({ shape, levelPacks, zeroWeight, censoredOneIn, lengthDays, deadTailDays }) =>
    fc
      .array(fc.tuple(qtyArb(shape, levelPacks, zeroWeight), fc.integer({ min: 1, max: censoredOneIn })), { minLength: lengthDays, maxLength: lengthDays })
      .map((days) =>
        days.map(([qty, censoredDraw], i) => {
          const qtyPacks = i >= days.length - deadTailDays ? 0 : qty;
          return censoredDraw === 1 ? { day: DAYS[i]!, qtyPacks, censored: true } : { day: DAYS[i]!, qtyPacks };
        }),
      ),
  );

const inputArb: fc.Arbitrary<ReplenishmentInput> = fc.record({
  specId: fc.constant(1),
  packsPerCarton: fc.oneof({ weight: 4, arbitrary: fc.constant(10) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 20 }) }),
  capCartons: fc.option(fc.integer({ min: 0, max: 30 }), { nil: null }),
  discontinued: fc.integer({ min: 1, max: 10 }).map((v) => v === 1),
  isNewSpec: fc.integer({ min: 1, max: 5 }).map((v) => v === 1),
  newSpecStartCartons: fc.option(fc.integer({ min: 0, max: 10 }), { nil: null }),
  serviceLevel: fc.double({ min: 0.8, max: 0.995, noNaN: true }),
  history: historyArb,
  onHandPacks: fc.option(fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 0, max: 60 }) }, { weight: 1, arbitrary: fc.integer({ min: 61, max: 400 }) }), { nil: null, freq: 5 }),
  inTransitPacks: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 100 })),
  protectionDays: fc.integer({ min: 1, max: 15 }),
  priorDailyPacks: fc.option(fc.double({ min: 0, max: 20, noNaN: true }), { nil: null }),
});

const paramsArb = fc.constantFrom(...PARAMS);
const scaled = (input: ReplenishmentInput, factor: number): ReplenishmentInput => ({
  ...input,
  history: input.history.map((d) => ({ ...d, qtyPacks: d.qtyPacks * factor })),
});

describe('suggest() properties', () => {
  it('is whole cartons, never negative, never above the cap, 0 for discontinued specs', () => {
    fc.assert(
      fc.property(inputArb, paramsArb, (input, [, params]) => {
        const { suggestedCartons } = suggest(input, params);
        expect(Number.isInteger(suggestedCartons)).toBe(true);
        expect(suggestedCartons).toBeGreaterThanOrEqual(0);
        if (input.capCartons !== null) expect(suggestedCartons).toBeLessThanOrEqual(input.capCartons);
        if (input.discontinued) expect(suggestedCartons).toBe(0);
      }),
      RUNS,
    );
  });

  it('more stock on hand or on the way never raises a suggestion', () => {
    fc.assert(
      fc.property(inputArb, paramsArb, fc.integer({ min: 1, max: 200 }), fc.boolean(), (input, [, params], extraPacks, onHandNotInTransit) => {
        const more = onHandNotInTransit
          ? { ...input, onHandPacks: (input.onHandPacks ?? 0) + extraPacks }
          : { ...input, inTransitPacks: input.inTransitPacks + extraPacks };
        const base = input.onHandPacks === null && onHandNotInTransit ? { ...input, onHandPacks: 0 } : input;
        expect(suggest(more, params).suggestedCartons).toBeLessThanOrEqual(suggest(base, params).suggestedCartons);
      }),
      RUNS,
    );
  });

  it('scaling every day\'s sales up never lowers a suggestion', () => {
    fc.assert(
      fc.property(inputArb, paramsArb, fc.integer({ min: 2, max: 5 }), (input, [, params], factor) => {
        const base = suggest(input, params);
        const more = suggest(scaled(input, factor), params);
        expect(more.explanation.forecastDailyPacks).toBeGreaterThanOrEqual(base.explanation.forecastDailyPacks - TOLERANCE_PACKS);
        expect(more.suggestedCartons).toBeGreaterThanOrEqual(base.suggestedCartons);
      }),
      RUNS,
    );
  });

  it('the carton check and the cover limit only ever take cartons away, and never a single pack', () => {
    fc.assert(
      fc.property(inputArb, paramsArb, fc.integer({ min: 0, max: 120 }), (input, [, params], maxCoverDays) => {
        const { explanation: e } = suggest(input, resolveReplenishmentParams({ ...params, maxCoverDays }));
        const { explanation: plain } = suggest(input, resolveReplenishmentParams({ ...params, cartonWorthCheck: false, maxCoverDays: 0 }));
        if (!['normal', 'short_history_prior', 'no_history_prior'].includes(e.reason)) return;
        expect(e.roundedCartons).toBeLessThanOrEqual(plain.roundedCartons);
        expect(e.notes.includes('carton_not_worth')).toBe(e.cartonsBeforeWorthCheck !== null);
        expect(e.notes.includes('cover_limit')).toBe(e.cartonsBeforeCoverLimit !== null);
        if (e.cartonsBeforeWorthCheck !== null) expect(e.cartonsBeforeWorthCheck).toBe(plain.roundedCartons);
        if (maxCoverDays === 0) expect(e.cartonsBeforeCoverLimit).toBeNull();
        if (input.packsPerCarton === 1) expect(e.cartonsBeforeWorthCheck).toBeNull();
      }),
      RUNS,
    );
  });

  it('rounding never leaves projected stock below the safety stock (less the allowance) unless the cap, the carton check or the cover limit binds', () => {
    fc.assert(
      fc.property(inputArb, paramsArb, (input, [, params]) => {
        const { suggestedCartons, explanation: e } = suggest(input, params);
        // Unknown stock held to its bound (unknown-stock.ts) orders less than the target on purpose; so do the
        // carton check and staff's cover limit (rounding.ts).
        if (e.cappedBy === 'cap' || e.notes.includes('unknown_stock_bound') || !['normal', 'short_history_prior', 'no_history_prior'].includes(e.reason)) return;
        if (e.notes.includes('carton_not_worth') || e.notes.includes('cover_limit')) return;
        const projectedPacks = e.positionPacks + suggestedCartons * input.packsPerCarton - e.forecastDailyPacks * input.protectionDays;
        expect(projectedPacks).toBeCloseTo(e.projectedStockAfterPacks, 9);
        expect(projectedPacks).toBeGreaterThanOrEqual(e.safetyStockPacks - e.roundDownAllowancePacks - TOLERANCE_PACKS);
        if (params.roundDownThresholdCartons === 0) expect(projectedPacks).toBeGreaterThanOrEqual(e.safetyStockPacks - TOLERANCE_PACKS);
        // The allowance only ever uses safety stock, never the expected sales.
        if (e.safetyStockPacks >= 0) expect(projectedPacks).toBeGreaterThanOrEqual(-TOLERANCE_PACKS);
      }),
      RUNS,
    );
  });

  it('explains with numbers that add up', () => {
    fc.assert(
      fc.property(inputArb, paramsArb, (input, [, params]) => {
        const { suggestedCartons, explanation: e } = suggest(input, params);
        expect(e.positionPacks).toBe(e.onHandPacks + e.inTransitPacks);
        expect(e.expectedDemandPacks).toBeCloseTo(e.forecastDailyPacks * input.protectionDays, 9);
        expect(e.rawNeedPacks).toBeCloseTo(e.targetPacks - e.positionPacks, 9);
        if (e.distribution !== 'none') {
          expect(e.targetPacks).toBeCloseTo(e.expectedDemandPacks + e.safetyStockPacks, 9);
          expect(e.serviceQuantilePacks).toBe(e.targetPacks);
        }
        expect(e.cappedBy === 'cap').toBe(input.capCartons !== null && e.roundedCartons > input.capCartons);
        if (e.cappedBy === null && !e.notes.includes('unknown_stock_bound') && !['discontinued', 'dead', 'no_history'].includes(e.reason)) expect(suggestedCartons).toBe(e.roundedCartons);
        expect(e.observedDays + e.censoredDays).toBe(e.reason === 'discontinued' ? 0 : input.history.length);
        expect(e.priorWeight).toBeGreaterThanOrEqual(0);
        expect(e.priorWeight).toBeLessThanOrEqual(1);
      }),
      RUNS,
    );
  });
});
