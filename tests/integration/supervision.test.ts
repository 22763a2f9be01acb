import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '~/domain/time';
import { keepSupervisionFresh } from '~/server/jobs.server';
import { runSupervision } from '~/server/job-kinds.server';
import { addSupervisionNote, supervisionIsStale, supervisionList } from '~/server/supervision.server';
import { loader as managerLoader, action as managerAction } from '~/routes/manager.supervision';
import { startSession } from '~/server/session.server';
import { routeArgs } from '../support/route-args';
import { orderingFixture, smallCounty } from '../support/fixtures';
import { postgresSkipped, useTestDb, type TestDb } from '../support/db';

const NOW = new Date('2026-11-24T04:00:00.000Z');
const CYCLES = [
  { code: '2026-W45', startsOn: '2026-11-02' },
  { code: '2026-W46', startsOn: '2026-11-09' },
  { code: '2026-W47', startsOn: '2026-11-16' },
];

describe.skipIf(postgresSkipped())('市场监管: shops whose orders of scarce specs run far beyond their sales', () => {
  let t: TestDb;
  let county: Awaited<ReturnType<typeof smallCounty>>;
  let fx: Awaited<ReturnType<typeof orderingFixture>>;
  const shop = (i: number) => county.retailers[i]!.id;

  beforeAll(async () => {
    t = await useTestDb();
    county = await smallCounty(t.db);
    fx = await orderingFixture(t.db);
    const at = NOW.toISOString();
    // Shops 0 (manager 0's route) and 2 (manager 1's) ask 3 cartons of the scarce spec every week and sell a pack a
    // day; shop 1 asks 1 carton a week and sells 3 packs a day; shop 3 asks 3 a week but sends no sales (not judged).
    const asks = [3, 1, 3, 3];
    const perDay = [1, 3, 1, 0];
    for (const c of CYCLES) {
      const { id: cycleId } = await t.db
        .insertInto('orderCycles')
        .values({ code: c.code, startsOn: c.startsOn, endsOn: addDays(c.startsOn, 6), opensAt: at, cutoffLocalTime: '17:00:00', leadDays: 1, status: 'delivered', createdAt: at })
        .returning('id')
        .executeTakeFirstOrThrow();
      for (let i = 0; i < 4; i++) {
        const { id: orderId } = await t.db
          .insertInto('orders')
          .values({ retailerId: shop(i), cycleId, status: 'delivered', submittedByUserId: null, submittedAt: at, totalCartons: asks[i]!, totalAmountFen: 0, failureReason: null, createdAt: at, updatedAt: at, deliveredOn: addDays(c.startsOn, 1), receiptConfirmedAt: null, allocationConfirmedAt: null, allocationProblem: null, allocationProblemAt: null })
          .returning('id')
          .executeTakeFirstOrThrow();
        await t.db
          .insertInto('orderLines')
          .values({ orderId, specId: fx.specs.scarce, qtyRequestedCartons: asks[i]!, capCartons: 3, suggestedCartons: null, qtyAllocatedCartons: asks[i]!, unitPriceFen: 45_000, qtyReceivedCartons: null, deviationReason: null })
          .execute();
      }
    }
    for (let d = 0; d < 21; d++) {
      const day = addDays(CYCLES[0]!.startsOn, d);
      for (let i = 0; i < 3; i++) {
        await t.db.insertInto('uploads').values({ retailerId: shop(i), kind: 'sales', source: 'seed', businessDate: day, batchId: null, createdByUserId: null, createdAt: at, rowsAccepted: 1, rowsRejected: 0 }).execute();
        await t.db.insertInto('posDailySales').values({ retailerId: shop(i), specId: fx.specs.scarce, salesDate: day, qtyPacks: perDay[i]!, uploadId: null }).execute();
      }
    }
  });
  afterAll(() => t?.close());

  it('before the job has run the list is empty and stale; the page queues the job once', async () => {
    expect(await supervisionIsStale(t.db, NOW)).toBe(true);
    expect(await supervisionList(t.db, { userId: county.staffUserId, role: 'staff' })).toEqual({ cycles: [], rows: [], computedAt: null });
    const queued = await keepSupervisionFresh(t.db, NOW);
    expect(queued).toMatchObject({ kind: 'supervision', status: 'queued' });
    // A second page load finds it waiting and queues nothing more.
    expect((await keepSupervisionFresh(t.db, NOW))?.id).toBe(queued!.id);
    expect(await t.db.selectFrom('jobs').select('id').where('kind', '=', 'supervision').execute()).toHaveLength(1);
    await t.db.deleteFrom('jobs').execute();
  });

  it('staff see the county as the job stored it: the two shops asking far beyond their sales, with the numbers', async () => {
    const progress: number[] = [];
    expect(await runSupervision(t.db, { progress: (done) => Promise.resolve(void progress.push(done)) }, NOW)).toEqual({ rows: 2, cycles: 3 });
    // Progress in shops read: the four that ordered the scarce spec in three cycles.
    expect(progress.at(-1)).toBe(4);
    expect(await supervisionIsStale(t.db, NOW)).toBe(false);
    expect(await supervisionIsStale(t.db, new Date(NOW.getTime() + 24 * 3_600_000))).toBe(true);
    const list = await supervisionList(t.db, { userId: county.staffUserId, role: 'staff' });
    expect(list.computedAt).toBe(NOW.toISOString());
    expect(list.cycles.map((c) => c.code)).toEqual(CYCLES.map((c) => c.code));
    expect(list.rows.map((r) => r.retailerId).sort((a, b) => a - b)).toEqual([shop(0), shop(2)]);
    expect(list.rows[0]).toMatchObject({ specId: fx.specs.scarce, cyclesOrdered: 3, askedCartons: 9, allocatedCartons: 9, soldPacks: 21, windowSoldPacks: 21, askedToSold: 4.3, flagged: true, notes: [] });
    expect(list.rows[0]!.cycles.map((c) => c.askedCartons)).toEqual([3, 3, 3]);
    // Computed again: the same list, in place of the old one.
    await runSupervision(t.db, undefined, NOW);
    expect(await t.db.selectFrom('supervisionRuns').select('id').execute()).toHaveLength(1);
    expect((await supervisionList(t.db, { userId: county.staffUserId, role: 'staff' })).rows).toHaveLength(2);
  });

  it('a manager sees only its own route’s shops; a retailer nothing', async () => {
    const mine = await supervisionList(t.db, { userId: county.managers[0]!.userId, role: 'manager' });
    expect(mine.rows.map((r) => r.retailerId)).toEqual([shop(0)]);
    const theirs = await supervisionList(t.db, { userId: county.managers[1]!.userId, role: 'manager' });
    expect(theirs.rows.map((r) => r.retailerId)).toEqual([shop(2)]);
    expect((await supervisionList(t.db, { userId: county.retailers[0]!.userId, role: 'retailer' })).rows).toEqual([]);
  });

  it('keeps a note trail: a manager notes its own shop, never another route’s; staff any; each sees its scope’s notes', async () => {
    const mgr0 = { userId: county.managers[0]!.userId, role: 'manager' as const };
    const staff = { userId: county.staffUserId, role: 'staff' as const };
    expect(await addSupervisionNote(t.db, mgr0, shop(0), fx.specs.scarce, '走访：店里只摆了两条。', NOW)).toMatchObject({ ok: true });
    expect(await addSupervisionNote(t.db, mgr0, shop(2), fx.specs.scarce, '不是我的客户', NOW)).toEqual({ ok: false, reason: 'not_found' });
    expect(await addSupervisionNote(t.db, mgr0, shop(0), fx.specs.plain, '不是紧俏品规', NOW)).toEqual({ ok: false, reason: 'not_found' });
    expect(await addSupervisionNote(t.db, { userId: county.retailers[0]!.userId, role: 'retailer' }, shop(0), fx.specs.scarce, '零售客户不能写', NOW)).toEqual({ ok: false, reason: 'not_found' });
    expect(await addSupervisionNote(t.db, staff, shop(2), fx.specs.scarce, '营销部：下周复查。', new Date(NOW.getTime() + 60_000))).toMatchObject({ ok: true });
    expect(await t.db.selectFrom('supervisionNotes').select('id').execute()).toHaveLength(2);
    const mine = await supervisionList(t.db, mgr0);
    expect(mine.rows[0]!.notes.map((n) => n.body)).toEqual(['走访：店里只摆了两条。']);
    const all = await supervisionList(t.db, staff);
    expect(all.rows.find((r) => r.retailerId === shop(2))!.notes).toMatchObject([{ body: '营销部：下周复查。', authorRole: 'staff' }]);
  });

  it('the manager page refuses an empty or too long note naming the field, and another route’s shop, saving nothing', async () => {
    const cookie = (await startSession(t.db, new Request('http://localhost/'), county.managers[0]!.userId)).split(';')[0]!;
    const post = (fields: Record<string, string>) =>
      managerAction(routeArgs(t.db, new Request('http://localhost/manager/supervision', { method: 'POST', headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields) })));
    const before = (await t.db.selectFrom('supervisionNotes').select('id').execute()).length;
    const empty = (await post({ intent: 'note', retailerId: String(shop(0)), specId: String(fx.specs.scarce), body: '   ' })) as { init: { status: number }; data: { result: { error: Record<string, string[]> } } };
    expect(empty.init.status).toBe(400);
    expect(empty.data.result.error.body).toEqual(['required']);
    const long = (await post({ intent: 'note', retailerId: String(shop(0)), specId: String(fx.specs.scarce), body: '长'.repeat(501) })) as typeof empty;
    expect(long.data.result.error.body).toEqual(['tooLong']);
    const theirs = (await post({ intent: 'note', retailerId: String(shop(2)), specId: String(fx.specs.scarce), body: '越权' })) as typeof empty;
    expect(theirs.init.status).toBe(404);
    expect((await t.db.selectFrom('supervisionNotes').select('id').execute()).length).toBe(before);
    const page = (await managerLoader(routeArgs(t.db, new Request('http://localhost/manager/supervision', { headers: { Cookie: cookie } }))));
    expect(page.list.rows.map((r) => r.retailerId)).toEqual([shop(0)]);
  });
});
