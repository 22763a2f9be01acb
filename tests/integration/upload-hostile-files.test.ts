/**
 * The three ways a file comes in — a shop's sales file, staff's master data, a cycle's caps — read through the
 * same worker-thread reader: a zip bomb is refused with 'archive_too_large' by each, nothing is staged, and a
 * workbook whose data sits behind an instructions sheet is read from the sheet that has the header.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { previewPlanFile, stagePlanFile } from '~/server/cycle-plan.server';
import { previewMasterFile, stageMasterFile } from '~/server/master-data.server';
import { closeReadPool } from '~/server/uploads/read-pool.server';
import { unpackTable } from '~/server/uploads/staged-table.server';
import { previewStaged, stageFile } from '~/server/uploads/staging.server';
import { orderingFixture, smallCounty } from '../support/fixtures';
import { postgresSkipped, useTestDb, type TestDb } from '../support/db';
import { zipBombXlsx } from '../support/zip-bomb';

const NOW = new Date('2026-11-24T02:00:00.000Z');

/** A workbook that opens on an instructions sheet, with the table on the second sheet. */
async function behindInstructions(header: string[], rows: Array<Array<string | number>>): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  const help = book.addWorksheet('填写说明');
  help.addRow(['请在“数据”工作表填写，每行一条记录。']);
  help.addRow(['日期写成 2026-11-23 的样子；数量写整数。']);
  const data = book.addWorksheet('数据');
  data.addRow(header);
  for (const r of rows) data.addRow(r);
  return new Uint8Array(await book.xlsx.writeBuffer());
}

describe.skipIf(postgresSkipped())('hostile and awkward files, on every way in', () => {
  let t: TestDb;
  let county: Awaited<ReturnType<typeof smallCounty>>;
  let fx: Awaited<ReturnType<typeof orderingFixture>>;
  let bomb: Uint8Array;
  const staff = () => ({ userId: county.staffUserId, role: 'staff' as const });
  const shop = () => county.retailers[0]!;
  const asShop = () => ({ userId: shop().userId, role: 'retailer' as const });
  const bombRefusal = { ok: false, code: 'archive_too_large', detail: { reason: 'entry_size', entry: 'xl/worksheets/sheet1.xml', sizeMb: 301, maxMb: 128 } };

  beforeAll(async () => {
    t = await useTestDb();
    county = await smallCounty(t.db);
    fx = await orderingFixture(t.db);
    bomb = await zipBombXlsx(300);
  });
  afterAll(async () => {
    await closeReadPool();
    await t?.close();
  });

  it('a shop’s 300 MiB zip bomb is refused and nothing is staged', async () => {
    expect(await stageFile(t.db, asShop(), shop().id, 'sales', '销售.xlsx', bomb, NOW)).toEqual(bombRefusal);
    expect(await t.db.selectFrom('stagedUploads').selectAll().execute()).toEqual([]);
  });

  it('a master-data zip bomb is refused and nothing is staged', async () => {
    expect(await stageMasterFile(t.db, staff(), 'retailers', '零售户.xlsx', bomb, NOW)).toEqual(bombRefusal);
    expect(await t.db.selectFrom('masterDataStaged').selectAll().execute()).toEqual([]);
  });

  it('a caps zip bomb is refused and nothing is staged', async () => {
    expect(await stagePlanFile(t.db, staff(), fx.cycleId, 'caps', '限量.xlsx', bomb, NOW)).toEqual(bombRefusal);
    expect(await t.db.selectFrom('cycleImports').selectAll().execute()).toEqual([]);
  });

  it('a zip bomb that lies about its size in its headers is refused as well', async () => {
    const liar = await zipBombXlsx(300, { lie: true });
    expect(await stageFile(t.db, asShop(), shop().id, 'sales', '销售.xlsx', liar, NOW)).toMatchObject({ ok: false, code: 'archive_too_large', detail: { reason: 'entry_size' } });
  });

  it('reads the data sheet behind an instructions sheet, on each way in, and names it', async () => {
    const sales = await behindInstructions(['日期', '条码', '数量'], [['2026-11-20', '6901028075817', 2]]);
    const staged = await stageFile(t.db, asShop(), shop().id, 'sales', '销售.xlsx', sales, NOW);
    if (!staged.ok) throw new Error(staged.code);
    const row = await t.db.selectFrom('stagedUploads').select('tableGz').where('id', '=', staged.stagedId).executeTakeFirstOrThrow();
    // Kept packed (decision 0019): gzip's magic bytes, unpacking to the table the preview reads.
    expect([...Buffer.from(row.tableGz).subarray(0, 2)]).toEqual([0x1f, 0x8b]);
    expect(unpackTable(row.tableGz)).toMatchObject({ sheetName: '数据', header: ['日期', '条码', '数量'], rows: [{ rowNo: 2, cells: ['2026-11-20', '6901028075817', '2'] }] });
    expect(await previewStaged(t.db, asShop(), staged.stagedId, NOW)).toMatchObject({ sheetName: '数据' });

    const caps = await behindInstructions(['品规编码', '档位起', '档位止', '限量(条)'], [['001', 1, 30, 2]]);
    const plan = await stagePlanFile(t.db, staff(), fx.cycleId, 'caps', '限量.xlsx', caps, NOW);
    if (!plan.ok) throw new Error(plan.code);
    const planRow = await t.db.selectFrom('cycleImports').select('tableGz').where('id', '=', plan.importId).executeTakeFirstOrThrow();
    expect(unpackTable(planRow.tableGz)).toMatchObject({ sheetName: '数据', header: ['品规编码', '档位起', '档位止', '限量(条)'] });
    expect(await previewPlanFile(t.db, staff(), fx.cycleId, plan.importId)).toMatchObject({ sheetName: '数据' });

    const specs = await behindInstructions(
      ['品规编码', '品规名称', '品牌', '条码', '盒码', '价类', '批发价(元/条)', '建议零售价(元/条)'],
      [['53010099', '云烟(紫)', '云烟', '6901028118125', '6901028118118', '三类', '228.00', '250.00']],
    );
    const master = await stageMasterFile(t.db, staff(), 'specs', '品规.xlsx', specs, NOW);
    if (!master.ok) throw new Error(master.code);
    const masterRow = await t.db.selectFrom('masterDataStaged').select('tableGz').where('id', '=', master.stagedId).executeTakeFirstOrThrow();
    expect(unpackTable(masterRow.tableGz)).toMatchObject({ sheetName: '数据', rows: [{ rowNo: 2 }] });
    expect(await previewMasterFile(t.db, staff(), master.stagedId, NOW)).toMatchObject({ sheetName: '数据' });
    // A file without the needed columns says which sheet it looked in.
    const partial = await behindInstructions(['品规编码', '品规名称'], [['53010099', '云烟(紫)']]);
    expect(await stageMasterFile(t.db, staff(), 'specs', '品规.xlsx', partial, NOW)).toMatchObject({ ok: false, code: 'missing_columns', detail: { sheet: '数据' } });
  });

  it('an Excel file with no table anywhere names the sheet and says nothing of commas', async () => {
    const book = new ExcelJS.Workbook();
    book.addWorksheet('说明').addRow(['只有一段说明文字']);
    const r = await stageFile(t.db, asShop(), shop().id, 'sales', '说明.xlsx', new Uint8Array(await book.xlsx.writeBuffer()), NOW);
    expect(r).toEqual({ ok: false, code: 'not_a_table', detail: { reason: 'single_column', format: 'xlsx', sheet: '说明' } });
  });
});
