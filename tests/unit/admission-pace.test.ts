/**
 * The admission gate's estimate of a newcomer's wait (DrainPace, admission.server.ts): it must follow the pace at
 * which a saturated lane lets waiting requests in, whatever its number of slots, and ignore a quiet lane's gaps.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DrainPace } from '~/server/admission.server';

/** Completions `intervalMs` apart while others wait, `count` of them from `start`. */
function saturated(pace: DrainPace, start: number, intervalMs: number, count: number) {
  for (let i = 0; i < count; i++) pace.done(start + i * intervalMs, true);
}

describe('DrainPace', () => {
  it('expects (waiting + 1) × the time between completions while saturated', () => {
    const pace = new DrainPace();
    expect(pace.expectedWaitMs(10)).toBe(0);
    saturated(pace, 1_000, 3, 200);
    expect(pace.intervalMs).toBeCloseTo(3, 6);
    expect(pace.expectedWaitMs(0)).toBeCloseTo(3, 6);
    expect(pace.expectedWaitMs(63)).toBeCloseTo(192, 6);
  });

  it('counts four requests finishing together every 12 ms as one every 3 ms, not four every 3', () => {
    // Four slots on one thread: each request holds its slot ~3 ms, yet the lane drains four per 12 ms.
    const pace = new DrainPace();
    for (let round = 0; round < 100; round++) for (let k = 0; k < 4; k++) pace.done(round * 12 + k * 0.01, true);
    expect(pace.intervalMs).toBeGreaterThan(2.5);
    expect(pace.intervalMs).toBeLessThan(3.5);
  });

  it('ignores the gaps of a lane that had nobody waiting', () => {
    const pace = new DrainPace();
    saturated(pace, 0, 4, 100);
    const before = pace.intervalMs;
    // A quiet minute: requests finish with nobody behind them, then the rush resumes.
    pace.done(60_000, false);
    pace.done(120_000, false);
    pace.done(120_004, true);
    pace.done(120_008, true);
    expect(pace.intervalMs).toBeCloseTo(before, 6);
  });

  it('stays between the shortest and the longest saturated interval it saw', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0.1, max: 50, noNaN: true }), { minLength: 2, maxLength: 200 }), (intervals) => {
        const pace = new DrainPace();
        let at = 0;
        pace.done(at, true);
        for (const gap of intervals) pace.done((at += gap), true);
        return pace.intervalMs >= Math.min(...intervals) - 1e-9 && pace.intervalMs <= Math.max(...intervals) + 1e-9;
      }),
    );
  });
});
