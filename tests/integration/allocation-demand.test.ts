import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '~/domain/time';
import { allocationBreakdown, allocationMethods, demandIndicators, prepareDemandEstimates, setAllocationMethod, sumFigures, type DemandFigures } from '~/server/allocation-demand.server';
import i18next from 'i18next';
import { resources } from '~/i18n/resources';
import { demandDrill, demandMonitoring } from '~/server/monitoring-demand.server';
import { indicatorReport } from '~/server/monitoring-reports.server';
import { DIMENSIONS } from '~/domain/indicators';
import { runAllocation } from '~/server/allocation.server';
import { runDemandEstimates } from '~/server/job-kinds.server';
import { closeCycle } from '~/server/cycle-admin.server';
import { submitOrder } from '~/server/orders.server';
import { startSession } from '~/server/session.server';
import { loader as exportLoader } from '~/routes/resources.allocation-export';
import { action as cycleAction } from '~/routes/staff.cycles.$cycleId';
import { MONDAY, orderingFixture, smallCounty } from '../support/fixtures';
import { postgresSkipped, useTestDb, type TestDb } from '../support/db';
import { routeArgs } from '../support/route-args';

const TUESDAY_OPEN = new Date('2026-11-24T08:00:00.000Z');
const AFTER_LAST_CUTOFF = new Date('2026-11-24T09:00:01.000Z');
const LATER = new Date('2026-11-24T10:00:00.000Z');

