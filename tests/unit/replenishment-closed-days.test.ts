/**
 * Closed days read from the shop's own sales (closed-days.ts, issue 14): an upload without a sale of any spec is
 * a closed day when the shop's specs together make such a day too unlikely to be chance, and the rule then reads
 * it as censored (shop-history.ts), says so in its notes, and forecasts from the open days.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CLOSED_DAY_MAX_CHANCE, CLOSED_DAY_MIN_RECORDED_DAYS, closedDaysOf, type ClosedDayInput } from '~/domain/replenishment/closed-days';
import { resolveReplenishmentParams, suggest, type ReplenishmentInput } from '~/domain/replenishment';
import { emptyShopData, historyDaysBefore, shopClosedDays, specHistory } from '~/domain/replenishment/shop-history';

const RUNS = { numRuns: 150 };

/** A shop: per spec, its first day and packs per day; per day, whether it is on record. */
const shops = fc.integer({ min: 0, max: 60 }).chain((dayCount) =>
  fc.record({
    dayCount: fc.constant(dayCount),
    recorded: fc.array(fc.boolean(), { minLength: dayCount, maxLength: dayCount }).map((r) => r.map((v, t) => v || t % 3 !== 0)),
    specs: fc.array(
      fc.record({
        first: fc.integer({ min: 0, max: Math.max(0, dayCount) }),
        rate: fc.double({ min: 0, max: 1, noNaN: true }),
        seed: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: dayCount, maxLength: dayCount }),
        size: fc.integer({ min: 1, max: 12 }),
      }),
      { maxLength: 12 },
    ),
  }),
);

type Shop = { dayCount: number; recorded: boolean[]; specs: Array<{ first: number; soldPacks: number[] }> };

const generated = shops.map(
  (s): Shop => ({
    dayCount: s.dayCount,
    recorded: s.recorded,
    specs: s.specs.map((spec) => ({ first: spec.first, soldPacks: spec.seed.map((u) => (u < spec.rate ? spec.size : 0)) })),
  }),
);

const inputOf = (shop: Shop): ClosedDayInput => ({ dayCount: shop.dayCount, recorded: (t) => shop.recorded[t]!, specs: shop.specs });

/** The chance the module reads for day t, computed directly. */
function chanceOn(shop: Shop, t: number): number {
  let chance = 1;
  for (const spec of shop.specs) {
    if (spec.first > t) continue;
    let days = 0;
    let sold = 0;
    for (let k = spec.first; k < shop.dayCount; k++) {
      if (!shop.recorded[k]) continue;
      days++;
      if (spec.soldPacks[k]! > 0) sold++;
    }
    if (days >= CLOSED_DAY_MIN_RECORDED_DAYS && sold > 0) chance *= 1 - sold / days;
  }
  return chance;
}

describe('closedDaysOf', () => {
  it('reads exactly the recorded days without a sale whose chance is below the threshold', () => {
    fc.assert(
      fc.property(generated, (shop) => {
        const closed = closedDaysOf(inputOf(shop));
        expect(closed).toHaveLength(shop.dayCount);
        for (let t = 0; t < shop.dayCount; t++) {
          const sold = shop.specs.some((s) => t >= s.first && s.soldPacks[t]! > 0);
          const expected = shop.recorded[t]! && !sold && chanceOn(shop, t) < CLOSED_DAY_MAX_CHANCE;
          expect(closed[t] === 1, `day ${t}`).toBe(expected);
        }
      }),
      RUNS,
    );
  });

  it('never closes a day with a sale or a day not on record', () => {
    fc.assert(
      fc.property(generated, (shop) => {
        const closed = closedDaysOf(inputOf(shop));
        for (let t = 0; t < shop.dayCount; t++) {
          if (!shop.recorded[t]) expect(closed[t]).toBe(0);
          if (shop.specs.some((s) => t >= s.first && s.soldPacks[t]! > 0)) expect(closed[t]).toBe(0);
        }
      }),
      RUNS,
    );
  });

  it('more sale days of a spec, or one more spec, never reopen a closed day they did not sell on', () => {
    fc.assert(
      fc.property(generated, fc.nat(), fc.nat(), fc.integer({ min: 1, max: 5 }), (shop, specPick, dayPick, size) => {
        if (shop.dayCount === 0) return;
        const before = closedDaysOf(inputOf(shop));
        const day = dayPick % shop.dayCount;
        // A sale added on `day` to an existing spec, or a new spec selling only that day.
        const specs =
          shop.specs.length > 0 && specPick % 2 === 0
            ? shop.specs.map((s, i) => (i === specPick % shop.specs.length ? { ...s, soldPacks: s.soldPacks.map((q, t) => (t === day ? q + size : q)) } : s))
            : [...shop.specs, { first: 0, soldPacks: Array.from({ length: shop.dayCount }, (_, t) => (t === day ? size : 0)) }];
        const after = closedDaysOf(inputOf({ ...shop, specs }));
        for (let t = 0; t < shop.dayCount; t++) if (t !== day && before[t] === 1) expect(after[t], `day ${t}`).toBe(1);
      }),
      RUNS,
    );
  });

  it('a shop whose specs leave an empty day a fair chance keeps its zeros', () => {
    // One spec selling on three days of four: an empty day is a one-in-four chance, not a closure.
    const dayCount = 56;
    const soldPacks = Array.from({ length: dayCount }, (_, t) => (t % 4 === 0 ? 0 : 2));
    expect([...closedDaysOf({ dayCount, recorded: () => true, specs: [{ first: 0, soldPacks }] })].some((c) => c === 1)).toBe(false);
    // Thirty specs doing the same, each on its own days: an empty day is ~0.25³⁰, so it is a closure.
    const specs = Array.from({ length: 30 }, (_, s) => ({ first: 0, soldPacks: Array.from({ length: dayCount }, (_, t) => ((t + s) % 4 === 0 ? 0 : 1)) }));
    specs.forEach((spec) => (spec.soldPacks[20] = 0));
    expect([...closedDaysOf({ dayCount, recorded: () => true, specs })].flatMap((c, t) => (c ? [t] : []))).toEqual([20]);
  });
});

