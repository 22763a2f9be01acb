/**
 * The monitoring page's figures against the raw rows, on both dialects: a small seeded county (the seed builds
 * the roll-ups), a day's figures recomputed here straight from orders, lines, uploads, sales, receipts and
 * counts by DOMAIN.md's definitions; drill-down lists that add up to the figures; a write through the app's own
 * writers (ingest, order cancel) showing up on the next read exactly as a full rebuild would show it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { addCounts, COUNT_KEYS, emptyCounts, SUCCESS_STATUSES, type Counts, type IndicatorId } from '~/domain/indicators';
import { addDays, daysInRange, isoWeekday } from '~/domain/time';
import { toXlsx } from '~/server/export.server';
import { drillDown, notOrderedList } from '~/server/monitoring-drill.server';
import { notOrderedReport } from '~/server/monitoring-reports.server';
import { monitoringPage } from '~/server/monitoring.server';
import { rebuildRollups, refreshRollups } from '~/server/rollups.server';
import { ingest } from '~/server/uploads/ingest.server';
import { fixQualityIssue } from '~/server/quality.server';
import i18next from 'i18next';
import { resources } from '~/i18n/resources';
import { postgresSkipped, useTestDb, type TestDb } from '../support/db';
import { seedDemo } from '~/server/seed.server';

const TODAY = '2026-11-23';
// Noon on "today" in Shanghai.
const NOW = new Date('2026-11-23T04:00:00.000Z');
// A Wednesday two weeks back: allocated and delivered orders, sales for 14 days after it.
const DAY = '2026-11-11';
const OPTIONS = { retailers: 40, specs: 30, weeks: 4, seed: 7, today: TODAY };

type Figures = Partial<Record<IndicatorId, number | null>>;

const rate = (n: number, d: number) => (d > 0 ? n / d : null);

/** DOMAIN.md's definitions for one day and the whole county, straight from the raw tables. */
async function recompute(db: TestDb['db'], day: string): Promise<Figures> {
  const retailers = await db.selectFrom('retailers').selectAll().execute();
  const active = retailers.filter((r) => r.active === 1);
  const online = active.filter((r) => r.isOnline === 1);
  const uploads = await db.selectFrom('uploads').select(['retailerId', 'businessDate', 'kind']).execute();
  const uploadedOn = (id: number, d: string) => uploads.some((u) => u.retailerId === id && u.kind === 'sales' && String(u.businessDate) === d);

  const cycle = await db.selectFrom('orderCycles').selectAll().where('startsOn', '<=', day).where('endsOn', '>=', day).executeTakeFirstOrThrow();
  const due = active.filter((r) => r.orderWeekday === isoWeekday(day));
  const orders = await db.selectFrom('orders').selectAll().where('cycleId', '=', cycle.id).execute();
  const orderOf = (id: number) => orders.find((o) => o.retailerId === id);
  const ok = due.filter((r) => (SUCCESS_STATUSES as readonly string[]).includes(orderOf(r.id)?.status ?? 'none'));
  const specs = await db.selectFrom('specs').selectAll().execute();
  const spec = (id: number) => specs.find((s) => s.id === id)!;
  const okOrderIds = ok.map((r) => orderOf(r.id)!.id);
  const lines = okOrderIds.length ? await db.selectFrom('orderLines').selectAll().where('orderId', 'in', okOrderIds).execute() : [];
  const allocated = lines.filter((l) => l.qtyAllocatedCartons !== null);
  const capped = lines.filter((l) => l.capCartons !== null);
  const suggestions = await db.selectFrom('suggestions').selectAll().where('cycleId', '=', cycle.id).execute();
  let matchDiff = 0;
  let matchBase = 0;
  for (const l of lines) {
    matchDiff += Math.abs(l.qtyRequestedCartons - (l.suggestedCartons ?? 0));
    matchBase += l.suggestedCartons ?? 0;
  }
  for (const r of ok) {
    const orderId = orderOf(r.id)!.id;
    for (const s of suggestions.filter((x) => x.retailerId === r.id && x.suggestedCartons > 0)) {
      if (!lines.some((l) => l.orderId === orderId && l.specId === s.specId)) {
        matchDiff += s.suggestedCartons;
        matchBase += s.suggestedCartons;
      }
    }
  }
  const caps = await db.selectFrom('caps').selectAll().where('cycleId', '=', cycle.id).where('capCartons', '>', 0).execute();
  const eligible = due.filter((r) => caps.some((c) => spec(c.specId).isScarce === 1 && r.grade >= c.gradeFrom && r.grade <= c.gradeTo));
  const covered = eligible.filter((r) => {
    const o = orderOf(r.id);
    return o && ok.includes(r) && lines.some((l) => l.orderId === o.id && spec(l.specId).isScarce === 1 && (l.qtyAllocatedCartons ?? 0) >= 1);
  });
  const sales = await db.selectFrom('posDailySales').select(['retailerId', 'specId', 'salesDate', 'qtyPacks']).execute();
  const newLines = lines.filter((l) => spec(l.specId).isNew === 1 && (l.qtyAllocatedCartons ?? 0) >= 1);
  const listed = newLines.filter((l) => {
    const retailerId = orders.find((o) => o.id === l.orderId)!.retailerId;
    return sales.some((s) => s.retailerId === retailerId && s.specId === l.specId && s.qtyPacks > 0 && String(s.salesDate) > day && String(s.salesDate) <= addDays(day, 14));
  });

  // Stock-outs at the day's counts: carried = on the shelf or sold in the 28 days before; out = carried, counted at 0.
  const counts = await db.selectFrom('stockCounts as sc').innerJoin('uploads as u', 'u.id', 'sc.uploadId').select(['sc.id', 'sc.retailerId']).where('u.businessDate', '=', day).execute();
  let carried = 0;
  let out = 0;
  for (const c of counts) {
    const countLines = await db.selectFrom('stockCountLines').selectAll().where('stockCountId', '=', c.id).execute();
    for (const l of countLines) {
      const sold = sales.some((s) => s.retailerId === c.retailerId && s.specId === l.specId && String(s.salesDate) >= addDays(day, -28) && String(s.salesDate) < day);
      if (l.qtyPacks <= 0 && !sold) continue;
      carried += 1;
      if (l.qtyPacks <= 0) out += 1;
    }
  }

  // Closing stock: each shop's last count within 35 days (morning, before trade) + receipts − sales since.
  const allCounts = await db
    .selectFrom('stockCounts as sc')
    .innerJoin('uploads as u', 'u.id', 'sc.uploadId')
    .select((eb) => ['sc.retailerId', 'u.businessDate as day', eb.selectFrom('stockCountLines as l').select((e) => e.fn.sum<number>('l.qtyPacks').as('p')).whereRef('l.stockCountId', '=', 'sc.id').as('packs')])
    .where('u.businessDate', '<=', day)
    .where('u.businessDate', '>=', addDays(day, -35))
    .execute();
  const receipts = await db.selectFrom('receipts').select(['retailerId', 'receivedOn', 'qtyPacks']).execute();
  let stock = 0;
  let stockSales = 0;
  for (const r of retailers) {
    const last = allCounts.filter((c) => c.retailerId === r.id).sort((a, b) => String(b.day).localeCompare(String(a.day)))[0];
    if (!last) continue;
    const from = String(last.day);
    const inRange = (d: unknown) => String(d) >= from && String(d) <= day;
    stock += Number(last.packs ?? 0);
    stock += receipts.filter((x) => x.retailerId === r.id && inRange(x.receivedOn)).reduce((n, x) => n + x.qtyPacks, 0);
    stock -= sales.filter((x) => x.retailerId === r.id && inRange(x.salesDate)).reduce((n, x) => n + x.qtyPacks, 0);
    stockSales += sales.filter((x) => x.retailerId === r.id && String(x.salesDate) === day).reduce((n, x) => n + x.qtyPacks, 0);
  }

  return {
    uploadRate: rate(online.filter((r) => uploadedOn(r.id, day)).length, online.length),
    orderSuccess: rate(ok.length, due.length),
    notOrdered: due.length - ok.length,
    fulfilment: rate(
      allocated.reduce((n, l) => n + l.qtyAllocatedCartons!, 0),
      allocated.reduce((n, l) => n + l.qtyRequestedCartons, 0),
    ),
    capFill: rate(
      capped.reduce((n, l) => n + l.qtyRequestedCartons, 0),
      capped.reduce((n, l) => n + l.capCartons!, 0),
    ),
    capBreadth: rate(capped.filter((l) => l.qtyRequestedCartons >= l.capCartons!).length, capped.length),
    suggestionMatch: matchBase > 0 ? 1 - matchDiff / matchBase : null,
    scarceCoverage: rate(covered.length, eligible.length),
    newListing: rate(listed.length, newLines.length),
    stockoutRate: rate(out, carried),
    // 存销比 on the scale of a week's sales at the day's pace (a day: sales × 7).
    stockToSales: rate(stock, stockSales * 7),
  };
}

