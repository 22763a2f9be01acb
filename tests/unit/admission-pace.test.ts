/**
 * The admission gate's estimate of a newcomer's wait (DrainPace, admission.server.ts): it must follow the pace at
 * which a saturated lane lets waiting requests in, whatever its number of slots, and ignore a quiet lane's gaps.
 * And its decision (refusesNewcomer): a burst always waits, past it the wait limit holds, never past the cap.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DrainPace, refusesNewcomer, type LaneLimits } from '~/server/admission.server';

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

describe('refusesNewcomer', () => {
  const limits: LaneLimits = { maxWaiting: 64, burst: 50, maxWaitMs: 150 };

  it('takes a rush of the burst\'s size however slow the lane has been, and holds the wait limit past it', () => {
    // Fifty shops at once on a cold server: a second a request, yet every one of them may wait.
    expect(refusesNewcomer(0, 49, 50_000, limits)).toBe(false);
    expect(refusesNewcomer(0, 50, 151, limits)).toBe(true);
    expect(refusesNewcomer(0, 50, 150, limits)).toBe(false);
    expect(refusesNewcomer(0, 63, 100, limits)).toBe(false);
    expect(refusesNewcomer(0, 64, 0, limits)).toBe(true);
    // A free slot: nobody waits, nobody is refused.
    expect(refusesNewcomer(1, 1_000, 1e9, limits)).toBe(false);
  });

  it('never refuses inside the burst, always refuses at the cap, whatever the wait it expects', () => {
    const arbitraryLimits = fc
      .record({ maxWaiting: fc.integer({ min: 1, max: 200 }), burst: fc.nat(200), maxWaitMs: fc.integer({ min: 1, max: 10_000 }) })
      .map((l) => ({ ...l, burst: Math.min(l.burst, l.maxWaiting) }));
    fc.assert(
      fc.property(arbitraryLimits, fc.nat(300), fc.double({ min: 0, max: 1e6, noNaN: true }), (l, waiting, expected) => {
        if (waiting < l.burst) return !refusesNewcomer(0, waiting, expected, l);
        if (waiting >= l.maxWaiting) return refusesNewcomer(0, waiting, expected, l);
        return refusesNewcomer(0, waiting, expected, l) === expected > l.maxWaitMs;
      }),
    );
  });

  it('refuses whoever comes behind more waiting or with a longer wait ahead, once it refuses one', () => {
    fc.assert(
      fc.property(fc.nat(100), fc.nat(100), fc.double({ min: 0, max: 1_000, noNaN: true }), fc.double({ min: 0, max: 1_000, noNaN: true }), (a, b, x, y) => {
        // Monotone: a shorter queue and a shorter wait never turn an admission into a refusal.
        const [fewer, more] = a <= b ? [a, b] : [b, a];
        const [shorter, longer] = x <= y ? [x, y] : [y, x];
        return !refusesNewcomer(0, fewer, shorter, limits) || refusesNewcomer(0, more, longer, limits);
      }),
    );
  });
});
