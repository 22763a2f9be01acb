/** The demo seed's demand habits (db/seed/demand.ts): each shop's weekly rhythm, closed days, level changes and bulk buys. */
import { describe, expect, it } from 'vitest';
import { carriedSpec } from '../../db/seed/assortment';
import { buildCatalogue } from '../../db/seed/catalogue';
import { buildCounty } from '../../db/seed/county';
import {
  bulkBuyPacks,
  evolveItemWeek,
  initItemDemand,
  LEVEL_FALLS_PER_YEAR,
  LEVEL_MAX,
  LEVEL_RISES_PER_YEAR,
  meanBulkPacks,
  shopDemandHabits,
  STOPS_PER_YEAR,
} from '../../db/seed/demand';
import { Rng } from '../../db/seed/random';

const county = buildCounty(new Rng(20261123), { retailers: 1500, firstDay: '2026-08-03', today: '2026-11-24', passwordHash: 'h' });
const DAYS = 26 * 7;
const habits = county.retailers.map((r) => shopDemandHabits(Rng.derived(1, 'habits', r.index), r, { dayCount: DAYS, springFestivalIndices: [100] }));

describe('seed shop rhythm and closed days', () => {
  it('gives every shop a week averaging 1, with nothing on a weekly closed day', () => {
    const wrong: string[] = [];
    habits.forEach((h, i) => {
      const sum = h.weekday.reduce((a, b) => a + b, 0);
      if (Math.abs(sum - 7) > 1e-9) wrong.push(`shop ${i}: week sums to ${sum}`);
      if (h.closedWeekday !== null) {
        if (h.weekday[h.closedWeekday - 1] !== 0) wrong.push(`shop ${i}: sells on its closed weekday`);
        for (let t = h.closedWeekday - 1; t < DAYS; t += 7) if (h.closed[t] !== 1) wrong.push(`shop ${i}: open on day ${t}`);
      }
    });
    expect(wrong).toEqual([]);
  });

  it('never closes a shop on its order day or the two days after (count, order, delivery)', () => {
    const wrong: string[] = [];
    county.retailers.forEach((r, i) => {
      const h = habits[i]!;
      for (let t = 0; t < DAYS; t++) {
        const afterOrder = ((t % 7) + 1 - r.row.orderWeekday + 7) % 7;
        if (afterOrder <= 2 && h.closed[t] === 1) wrong.push(`shop ${i} day ${t}`);
      }
    });
    expect(wrong).toEqual([]);
  });

  it('closes a few shops one weekday, bars and restaurants most, and every shop now and then', () => {
    const weekly = (pred: (i: number) => boolean) => {
      const of = county.retailers.filter((r) => pred(r.index));
      return of.filter((r) => habits[r.index]!.closedWeekday !== null).length / of.length;
    };
    const all = weekly(() => true);
    expect(all).toBeGreaterThan(0.02);
    expect(all).toBeLessThan(0.12);
    const barsAndRestaurants = weekly((i) => ['entertainment', 'catering'].includes(county.retailers[i]!.row.businessType));
    expect(barsAndRestaurants).toBeGreaterThan(3 * weekly((i) => county.retailers[i]!.row.businessType === 'grocery'));
    const closedShare = habits.reduce((sum, h) => sum + h.closed.reduce((a, b) => a + b, 0) / DAYS, 0) / habits.length;
    expect(closedShare).toBeGreaterThan(0.005);
    expect(closedShare).toBeLessThan(0.05);
    // The Spring Festival (day 100 here) closes many shops.
    const closedOnFestival = habits.filter((h) => h.closed[100] === 1 || h.closed[101] === 1 || h.closed[102] === 1).length / habits.length;
    expect(closedOnFestival).toBeGreaterThan(0.2);
  });

  it('peaks most shops at the weekend, spreads rhythms by shop, and keeps the demo shop open every day', () => {
    const saturdayOverMonday = habits.map((h) => h.weekday[5]! / h.weekday[0]!);
    expect(saturdayOverMonday.filter((x) => x > 1.2).length / habits.length).toBeGreaterThan(0.6);
    // Shops by offices and factory gates sell more on weekdays.
    expect(saturdayOverMonday.filter((x) => x < 0.9).length).toBeGreaterThan(20);
    const demo = habits[0]!;
    expect(demo.closedWeekday).toBeNull();
    expect(demo.closed.every((c) => c === 0)).toBe(true);
    expect(demo.weekday[5]! / demo.weekday[0]!).toBeGreaterThan(1.2);
  });

  it('is deterministic for a stream', () => {
    const r = county.retailers[7]!;
    const a = shopDemandHabits(Rng.derived(5, 'habits', 7), r, { dayCount: DAYS, springFestivalIndices: [] });
    const b = shopDemandHabits(Rng.derived(5, 'habits', 7), r, { dayCount: DAYS, springFestivalIndices: [] });
    expect(b).toEqual(a);
  });
});

