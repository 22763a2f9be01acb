import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, daysInRange, shanghaiToInstant } from '~/domain/time';
import { fixQualityIssue, listQualityIssues, refreshQualityIssues } from '~/server/quality.server';
import { ingest } from '~/server/uploads/ingest.server';
import { orderingFixture, smallCounty } from '../support/fixtures';
import { postgresSkipped, useTestDb, type TestDb } from '../support/db';

const NOW = new Date('2026-11-24T02:00:00.000Z');

describe.skipIf(postgresSkipped())('data-quality issues and their one-step fixes', () => {
  let t: TestDb;
  let county: Awaited<ReturnType<typeof smallCounty>>;
  let fx: Awaited<ReturnType<typeof orderingFixture>>;
  const shop = () => county.retailers[0]!;
  const asShop = () => ({ userId: shop().userId, role: 'retailer' as const });
  const issuesOf = async (kind: string) => (await listQualityIssues(t.db, asShop(), shop().id, 'all')).filter((i) => i.kind === kind);

  beforeAll(async () => {
    t = await useTestDb();
    county = await smallCounty(t.db);
    fx = await orderingFixture(t.db);
    const plain = fx.specs.plain;
    // Three packs a day from 11-01 to 11-18, then 30 on 11-19: packs typed as cartons.
    const days = daysInRange('2026-11-01', '2026-11-19');
    await ingest(
      t.db,
      {
        retailerId: shop().id,
        kind: 'sales',
        source: 'file',
        actorUserId: shop().userId,
        rowsRead: days.length,
        days,
        daily: days.map((day) => ({ specId: plain, day, qtyPacks: day === '2026-11-19' ? 30 : 3 })),
        rejections: [{ rowNo: 99, columnName: '条码', code: 'unknown_barcode', value: '6900000000017', barcode: '6900000000017', day: '2026-11-18', qty: 2 }],
      },
      NOW,
    );
    await t.db.insertInto('receipts').values({ retailerId: shop().id, specId: plain, receivedOn: '2026-11-02', qtyPacks: 100, uploadId: null, orderId: null }).execute();
    // Counts on two mornings: 50 on 11-10; on 11-17 there should be 50 − 7 × 3 = 29, but 20 were counted.
    for (const [day, qtyPacks] of [['2026-11-10', 50], ['2026-11-17', 20]] as const) {
      await ingest(t.db, { retailerId: shop().id, kind: 'stock_count', source: 'manual', actorUserId: shop().userId, rowsRead: 1, counts: [{ countedAt: shanghaiToInstant(day, '08:00'), day, lines: [{ specId: plain, qtyPacks }] }], rejections: [] }, NOW);
    }
  });
  afterAll(() => t?.close());

  it('finds the ×10 day, the count discrepancy and the unknown barcode', async () => {
    expect((await issuesOf('looks_times_ten')).map((i) => [i.day, i.status, i.detail.recordedQtyPacks])).toEqual([['2026-11-19', 'open', 30]]);
    const [gap] = await issuesOf('stock_discrepancy');
    expect(gap).toMatchObject({ day: '2026-11-17', status: 'open' });
    expect(gap!.detail).toMatchObject({ expectedQtyPacks: 29, countedQtyPacks: 20 });
    expect((await issuesOf('unknown_barcode'))[0]).toMatchObject({ status: 'open', detail: { barcode: '6900000000017', qty: 2 } });
  });

  it('a shop cannot fix another shop’s issue; its manager can see it', async () => {
    const [issue] = await issuesOf('looks_times_ten');
    const stranger = county.retailers[1]!;
    expect(await fixQualityIssue(t.db, { userId: stranger.userId, role: 'retailer' }, issue!.id, { action: 'explain', note: 'x' }, NOW)).toEqual({ ok: false, reason: 'not_found' });
    const manager = county.managers.find((m) => m.managerId === shop().managerId)!;
    expect((await listQualityIssues(t.db, { userId: manager.userId, role: 'manager' }, shop().id)).length).toBeGreaterThan(0);
    const otherManager = county.managers.find((m) => m.managerId !== shop().managerId)!;
    expect(await listQualityIssues(t.db, { userId: otherManager.userId, role: 'manager' }, shop().id)).toEqual([]);
  });

  it('correcting the quantity changes the data the rule sees and closes the issue, with a log', async () => {
    const [issue] = await issuesOf('looks_times_ten');
    expect(await fixQualityIssue(t.db, asShop(), issue!.id, { action: 'correct_sales', qtyPacks: 3 }, NOW)).toEqual({ ok: true });
    const row = await t.db.selectFrom('posDailySales').select('qtyPacks').where('retailerId', '=', shop().id).where('specId', '=', fx.specs.plain).where('salesDate', '=', '2026-11-19').executeTakeFirstOrThrow();
    expect(row.qtyPacks).toBe(3);
    expect((await issuesOf('looks_times_ten'))[0]!.status).toBe('fixed');
    const log = await t.db.selectFrom('qualityFixLog').select(['action', 'beforeJson', 'afterJson', 'userId']).where('issueId', '=', issue!.id).execute();
    expect(log).toEqual([{ action: 'correct_sales', beforeJson: '{"qtyPacks":30}', afterJson: '{"qtyPacks":3}', userId: shop().userId }]);
  });

  it('a recount that agrees with the books closes the discrepancy', async () => {
    const [issue] = await issuesOf('stock_discrepancy');
    expect(await fixQualityIssue(t.db, asShop(), issue!.id, { action: 'recount', qtyPacks: 29 }, NOW)).toEqual({ ok: true });
    expect((await issuesOf('stock_discrepancy'))[0]!.status).toBe('fixed');
  });

  it('mapping an unknown barcode to a spec imports its rejected rows as that spec’s sales', async () => {
    const [issue] = await issuesOf('unknown_barcode');
    const before = await t.db.selectFrom('posDailySales').select('qtyPacks').where('retailerId', '=', shop().id).where('specId', '=', fx.specs.scarce).where('salesDate', '=', '2026-11-18').executeTakeFirst();
    expect(before).toBeUndefined();
    expect(await fixQualityIssue(t.db, asShop(), issue!.id, { action: 'map_barcode', specId: fx.specs.scarce, unit: 'carton' }, NOW)).toEqual({ ok: true });
    const after = await t.db.selectFrom('posDailySales').select('qtyPacks').where('retailerId', '=', shop().id).where('specId', '=', fx.specs.scarce).where('salesDate', '=', '2026-11-18').executeTakeFirstOrThrow();
    expect(after.qtyPacks).toBe(20);
    expect((await issuesOf('unknown_barcode'))[0]!.status).toBe('fixed');
    expect(await t.db.selectFrom('barcodeAliases').select(['barcode', 'specId', 'qtyPacksPerUnit']).where('retailerId', '=', shop().id).execute()).toEqual([
      { barcode: '6900000000017', specId: fx.specs.scarce, qtyPacksPerUnit: 10 },
    ]);
  });

  it('an explanation closes an issue with its note; bad fixes are refused and change nothing', async () => {
    await ingest(t.db, { retailerId: shop().id, kind: 'sales', source: 'api', actorUserId: null, rowsRead: 1, days: [addDays('2026-11-19', 1)], daily: [{ specId: fx.specs.plain, day: '2026-11-20', qtyPacks: 40 }], rejections: [] }, NOW);
    const [open] = (await issuesOf('looks_times_ten')).filter((i) => i.status === 'open');
    expect(open).toBeDefined();
    expect(await fixQualityIssue(t.db, asShop(), open!.id, { action: 'correct_sales', qtyPacks: -4 }, NOW)).toEqual({ ok: false, reason: 'invalid' });
    expect(await fixQualityIssue(t.db, asShop(), open!.id, { action: 'recount', qtyPacks: 4 }, NOW)).toEqual({ ok: false, reason: 'not_applicable' });
    expect(await fixQualityIssue(t.db, asShop(), open!.id, { action: 'explain', note: '当天有团购' }, NOW)).toEqual({ ok: true });
    const explained = (await issuesOf('looks_times_ten')).find((i) => i.id === open!.id)!;
    expect(explained).toMatchObject({ status: 'explained', resolutionNote: '当天有团购' });
  });

  it('re-running the checks keeps one row per finding: a closed one found again stays closed, and the count is of open issues', async () => {
    const rows = () => t.db.selectFrom('qualityIssues').select(['id', 'issueKey', 'status', 'day', 'detailJson', 'foundAt']).where('retailerId', '=', shop().id).orderBy('id').execute();
    const before = await rows();
    // The explained ×10 day (40 packs on 11-20) is still in the data, so every run finds it again.
    expect(before.some((r) => r.status === 'explained')).toBe(true);
    const count = await refreshQualityIssues(t.db, shop().id, NOW);
    expect(await rows()).toEqual(before);
    expect(count).toBe(before.filter((r) => r.status === 'open').length);

    // A changed figure updates its issue in place; the explained day stays explained with its new figure.
    await ingest(t.db, { retailerId: shop().id, kind: 'sales', source: 'api', actorUserId: null, rowsRead: 1, days: ['2026-11-20'], daily: [{ specId: fx.specs.plain, day: '2026-11-20', qtyPacks: 50 }], rejections: [] }, NOW);
    const after = await rows();
    expect(after.map((r) => [r.id, r.issueKey, r.status, r.foundAt])).toEqual(before.map((r) => [r.id, r.issueKey, r.status, r.foundAt]));
    const explained = after.find((r) => r.status === 'explained')!;
    expect(JSON.parse(explained.detailJson)).toMatchObject({ recordedQtyPacks: 50 });
  });
});
