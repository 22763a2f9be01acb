/** The sample files in tests/fixtures/master-data/ as staff would upload them: GBK CSV, English CSV with BOM, Excel. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmMasterImport, previewMasterFile, stageMasterFile } from '~/server/master-data.server';
import { smallCounty } from '../support/fixtures';
import { postgresSkipped, useTestDb, type TestDb } from '../support/db';

const NOW = new Date('2026-11-24T02:00:00.000Z');
const fixture = (name: string) => new Uint8Array(fs.readFileSync(path.join('tests/fixtures/master-data', name)));

describe.skipIf(postgresSkipped())('master data sample files', () => {
  let t: TestDb;
  let staff: { userId: number; role: 'staff' };
  beforeAll(async () => {
    t = await useTestDb();
    const county = await smallCounty(t.db);
    staff = { userId: county.staffUserId, role: 'staff' };
  });
  afterAll(() => t?.close());

  async function preview(kind: 'retailers' | 'specs' | 'managers', name: string) {
    const staged = await stageMasterFile(t.db, staff, kind, name, fixture(name), NOW);
    if (!staged.ok) throw new Error(`${name}: ${staged.code}`);
    return (await previewMasterFile(t.db, staff, staged.stagedId, NOW))!;
  }

  it('retailers in GBK with a title line: Chinese words for types and days, grouped money, bad rows named', async () => {
    const p = await preview('retailers', 'retailers-gbk.csv');
    expect(p).toMatchObject({ encoding: 'gb18030', rowsRead: 5, rowsGood: 3, rowsBad: 2, createdCount: 2, changedCount: 1, missingCount: 3 });
    expect(p.problems.map((x) => [x.rowNo, x.column, x.code, x.value])).toEqual([
      [6, '许可证号', 'bad_licence', '4403001091'],
      [7, '档位', 'bad_grade', '35'],
    ]);
    expect(p.changed[0]!.changes).toEqual([{ field: 'grade', from: 5, to: 6 }]);
    const r = await confirmMasterImport(t.db, staff, p.stagedId, { keepGood: true, deactivateMissing: false, fingerprint: p.fingerprint }, NOW);
    expect(r).toMatchObject({ ok: true, created: 2, changed: 1, skipped: 2, gradeChanges: 1 });
    const shop = await t.db.selectFrom('retailers').select(['businessType', 'marketType', 'orderWeekday', 'depositBalanceFen']).where('licenceNo', '=', '440300109102').executeTakeFirstOrThrow();
    expect(shop).toEqual({ businessType: 'grocery', marketType: 'rural', orderWeekday: 5, depositBalanceFen: 80_000 });
    expect((await t.db.selectFrom('retailers').select('depositBalanceFen').where('licenceNo', '=', '440300109101').executeTakeFirstOrThrow()).depositBalanceFen).toBe(1_200_000);
  });

  it('specs with English headers and a BOM: every bad cell of a row is listed, in column order', async () => {
    const p = await preview('specs', 'specs-en.csv');
    expect(p).toMatchObject({ encoding: 'utf-8-bom', rowsRead: 3, rowsGood: 2, createdCount: 2 });
    expect(p.problems.map((x) => [x.rowNo, x.column, x.code])).toEqual([
      [4, 'pack_barcode', 'same_barcodes'],
      [4, 'price_class', 'bad_price_class'],
      [4, 'wholesale_price_yuan', 'bad_money'],
      [4, 'scarce', 'bad_flag'],
    ]);
  });

  it('managers from Excel: a numeric phone cell is read as text, a station by its name, an unknown station refused', async () => {
    const p = await preview('managers', 'managers.xlsx');
    expect(p).toMatchObject({ encoding: 'xlsx', rowsRead: 3, rowsGood: 2, createdCount: 2 });
    expect(p.problems.map((x) => [x.rowNo, x.column, x.code, x.value])).toEqual([[4, '管理所', 'unknown_station', 'S9']]);
  });
});