describe('seed level changes and bulk buys', () => {
  const specs = buildCatalogue(new Rng(3), { count: 60, today: '2026-11-24' });
  const shop = county.retailers[0]!;

  it('falls, rises and stops at about their yearly rates; a stop is for good; levels stay within bounds', () => {
    const rng = new Rng(11);
    let falls = 0;
    let rises = 0;
    let stops = 0;
    let itemWeeks = 0;
    let revived = 0;
    let aboveMax = 0;
    let negative = 0;
    for (let i = 0; i < 2000; i++) {
      const item = carriedSpec(specs[i % specs.length]!, 1.5, 10);
      initItemDemand(rng, shop, item);
      let level = item.level;
      for (let w = 0; w < 52; w++) {
        const alive = item.level > 0;
        evolveItemWeek(rng, item);
        if (alive) itemWeeks++;
        if (alive && item.level === 0) stops++;
        else if (item.level < level) falls++;
        else if (item.level > level) rises++;
        if (!alive && item.level !== 0) revived++;
        if (item.level > LEVEL_MAX) aboveMax++;
        if (!(item.ratePacksNow >= 0)) negative++;
        level = item.level;
      }
    }
    expect({ revived, aboveMax, negative }).toEqual({ revived: 0, aboveMax: 0, negative: 0 });
    const perYear = (n: number) => n / (itemWeeks / 52);
    expect(perYear(stops)).toBeCloseTo(STOPS_PER_YEAR, 1);
    expect(perYear(falls)).toBeGreaterThan(0.8 * LEVEL_FALLS_PER_YEAR);
    expect(perYear(falls)).toBeLessThan(1.2 * LEVEL_FALLS_PER_YEAR);
    // A rise at the ceiling changes nothing, so a few are not seen.
    expect(perYear(rises)).toBeGreaterThan(0.7 * LEVEL_RISES_PER_YEAR);
    expect(perYear(rises)).toBeLessThan(1.2 * LEVEL_RISES_PER_YEAR);
  });

  it('lets the owner follow a stopped spec down, a week behind', () => {
    const item = carriedSpec(specs[0]!, 4, 10);
    initItemDemand(new Rng(1), shop, item);
    item.level = 0;
    const rng = new Rng(2);
    evolveItemWeek(rng, item);
    expect(item.ratePacksNow).toBe(0);
    expect(item.ownerRatePacksPerDay).toBe(4);
    for (let w = 0; w < 8; w++) evolveItemWeek(rng, item);
    expect(item.ownerRatePacksPerDay).toBeLessThan(0.1);
  });

  it('sells bulk buys of 2–5 packs and now and then a whole carton', () => {
    const rng = new Rng(9);
    const seen = new Map<number, number>();
    let sum = 0;
    for (let i = 0; i < 20_000; i++) {
      const packs = bulkBuyPacks(rng, 10);
      sum += packs;
      seen.set(packs, (seen.get(packs) ?? 0) + 1);
    }
    expect([...seen.keys()].sort((a, b) => a - b)).toEqual([2, 3, 4, 5, 10]);
    expect(seen.get(10)! / 20_000).toBeLessThan(0.1);
    expect(sum / 20_000).toBeCloseTo(meanBulkPacks(10), 1);
  });
});
