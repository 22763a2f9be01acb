/**
 * The order calendar, the order reminders' moments and quiet hours (app/domain/shop/calendar.ts,
 * app/domain/notifications.ts): examples, and properties for the rules.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { afterQuietHours, reminderDue, reminderMoments } from '~/domain/notifications';
import { orderCalendar } from '~/domain/shop/calendar';
import { addDays } from '~/domain/time';
import { remindersForm } from '~/domain/forms/reminders';

const w49 = { code: '2026-W49', startsOn: '2026-11-30', opensAt: '2026-11-28T01:00:00.000Z', cutoffLocalTime: '17:00:00', leadDays: 1, status: 'open' };
const w50 = { ...w49, code: '2026-W50', startsOn: '2026-12-07', opensAt: '2026-12-05T01:00:00.000Z', leadDays: 2, status: 'planned' };

describe('the order calendar', () => {
  it('this cycle and the next four: loaded weeks as loaded, the others expected from the latest cycle', () => {
    const c = orderCalendar([w49, w50], 3, '2026-11-30', '2026-11-30');
    expect(c).toHaveLength(5);
    expect(c[0]).toMatchObject({ code: '2026-W49', orderDay: '2026-12-02', cutoffAt: '2026-12-02T09:00:00.000Z', deliveryDay: '2026-12-03', expected: false, current: true, status: 'open' });
    expect(c[1]).toMatchObject({ code: '2026-W50', orderDay: '2026-12-09', deliveryDay: '2026-12-11', expected: false, current: false });
    // Not loaded: the week's order day, the latest cycle's cut-off time and lead days, marked expected.
    expect(c[2]).toMatchObject({ code: '2026-W51', startsOn: '2026-12-14', orderDay: '2026-12-16', cutoffAt: '2026-12-16T09:00:00.000Z', deliveryDay: '2026-12-18', expected: true, status: null });
    expect(c.map((e) => e.code)).toEqual(['2026-W49', '2026-W50', '2026-W51', '2026-W52', '2026-W53']);
  });

  it('with no cycle the shop orders in now, it starts at this week and marks none current; with no cycle at all, nothing', () => {
    const c = orderCalendar([w49], 1, null, '2026-12-09');
    expect(c[0]).toMatchObject({ startsOn: '2026-12-07', expected: true, current: false });
    expect(orderCalendar([], 1, null, '2026-12-09')).toEqual([]);
  });

  it('property: weeks follow one another, each order day on the shop’s weekday, the cut-off on it, delivery after it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 7 }), fc.integer({ min: 0, max: 400 }), (weekday, offset) => {
        const monday = addDays('2026-01-05', 7 * Math.floor(offset / 7));
        const c = orderCalendar([{ ...w49, startsOn: monday }], weekday, monday, monday);
        c.forEach((e, i) => {
          expect(e.startsOn).toBe(addDays(monday, 7 * i));
          expect(e.orderDay).toBe(addDays(e.startsOn, weekday - 1));
          expect(e.cutoffAt.slice(0, 10) <= e.orderDay).toBe(true);
          expect(e.deliveryDay > e.orderDay).toBe(true);
        });
      }),
    );
  });
});

describe('order reminders', () => {
  // A Wednesday shop in W49: order day 12-02, cut-off 17:00 (09:00Z).
  it('the evening before at 19:00 and two hours before the cut-off', () => {
    expect(reminderMoments(w49, 3)).toEqual([
      { kind: 'order_eve', at: '2026-12-01T11:00:00.000Z', until: '2026-12-01T16:00:00.000Z' },
      { kind: 'order_cutoff', at: '2026-12-02T07:00:00.000Z', until: '2026-12-02T09:00:00.000Z' },
    ]);
  });

  it('due: nothing before, the evening one until the order day begins, the last one until the cut-off, nothing after', () => {
    const at = (iso: string) => reminderDue(w49, 3, new Date(iso))?.kind ?? null;
    expect(at('2026-12-01T10:59:59.000Z')).toBeNull();
    expect(at('2026-12-01T11:00:00.000Z')).toBe('order_eve');
    expect(at('2026-12-01T15:59:59.000Z')).toBe('order_eve');
    expect(at('2026-12-02T02:00:00.000Z')).toBeNull();
    expect(at('2026-12-02T07:00:00.000Z')).toBe('order_cutoff');
    expect(at('2026-12-02T08:59:59.000Z')).toBe('order_cutoff');
    expect(at('2026-12-02T09:00:00.000Z')).toBeNull();
  });
});

describe('quiet hours', () => {
  const quiet = { from: '21:00', to: '08:00' };
  it('outside: at once; inside, before or after midnight: when they end', () => {
    expect(afterQuietHours(new Date('2026-12-01T11:00:00.000Z'), quiet).toISOString()).toBe('2026-12-01T11:00:00.000Z'); // 19:00
    expect(afterQuietHours(new Date('2026-12-01T14:30:00.000Z'), quiet).toISOString()).toBe('2026-12-02T00:00:00.000Z'); // 22:30 → 08:00
    expect(afterQuietHours(new Date('2026-12-01T19:00:00.000Z'), quiet).toISOString()).toBe('2026-12-02T00:00:00.000Z'); // 03:00 → 08:00
    expect(afterQuietHours(new Date('2026-12-01T05:00:00.000Z'), { from: '13:00', to: '14:00' }).toISOString()).toBe('2026-12-01T06:00:00.000Z');
    expect(afterQuietHours(new Date('2026-12-01T14:30:00.000Z'), null).toISOString()).toBe('2026-12-01T14:30:00.000Z');
  });

  const hhmm = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
  it('property: never earlier, less than a day later, never inside the quiet hours, unchanged outside them', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.parse('2026-01-01'), max: Date.parse('2027-01-01') }), hhmm, hhmm, (ms, from, to) => {
        const due = new Date(Math.floor(ms / 1000) * 1000);
        const q = { from, to };
        const out = afterQuietHours(due, q);
        expect(out.getTime()).toBeGreaterThanOrEqual(due.getTime());
        expect(out.getTime() - due.getTime()).toBeLessThan(24 * 3_600_000);
        const local = new Date(out.getTime() + 8 * 3_600_000);
        const minute = local.getUTCHours() * 60 + local.getUTCMinutes();
        const f = Number(from.slice(0, 2)) * 60 + Number(from.slice(3));
        const tt = Number(to.slice(0, 2)) * 60 + Number(to.slice(3));
        const quietAt = (m: number) => (f === tt ? false : f < tt ? m >= f && m < tt : m >= f || m < tt);
        expect(quietAt(minute)).toBe(false);
        if (out.getTime() !== due.getTime()) expect(minute).toBe(tt);
        // Once outside, unchanged.
        expect(afterQuietHours(out, q).getTime()).toBe(out.getTime());
      }),
    );
  });
});

describe('the reminder settings form', () => {
  it('takes times as HH:MM, names the field it refuses, and needs both times only with quiet hours on', () => {
    expect(remindersForm.safeParse({ intent: 'settings', sms: 'on', quiet: 'on', quietFrom: '22:00', quietTo: '07:30' })).toMatchObject({ success: true, data: { push: false, sms: true, quiet: true } });
    const bad = remindersForm.safeParse({ intent: 'settings', quiet: 'on', quietFrom: '25:00', quietTo: '' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual(expect.arrayContaining([['quietFrom', 'quietFrom']]));
    expect(remindersForm.safeParse({ intent: 'settings' }).success).toBe(true);
    expect(remindersForm.safeParse({ intent: 'push-subscribe', endpoint: 'http://push.example/x', p256dh: 'B'.repeat(87), auth: 'a'.repeat(22) }).success).toBe(false);
  });
});
