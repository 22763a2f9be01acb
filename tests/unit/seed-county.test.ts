/** The default-sized county's make-up (pure, no database): the mixes staff would recognise as real. */
import { describe, expect, it } from 'vitest';
import { seasonalFactor } from '../../db/seed/calendar';
import { DEMO_RETAILER_NAME, FIRST_LICENCE_NO, buildCounty, dailyPacksOfGrade } from '../../db/seed/county';
import { Rng } from '../../db/seed/random';
import { roundDeficitToCartons } from '../../db/seed/simulate';

const county = buildCounty(new Rng(20261123), { retailers: 1500, firstDay: '2026-08-03', today: '2026-11-24', passwordHash: 'h' });
const retailers = county.retailers.map((r) => r.row);
const share = (predicate: (r: (typeof retailers)[number]) => boolean) => retailers.filter(predicate).length / retailers.length;

describe('seed county make-up', () => {
  it('has 3 stations, 12 managers (4 each) with routes of about 125 retailers', () => {
    expect(county.stations).toHaveLength(3);
    expect(county.managers).toHaveLength(12);
    for (const m of county.managers) {
      const route = retailers.filter((r) => r.managerId === m.id);
      expect(route.length).toBe(125);
      expect(route.every((r) => r.stationId === m.stationId)).toBe(true);
      const perWeekday = [1, 2, 3, 4, 5].map((d) => route.filter((r) => r.orderWeekday === d).length);
      expect(Math.max(...perWeekday) - Math.min(...perWeekday)).toBeLessThanOrEqual(1);
      const benchmarks = route.filter((r) => r.isBenchmark).length;
      expect(benchmarks).toBeGreaterThanOrEqual(1);
      expect(benchmarks).toBeLessThanOrEqual(2);
    }
  });

  it('mixes business and market types like a real county', () => {
    expect(share((r) => r.businessType === 'grocery')).toBeCloseTo(0.45, 1);
    expect(share((r) => r.businessType === 'convenience')).toBeCloseTo(0.2, 1);
    expect(share((r) => r.businessType === 'supermarket')).toBeCloseTo(0.08, 1);
    expect(share((r) => r.businessType === 'tobacco_liquor')).toBeCloseTo(0.15, 1);
    expect(share((r) => r.businessType === 'entertainment')).toBeCloseTo(0.06, 1);
    expect(share((r) => r.businessType === 'catering')).toBeCloseTo(0.06, 1);
    expect(share((r) => r.marketType === 'urban')).toBeCloseTo(0.4, 1);
    expect(share((r) => r.isOnline === 1)).toBeCloseTo(0.95, 1);
    expect(share((r) => r.active === 0)).toBeGreaterThan(0.01);
    expect(share((r) => r.active === 0)).toBeLessThan(0.06);
  });

  it('skews grades low with a thin top', () => {
    const grades = retailers.map((r) => r.grade).sort((a, b) => a - b);
    expect(grades[0]).toBe(1);
    expect(grades.at(-1)).toBe(30);
    expect(grades[Math.floor(grades.length / 2)]!).toBeLessThanOrEqual(12);
    expect(share((r) => r.grade >= 26)).toBeLessThan(0.06);
    expect(share((r) => r.grade <= 10)).toBeGreaterThan(0.45);
  });

  it('splits upload habits about 80 / 12 / 8', () => {
    const habits = county.retailers.map((r) => r.uploadHabit);
    const of = (h: string) => habits.filter((x) => x === h).length / habits.length;
    expect(of('regular')).toBeCloseTo(0.8, 1);
    expect(of('irregular')).toBeCloseTo(0.12, 1);
    expect(of('never')).toBeCloseTo(0.08, 1);
  });

  it('keeps the demo retailer as documented', () => {
    const demo = county.retailers[0]!;
    expect(demo.row).toMatchObject({ licenceNo: String(FIRST_LICENCE_NO), name: DEMO_RETAILER_NAME, managerId: 1, orderWeekday: 5, isOnline: 1, active: 1, businessType: 'convenience', grade: 12 });
    expect(demo.uploadHabit).toBe('regular');
    expect(demo.ordersIrregularly).toBe(false);
  });

  it('gives every person one sign-in: 2 staff, 12 managers, one per retailer', () => {
    expect(county.users.filter((u) => u.role === 'staff').map((u) => u.username)).toEqual(['staff01', 'staff02']);
    expect(county.users.filter((u) => u.role === 'manager')).toHaveLength(12);
    expect(county.users.filter((u) => u.role === 'retailer')).toHaveLength(1500);
    expect(new Set(county.users.map((u) => u.id)).size).toBe(county.users.length);
    expect(new Set(retailers.map((r) => r.name)).size).toBe(retailers.length);
  });

  it('sizes shop volume from 8 packs a day at grade 1 to 250 at grade 30', () => {
    expect(dailyPacksOfGrade(1)).toBeCloseTo(8);
    expect(dailyPacksOfGrade(30)).toBeCloseTo(250);
  });
});

describe('seed demand calendar', () => {
  it('lifts gift classes before Mid-Autumn / National Day and not in an ordinary week', () => {
    expect(seasonalFactor('2026-08-12', 1)).toBe(1);
    expect(seasonalFactor('2026-09-24', 1)).toBeGreaterThan(2);
    expect(seasonalFactor('2026-09-24', 4)).toBeLessThan(1.2);
    expect(seasonalFactor('2027-02-05', 2)).toBeGreaterThan(2.5);
    expect(seasonalFactor('2027-02-20', 3)).toBeLessThan(1);
    expect(seasonalFactor('2026-09-26', 1)).toBeGreaterThan(seasonalFactor('2026-08-15', 1));
  });
});

describe('seed order rounding', () => {
  it('orders nothing below 30 % of a carton, else the nearest whole carton (at least one)', () => {
    expect(roundDeficitToCartons(-5, 10)).toBe(0);
    expect(roundDeficitToCartons(2.9, 10)).toBe(0);
    expect(roundDeficitToCartons(3, 10)).toBe(1);
    expect(roundDeficitToCartons(14, 10)).toBe(1);
    expect(roundDeficitToCartons(15, 10)).toBe(2);
  });
});
