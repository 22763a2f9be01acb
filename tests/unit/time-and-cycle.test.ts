import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cutoffOf, deliveryDayOf, mayOrder, orderDayOf, pickOrderingCycle, windowStateAt } from '~/domain/cycle';
import {
  addDays,
  daysBetween,
  isDay,
  isoWeekCode,
  isoWeekday,
  mondayOf,
  shanghaiDayOf,
  shanghaiToInstant,
} from '~/domain/time';

describe('Asia/Shanghai business time', () => {
  it('maps instants to the Shanghai calendar day (UTC+8)', () => {
    expect(shanghaiDayOf('2026-11-23T15:59:59.999Z')).toBe('2026-11-23');
    expect(shanghaiDayOf('2026-11-23T16:00:00.000Z')).toBe('2026-11-24');
    expect(shanghaiToInstant('2026-11-27', '17:00')).toBe('2026-11-27T09:00:00.000Z');
    expect(shanghaiToInstant('2026-11-27', '00:00:00')).toBe('2026-11-26T16:00:00.000Z');
  });

  it('local time → instant → local day round-trips for any day', () => {
    const day = fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 23 }), (d, h) => {
        expect(shanghaiDayOf(shanghaiToInstant(d, `${String(h).padStart(2, '0')}:30`))).toBe(d);
        expect(daysBetween(d, addDays(d, 10))).toBe(10);
        expect(isoWeekday(mondayOf(d))).toBe(1);
      }),
    );
  });

  it('knows ISO weeks and real calendar days', () => {
    expect(isoWeekCode('2026-11-23')).toBe('2026-W48');
    expect(isoWeekCode('2027-01-01')).toBe('2026-W53');
    expect(isoWeekCode('2024-12-30')).toBe('2025-W01');
    expect(isDay('2026-02-29')).toBe(false);
    expect(isDay('2028-02-29')).toBe(true);
    expect(() => addDays('2026-13-01', 1)).toThrow(RangeError);
  });
});

describe('order window', () => {
  const cycle = { startsOn: '2026-11-23', opensAt: '2026-11-21T01:00:00.000Z', cutoffLocalTime: '23:59:59', leadDays: 1 };

  it('puts the order day, cut-off and delivery on the retailer’s own weekday', () => {
    expect(orderDayOf(cycle, 5)).toBe('2026-11-27');
    expect(cutoffOf(cycle, 5)).toBe('2026-11-27T15:59:59.000Z');
    expect(deliveryDayOf(cycle, 5)).toBe('2026-11-28');
    expect(() => orderDayOf(cycle, 8)).toThrow(RangeError);
  });

  it('is open at 23:59:59 Shanghai on the cut-off day and closed at 00:00:00 the next day', () => {
    expect(windowStateAt(new Date('2026-11-27T15:59:59.000Z'), cycle, 5)).toBe('open');
    expect(windowStateAt(new Date('2026-11-27T15:59:59.999Z'), cycle, 5)).toBe('open');
    expect(windowStateAt(new Date('2026-11-27T16:00:00.000Z'), cycle, 5)).toBe('closed');
    expect(windowStateAt(new Date('2026-11-21T00:59:59.999Z'), cycle, 5)).toBe('not_open');
    expect(windowStateAt(new Date('2026-11-21T01:00:00.000Z'), cycle, 5)).toBe('open');
  });

  it('is monotone: not_open, then open, then closed, never back', () => {
    const order = { not_open: 0, open: 1, closed: 2 } as const;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 7 }), fc.integer({ min: 0, max: 14 * 86400 }), fc.integer({ min: 0, max: 86400 }), (w, a, step) => {
        const base = Date.parse('2026-11-20T00:00:00Z');
        const s1 = windowStateAt(new Date(base + a * 1000), cycle, w);
        const s2 = windowStateAt(new Date(base + (a + step) * 1000), cycle, w);
        expect(order[s2]).toBeGreaterThanOrEqual(order[s1]);
      }),
    );
  });
});

describe('which cycle a retailer orders in', () => {
  const week = (id: number, startsOn: string, status: string, opensAt: string) => ({
    id,
    startsOn,
    endsOn: addDays(startsOn, 6),
    status,
    opensAt,
    cutoffLocalTime: '17:00:00',
    leadDays: 1,
  });
  const cycles = [
    week(1, '2026-11-16', 'delivered', '2026-11-14T01:00:00.000Z'),
    week(2, '2026-11-23', 'open', '2026-11-21T01:00:00.000Z'),
    week(3, '2026-11-30', 'planned', '2026-11-28T01:00:00.000Z'),
  ];

  it('is this week’s open cycle until the retailer’s own cut-off', () => {
    const wed = new Date('2026-11-25T03:00:00Z');
    expect(pickOrderingCycle(cycles, 5, wed)?.id).toBe(2);
    expect(mayOrder(cycles[1]!, 5, wed)).toBe(true);
  });

  it('after a Monday retailer’s cut-off, it is the next cycle (not open yet)', () => {
    const tue = new Date('2026-11-24T03:00:00Z');
    const c = pickOrderingCycle(cycles, 1, tue);
    expect(c?.id).toBe(3);
    expect(mayOrder(c!, 1, tue)).toBe(false);
  });

  it('a planned cycle takes no orders even after its opening time', () => {
    const sat = new Date('2026-11-28T05:00:00Z');
    const c = pickOrderingCycle(cycles, 1, sat);
    expect(c?.id).toBe(3);
    expect(mayOrder(c!, 1, sat)).toBe(false);
    expect(pickOrderingCycle([], 1, sat)).toBeNull();
  });
});
