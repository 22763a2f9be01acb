/**
 * The Excel reports and exports (issue 17, item 4), on both dialects, opened with exceljs as a reader would: numbers
 * are numeric cells with number formats (rates as fractions with a % format, money in 元 from integer fen, cartons as
 * integers), a title block, a frozen header with an auto-filter, one sheet per breakdown, a 合计 row that is the
 * sum of the rows (or, for a rate, the county's rate as the monitoring page gives it); the retailers' master data
 * downloaded, edited and uploaded again through the master-data import; scheduled reports queued once per closed
 * period, produced by the job body and kept for download.
 */
import ExcelJS from 'exceljs';
import i18next, { type TFunction } from 'i18next';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimJob } from '../../db/jobs';
import { INDICATOR_IDS, reportingPeriods } from '~/domain/indicators';
import { resources } from '~/i18n/resources';
import { allocationBreakdown } from '~/server/allocation-demand.server';
import { allocationExport, failedOrdersExport, planExport, type CycleExport } from '~/server/cycle-exports.server';
import { NUMBER_FORMATS, writeWorkbook, type SheetSpec } from '~/server/export.server';
import { runJobBody, QUIET } from '~/server/job-kinds.server';
import { retailersExport } from '~/server/master-data-export.server';
import { confirmMasterImport, previewMasterFile, stageMasterFile } from '~/server/master-data.server';
import { indicatorReport } from '~/server/monitoring-reports.server';
import { monitoringPage } from '~/server/monitoring.server';
import { recordAttributeChanges } from '~/server/retailer-history.server';
import { handOverShops } from '~/server/route-handover.server';
import { addSchedule, dueReportPeriod, queueDueReports, reportFile, reportsPage } from '~/server/scheduled-reports.server';
import { seedDemo } from '~/server/seed.server';
import { startSession } from '~/server/session.server';
import { loader as cycleExportLoader } from '~/routes/resources.cycle-export';
import { loader as monitoringExportLoader } from '~/routes/resources.monitoring-export';
import { addDays, shanghaiDayOf } from '~/domain/time';
import { postgresSkipped, useTestDb, type TestDb } from '../support/db';
import { routeArgs } from '../support/route-args';

const TODAY = '2026-11-23';
const NOW = new Date('2026-11-23T04:00:00.000Z');
const DAY = '2026-11-11';
const OPTIONS = { retailers: 40, specs: 30, weeks: 4, seed: 7, today: TODAY };

type T = TFunction<'common'>;
async function translator(language: 'zh-CN' | 'en'): Promise<T> {
  const inst = i18next.createInstance();
  await inst.init({ lng: language, resources, defaultNS: 'common', fallbackNS: 'staff', interpolation: { escapeValue: false } });
  return inst.getFixedT(language, 'common');
}

async function open(sheets: SheetSpec[]): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(await writeWorkbook(sheets));
  return book;
}

/** The header row (the frozen one), the data rows under it and the 合计 row (the last, bold). */
function table(sheet: ExcelJS.Worksheet, hasTotal = true) {
  const view = sheet.views[0] as { state: string; ySplit: number };
  expect(view.state).toBe('frozen');
  const headerRow = view.ySplit;
  const header = (sheet.getRow(headerRow).values as ExcelJS.CellValue[]).slice(1).map(String);
  const rows: ExcelJS.Row[] = [];
  for (let r = headerRow + 1; r <= sheet.rowCount; r++) rows.push(sheet.getRow(r));
  const total = hasTotal ? rows.pop()! : null;
  const col = (name: string) => {
    const i = header.indexOf(name);
    expect(i, `column ${name}`).toBeGreaterThanOrEqual(0);
    return i + 1;
  };
  return { headerRow, header, rows, total, col };
}

const num = (c: ExcelJS.Cell) => {
  expect(c.type === ExcelJS.ValueType.Number || c.type === ExcelJS.ValueType.Null, `${c.address} is a number`).toBe(true);
  return (c.value as number | null) ?? 0;
};
const sumOf = (rows: ExcelJS.Row[], col: number) => rows.reduce((n, r) => n + num(r.getCell(col)), 0);