describe.skipIf(postgresSkipped())('按需供货: demand estimates, methods per spec, allocation against demand', () => {
  let t: TestDb;
  let county: Awaited<ReturnType<typeof smallCounty>>;
  let fx: Awaited<ReturnType<typeof orderingFixture>>;
  const orderIds: number[] = [];
  const staff = () => ({ userId: county.staffUserId, role: 'staff' as const });
  const manager = () => ({ userId: county.managers[0]!.userId, role: 'manager' as const });
  const scarceLines = async () =>
    new Map(
      (
        await t.db
          .selectFrom('orderLines')
          .innerJoin('orders', 'orders.id', 'orderLines.orderId')
          .select(['orders.retailerId', 'orderLines.qtyAllocatedCartons'])
          .where('orderLines.specId', '=', fx.specs.scarce)
          .execute()
      ).map((r) => [r.retailerId, r.qtyAllocatedCartons]),
    );

  beforeAll(async () => {
    t = await useTestDb();
    county = await smallCounty(t.db);
    fx = await orderingFixture(t.db);
    await t.db.updateTable('retailers').set({ depositBalanceFen: 10_000_000 }).execute();
    // Eight weeks of daily uploads before the cycle: shop 0 (grade 5) sells about 3 packs of the scarce spec a day;
    // shop 1 (grade 10) sells 1 pack every third week
    // (not a regular seller); shop 2 (grade 5) sells 1 pack a day; shop 3 (grade 10) sells 2 packs a day.
    const start = addDays('2026-11-23', -56);
    const uploads: Array<{ retailerId: number; kind: 'sales'; source: 'seed'; businessDate: string; batchId: null; createdByUserId: null; createdAt: string; rowsAccepted: number; rowsRejected: number }> = [];
    const sales: Array<{ retailerId: number; specId: number; salesDate: string; qtyPacks: number; uploadId: null }> = [];
    for (let d = 0; d < 56; d++) {
      const day = addDays(start, d);
      for (let i = 0; i < 4; i++) {
        const retailerId = county.retailers[i]!.id;
        uploads.push({ retailerId, kind: 'sales', source: 'seed', businessDate: day, batchId: null, createdByUserId: null, createdAt: LATER.toISOString(), rowsAccepted: 1, rowsRejected: 0 });
        const qty = i === 0 ? (d % 14 === 6 ? 2 : 3) : i === 1 ? (d % 21 === 0 ? 1 : 0) : i === 2 ? 1 : 2;
        if (qty > 0) sales.push({ retailerId, specId: fx.specs.scarce, salesDate: day, qtyPacks: qty, uploadId: null });
      }
    }
    await t.db.insertInto('uploads').values(uploads).execute();
    await t.db.insertInto('posDailySales').values(sales).execute();
    // Orders: shop 0 asks its whole cap (1), shop 1 asks 3 (its cap), shop 2 asks 1 (its cap), shop 3 asks 2.
    const orders: Array<[number, number, Date]> = [
      [0, 1, MONDAY.open],
      [1, 3, TUESDAY_OPEN],
      [2, 1, MONDAY.open],
      [3, 2, TUESDAY_OPEN],
    ];
    for (const [i, qtyCartons, at] of orders) {
      const r = await submitOrder(t.db, { userId: county.retailers[i]!.userId, role: 'retailer' }, county.retailers[i]!.id, [{ specId: fx.specs.scarce, qtyCartons }], at);
      if (!r.ok) throw new Error(`submit ${i}: ${JSON.stringify(r)}`);
      orderIds[i] = r.orderId;
    }
    await t.db.insertInto('cycleSupply').values({ cycleId: fx.cycleId, specId: fx.specs.scarce, supplyCartons: 4 }).execute();
    // The rule's forecast for shop 3 (stored suggestion): 2 packs a day.
    await t.db
      .insertInto('suggestions')
      .values({ cycleId: fx.cycleId, retailerId: county.retailers[3]!.id, specId: fx.specs.scarce, suggestedCartons: 2, forecastDailyPacks: 2, explanationJson: '{}', settingsVersion: 1, computedAt: LATER.toISOString(), reason: null })
      .execute();
  });
  afterAll(() => t?.close());

  it('refuses a method that does not fit, naming the field, and stores nothing', async () => {
    expect(await setAllocationMethod(t.db, staff(), fx.cycleId, fx.specs.scarce, { kind: 'demand', floorCartons: 5 }, LATER)).toEqual({
      ok: false,
      reason: 'bad_method',
      problems: [{ field: 'floorCartons', code: 'floor_above_supply' }],
    });
    expect(await setAllocationMethod(t.db, staff(), fx.cycleId, fx.specs.scarce, { kind: 'blend', floorCartons: 1, gradePercent: 70, demandPercent: 40 }, LATER)).toEqual({
      ok: false,
      reason: 'bad_method',
      problems: [{ field: 'demandPercent', code: 'weights_not_100' }],
    });
    expect(await setAllocationMethod(t.db, manager(), fx.cycleId, fx.specs.scarce, { kind: 'grade' }, LATER)).toEqual({ ok: false, reason: 'not_found' });
    expect(await setAllocationMethod(t.db, staff(), fx.cycleId, fx.specs.plain, { kind: 'demand', floorCartons: 1 }, LATER)).toEqual({ ok: false, reason: 'no_supply' });
    expect((await allocationMethods(t.db, fx.cycleId)).size).toBe(0);
  });

  it('estimates demand once the orders are in: sold-out days and a capped order read as "at least"', async () => {
    expect(await prepareDemandEstimates(t.db, staff(), fx.cycleId, LATER)).toEqual({ ok: false, reason: 'bad_status' });
    expect(await closeCycle(t.db, staff(), fx.cycleId, AFTER_LAST_CUTOFF)).toEqual({ ok: true });
    expect(await prepareDemandEstimates(t.db, manager(), fx.cycleId, LATER)).toEqual({ ok: false, reason: 'not_found' });
    // A run by demand before the estimates are stored is refused, allocating nothing: it reads them, never computes them.
    expect(await setAllocationMethod(t.db, staff(), fx.cycleId, fx.specs.scarce, { kind: 'demand', floorCartons: 1 }, LATER)).toEqual({ ok: true });
    expect(await runAllocation(t.db, staff(), fx.cycleId, LATER)).toEqual({ ok: false, reason: 'demand_not_prepared' });
    expect([...(await scarceLines()).values()].every((a) => a === null)).toBe(true);
    expect(await t.db.selectFrom('allocationRuns').select('id').execute()).toHaveLength(0);
    // The cycle page's 运行配货 does not answer as if the request were malformed (400): it queues the estimating and
    // says so, 202 (accepted), allocating nothing.
    const cookie = (await startSession(t.db, new Request('http://localhost/'), county.staffUserId)).split(';')[0]!;
    const runFromCyclePage = (await cycleAction(
      routeArgs(t.db, new Request(`http://localhost/staff/cycles/${fx.cycleId}`, { method: 'POST', headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ intent: 'run' }) }), {
        params: { cycleId: String(fx.cycleId) },
      }),
    )) as unknown as { init: { status: number } | null; data: { intent: string; result: { error: Record<string, string[]> } } };
    expect(runFromCyclePage.init?.status).toBe(202);
    expect(runFromCyclePage.data.intent).toBe('run');
    expect(runFromCyclePage.data.result.error).toEqual({ '': ['demand_not_prepared'] });
    expect(await t.db.selectFrom('jobs').select(['kind', 'status']).where('kind', '=', 'demand').execute()).toEqual([{ kind: 'demand', status: 'queued' }]);
    expect([...(await scarceLines()).values()].every((a) => a === null)).toBe(true);
    // Estimating is the 'demand' job's work, with its progress in shops.
    const progress: Array<[number, number]> = [];
    expect(await runDemandEstimates(t.db, staff(), fx.cycleId, { progress: (done, total) => Promise.resolve(void progress.push([done, total])) }, LATER)).toEqual({ cycleId: fx.cycleId, code: '2026-W48', estimates: 4, shops: 4 });
    expect(progress.at(-1)).toEqual([4, 4]);
    await expect(runDemandEstimates(t.db, staff(), 999_999, undefined, LATER)).rejects.toMatchObject({ reason: 'not_found' });
    const rows = await t.db.selectFrom('demandEstimates').selectAll().where('cycleId', '=', fx.cycleId).execute();
    const of = (i: number) => rows.find((r) => r.retailerId === county.retailers[i]!.id)!;
    // Shop 0: about 3 packs a day × 7 = 2.1 cartons, and its order asked its whole cap of 1: at least 1.
    expect(of(0).cappedOrder).toBe(1);
    expect(Number(of(0).demandCartons)).toBeGreaterThan(2);
    expect(of(0).regularSeller).toBe(1);
    // Shop 1 sells once a fortnight: not a regular seller; its capped order says demand ≥ 3, never exactly 3.
    expect(of(1).regularSeller).toBe(0);
    expect(Number(of(1).demandCartons)).toBeGreaterThan(3);
    // Shop 3: the rule's forecast, 2 packs a day → 1.4 cartons over the cycle, + 1 day until its delivery
    // (2 packs) = 1.6 cartons to bring; its stock is unknown (no count), so nothing is taken off.
    expect(Number(of(3).demandCartons)).toBeCloseTo(1.6, 2);
    expect(JSON.parse(of(3).explanationJson)).toMatchObject({ basis: 'rule', ruleDailyPacks: 2, cycleDemandCartons: 1.4, leadDays: 1, onHandPacks: null });
  });

  it('runs 按需 with a floor: every regular seller gets one first, never more than the supply or a cap', async () => {
    expect(await setAllocationMethod(t.db, staff(), fx.cycleId, fx.specs.scarce, { kind: 'demand', floorCartons: 1 }, LATER)).toEqual({ ok: true });
    const r = await runAllocation(t.db, staff(), fx.cycleId, LATER);
    if (!r.ok) throw new Error(r.reason);
    expect(r.summary.outputs.specs.find((s) => s.specId === fx.specs.scarce)).toMatchObject({ method: 'demand', allocatedCartons: 4, supplyCartons: 4 });
    const lines = await scarceLines();
    const got = (i: number) => lines.get(county.retailers[i]!.id)!;
    // Regular sellers 0, 2, 3 get their floor of 1 (caps 1, 1, 3); the one carton left goes by demand: shop 1
    // (demand > 3) vs shop 3 (1.4 − 1 left) — shop 1 has the larger demand.
    expect([got(0), got(2)]).toEqual([1, 1]);
    expect(got(3)).toBeGreaterThanOrEqual(1);
    expect(got(0) + got(1) + got(2) + got(3)).toBe(4);
  });

  it('measures the allocation against demand by grade band, station and business type', async () => {
    const b = (await allocationBreakdown(t.db, staff(), fx.cycleId))!;
    expect(b.cycle.code).toBe('2026-W48');
    const spec = b.specs.find((s) => s.specId === fx.specs.scarce)!;
    expect(spec.method).toEqual({ kind: 'demand', floorCartons: 1 });
    expect(spec.total).toMatchObject({ shops: 4, regularSellers: 3, regularCovered: 3, allocatedCartons: 4, requestedCartons: 7 });
    expect(spec.byGradeBand.map((g) => g.key)).toEqual(['1-5', '6-10']);
    expect(spec.bandsLeftOut).toEqual([]);
    // Evenness of fill: 1 − Gini of min(1, allocated ÷ demand) over the four shops, and the two bands' gap.
    expect(spec.evenness).toBeGreaterThan(0);
    expect(spec.evenness).toBeLessThanOrEqual(1);
    expect(spec.bandFillGap).toBeGreaterThanOrEqual(0);
    expect(spec.byBusinessType.reduce((n, g) => n + g.allocatedCartons, 0)).toBe(4);
    expect(spec.byStation.reduce((n, g) => n + g.shops, 0)).toBe(4);
    const indicators = (await demandIndicators(t.db, staff(), fx.cycleId))!;
    expect(indicators.total.regularCoverage).toBe(1);
    expect(indicators.total.demandFillRate).toBeGreaterThan(0);
    expect(indicators.total.demandFillRate).toBeLessThanOrEqual(1);
    expect(indicators.total.orderFillRate).toBeCloseTo(4 / 7, 6);
    expect(await allocationBreakdown(t.db, manager(), fx.cycleId)).toBeNull();
  });

  it('refuses the whole run when the supply was lowered below the floor since, allocating nothing', async () => {
    const before = await scarceLines();
    await t.db.updateTable('cycleSupply').set({ supplyCartons: 0 }).where('cycleId', '=', fx.cycleId).where('specId', '=', fx.specs.scarce).execute();
    expect(await runAllocation(t.db, staff(), fx.cycleId, LATER)).toEqual({ ok: false, reason: 'bad_method', specId: fx.specs.scarce, problems: [{ field: 'floorCartons', code: 'floor_above_supply' }] });
    expect(await scarceLines()).toEqual(before);
    await t.db.updateTable('cycleSupply').set({ supplyCartons: 4 }).where('cycleId', '=', fx.cycleId).where('specId', '=', fx.specs.scarce).execute();
  });

  it('按档位 for comparison: the grade rule leaves grade 5’s regular sellers below their floor', async () => {
    expect(await setAllocationMethod(t.db, staff(), fx.cycleId, fx.specs.scarce, { kind: 'grade' }, LATER)).toEqual({ ok: true });
    const r = await runAllocation(t.db, staff(), fx.cycleId, LATER);
    if (!r.ok) throw new Error(r.reason);
    const lines = await scarceLines();
    // Asks 1 (g5), 3 (g10), 1 (g5), 2 (g10) for 4 cartons, weights 15/20: the grade-10 shops take most.
    expect(lines.get(county.retailers[1]!.id)! + lines.get(county.retailers[3]!.id)!).toBeGreaterThanOrEqual(3);
  });

  it('takes the shelf off: a shop with stock on its order day needs only what the delivery must bring', async () => {
    // Shop 3 orders on Tuesday 24 November; counted 12 packs on Sunday morning and sold 2 that day → 10 on the shelf.
    const { id } = await t.db.insertInto('stockCounts').values({ retailerId: county.retailers[3]!.id, countedAt: '2026-11-22T00:00:00.000Z', uploadId: null }).returning('id').executeTakeFirstOrThrow();
    await t.db.insertInto('stockCountLines').values({ stockCountId: id, specId: fx.specs.scarce, qtyPacks: 12 }).execute();
    expect(await prepareDemandEstimates(t.db, staff(), fx.cycleId, LATER)).toEqual({ ok: true, code: '2026-W48', estimates: 4, shops: 4 });
    const row = await t.db.selectFrom('demandEstimates').selectAll().where('cycleId', '=', fx.cycleId).where('retailerId', '=', county.retailers[3]!.id).executeTakeFirstOrThrow();
    // 1.6 cartons to the next delivery − 1 carton on the shelf.
    expect(Number(row.demandCartons)).toBeCloseTo(0.6, 2);
    expect(JSON.parse(row.explanationJson)).toMatchObject({ cycleDemandCartons: 1.4, onHandPacks: 10, inTransitPacks: 0 });
  });

  it('exports the breakdown to Excel for staff, and to no one else', async () => {
    const cookie = (await startSession(t.db, new Request('http://localhost/'), county.staffUserId)).split(';')[0]!;
    const request = new Request(`http://localhost/resources/allocation-export?cycleId=${fx.cycleId}`, { headers: { Cookie: cookie } });
    const res = (await exportLoader(routeArgs(t.db, request)));
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toContain('spreadsheetml');
    // The report as a reader opens it: a title block, one sheet of the specs and one per breakdown, numbers as
    // numbers (rates as fractions with a % format), and a 合计 row that adds up to the rows above it.
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await res.arrayBuffer());
    expect(book.worksheets.map((w) => w.name)).toEqual(['按品规', '按档位段', '按管理所', '按业态']);
    const breakdown = (await allocationBreakdown(t.db, staff(), fx.cycleId))!;
    expect(breakdown.specs.length).toBeGreaterThan(0);
    const specs = book.worksheets[0]!;
    expect(specs.getCell(1, 1).text).toContain('配货与需求');
    const headerRow = (specs.views[0] as { ySplit: number }).ySplit;
    const header = (specs.getRow(headerRow).values as ExcelJS.CellValue[]).slice(1).map(String);
    const col = (name: string) => header.indexOf(name) + 1;
    const rows = Array.from({ length: breakdown.specs.length }, (_, i) => specs.getRow(headerRow + 1 + i));
    const totalRow = specs.getRow(headerRow + 1 + breakdown.specs.length);
    expect(totalRow.getCell(1).value).toBe('合计');
    for (const name of ['分配量', '订单需求量']) {
      expect(col(name)).toBeGreaterThan(0);
      const values = rows.map((r) => r.getCell(col(name)).value);
      expect(values.every((v) => typeof v === 'number')).toBe(true);
      expect(totalRow.getCell(col(name)).value).toBe((values as number[]).reduce((a, b) => a + b, 0));
    }
    expect(rows.map((r) => r.getCell(col('分配量')).value)).toEqual(breakdown.specs.map((x) => x.total.allocatedCartons));
    const fill = rows[0]!.getCell(col('订单满足率'));
    expect(typeof fill.value).toBe('number');
    expect(fill.value as number).toBeLessThanOrEqual(1);
    expect(fill.numFmt).toContain('%');
    // The grade-band sheet's allocated cartons add up to the specs' (every order line has a grade).
    const bands = book.worksheets[1]!;
    const bandHeaderRow = (bands.views[0] as { ySplit: number }).ySplit;
    const bandHeader = (bands.getRow(bandHeaderRow).values as ExcelJS.CellValue[]).slice(1).map(String);
    const bandTotal = bands.getRow(bands.rowCount);
    expect(bandTotal.getCell(1).value).toBe('合计');
    expect(bandTotal.getCell(bandHeader.indexOf('分配量') + 1).value).toBe(totalRow.getCell(col('分配量')).value);
  });

  describe('on the monitoring page: allocation against demand, with its drill-down', () => {
    const WEEK = { from: '2026-11-23', to: '2026-11-29' };
    const BEFORE = { from: '2026-11-16', to: '2026-11-22' };
    const county_ = (i: number) => county.retailers[i]!.id;
    const FIGURES: Array<keyof DemandFigures> = ['shops', 'regularSellers', 'requestedCartons', 'allocatedCartons', 'demandCartons', 'demandMetCartons', 'regularCovered', 'covered'];
    const pick = (f: DemandFigures) => Object.fromEntries(FIGURES.map((k) => [k, k === 'demandCartons' || k === 'demandMetCartons' ? Math.round(f[k] * 1e6) / 1e6 : f[k]]));
    const drillSums = (rows: Array<{ requestedCartons: number; allocatedCartons: number; demandCartons: number; demandMetCartons: number }>) => ({
      lines: rows.length,
      requestedCartons: rows.reduce((n, r) => n + r.requestedCartons, 0),
      allocatedCartons: rows.reduce((n, r) => n + r.allocatedCartons, 0),
      demandCartons: Math.round(rows.reduce((n, r) => n + r.demandCartons, 0) * 1e6) / 1e6,
      demandMetCartons: Math.round(rows.reduce((n, r) => n + r.demandMetCartons, 0) * 1e6) / 1e6,
    });

    it('adds up: the county equals the sum of each breakdown\'s rows and of its drill-down lines, over the cycle\'s supplied specs', async () => {
      const breakdown = (await allocationBreakdown(t.db, staff(), fx.cycleId))!;
      const cycleTotal = sumFigures(breakdown.specs.map((s) => s.total));
      for (const dim of DIMENSIONS) {
        const m = (await demandMonitoring(t.db, staff(), { dim, current: WEEK, previous: BEFORE }))!;
        // The week holds every order day of the cycle: the same lines as the allocation page's.
        expect(pick(m.total.current), dim).toEqual(pick(cycleTotal));
        expect(m.total.current.shops).toBe(4);
        expect(m.total.previous.shops).toBe(0);
        if (dim !== 'county') expect(pick(sumFigures(m.rows.map((r) => r.current))), dim).toEqual(pick(m.total.current));
        for (const row of m.rows) {
          const drill = (await demandDrill(t.db, staff(), { dim, value: row.value, ...WEEK }))!;
          // Each row's lines recompute the row, rates and evenness included.
          expect(drill.total, `${dim}=${row.value}`).toEqual(row.current);
          expect(drillSums(drill.rows)).toEqual({
            lines: row.current.shops,
            requestedCartons: row.current.requestedCartons,
            allocatedCartons: row.current.allocatedCartons,
            demandCartons: Math.round(row.current.demandCartons * 1e6) / 1e6,
            demandMetCartons: Math.round(row.current.demandMetCartons * 1e6) / 1e6,
          });
        }
      }
      const county = (await demandDrill(t.db, staff(), { dim: 'county', value: 'all', ...WEEK }))!;
      expect(county.total).toEqual((await demandMonitoring(t.db, staff(), { dim: 'manager', current: WEEK, previous: BEFORE }))!.total.current);
      // By grade: the two grades' rows are the shops of grade 5 and 10.
      const byGrade = (await demandMonitoring(t.db, staff(), { dim: 'grade', current: WEEK, previous: BEFORE }))!;
      expect(byGrade.rows.map((r) => [r.value, r.current.shops])).toEqual([
        ['5', 2],
        ['10', 2],
      ]);
      // A day counts the shops whose order day it is (Monday: shops 0 and 2), as 订单满足率 counts them.
      const monday = (await demandDrill(t.db, staff(), { dim: 'county', value: 'all', from: '2026-11-23', to: '2026-11-23' }))!;
      expect(new Set(monday.rows.map((r) => r.retailerId))).toEqual(new Set([county_(0), county_(2)]));
    });

    it('the 周分析 workbook carries the same figures beside the indicators, its 合计 the county', async () => {
      const inst = i18next.createInstance();
      await inst.init({ lng: 'zh-CN', resources, defaultNS: 'common', fallbackNS: 'staff', interpolation: { escapeValue: false } });
      const r = (await indicatorReport(t.db, staff(), 'week', WEEK.from, inst.getFixedT('zh-CN', 'common'), 'zh-CN', new Date('2026-12-01T04:00:00.000Z')))!;
      const sheet = r.sheets.find((x) => x.name === '客户经理')!;
      const col = sheet.columns.findIndex((c) => c.header === '需求满足率');
      expect(col).toBeGreaterThan(0);
      const m = (await demandMonitoring(t.db, staff(), { dim: 'manager', current: WEEK, previous: BEFORE }))!;
      expect(sheet.total![col]).toBe(m.total.current.demandFillRate);
      const rows = new Map(sheet.rows.map((row) => [row[0], row[col]]));
      for (const row of m.rows) expect(rows.get(row.label!.zh)).toBe(row.current.demandFillRate);
      expect(sheet.columns[col + 1]!.header).toBe('需求满足率（上周）');
      expect(sheet.total![col + 1]).toBeNull();
    });

    it("a manager's figures and lines are those of the route, filtered in the query", async () => {
      const mine = new Set([county_(0), county_(1)]);
      const m = (await demandMonitoring(t.db, manager(), { dim: 'county', current: WEEK, previous: BEFORE }))!;
      expect(m.total.current.shops).toBe(2);
      const drill = (await demandDrill(t.db, manager(), { dim: 'county', value: 'all', ...WEEK }))!;
      expect(drill.rows.length).toBe(2);
      expect(drill.rows.every((r) => mine.has(r.retailerId))).toBe(true);
      // The same as staff see for that manager's row.
      const staffRow = (await demandMonitoring(t.db, staff(), { dim: 'manager', current: WEEK, previous: BEFORE }))!.rows.find((r) => r.value === String(county.managers[0]!.managerId))!;
      expect(m.total.current).toEqual(staffRow.current);
      expect(await demandMonitoring(t.db, { userId: county.retailers[0]!.userId, role: 'retailer' }, { dim: 'county', current: WEEK, previous: BEFORE })).toBeNull();
    });

    it('reads the stored estimates only: re-estimated after the run is said, none stored leaves the cycle out and computes nothing', async () => {
      const read = async () => (await demandMonitoring(t.db, staff(), { dim: 'county', current: WEEK, previous: BEFORE }))!;
      expect((await read()).cycles.current).toEqual([expect.objectContaining({ id: fx.cycleId, code: '2026-W48', estimatedAfterRun: false })]);
      // Demand estimated again after the last run: the figures read those estimates, and the page is told.
      expect(await prepareDemandEstimates(t.db, staff(), fx.cycleId, new Date('2026-11-24T11:00:00.000Z'))).toMatchObject({ ok: true });
      expect((await read()).cycles.current).toEqual([expect.objectContaining({ id: fx.cycleId, estimatedAfterRun: true, preparedAt: '2026-11-24T11:00:00.000Z' })]);
      await t.db.deleteFrom('demandEstimates').where('cycleId', '=', fx.cycleId).execute();
      const none = (await demandMonitoring(t.db, staff(), { dim: 'station', current: WEEK, previous: BEFORE }))!;
      expect(none.cycles.current).toEqual([expect.objectContaining({ code: '2026-W48', preparedAt: null })]);
      expect(none.total.current.shops).toBe(0);
      expect(none.rows).toEqual([]);
      expect(await t.db.selectFrom('demandEstimates').select('cycleId').execute()).toHaveLength(0);
    });
  });
});
