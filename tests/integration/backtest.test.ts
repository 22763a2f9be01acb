/**
 * The backtest on a county's own history (the staff page's run), against a seeded database on each dialect; the
 * page runs it as a job (issue 14, item 2): the form queues it, the runner's body reports progress in chunks and
 * stores the figures, a history too short is refused as 'no_history'.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimJob } from '../../db/jobs';
import { shanghaiDayOf } from '~/domain/time';
import { action, loader } from '~/routes/staff.backtest';
import { JobRefused, runJobBody } from '~/server/job-kinds.server';
import { hashPassword } from '~/server/password.server';
import { runBacktest } from '~/server/backtest.server';
import { startSession } from '~/server/session.server';
import { replyError, replyErrors, replyIntent, type Reply } from '~/ui/form-reply';
import { routeArgs } from '../support/route-args';
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
    expect(r.tradeOff.rule.at(-1)!.averageStockPacks).toBeGreaterThan(r.tradeOff.rule[0]!.averageStockPacks);
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

  it('runs as a job: the page’s form queues it and redirects, the body reports progress in chunks and gives the figures', async () => {
    const staff = await t.db.selectFrom('users').select('id').where('role', '=', 'staff').orderBy('id').executeTakeFirstOrThrow();
    const cookie = (await startSession(t.db, new Request('http://localhost/'), staff.id)).split(';')[0]!;
    const form = { testWeeks: '3', leadDays: '1', sampleShops: '10', levelMethod: 'weekday_level', surgeAlpha: '0.35', surgeZ: '1.5', sesAlpha: '0.1', crostonAlpha: '0.1', intermittentMethod: 'sba', roundDownThresholdCartons: '0' };
    const post = new Request('http://localhost/staff/backtest', { method: 'POST', headers: { cookie }, body: new URLSearchParams({ intent: 'county', ...form }) });
    const thrown = await action(routeArgs(t.db, post)).then(
      () => null,
      (e: unknown) => e,
    );
    expect(thrown).toBeInstanceOf(Response);
    expect((thrown as Response).headers.get('Location')).toBe('/staff/backtest');
    const page = await loader(routeArgs(t.db, new Request('http://localhost/staff/backtest', { headers: { cookie } })));
    expect(page.job?.status).toBe('queued');

    const job = (await claimJob(t.db, { owner: 'test', kinds: ['backtest'] }))!;
    expect(job.payload).toMatchObject({ testWeeks: 3, leadDays: 1, sampleShops: 10, levelMethod: 'weekday_level', today: shanghaiDayOf(new Date()) });
    // The county was seeded up to TODAY: replay it as of then (the payload's day is the day it was asked on).
    const reports: Array<[number, number]> = [];
    const progress = { progress: (done: number, total: number) => Promise.resolve(void reports.push([done, total])) };
    const result = (await runJobBody(t.db, { ...job, payload: { ...(job.payload as object), today: TODAY } }, progress)) as Awaited<ReturnType<typeof runBacktest>>;
    const direct = await runBacktest(t.db, { today: TODAY, testWeeks: 3, leadDays: 1, sampleShops: 10, ruleParams: { levelMethod: 'weekday_level', surgeAlpha: 0.35, surgeZ: 1.5, sesAlpha: 0.1, crostonAlpha: 0.1, intermittentMethod: 'sba', roundDownThresholdCartons: 0 } });
    expect({ ...result, timings: null }).toEqual({ ...direct, timings: null });
    // Progress in many steps (each a chunk of one policy's shop-specs), up to every policy × shop-spec.
    expect(reports.length).toBeGreaterThan(10);
    const total = reports[0]![1];
    expect(reports.every(([, n]) => n === total)).toBe(true);
    expect(reports.map(([d]) => d)).toEqual([...reports.map(([d]) => d)].sort((a, b) => a - b));
    expect(reports.at(-1)).toEqual([total, total]);
    expect(total % result.shopSpecs).toBe(0);
  });

  it('answers settings out of range as invalid input (decision 0013), on the county form, and queues nothing', async () => {
    const staff = await t.db.selectFrom('users').select('id').where('role', '=', 'staff').orderBy('id').executeTakeFirstOrThrow();
    const cookie = (await startSession(t.db, new Request('http://localhost/'), staff.id)).split(';')[0]!;
    const queued = async () => (await t.db.selectFrom('jobs').select('id').where('kind', '=', 'backtest').execute()).length;
    const before = await queued();
    const form = { intent: 'county', testWeeks: '30', leadDays: '1', sampleShops: '10', levelMethod: 'weekday_level', surgeAlpha: '0.35', surgeZ: '1.5', sesAlpha: '0.1', crostonAlpha: '0.1', intermittentMethod: 'sba', roundDownThresholdCartons: '0' };
    const post = new Request('http://localhost/staff/backtest', { method: 'POST', headers: { cookie }, body: new URLSearchParams(form) });
    const out = (await action(routeArgs(t.db, post))) as unknown as { data: Reply; init: ResponseInit | null };
    expect(out.init?.status).toBe(400);
    expect(replyIntent(out.data)).toBe('county');
    expect(replyError(out.data)).toBe('invalid');
    expect(Object.keys(replyErrors(out.data))).toEqual(['testWeeks']);
    // A form naming neither of the page's two forms is invalid too.
    const { intent: _intent, ...noIntent } = form;
    const bare = (await action(routeArgs(t.db, new Request('http://localhost/staff/backtest', { method: 'POST', headers: { cookie }, body: new URLSearchParams({ ...noIntent, testWeeks: '3' }) })))) as unknown as { data: Reply; init: ResponseInit | null };
    expect(bare.init?.status).toBe(400);
    expect(replyError(bare.data)).toBe('invalid');
    expect(await queued()).toBe(before);
  });

  it('a job on a history too short is refused as no_history, not an error', async () => {
    const payload = { today: TODAY, testWeeks: 8, leadDays: 1, sampleShops: 10, levelMethod: 'weekday_level', surgeAlpha: 0.35, surgeZ: 1.5, sesAlpha: 0.1, crostonAlpha: 0.1, intermittentMethod: 'sba', roundDownThresholdCartons: 0 };
    const refused = await runJobBody(t.db, { kind: 'backtest', payload, requestedByUserId: null }, { progress: () => Promise.resolve() }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(JobRefused);
    expect((refused as JobRefused).reason).toBe('no_history');
  });

  // Last: it adds an upload.
  it('one shop’s upload from long before the others leaves the rest of the county’s history replayable', async () => {
    const options = { today: TODAY, testWeeks: 3, leadDays: 1, sampleShops: 10 };
    const before = await runBacktest(t.db, options);
    const shop = await t.db.selectFrom('uploads').select('retailerId').where('kind', '=', 'sales').orderBy('retailerId').executeTakeFirstOrThrow();
    await t.db
      .insertInto('uploads')
      .values({ retailerId: shop.retailerId, kind: 'sales', source: 'seed', businessDate: '2026-08-03', batchId: null, createdByUserId: null, createdAt: new Date().toISOString(), rowsAccepted: 1, rowsRejected: 0 })
      .execute();
    const after = await runBacktest(t.db, options);
    // The window still starts where the county's history does, and that shop uploaded every day of it too.
    expect({ ...after, timings: null }).toEqual({ ...before, timings: null });
    expect(after.shopsSimulated).toBe(10);
  });
});
