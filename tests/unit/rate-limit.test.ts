import { describe, expect, it } from 'vitest';
import { createLoginLimiter, loginBlockedFor, recordLoginFailure, recordLoginSuccess } from '~/server/rate-limit.server';

describe('sign-in throttling', () => {
  it('blocks a user name after 5 failures and a success clears it', async () => {
    const limiter = createLoginLimiter({ perUsername: 5, perAddress: 100 });
    for (let i = 0; i < 4; i++) await recordLoginFailure(limiter, 'Staff01', '10.0.0.1');
    expect(await loginBlockedFor(limiter, 'staff01', '10.0.0.1')).toBe(0);
    await recordLoginSuccess(limiter, 'staff01');
    for (let i = 0; i < 5; i++) await recordLoginFailure(limiter, 'staff01', '10.0.0.1');
    const wait = await loginBlockedFor(limiter, 'STAFF01', '10.0.0.9');
    expect(wait).toBeGreaterThan(60);
    expect(await loginBlockedFor(limiter, 'mgr01', '10.0.0.1')).toBe(0);
  });

  it('blocks an address that tries many user names', async () => {
    const limiter = createLoginLimiter({ perUsername: 5, perAddress: 10 });
    for (let i = 0; i < 10; i++) await recordLoginFailure(limiter, `user${i}`, '10.0.0.2');
    expect(await loginBlockedFor(limiter, 'fresh-name', '10.0.0.2')).toBeGreaterThan(0);
    expect(await loginBlockedFor(limiter, 'fresh-name', '10.0.0.3')).toBe(0);
  });
});
