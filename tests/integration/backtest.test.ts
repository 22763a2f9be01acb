/** The backtest on a county's own history (the staff page's run), against a seeded database on each dialect. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '~/server/password.server';
import { runBacktest } from '~/server/backtest.server';
import { postgresSkipped, useTestDb, type TestDb } from '../support/db';
import { seedDemo } from '~/server/seed.server';

const TODAY = '2026-11-23';

describe.skipIf(postgresSkipped())('backtest on the county’s own history', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await useTestDb();
    await seedDemo(t.db, { retailers: 40, specs: 30, weeks: 8, today: TODAY, errorRatePerRetailerWeek: 0 }, { passwordHash: await hashPassword('x') });
  });
  afterAll(() => t?.close());

  it('replays a sample of the daily-uploading shops under the rule and the baselines', async () => {
    const r = await runBacktest(t.db, { today: TODAY, testWeeks: 3, leadDays: 1, sampleShops: 10 });
    expect(r.shopsUploadingDaily).toBeGreaterThan(10);
    expect(r.shopsSimulated).toBe(10);
    expect(r.shopSpecs).toBeGreaterThan(50);
    expect(r.testFirstDay).toBe('2026-11-02');
    expect(r.comparison.map((c) => c.policy)).toEqual(['rule@0.95', 'B0 re-order sold', 'B1 28d avg ×1.0', 'B2 min/max 7/21d']);
    for (const s of [...r.comparison, ...r.tradeOff.rule, ...r.tradeOff.b1]) {
      expect(s.series).toBe(r.shopSpecs);
      expect(s.fillRate).toBeGreaterThan(0.5);
      expect(s.fillRate).toBeLessThanOrEqual(1);
      expect(s.averageStockPacks).toBeGreaterThan(0);
    }
    // The rule at 98 % keeps more stock than at 50 %: the curve spans a real trade-off.
    expect(r.tradeOff.rule.at(-1)!.averageStockPacks!).toBeGreaterThan(r.tradeOff.rule[0]!.averageStockPacks!);
    expect(r.targets).toHaveLength(3);
  });

  it('is deterministic, and the rule’s parameters change only the rule', async () => {
    const options = { today: TODAY, testWeeks: 3, leadDays: 1, sampleShops: 10 };
    const a = await runBacktest(t.db, options);
    const b = await runBacktest(t.db, options);
    expect({ ...a, timings: null }).toEqual({ ...b, timings: null });
    const c = await runBacktest(t.db, { ...options, ruleParams: { levelMethod: 'smoothing' } });
    expect(c.tradeOff.b1).toEqual(a.tradeOff.b1);
    expect(c.tradeOff.b0).toEqual(a.tradeOff.b0);
    expect(c.tradeOff.rule).not.toEqual(a.tradeOff.rule);
  });

  it('refuses a replay that leaves no history to warm up on', async () => {
    await expect(runBacktest(t.db, { today: TODAY, testWeeks: 8, leadDays: 1, sampleShops: 10 })).rejects.toThrow(RangeError);
  });
});