describe.skipIf(postgresSkipped())('Excel reports and exports', () => {
  let t: TestDb;
  let staff: { userId: number; role: 'staff' };
  let zh: T;
  let en: T;
  beforeAll(async () => {
    t = await useTestDb();
    await seedDemo(t.db, OPTIONS, { passwordHash: 'x' });
    const s = await t.db.selectFrom('users').select('id').where('username', '=', 'staff01').executeTakeFirstOrThrow();
    staff = { userId: s.id, role: 'staff' };
    zh = await translator('zh-CN');
    en = await translator('en');
  }, 120_000);
  afterAll(() => t?.close());

  it('周分析: a sheet per breakdown, title block, frozen filtered header, numeric rates with a % format, 合计 = the county', async () => {
    const r = (await indicatorReport(t.db, staff, 'week', DAY, zh, 'zh-CN', NOW))!;
    expect(r.period).toEqual({ from: '2026-11-09', to: '2026-11-15' });
    expect(r.fileName).toBe('周分析-2026-11-09至2026-11-15.xlsx');
    const book = await open(r.sheets);
    expect(book.worksheets.map((s) => s.name)).toEqual(['全县', '管理所', '客户经理', '业态', '市场类型', '档位']);
    const county = (await monitoringPage(t.db, staff, { dim: 'county', period: 'week', day: DAY }, NOW))!;

    for (const sheet of book.worksheets) {
      expect(sheet.getCell('A1').value).toBe('全县网上配货周分析');
      expect(sheet.getCell('A1').font?.bold).toBe(true);
      const lines = [2, 3, 4, 5, 6, 7].map((n) => sheet.getCell(`A${n}`).text);
      expect(lines).toContain('统计期间：2026-11-09 至 2026-11-15');
      expect(lines).toContain('对比期间：2026-11-02 至 2026-11-08');
      expect(lines).toContain('县（区）：全县');
      expect(lines.some((l) => /^生成时间：2026-11-23 12:00（北京时间）$/.test(l))).toBe(true);
      expect(lines.some((l) => l.startsWith('单位：'))).toBe(true);
      const isCounty = sheet.name === '全县';
      const tb = table(sheet, !isCounty);
      expect(sheet.autoFilter).toBeTruthy();
      const upload = tb.col('信息上传率');
      const notOrdered = tb.col('未订货客户');
      for (const row of tb.rows) {
        const cell = row.getCell(upload);
        if (cell.value !== null) {
          expect(cell.type).toBe(ExcelJS.ValueType.Number);
          expect(cell.value as number).toBeGreaterThanOrEqual(0);
          expect(cell.value as number).toBeLessThanOrEqual(1);
        }
        expect(cell.numFmt).toBe(NUMBER_FORMATS.percent);
        expect(row.getCell(notOrdered).numFmt).toBe(NUMBER_FORMATS.integer);
        expect(row.getCell(tb.col('信息上传率（环比）')).numFmt).toBe(NUMBER_FORMATS.points);
      }
      const countyRow = isCounty ? tb.rows[0]! : tb.total!;
      expect(countyRow.getCell(1).value).toBe(isCounty ? '全县' : '合计');
      // For a rate, the county's rate; for counts, the sum of the rows.
      expect(countyRow.getCell(upload).value).toBeCloseTo(county.total.current.values.uploadRate!, 12);
      expect(countyRow.getCell(tb.col('订单成功率')).value).toBeCloseTo(county.total.current.values.orderSuccess!, 12);
      expect(countyRow.getCell(notOrdered).value).toBe(county.total.current.values.notOrdered);
      if (!isCounty) {
        expect(sumOf(tb.rows, notOrdered)).toBe(county.total.current.values.notOrdered);
        expect(sumOf(tb.rows, tb.col('未处理数据问题'))).toBe(num(tb.total!.getCell(tb.col('未处理数据问题'))));
        expect(tb.total!.font?.bold).toBe(true);
      }
    }
    // Every indicator has its three columns on every sheet, and so do 配货对需求's four figures (issue 18).
    const tb = table(book.getWorksheet('管理所')!);
    expect(tb.header.length).toBe(1 + (INDICATOR_IDS.length + 4) * 3);
    expect(tb.header.slice(-12)).toEqual(['需求满足率', '常销客户覆盖率', '满足均衡度', '订单满足率（同批订单行）'].flatMap((n) => [n, `${n}（上周）`, `${n}（环比）`]));
    // The seeded cycles were allocated before 按需供货 stored any estimates: none are computed for the report, the
    // figures are empty and the title block says why.
    expect(tb.rows.every((r) => r.getCell(tb.col('需求满足率')).value === null)).toBe(true);
    const titleLines = [2, 3, 4, 5, 6, 7, 8].map((n) => book.getWorksheet('管理所')!.getCell(`A${n}`).text);
    expect(titleLines.some((l) => /^周期 .+ 没有存下需求估计，未计入/.test(l))).toBe(true);
  });

  it('日通报 and 月对标 in English: English sheets, headers and title', async () => {
    const day = (await indicatorReport(t.db, staff, 'day', DAY, en, 'en', NOW))!;
    expect(day.fileName).toBe('daily-report-2026-11-11.xlsx');
    const month = (await indicatorReport(t.db, staff, 'month', DAY, en, 'en', NOW))!;
    // The running month, up to the last day the monitoring page counts (its rules, not this report's).
    expect(month.period.from).toBe('2026-11-01');
    expect(month.period.to <= TODAY).toBe(true);
    expect(month.fileName).toBe('monthly-benchmark-2026-11.xlsx');
    const book = await open(month.sheets);
    expect(book.worksheets.map((s) => s.name)).toEqual(['County', 'Station', 'Account manager', 'Business type', 'Market type', 'Grade']);
    expect(book.worksheets[0]!.getCell('A1').value).toBe('Online ordering monthly benchmark, whole county');
    const tb = table(book.getWorksheet('Station')!);
    expect(tb.total!.getCell(1).value).toBe('Total');
    expect(tb.header[1]).toBe('Upload rate');
    // The default is the last complete month.
    expect((await indicatorReport(t.db, staff, 'month', undefined, en, 'en', NOW))!.period).toEqual({ from: '2026-10-01', to: '2026-10-31' });
    expect(await indicatorReport(t.db, { userId: 1, role: 'manager' }, 'week', DAY, en, 'en', NOW)).toBeNull();
  });

  it('the allocation result: by spec, spec × grade, grade and shop, each 合计 the sum of its rows and of the orders', async () => {
    const cycle = await t.db.selectFrom('orderCycles').select(['id', 'code']).where('startsOn', '<=', DAY).where('endsOn', '>=', DAY).executeTakeFirstOrThrow();
    const r = await allocationExport(t.db, staff, cycle.id, zh, 'zh-CN', NOW);
    if (!r.ok) throw new Error(r.reason);
    const book = await open(r.sheets);
    expect(book.worksheets.map((s) => s.name)).toEqual(['按品规', '按品规和档位', '按档位', '按客户']);
    const lines = await t.db
      .selectFrom('orderLines')
      .innerJoin('orders', 'orders.id', 'orderLines.orderId')
      .select(['orderLines.qtyRequestedCartons', 'orderLines.qtyAllocatedCartons', 'orderLines.unitPriceFen', 'orders.retailerId'])
      .where('orders.cycleId', '=', cycle.id)
      .where('orders.status', 'in', ['submitted', 'allocated', 'confirmed', 'delivered'])
      .execute();
    const requested = lines.reduce((n, l) => n + l.qtyRequestedCartons, 0);
    const allocated = lines.reduce((n, l) => n + (l.qtyAllocatedCartons ?? 0), 0);
    const amountFen = lines.reduce((n, l) => n + (l.qtyAllocatedCartons ?? 0) * l.unitPriceFen, 0);
    expect(allocated).toBeGreaterThan(0);
    for (const sheet of book.worksheets) {
      const tb = table(sheet);
      const [req, alloc, ful, amount] = ['需求量(条)', '配货量(条)', '满足率', '配货金额(元)'].map(tb.col) as [number, number, number, number];
      expect(sumOf(tb.rows, req)).toBe(requested);
      expect(num(tb.total!.getCell(req))).toBe(requested);
      expect(sumOf(tb.rows, alloc)).toBe(allocated);
      expect(num(tb.total!.getCell(alloc))).toBe(allocated);
      expect(tb.total!.getCell(ful).value).toBeCloseTo(allocated / requested, 12);
      expect(tb.total!.getCell(ful).numFmt).toBe(NUMBER_FORMATS.percent);
      // Money: 元 with two decimals, from integer fen, adding up to the fen total.
      expect(Math.round(sumOf(tb.rows, amount) * 100)).toBe(amountFen);
      expect(Math.round(num(tb.total!.getCell(amount)) * 100)).toBe(amountFen);
      expect(tb.rows[0]!.getCell(amount).numFmt).toBe(NUMBER_FORMATS.yuan);
      expect(tb.rows[0]!.getCell(alloc).numFmt).toBe(NUMBER_FORMATS.integer);
      expect(Number.isInteger(tb.rows[0]!.getCell(alloc).value)).toBe(true);
    }
    const byShop = table(book.getWorksheet('按客户')!);
    expect(byShop.rows.length).toBe(new Set(lines.map((l) => l.retailerId)).size);
    expect(typeof byShop.rows[0]!.getCell(byShop.col('许可证号')).value).toBe('string');
    const byGrade = table(book.getWorksheet('按档位')!);
    expect(num(byGrade.total!.getCell(byGrade.col('客户数')))).toBe(sumOf(byGrade.rows, byGrade.col('客户数')));
    // A cycle still open has nothing allocated to export.
    const open_ = await t.db.selectFrom('orderCycles').select('id').where('status', '=', 'open').executeTakeFirstOrThrow();
    expect(await allocationExport(t.db, staff, open_.id, zh, 'zh-CN', NOW)).toEqual({ ok: false, reason: 'not_run' });
    expect(await allocationExport(t.db, { userId: 1, role: 'manager' }, cycle.id, zh, 'zh-CN', NOW)).toEqual({ ok: false, reason: 'not_found' });
  });

  it('the failed orders and the supply plan', async () => {
    const cycles = await t.db.selectFrom('orderCycles').select('id').where('status', '=', 'delivered').execute();
    let seen = 0;
    for (const c of cycles) {
      const failed = await t.db.selectFrom('orders').select(['totalCartons', 'totalAmountFen']).where('cycleId', '=', c.id).where('status', '=', 'failed').execute();
      const r = await failedOrdersExport(t.db, staff, c.id, en, 'en', NOW);
      if (!r.ok) throw new Error(r.reason);
      const tb = table((await open(r.sheets)).worksheets[0]!);
      expect(tb.rows.length).toBe(failed.length);
      expect(num(tb.total!.getCell(tb.col('requested (cartons)')))).toBe(failed.reduce((n, o) => n + o.totalCartons, 0));
      expect(Math.round(num(tb.total!.getCell(tb.col('order amount (yuan)'))) * 100)).toBe(failed.reduce((n, o) => n + Number(o.totalAmountFen), 0));
      seen += failed.length;
    }
    expect(seen).toBeGreaterThan(0);

    const cycle = cycles[cycles.length - 1]!;
    const plan = await planExport(t.db, staff, cycle.id, zh, 'zh-CN', NOW);
    if (!plan.ok) throw new Error(plan.reason);
    const book = await open(plan.sheets);
    const caps = table(book.getWorksheet('限量')!, false);
    expect(caps.header).toEqual(['品规编码', '品名', '档位起', '档位止', '限量(条)']);
    expect(caps.rows.length).toBe((await t.db.selectFrom('caps').select('specId').where('cycleId', '=', cycle.id).execute()).length);
    const supply = table(book.getWorksheet('投放量')!, false);
    expect(supply.header).toEqual(['品规编码', '品名', '投放量(条)']);
  });

  it('the retailers download → edit → upload through the master-data import, in both languages', async () => {
    for (const [language, tr] of [['zh-CN', zh], ['en', en]] as const) {
      const exported = (await retailersExport(t.db, staff, tr, language, NOW))!;
      const bytes = new Uint8Array(await writeWorkbook(exported.sheets));
      // As downloaded: nothing to change.
      const same = await stageMasterFile(t.db, staff, 'retailers', exported.fileName, bytes, NOW);
      if (!same.ok) throw new Error(same.code);
      const p = (await previewMasterFile(t.db, staff, same.stagedId, NOW))!;
      const active = await t.db.selectFrom('retailers').select('id').where('active', '=', 1).execute();
      expect(p).toMatchObject({ rowsRead: active.length, rowsBad: 0, createdCount: 0, changedCount: 0, unchangedCount: active.length, missingCount: 0 });

      // Edited in Excel: one shop's grade and phone.
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(bytes.buffer);
      const sheet = book.worksheets[0]!;
      const tb = table(sheet, false);
      const row = tb.rows[0]!;
      const licence = row.getCell(tb.col(language === 'en' ? 'licence_no' : '许可证号')).text;
      const gradeCell = row.getCell(tb.col(language === 'en' ? 'grade' : '档位'));
      expect(gradeCell.type).toBe(ExcelJS.ValueType.Number);
      const balance = row.getCell(tb.col(language === 'en' ? 'deposit_balance_yuan' : '预存款余额(元)'));
      expect(balance.numFmt).toBe(NUMBER_FORMATS.yuan);
      const newGrade = ((gradeCell.value as number) % 30) + 1;
      gradeCell.value = newGrade;
      row.getCell(tb.col(language === 'en' ? 'phone' : '联系电话')).value = language === 'en' ? '13700000001' : '13700000002';
      const edited = new Uint8Array(await book.xlsx.writeBuffer());
      const staged = await stageMasterFile(t.db, staff, 'retailers', exported.fileName, edited, NOW);
      if (!staged.ok) throw new Error(staged.code);
      const preview = (await previewMasterFile(t.db, staff, staged.stagedId, NOW))!;
      expect(preview).toMatchObject({ rowsBad: 0, createdCount: 0, changedCount: 1, missingCount: 0 });
      expect(preview.changed[0]!.key).toBe(licence);
      const done = await confirmMasterImport(t.db, staff, staged.stagedId, { keepGood: true, deactivateMissing: false, fingerprint: preview.fingerprint }, NOW);
      expect(done).toMatchObject({ ok: true, changed: 1 });
      const after = await t.db.selectFrom('retailers').select(['grade', 'phone']).where('licenceNo', '=', licence).executeTakeFirstOrThrow();
      expect(after).toEqual({ grade: newGrade, phone: language === 'en' ? '13700000001' : '13700000002' });
    }
  });

  it('scheduled reports: queued once per closed period, produced by the job, kept for download', async () => {
    // Monday 05:00 in Shanghai: last week is not due before 06:00; at 06:00 it is.
    expect(dueReportPeriod('week', new Date('2026-11-22T21:00:00Z'))).toMatchObject({ from: '2026-11-09', to: '2026-11-15' });
    expect(dueReportPeriod('week', new Date('2026-11-22T22:00:00Z'))).toMatchObject({ from: '2026-11-16', to: '2026-11-22' });
    expect(dueReportPeriod('month', NOW)).toMatchObject({ from: '2026-10-01', to: '2026-10-31' });

    expect(await addSchedule(t.db, staff, 'week', 'zh-CN', NOW)).toEqual({ ok: true });
    expect(await addSchedule(t.db, staff, 'week', 'zh-CN', NOW)).toEqual({ ok: false, reason: 'exists' });
    expect(await queueDueReports(t.db, NOW)).toBe(1);
    expect(await queueDueReports(t.db, NOW)).toBe(0);
    const job = (await claimJob(t.db, { owner: 'test', kinds: ['report'] }))!;
    expect(job.payload).toEqual({ kind: 'week', from: '2026-11-16', language: 'zh-CN' });
    const result = (await runJobBody(t.db, job, QUIET)) as { reportId: number; from: string; to: string };
    expect(result).toMatchObject({ kind: 'week', from: '2026-11-16', to: '2026-11-22' });
    const page = (await reportsPage(t.db, staff))!;
    expect(page.files.map((f) => [f.kind, f.periodFrom, f.periodTo, f.fileName])).toEqual([['week', '2026-11-16', '2026-11-22', '周分析-2026-11-16至2026-11-22.xlsx']]);
    const file = (await reportFile(t.db, staff, result.reportId))!;
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(file.content.slice().buffer);
    expect(book.worksheets.map((s) => s.name)).toEqual(['全县', '管理所', '客户经理', '业态', '市场类型', '档位']);
    expect(await reportFile(t.db, { userId: staff.userId, role: 'manager' }, result.reportId)).toBeNull();
    // Producing it again replaces the file.
    await runJobBody(t.db, job, QUIET);
    expect((await reportsPage(t.db, staff))!.files.length).toBe(1);
    // A week later the next one is queued.
    expect(await queueDueReports(t.db, new Date('2026-11-30T04:00:00Z'))).toBe(1);
  });

  it('a list downloaded for the running month covers complete days only, as the page shows it: it ends yesterday', async () => {
    const cookie = (await startSession(t.db, new Request('http://localhost/'), staff.userId)).split(';')[0]!;
    const today = shanghaiDayOf(new Date());
    const res = (await monitoringExportLoader(routeArgs(t.db, new Request(`http://localhost/resources/monitoring-export?report=notOrdered&period=month&day=${today}`, { headers: { cookie } }))));
    expect(res.status).toBe(200);
    const shown = reportingPeriods('month', today, today).current;
    expect(shown.to).toBe(addDays(today, -1));
    expect(decodeURIComponent(res.headers.get('Content-Disposition') ?? '')).toContain(`${shown.from}-${shown.to}`);
  });

  it('the cycle export route answers staff with a workbook and refuses bad input', async () => {
    const cookie = (await startSession(t.db, new Request('http://localhost/'), staff.userId)).split(';')[0]!;
    const cycle = await t.db.selectFrom('orderCycles').select('id').where('status', '=', 'delivered').executeTakeFirstOrThrow();
    const ok = (await cycleExportLoader(routeArgs(t.db, new Request(`http://localhost/resources/cycle-export?cycleId=${cycle.id}&what=allocation`, { headers: { cookie } }))));
    expect(ok.status).toBe(200);
    expect(ok.headers.get('Content-Type')).toContain('spreadsheetml');
    const bad = (await cycleExportLoader(routeArgs(t.db, new Request('http://localhost/resources/cycle-export?cycleId=x&what=allocation', { headers: { cookie } }))));
    expect(bad.status).toBe(400);
    const missing = (await cycleExportLoader(routeArgs(t.db, new Request('http://localhost/resources/cycle-export?cycleId=999999&what=plan', { headers: { cookie } }))));
    expect(missing.status).toBe(404);
  });

  // Last: it regrades and hands over shops, which the tests above do not expect.
  it('a past cycle’s exports keep the grade, station and manager each shop had in the cycle after it is regraded and handed over', async () => {
    const cycle = await t.db.selectFrom('orderCycles').select(['id', 'code']).where('startsOn', '<=', DAY).where('endsOn', '>=', DAY).executeTakeFirstOrThrow();
    const failedCycle = await t.db
      .selectFrom('orders')
      .innerJoin('orderCycles', 'orderCycles.id', 'orders.cycleId')
      .select(['orders.cycleId', 'orders.retailerId'])
      .where('orders.status', '=', 'failed')
      .where('orderCycles.status', '=', 'delivered')
      .orderBy('orders.id')
      .executeTakeFirstOrThrow();
    const rowsOf = (r: CycleExport) => {
      if (!r.ok) throw new Error(r.reason);
      return r.sheets.map((sheet) => ({ name: sheet.name, rows: sheet.rows, total: sheet.total }));
    };
    const snapshot = async () => ({
      allocation: rowsOf(await allocationExport(t.db, staff, cycle.id, zh, 'zh-CN', NOW)),
      failed: rowsOf(await failedOrdersExport(t.db, staff, failedCycle.cycleId, zh, 'zh-CN', NOW)),
      breakdown: await allocationBreakdown(t.db, staff, cycle.id),
    });
    const before = await snapshot();
    // Shops that ordered in the cycle (one of them with a short spec), and the shop whose order failed.
    const ordered = await t.db
      .selectFrom('orders')
      .innerJoin('retailers', 'retailers.id', 'orders.retailerId')
      .select(['retailers.id', 'retailers.licenceNo', 'retailers.grade', 'retailers.managerId', 'retailers.stationId'])
      .where('orders.cycleId', '=', cycle.id)
      .where('orders.status', 'in', ['submitted', 'allocated', 'confirmed', 'delivered'])
      .orderBy('retailers.id')
      .execute();
    const supplied = await t.db.selectFrom('cycleSupply').select('specId').where('cycleId', '=', cycle.id).where('supplyCartons', 'is not', null).execute();
    const short = await t.db
      .selectFrom('orderLines')
      .innerJoin('orders', 'orders.id', 'orderLines.orderId')
      .select('orders.retailerId')
      .where('orders.cycleId', '=', cycle.id)
      .where('orderLines.specId', 'in', supplied.map((s) => s.specId))
      .executeTakeFirstOrThrow();
    const changed = [...new Set([ordered[0]!.id, short.retailerId, failedCycle.retailerId])];
    const stations = await t.db.selectFrom('stations').select('id').orderBy('id').execute();
    const shops = await t.db.selectFrom('retailers').select(['id', 'grade', 'managerId', 'stationId', 'businessType']).where('id', 'in', changed).execute();
    // Regraded (and moved to another station, another 业态) by a master-data import today, after the cycle…
    await t.db.transaction().execute((trx) =>
      recordAttributeChanges(
        trx,
        shops.map((s) => ({
          retailerId: s.id,
          set: { grade: s.grade === 30 ? 1 : 30, stationId: stations.find((x) => x.id !== s.stationId)!.id, businessType: s.businessType === 'grocery' ? 'supermarket' : 'grocery' },
        })),
        TODAY,
        'import',
        staff.userId,
        NOW,
      ),
    );
    // …and handed to another manager from today.
    const managers = await t.db.selectFrom('accountManagers').select('id').orderBy('id').execute();
    for (const s of shops) {
      const to = managers.find((m) => m.id !== s.managerId)!.id;
      expect(await handOverShops(t.db, staff, { fromManagerId: s.managerId, toManagerId: to, retailerIds: [s.id], effectiveOn: TODAY }, NOW)).toMatchObject({ ok: true, scheduled: false });
    }
    const now_ = await t.db.selectFrom('retailers').select(['id', 'grade', 'managerId']).where('id', 'in', changed).execute();
    for (const s of now_) {
      const was = shops.find((x) => x.id === s.id)!;
      expect(s.grade).not.toBe(was.grade);
      expect(s.managerId).not.toBe(was.managerId);
    }
    // The exports of the past cycles read exactly as before.
    const after = await snapshot();
    expect(after.allocation).toEqual(before.allocation);
    expect(after.failed).toEqual(before.failed);
    expect(after.breakdown).toEqual(before.breakdown);
    expect(before.breakdown!.specs.length).toBeGreaterThan(0);
  });
});
