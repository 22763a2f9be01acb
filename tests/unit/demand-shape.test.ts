/** The demand-shape figures (app/domain/backtest/shape.ts) on histories whose shape is known by construction. */
import { describe, expect, it } from 'vitest';
import type { ReplayItem } from '~/domain/backtest';
import { demandShape, levelChanges, stoppedForGood } from '~/domain/backtest/shape';

/** An item from '2026-01-05' (a Monday) with the given daily units; `closed` marks days closed. */
function item(id: string, units: number[], closed: (t: number) => boolean = () => false): ReplayItem {
  return {
    id,
    firstDay: '2026-01-05',
    demandUnits: units.map((u, t) => (closed(t) ? 0 : u)),
    closed: Uint8Array.from(units, (_, t) => (closed(t) ? 1 : 0)),
    packsPerCarton: null,
  };
}
const days = (n: number, f: (t: number) => number) => Array.from({ length: n }, (_, t) => f(t));
const one = () => 'shop';

describe('demand shape', () => {
  it('sees no change, no stop and no zero in a steady seller', () => {
    const steady = item('a', days(26 * 7, () => 3));
    expect(levelChanges(steady)).toMatchObject({ falls: 0, rises: 0 });
    expect(stoppedForGood(steady)).toMatchObject({ stopped: false });
    const shape = demandShape([steady], one);
    expect(shape.zeroShare).toBe(0);
    expect(shape.classMix.smooth).toBe(1);
    expect(shape.cvByClass.smooth).toBe(0);
    expect(shape.weekdaySpread).toBeCloseTo(0, 9);
    expect(shape.closedDayShare).toBe(0);
  });

  it('counts a level that halves and stays as one fall, and a level that doubles as one rise', () => {
    const fall = item('f', days(26 * 7, (t) => (t < 13 * 7 ? 6 : 2)));
    expect(levelChanges(fall)).toMatchObject({ falls: 1, rises: 0 });
    const rise = item('r', days(26 * 7, (t) => (t < 13 * 7 ? 2 : 5)));
    expect(levelChanges(rise)).toMatchObject({ falls: 0, rises: 1 });
    // A dip of four weeks that comes back is not a fall that stays.
    const dip = item('d', days(26 * 7, (t) => (t >= 10 * 7 && t < 14 * 7 ? 1 : 6)));
    expect(levelChanges(dip).falls).toBe(0);
    const shape = demandShape([fall, rise], one);
    expect(shape.fallsPerItemYear).toBeGreaterThan(0);
    // Shuffled in time the two levels mix: no fall is left.
    expect(shape.shuffledFallsPerItemYear).toBe(0);
  });

  it('finds an item that stopped for good, and cannot tell for one too slow to know', () => {
    const stopped = item('s', days(30 * 7, (t) => (t < 20 * 7 ? 2 : 0)));
    expect(stoppedForGood(stopped)).toMatchObject({ stopped: true });
    const slow = item('w', days(30 * 7, (t) => (t % 30 === 0 && t < 20 * 7 ? 1 : 0)));
    expect(stoppedForGood(slow)).toBeNull();
    const shape = demandShape([stopped, item('k', days(30 * 7, () => 2))], one);
    expect(shape.stoppedShare).toBe(0.5);
  });

  it('reads a weekly closed day and the weekday rhythm per shop', () => {
    // Closed on Saturdays, Sunday sells double.
    const saturday = (t: number) => t % 7 === 5;
    const a = item('1:a', days(12 * 7, (t) => (t % 7 === 6 ? 4 : 2)), saturday);
    const b = item('1:b', days(12 * 7, (t) => (t % 7 === 6 ? 2 : 1)), saturday);
    const c = item('2:c', days(12 * 7, () => 1));
    const shape = demandShape([a, b, c], (i) => i.id.split(':')[0]!);
    expect(shape.shops).toBe(2);
    expect(shape.shopsWithClosedWeekday).toBe(0.5);
    expect(shape.closedDayShare).toBeCloseTo((1 / 7 + 0) / 2, 9);
    expect(shape.otherClosedDayShare).toBe(0);
    expect(shape.zeroShare).toBe(0);
    const first = demandShape([a, b], one);
    expect(first.weekdayIndex[5]).toBeNull();
    // Sunday sells double the other open days: 2 ÷ (7 ÷ 6) of the open days' mean.
    expect(first.weekdayIndex[6]!).toBeCloseTo(12 / 7, 9);
    expect(first.weekdaySpread).toBeCloseTo(12 / 7 - 6 / 7, 9);
  });
});
