/**
 * The sign-in limits (app/server/login-limits.server.ts), in memory: nobody can keep a user out by failing on
 * purpose from elsewhere, failures from one place past the free ones get ever longer waits, and the owner's
 * known device passes every limit that others caused. The waits are checked on a fake clock (the limiter's
 * memory store reads Date and timers), never by sleeping.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  claimLoginAttempt,
  createLoginLimiter,
  MAX_WAIT_SECONDS,
  recordLoginFailure,
  recordLoginSuccess,
  waitAfterAttemptSeconds,
  type LoginAttempt,
  type LoginLimiter,
  type LoginLimits,
} from '~/server/login-limits.server';

const fromAddress = (username: string, address: string): LoginAttempt => ({ username, address, knownDeviceId: null });
const fromDevice = (username: string, address: string, knownDeviceId: string): LoginAttempt => ({ username, address, knownDeviceId });
// Memory only (no Redis, whatever the environment says): the Redis twin is tests/integration/multi-instance-rate-limit.test.ts.
const limiterWith = (limits: Partial<LoginLimits> = {}) => createLoginLimiter(limits, null);

/** One sign-in with a wrong password, as the route does it: the seconds it was told to wait, or 0 if judged. */
async function wrongPassword(limiter: LoginLimiter, attempt: LoginAttempt): Promise<number> {
  const wait = await claimLoginAttempt(limiter, attempt);
  if (wait === 0) await recordLoginFailure(limiter, attempt);
  return wait;
}
async function wrongPasswords(limiter: LoginLimiter, attempt: LoginAttempt, times: number): Promise<number[]> {
  const waits: number[] = [];
  for (let i = 0; i < times; i++) waits.push(await wrongPassword(limiter, attempt));
  return waits;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('sign-in limits', () => {
  it('waits double from one minute per attempt past the free failures, at most an hour', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 50].map(waitAfterAttemptSeconds)).toEqual([0, 60, 120, 240, 480, 960, 1920, 3600, 3600]);
    expect(MAX_WAIT_SECONDS).toBe(3600);
  });

  it('five failures from one address are free; then one attempt per wait, each wait twice the last', async () => {
    vi.useFakeTimers();
    const limiter = limiterWith();
    const attacker = fromAddress('440300100001', '203.0.113.9');
    expect(await wrongPasswords(limiter, attacker, 5)).toEqual([0, 0, 0, 0, 0]);
    // The sixth is judged, and starts a one-minute wait that the seventh runs into.
    expect(await wrongPassword(limiter, attacker)).toBe(0);
    expect(await wrongPassword(limiter, attacker)).toBe(60);
    vi.advanceTimersByTime(61_000);
    expect(await wrongPassword(limiter, attacker)).toBe(0);
    const second = await wrongPassword(limiter, { ...attacker, username: ' 440300100001 ' });
    expect(second).toBeGreaterThan(60);
    expect(second).toBeLessThanOrEqual(120);
    vi.advanceTimersByTime(121_000);
    expect(await wrongPassword(limiter, attacker)).toBe(0);
    expect(await wrongPassword(limiter, attacker)).toBe(240);
  });

  it('a burst of parallel attempts past the free failures gets one judged, not all', async () => {
    const limiter = limiterWith();
    const attacker = fromAddress('440300100001', '203.0.113.9');
    await wrongPasswords(limiter, attacker, 5);
    const waits = await Promise.all(Array.from({ length: 20 }, () => claimLoginAttempt(limiter, attacker)));
    expect(waits.filter((w) => w === 0)).toHaveLength(1);
  });

  it('sign-ins with the right password are never refused for their own sake, however many at once', async () => {
    const limiter = limiterWith();
    const staff = fromAddress('staff01', '10.0.0.1');
    for (let round = 0; round < 3; round++) {
      const waits = await Promise.all(Array.from({ length: 20 }, () => claimLoginAttempt(limiter, staff)));
      expect(waits.every((w) => w === 0)).toBe(true);
      await Promise.all(waits.map(() => recordLoginSuccess(limiter, staff)));
    }
  });

  it("an attacker's attempts from other addresses do not make the owner's own address wait", async () => {
    const limiter = limiterWith();
    for (let i = 0; i < 6; i++) await wrongPasswords(limiter, fromAddress('440300100001', `203.0.113.${i}`), 7);
    expect(await claimLoginAttempt(limiter, fromAddress('440300100001', '203.0.113.0'))).toBeGreaterThan(0);
    expect(await claimLoginAttempt(limiter, fromAddress('440300100001', '198.51.100.7'))).toBe(0);
  });

  it("a campaign from many addresses makes unknown devices wait for that user name, never the owner's known device", async () => {
    const limiter = limiterWith({ perUsername: 12 });
    for (let i = 0; i < 12; i++) await wrongPassword(limiter, fromAddress('440300100001', `203.0.113.${i}`));
    expect(await claimLoginAttempt(limiter, fromAddress('440300100001', '198.51.100.7'))).toBeGreaterThan(60);
    expect(await claimLoginAttempt(limiter, fromAddress('440300100002', '198.51.100.7'))).toBe(0);
    expect(await claimLoginAttempt(limiter, fromDevice('440300100001', '198.51.100.7', 'owners-phone'))).toBe(0);
    // Even from an address the campaign used.
    expect(await claimLoginAttempt(limiter, fromDevice('440300100001', '203.0.113.3', 'owners-phone'))).toBe(0);
  });

  it('an address trying many user names makes every unknown device there wait, not known ones', async () => {
    const limiter = limiterWith({ perAddress: 10 });
    for (let i = 0; i < 10; i++) await wrongPassword(limiter, fromAddress(`shop${i}`, '203.0.113.2'));
    expect(await claimLoginAttempt(limiter, fromAddress('fresh-name', '203.0.113.2'))).toBeGreaterThan(0);
    expect(await claimLoginAttempt(limiter, fromAddress('fresh-name', '203.0.113.3'))).toBe(0);
    expect(await claimLoginAttempt(limiter, fromDevice('shop1', '203.0.113.2', 'shop1-phone'))).toBe(0);
  });

  it("a known device's failures count against that device only, with more free ones", async () => {
    const limiter = limiterWith();
    const phone = fromDevice('mgr01', '10.0.0.1', 'mgr-phone');
    expect(await wrongPasswords(limiter, phone, 11)).toEqual(Array(11).fill(0));
    expect(await wrongPassword(limiter, phone)).toBeGreaterThan(0);
    expect(await claimLoginAttempt(limiter, fromDevice('mgr01', '10.0.0.1', 'mgr-tablet'))).toBe(0);
    expect(await claimLoginAttempt(limiter, fromAddress('mgr01', '10.0.0.1'))).toBe(0);
  });

  it('a success starts its own key afresh, and leaves the campaign count running', async () => {
    const limiter = limiterWith({ perUsername: 7 });
    const owner = fromAddress('staff01', '10.0.0.1');
    // Five free, the sixth judged, the seventh told to wait: six failures counted.
    expect(await wrongPasswords(limiter, owner, 7)).toEqual([0, 0, 0, 0, 0, 0, 60]);
    await recordLoginSuccess(limiter, owner);
    expect(await wrongPasswords(limiter, owner, 1)).toEqual([0]);
    // Six failures before the success and one after: the seven counted for the user name remain, whoever asks next.
    expect(await claimLoginAttempt(limiter, fromAddress('staff01', '10.0.0.3'))).toBeGreaterThan(0);
  });
});