function expectFigures(actual: Figures, expected: Figures) {
  for (const [id, value] of Object.entries(expected)) {
    if (value === null) expect(actual[id as IndicatorId], id).toBeNull();
    else expect(actual[id as IndicatorId], id).toBeCloseTo(value, 9);
  }
}

describe.skipIf(postgresSkipped())('monitoring roll-ups', () => {
  let t: TestDb;
  let staff: { userId: number; role: 'staff' };
  beforeAll(async () => {
    t = await useTestDb();
    await seedDemo(t.db, OPTIONS, { passwordHash: 'x' });
    const s = await t.db.selectFrom('users').select('id').where('username', '=', 'staff01').executeTakeFirstOrThrow();
    staff = { userId: s.id, role: 'staff' };
  }, 120_000);
  afterAll(() => t?.close());

  it('the page’s figures for a day equal a recomputation from the raw rows', async () => {
    const page = (await monitoringPage(t.db, staff, { dim: 'county', period: 'day', day: DAY }, NOW))!;
    expect(page.period).toEqual({ kind: 'day', from: DAY, to: DAY });
    const expected = await recompute(t.db, DAY);
    // The county has orders, allocations, scarce specs and counts on that day, so the comparison is not vacuous.
    expect(expected.orderSuccess).not.toBeNull();
    expect(expected.fulfilment).not.toBeNull();
    expect(expected.capFill).not.toBeNull();
    expect(expected.uploadRate).toBeGreaterThan(0);
    expectFigures(page.total.current.values, expected);
    expectFigures(page.rows[0]!.current.values, expected);
    // The previous period is the day before, recomputed the same way.
    expectFigures(page.total.previous.values, await recompute(t.db, addDays(DAY, -1)));
  });

  it('a breakdown adds up to the county, a week to its days', async () => {
    const county = (await monitoringPage(t.db, staff, { dim: 'county', period: 'week', day: DAY }, NOW))!;
    for (const dim of ['station', 'manager', 'businessType', 'marketType', 'grade'] as const) {
      const page = (await monitoringPage(t.db, staff, { dim, period: 'week', day: DAY }, NOW))!;
      expect(page.total.current.counts, dim).toEqual(county.total.current.counts);
    }
    const days = [];
    for (let i = 0; i < 7; i++) days.push((await monitoringPage(t.db, staff, { dim: 'county', period: 'day', day: addDays(county.period.from, i) }, NOW))!.total.current.counts);
    expect(days.reduce((n, c) => n + c.uploaded, 0)).toBe(county.total.current.counts.uploaded);
    expect(days.reduce((n, c) => n + c.dueOrder, 0)).toBe(county.total.current.counts.dueOrder);
  });

  // With the day recomputed from raw rows above, this makes every figure of a week and a month a recomputation too.
  it('a week and a month are the sums of their days, every count, for the county and each station', async () => {
    for (const period of ['week', 'month'] as const) {
      for (const dim of ['county', 'station'] as const) {
        const page = (await monitoringPage(t.db, staff, { dim, period, day: DAY }, NOW))!;
        const days = daysInRange(page.period.from, page.period.to);
        expect(days.length, period).toBeGreaterThanOrEqual(7);
        let total = emptyCounts();
        const byValue = new Map<string, Counts>();
        for (const d of days) {
          const day = (await monitoringPage(t.db, staff, { dim, period: 'day', day: d }, NOW))!;
          total = addCounts(total, day.total.current.counts);
          for (const row of day.rows) byValue.set(row.value, addCounts(byValue.get(row.value) ?? emptyCounts(), row.current.counts));
        }
        expect(total, `${period} ${dim}`).toEqual(page.total.current.counts);
        for (const row of page.rows) expect(byValue.get(row.value) ?? emptyCounts(), `${period} ${dim} ${row.value}`).toEqual(row.current.counts);
        expect(total.uploaded).toBeGreaterThan(0);
        expect(total.dueOrder).toBeGreaterThan(0);
      }
    }
  });

  it('drill-down lists add up to the figure they come from', async () => {
    const page = (await monitoringPage(t.db, staff, { dim: 'station', period: 'week', day: DAY }, NOW))!;
    const row = page.rows[0]!;
    const q = { dim: 'station' as const, value: row.value, from: page.period.from, to: page.period.to };
    const uploads = await drillDown(t.db, staff, { indicator: 'uploadRate', ...q }, NOW);
    expect(uploads.reduce((n, r) => n + r.numerator, 0)).toBe(row.current.counts.uploaded);
    expect(uploads.reduce((n, r) => n + r.denominator, 0)).toBe(row.current.counts.dueUpload);
    const fulfilment = await drillDown(t.db, staff, { indicator: 'fulfilment', ...q }, NOW);
    expect(fulfilment.reduce((n, r) => n + r.numerator, 0)).toBe(row.current.counts.fulAllocatedCartons);
    const notOrdered = await notOrderedList(t.db, staff, q, NOW);
    expect(notOrdered.length).toBe(row.current.values.notOrdered);
    expect(notOrdered.every((r) => r.status !== 'submitted' && r.status !== 'delivered')).toBe(true);
  });

  it('the not-ordered self-check list exports with the retailer, manager, phone, order day and an empty reason', async () => {
    const inst = i18next.createInstance();
    await inst.init({ lng: 'zh-CN', resources, defaultNS: 'common', fallbackNS: 'staff', interpolation: { escapeValue: false } });
    const sheet = await notOrderedReport(t.db, staff, { dim: 'county', value: 'all', from: addDays(DAY, -14), to: DAY }, inst.getFixedT('zh-CN', 'common'), 'zh-CN', NOW);
    expect(sheet.header).toEqual(['许可证号', '客户名称', '联系电话', '管理所', '客户经理', '客户经理电话', '订货日', '订货周期', '订单状态', '连续未订货周期', '未订货原因（自查填写）']);
    expect(sheet.rows.length).toBeGreaterThan(0);
    expect(sheet.rows.every((r) => r[10] === '')).toBe(true);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await toXlsx('x', sheet.header, sheet.rows));
    expect(book.worksheets[0]!.getRow(1).getCell(1).value).toBe('许可证号');
  });

  it('a write through the app’s writers shows on the next read, exactly as a full rebuild shows it', async () => {
    // A shop that did not upload a recent day's sales does so now: the latest day before today some online shop
    // missed (which day that is depends on the generated county's irregular uploaders).
    const missingOn = (day: string) =>
      t.db
        .selectFrom('retailers')
        .select('id')
        .where('active', '=', 1)
        .where('isOnline', '=', 1)
        .where((eb) => eb.not(eb.exists(eb.selectFrom('uploads').select('uploads.id').whereRef('uploads.retailerId', '=', 'retailers.id').where('uploads.kind', '=', 'sales').where('uploads.businessDate', '=', day))))
        .orderBy('id')
        .executeTakeFirst();
    let yesterday = addDays(TODAY, -1);
    let missing = await missingOn(yesterday);
    while (!missing && yesterday > addDays(TODAY, -7)) missing = await missingOn((yesterday = addDays(yesterday, -1)));
    if (!missing) throw new Error('every online shop uploaded every day of the last week');
    const before = (await monitoringPage(t.db, staff, { dim: 'county', period: 'day', day: yesterday }, NOW))!.total.current.counts;
    const spec = await t.db.selectFrom('specs').select('id').orderBy('id').executeTakeFirstOrThrow();
    await ingest(t.db, { retailerId: missing.id, kind: 'sales', source: 'api', actorUserId: null, rowsRead: 1, daily: [{ specId: spec.id, day: yesterday, qtyPacks: 4 }], days: [yesterday], rejections: [] }, NOW);
    const after = (await monitoringPage(t.db, staff, { dim: 'county', period: 'day', day: yesterday }, NOW))!;
    expect(after.total.current.counts.uploaded).toBe(before.uploaded + 1);
    expect(after.total.current.counts.salesPacks).toBe(before.salesPacks + 4);
    expectFigures(after.total.current.values, await recompute(t.db, yesterday));

    // The incremental roll-ups equal a rebuild from scratch, for every dimension.
    const incremental = await t.db.selectFrom('monitoringRollups').selectAll().orderBy('dim').orderBy('dimValue').orderBy('day').execute();
    await rebuildRollups(t.db, addDays(TODAY, -7 * OPTIONS.weeks - 7), TODAY);
    const rebuilt = await t.db.selectFrom('monitoringRollups').selectAll().orderBy('dim').orderBy('dimValue').orderBy('day').execute();
    // Rows whose counts are all zero carry nothing (either side may keep or skip them).
    const normal = (rows: typeof rebuilt) =>
      rows.filter((r) => COUNT_KEYS.some((k) => Number(r[k]) !== 0)).map((r) => JSON.stringify([r.dim, r.dimValue, String(r.day), ...COUNT_KEYS.map((k) => Number(r[k]))]));
    expect(normal(incremental)).toEqual(normal(rebuilt));
    expect(normal(rebuilt).length).toBeGreaterThan(100);
  });

  it('a data-quality fix that corrects a day’s sales shows on the next read', async () => {
    const day = addDays(TODAY, -2);
    // Warm the roll-ups, then correct one shop's biggest sale of that day through the issue's one-step fix.
    await monitoringPage(t.db, staff, { dim: 'county', period: 'day', day }, NOW);
    const sale = await t.db.selectFrom('posDailySales').selectAll().where('salesDate', '=', day).orderBy('qtyPacks', 'desc').orderBy('retailerId').executeTakeFirstOrThrow();
    const issue = await t.db
      .insertInto('qualityIssues')
      .values({
        retailerId: sale.retailerId,
        issueKey: `outlier_day:${sale.specId}:${day}`,
        kind: 'outlier_day',
        specId: sale.specId,
        day,
        detailJson: JSON.stringify({ flow: 'sales', qtyPacks: sale.qtyPacks }),
        status: 'open',
        foundAt: NOW.toISOString(),
        resolvedAt: null,
        resolvedByUserId: null,
        resolutionNote: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const before = (await monitoringPage(t.db, staff, { dim: 'county', period: 'day', day }, NOW))!.total.current.counts.salesPacks;
    expect(await fixQualityIssue(t.db, staff, issue.id, { action: 'correct_sales', qtyPacks: 1 }, NOW)).toEqual({ ok: true });
    const after = (await monitoringPage(t.db, staff, { dim: 'county', period: 'day', day }, NOW))!;
    expect(after.total.current.counts.salesPacks).toBe(before - sale.qtyPacks + 1);
    expectFigures(after.total.current.values, await recompute(t.db, day));
  });

  it('an allocation rerun (the cycle changes state, lines change without marking shops) shows on the next read', async () => {
    const cycle = await t.db.selectFrom('orderCycles').selectAll().where('startsOn', '<=', DAY).where('endsOn', '>=', DAY).executeTakeFirstOrThrow();
    const line = await t.db
      .selectFrom('orderLines')
      .innerJoin('orders', 'orders.id', 'orderLines.orderId')
      .innerJoin('retailers', 'retailers.id', 'orders.retailerId')
      .select(['orderLines.id', 'orderLines.qtyAllocatedCartons'])
      .where('orders.cycleId', '=', cycle.id)
      .where('orders.status', '=', 'delivered')
      .where('retailers.orderWeekday', '=', isoWeekday(DAY))
      .where('orderLines.qtyAllocatedCartons', '>', 0)
      .orderBy('orderLines.id')
      .executeTakeFirstOrThrow();
    const before = (await monitoringPage(t.db, staff, { dim: 'county', period: 'day', day: DAY }, NOW))!.total.current.counts;
    await t.db.updateTable('orderLines').set({ qtyAllocatedCartons: 0 }).where('id', '=', line.id).execute();
    await t.db.updateTable('orderCycles').set({ status: 'allocated' }).where('id', '=', cycle.id).execute();
    const after = (await monitoringPage(t.db, staff, { dim: 'county', period: 'day', day: DAY }, NOW))!;
    expect(after.total.current.counts.fulAllocatedCartons).toBe(before.fulAllocatedCartons - line.qtyAllocatedCartons!);
    expectFigures(after.total.current.values, await recompute(t.db, DAY));
  });

  it('two page loads after midnight build the new days once, not twice', async () => {
    const before = (await monitoringPage(t.db, staff, { dim: 'county', period: 'week', day: TODAY }, NOW))!.total.current.counts;
    await t.db.updateTable('monitoringState').set({ value: addDays(TODAY, -3) }).where('key', '=', 'built_through').execute();
    const [a, b] = await Promise.all([refreshRollups(t.db, TODAY), refreshRollups(t.db, TODAY)]);
    expect(a.builtDays + b.builtDays).toBe(4);
    const after = (await monitoringPage(t.db, staff, { dim: 'county', period: 'week', day: TODAY }, NOW))!.total.current.counts;
    expect(after).toEqual(before);
  });

  it('is for staff only; a manager’s drill-down reaches only its route', async () => {
    const manager = await t.db.selectFrom('accountManagers').select(['id', 'userId']).orderBy('id').executeTakeFirstOrThrow();
    const mgr = { userId: manager.userId, role: 'manager' as const };
    expect(await monitoringPage(t.db, mgr, { dim: 'county', period: 'day' }, NOW)).toBeNull();
    const list = await drillDown(t.db, mgr, { indicator: 'uploadRate', dim: 'county', value: 'all', from: addDays(DAY, -6), to: DAY }, NOW);
    const route = await t.db.selectFrom('retailers').select('id').where('managerId', '=', manager.id).execute();
    expect(list.length).toBeGreaterThan(0);
    expect(list.every((r) => route.some((x) => x.id === r.retailerId))).toBe(true);
  });
});