describe('the rule on a shop closed for the Spring Festival and on Sundays', () => {
  const orderDay = '2026-09-14'; // a Monday
  const days = historyDaysBefore(orderDay);
  const SPECS = 25;
  /** Closed every Sunday and for seven days five weeks ago; its POS still sent every day, empty when closed. */
  const isClosed = (day: string, t: number) => new Date(`${day}T00:00:00Z`).getUTCDay() === 0 || (t >= days.length - 35 && t < days.length - 28);
  const data = emptyShopData();
  for (const day of days) data.uploadedDays.add(day);
  for (let s = 1; s <= SPECS; s++) {
    const sales = new Map<string, number>();
    days.forEach((day, t) => {
      if (!isClosed(day, t) && (t * 7 + s * 3) % 5 !== 0) sales.set(day, 1 + ((t + s) % 3));
    });
    data.sales.set(s, sales);
  }

  it('reads the empty days as closed, and only those', () => {
    const closed = shopClosedDays(days, data);
    expect([...closed].sort()).toEqual(days.filter((day, t) => isClosed(day, t)));
  });

  it('censors them in every spec, says how many in the notes, and forecasts the open days without the zeros', () => {
    const { history } = specHistory(days, data, 3);
    const closedDays = history.filter((d) => d.closed);
    expect(closedDays.length).toBe(days.filter((day, t) => isClosed(day, t)).length);
    expect(closedDays.every((d) => d.censored === true && d.qtyPacks === 0)).toBe(true);

    const input: ReplenishmentInput = {
      specId: 3,
      packsPerCarton: 10,
      capCartons: null,
      discontinued: false,
      isNewSpec: false,
      newSpecStartCartons: null,
      serviceLevel: 0.95,
      history,
      onHandPacks: 0,
      inTransitPacks: 0,
      protectionDays: 8,
    };
    const params = resolveReplenishmentParams({});
    const read = suggest(input, params).explanation;
    expect(read.notes).toContain('shop_closed_days');
    expect(read.notes).not.toContain('censored_days_excluded');
    expect(read.closedDays).toBe(closedDays.length);
    expect(read.closedWeekdays).toEqual([7]);
    // The same history with the closed days as recorded zeros (as before): the forecast of an open day is lower.
    const asZeros = suggest({ ...input, history: history.map(({ day, qtyPacks }) => ({ day, qtyPacks })) }, params).explanation;
    expect(asZeros.notes).not.toContain('shop_closed_days');
    expect(read.levelDailyPacks!).toBeGreaterThan(asZeros.levelDailyPacks!);
  });

  it('a refused line or a day from today on is not judged', () => {
    const refused = emptyShopData();
    for (const [spec, sales] of data.sales) refused.sales.set(spec, sales);
    for (const day of data.uploadedDays) refused.uploadedDays.add(day);
    const sunday = days.at(-1)!; // the window's last day, a closed Sunday
    refused.unknownSales.set(1, new Set([sunday]));
    expect(shopClosedDays(days, refused).has(sunday)).toBe(false);
    expect(shopClosedDays(days, data, sunday).has(sunday)).toBe(false);
    expect(shopClosedDays(days, data).has(sunday)).toBe(true);
  });
});
