import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_SIGN_IN_HASH } from '~/domain/master-data/accounts';
import { confirmMasterImport, discardMasterFile, masterDataOverview, previewMasterFile, stageMasterFile } from '~/server/master-data.server';
import { orderingFixture, smallCounty } from '../support/fixtures';
import { postgresSkipped, useTestDb, type TestDb } from '../support/db';

const NOW = new Date('2026-11-24T02:00:00.000Z');
const HEADER = '许可证号,客户名称,负责人,联系电话,经营地址,管理所,客户经理编码,业态,市场类型,档位,订货日,预存款余额(元)';
const csv = (lines: string[]) => new Uint8Array(iconv.encode(lines.join('\r\n'), 'gbk'));

describe.skipIf(postgresSkipped())('master data import: stage, preview, confirm', () => {
  let t: TestDb;
  let county: Awaited<ReturnType<typeof smallCounty>>;
  const staff = () => ({ userId: county.staffUserId, role: 'staff' as const });

  beforeAll(async () => {
    t = await useTestDb();
    county = await smallCounty(t.db);
    await orderingFixture(t.db);
  });
  afterAll(() => t?.close());

  const retailers = () => t.db.selectFrom('retailers').select(['licenceNo', 'grade', 'phone', 'active', 'depositBalanceFen']).orderBy('licenceNo').execute();
  const history = () => t.db.selectFrom('retailerGradeHistory').innerJoin('retailers', 'retailers.id', 'retailerGradeHistory.retailerId').select(['retailers.licenceNo', 'gradeFrom', 'gradeTo', 'effectiveOn', 'changedByUserId']).orderBy('retailerGradeHistory.id').execute();

  const file = csv([
    HEADER,
    // changed: grade 5 → 20 and the phone
    '440300101001,店1-1,王,13911112222,城关镇,S1,mgr01,食杂店,城镇,20,周一,1000.00',
    // unchanged
    '440300101002,店1-2,王,13900000000,城关镇,S1,mgr01,食杂店,城镇,10,周二,1000.00',
    // new
    '440300109001,新华便利店,张三,13800138000,新华路 18 号,S1,mgr02,便利店,乡村,12,周三,5000',
    // bad: licence too short, unknown manager
    '12345,坏行,李四,13800138001,某地,S1,mgr99,超市,城镇,3,周四,0',
  ]);

  let stagedId = '';
  it('previews the diff and bad rows without writing anything', async () => {
    const before = await retailers();
    const staged = await stageMasterFile(t.db, staff(), 'retailers', 'retailers.csv', file, NOW);
    if (!staged.ok) throw new Error(staged.code);
    stagedId = staged.stagedId;
    const p = await previewMasterFile(t.db, staff(), stagedId, NOW);
    expect(p).toMatchObject({ kind: 'retailers', encoding: 'gb18030', rowsRead: 4, rowsGood: 3, rowsBad: 1, createdCount: 1, changedCount: 1, unchangedCount: 1, missingCount: 2, gradeChanges: 1 });
    expect(p!.problems.map((x) => [x.rowNo, x.column, x.code])).toEqual([
      [5, '许可证号', 'bad_licence'],
      [5, '客户经理编码', 'unknown_manager'],
    ]);
    expect(p!.changed).toEqual([
      {
        rowNo: 2,
        key: '440300101001',
        label: '店1-1',
        changes: [
          { field: 'phone', from: '13900000000', to: '13911112222' },
          { field: 'grade', from: 5, to: 20 },
        ],
      },
    ]);
    expect(p!.created).toEqual([{ rowNo: 4, key: '440300109001', label: '新华便利店' }]);
    expect(p!.missing.map((m) => m.key)).toEqual(['440300102001', '440300102002']);
    expect(await retailers()).toEqual(before);
    expect(await history()).toEqual([]);
  });

  it('refuses to write a file with bad rows unless the good rows are kept, and a stale preview', async () => {
    const p = (await previewMasterFile(t.db, staff(), stagedId, NOW))!;
    const before = await retailers();
    expect(await confirmMasterImport(t.db, staff(), stagedId, { keepGood: false, deactivateMissing: false, fingerprint: p.fingerprint }, NOW)).toEqual({ ok: false, code: 'has_bad_rows' });
    expect(await confirmMasterImport(t.db, staff(), stagedId, { keepGood: true, deactivateMissing: false, fingerprint: '0'.repeat(64) }, NOW)).toEqual({ ok: false, code: 'changed_since_preview' });
    expect(await retailers()).toEqual(before);
    expect(await t.db.selectFrom('masterDataImports').selectAll().execute()).toEqual([]);
    // Still staged after a refusal.
    expect(await previewMasterFile(t.db, staff(), stagedId, NOW)).not.toBeNull();
  });

  it('only the staff user who staged the file reaches it; retailers and managers reach nothing', async () => {
    const otherStaff = await t.db.insertInto('users').values({ username: 'staff02', passwordHash: NO_SIGN_IN_HASH, role: 'staff', displayName: 's2', locale: null, createdAt: NOW.toISOString() }).returning('id').executeTakeFirstOrThrow();
    expect(await previewMasterFile(t.db, { userId: otherStaff.id, role: 'staff' }, stagedId, NOW)).toBeNull();
    const shop = { userId: county.retailers[0]!.userId, role: 'retailer' as const };
    const manager = { userId: county.managers[0]!.userId, role: 'manager' as const };
    for (const actor of [shop, manager]) {
      expect(await stageMasterFile(t.db, actor, 'retailers', 'x.csv', file, NOW)).toEqual({ ok: false, code: 'forbidden' });
      expect(await previewMasterFile(t.db, { ...actor, userId: county.staffUserId }, stagedId, NOW)).toBeNull();
      expect(await discardMasterFile(t.db, actor, stagedId)).toBe(false);
      expect(await masterDataOverview(t.db, actor)).toBeNull();
    }
    // Expired files are gone.
    expect(await previewMasterFile(t.db, staff(), stagedId, new Date(NOW.getTime() + 13 * 3600_000))).toBeNull();
  });

  it('applies exactly the diff when the good rows are kept: grade history, nothing deleted, nothing deactivated', async () => {
    const p = (await previewMasterFile(t.db, staff(), stagedId, NOW))!;
    const r = await confirmMasterImport(t.db, staff(), stagedId, { keepGood: true, deactivateMissing: false, fingerprint: p.fingerprint }, NOW);
    expect(r).toMatchObject({ ok: true, created: 1, changed: 1, unchanged: 1, missing: 2, deactivated: 0, skipped: 1, gradeChanges: 1 });
    expect(await retailers()).toEqual([
      { licenceNo: '440300101001', grade: 20, phone: '13911112222', active: 1, depositBalanceFen: 100_000 },
      { licenceNo: '440300101002', grade: 10, phone: '13900000000', active: 1, depositBalanceFen: 100_000 },
      { licenceNo: '440300102001', grade: 5, phone: '13900000000', active: 1, depositBalanceFen: 100_000 },
      { licenceNo: '440300102002', grade: 10, phone: '13900000000', active: 1, depositBalanceFen: 100_000 },
      { licenceNo: '440300109001', grade: 12, phone: '13800138000', active: 1, depositBalanceFen: 500_000 },
    ]);
    const created = await t.db.selectFrom('retailers').innerJoin('accountManagers', 'accountManagers.id', 'retailers.managerId').select(['retailers.userId', 'retailers.marketType', 'retailers.orderWeekday', 'accountManagers.code']).where('licenceNo', '=', '440300109001').executeTakeFirstOrThrow();
    expect(created).toEqual({ userId: null, marketType: 'rural', orderWeekday: 3, code: 'mgr02' });
    expect(await history()).toEqual([
      { licenceNo: '440300109001', gradeFrom: null, gradeTo: 12, effectiveOn: '2026-11-24', changedByUserId: county.staffUserId },
      { licenceNo: '440300101001', gradeFrom: 5, gradeTo: 20, effectiveOn: '2026-11-24', changedByUserId: county.staffUserId },
    ]);
    // Confirmed once: the staged file is gone, a second confirm finds nothing.
    expect(await confirmMasterImport(t.db, staff(), stagedId, { keepGood: true, deactivateMissing: false, fingerprint: p.fingerprint }, NOW)).toEqual({ ok: false, code: 'not_found' });
    const overview = await masterDataOverview(t.db, staff());
    expect(overview!.imports).toMatchObject([{ kind: 'retailers', fileName: 'retailers.csv', rowsRead: 4, rowsSkipped: 1, createdCount: 1, changedCount: 1, unchangedCount: 1, missingCount: 2, deactivatedCount: 0 }]);
  });

  it('deactivates the retailers missing from the file only when asked; a shop back in the list is active again', async () => {
    const again = csv([HEADER, '440300101001,店1-1,王,13911112222,城关镇,S1,mgr01,食杂店,城镇,20,周一,1000.00']);
    let staged = await stageMasterFile(t.db, staff(), 'retailers', 'one.csv', again, NOW);
    let id = staged.ok ? staged.stagedId : '';
    let p = (await previewMasterFile(t.db, staff(), id, NOW))!;
    expect(p).toMatchObject({ missingCount: 4, unchangedCount: 1, rowsBad: 0 });
    expect(await confirmMasterImport(t.db, staff(), id, { keepGood: false, deactivateMissing: true, fingerprint: p.fingerprint }, NOW)).toMatchObject({ ok: true, deactivated: 4 });
    expect((await retailers()).map((r) => [r.licenceNo, r.active])).toEqual([
      ['440300101001', 1],
      ['440300101002', 0],
      ['440300102001', 0],
      ['440300102002', 0],
      ['440300109001', 0],
    ]);

    staged = await stageMasterFile(t.db, staff(), 'retailers', 'back.csv', csv([HEADER, '440300101002,店1-2,王,13900000000,城关镇,S1,mgr01,食杂店,城镇,10,周二,']), NOW);
    id = staged.ok ? staged.stagedId : '';
    p = (await previewMasterFile(t.db, staff(), id, NOW))!;
    // Inactive shops missing from the file are not news; the one listed is reactivated (an empty balance is left alone).
    expect(p).toMatchObject({ missingCount: 1, changedCount: 1 });
    expect(p.changed[0]!.changes).toEqual([{ field: 'active', from: 0, to: 1 }]);
    expect(await confirmMasterImport(t.db, staff(), id, { keepGood: false, deactivateMissing: false, fingerprint: p.fingerprint }, NOW)).toMatchObject({ ok: true, changed: 1, deactivated: 0 });
    expect((await retailers()).filter((r) => r.active).map((r) => r.licenceNo)).toEqual(['440300101001', '440300101002']);
  });

  it('specs: new ones created, barcodes swapped between two specs, prices in fen, missing ones only listed', async () => {
    const header = 'spec_code,name,brand,manufacturer,carton_barcode,pack_barcode,price_class,wholesale_price_yuan,retail_price_yuan,scarce,new,launch_date';
    const bytes = new TextEncoder().encode(
      [
        header,
        '001,品规001,玉溪,云南中烟,690100021,690100022,二类,450.00,230.00,是,否,',
        '002,品规002,玉溪,云南中烟,690100011,690100012,二类,200,230,否,否,',
        '005,新品五,黄鹤楼,湖北中烟,6901000051,6901000052,一类,1200.5,1400,否,是,2026-12-01',
      ].join('\n'),
    );
    const staged = await stageMasterFile(t.db, staff(), 'specs', 'specs.csv', bytes, NOW);
    if (!staged.ok) throw new Error(staged.code);
    const p = (await previewMasterFile(t.db, staff(), staged.stagedId, NOW))!;
    expect(p).toMatchObject({ rowsBad: 0, createdCount: 1, changedCount: 2, unchangedCount: 0, missingCount: 2 });
    expect(p.changed[0]!.changes).toEqual([
      { field: 'cartonBarcode', from: '690100011', to: '690100021' },
      { field: 'packBarcode', from: '690100012', to: '690100022' },
    ]);
    expect(await confirmMasterImport(t.db, staff(), staged.stagedId, { keepGood: false, deactivateMissing: false, fingerprint: p.fingerprint }, NOW)).toMatchObject({ ok: true, created: 1, changed: 2 });
    const specs = await t.db.selectFrom('specs').select(['code', 'cartonBarcode', 'packBarcode', 'wholesalePriceFenPerCarton', 'isNew', 'launchDate', 'priceClass']).orderBy('code').execute();
    expect(specs).toEqual([
      { code: '001', cartonBarcode: '690100021', packBarcode: '690100022', wholesalePriceFenPerCarton: 45_000, isNew: 0, launchDate: null, priceClass: 2 },
      { code: '002', cartonBarcode: '690100011', packBarcode: '690100012', wholesalePriceFenPerCarton: 20_000, isNew: 0, launchDate: null, priceClass: 2 },
      { code: '003', cartonBarcode: '690100031', packBarcode: '690100032', wholesalePriceFenPerCarton: 20_000, isNew: 0, launchDate: null, priceClass: 2 },
      { code: '004', cartonBarcode: '690100041', packBarcode: '690100042', wholesalePriceFenPerCarton: 20_000, isNew: 0, launchDate: null, priceClass: 2 },
      { code: '005', cartonBarcode: '6901000051', packBarcode: '6901000052', wholesalePriceFenPerCarton: 120_050, isNew: 1, launchDate: '2026-12-01', priceClass: 1 },
    ]);
  });

  it('managers: a new manager gets a user that cannot sign in yet, and retailers may then name it', async () => {
    const staged = await stageMasterFile(t.db, staff(), 'managers', 'managers.csv', new TextEncoder().encode('客户经理编码,姓名,联系电话,管理所\nmgr21,赵六,13700137000,城关\nmgr01,经理一,13800000000,S1'), NOW);
    if (!staged.ok) throw new Error(staged.code);
    const p = (await previewMasterFile(t.db, staff(), staged.stagedId, NOW))!;
    expect(p).toMatchObject({ rowsBad: 0, createdCount: 1, changedCount: 1, missingCount: 1 });
    expect(p.changed[0]!.changes).toEqual([{ field: 'name', from: '经理1', to: '经理一' }]);
    expect(await confirmMasterImport(t.db, staff(), staged.stagedId, { keepGood: false, deactivateMissing: false, fingerprint: p.fingerprint }, NOW)).toMatchObject({ ok: true, created: 1 });
    const user = await t.db.selectFrom('users').innerJoin('accountManagers', 'accountManagers.userId', 'users.id').select(['users.username', 'users.role', 'users.passwordHash', 'users.displayName']).where('accountManagers.code', '=', 'mgr21').executeTakeFirstOrThrow();
    expect(user).toEqual({ username: 'mgr21', role: 'manager', passwordHash: NO_SIGN_IN_HASH, displayName: '赵六' });
    expect((await t.db.selectFrom('users').select('displayName').where('username', '=', 'mgr01').executeTakeFirstOrThrow()).displayName).toBe('经理一');

    const shop = await stageMasterFile(t.db, staff(), 'retailers', 'r.csv', csv([HEADER, '440300109002,新店,孙七,13600136000,东街,S1,mgr21,超市,城镇,8,周五,']), NOW);
    const sp = (await previewMasterFile(t.db, staff(), shop.ok ? shop.stagedId : '', NOW))!;
    expect(sp).toMatchObject({ rowsBad: 0, createdCount: 1 });
  });

  it('a file without the required columns is refused at once, naming them', async () => {
    const r = await stageMasterFile(t.db, staff(), 'retailers', 'bad.csv', new TextEncoder().encode('许可证号,客户名称\n440300101001,店'), NOW);
    expect(r).toMatchObject({ ok: false, code: 'missing_columns' });
    expect(r.ok ? '' : String(r.detail?.columns)).toContain('档位 / grade');
  });
});

describe.skipIf(postgresSkipped())('master data import: a retailers file that creates its managers', () => {
  let t: TestDb;
  let county: Awaited<ReturnType<typeof smallCounty>>;
  beforeAll(async () => {
    t = await useTestDb();
    county = await smallCounty(t.db);
  });
  afterAll(() => t?.close());

  it('an unknown manager code named on a row is created with the shops that need it; without a name it is a row error', async () => {
    const staff = { userId: county.staffUserId, role: 'staff' as const };
    const file = csv([
      `${HEADER},客户经理姓名,客户经理电话`,
      '440300109301,甲店,甲,13800000001,东街,S1,mgr41,超市,城镇,8,周五,,钱十,13700000041',
      '440300109302,乙店,乙,13800000002,西街,S1,mgr41,超市,城镇,9,周五,,,',
      '440300109303,丙店,丙,13800000003,北街,S1,mgr42,超市,城镇,9,周五,,,',
      '440300109304,丁店,丁,13800000004,南街,S1,staff01,超市,城镇,9,周五,,冒名,',
    ]);
    const staged = await stageMasterFile(t.db, staff, 'retailers', 'with-managers.csv', file, NOW);
    if (!staged.ok) throw new Error(staged.code);
    const p = (await previewMasterFile(t.db, staff, staged.stagedId, NOW))!;
    expect(p.newManagers).toEqual([{ code: 'mgr41', name: '钱十', stationCode: 'S1', rowNo: 2 }]);
    expect(p.problems.map((x) => [x.rowNo, x.column, x.code])).toEqual([
      [4, '客户经理编码', 'unknown_manager'],
      [5, '客户经理编码', 'username_taken'],
    ]);
    expect(p.created.map((c) => c.key)).toEqual(['440300109301', '440300109302']);
    const r = await confirmMasterImport(t.db, staff, staged.stagedId, { keepGood: true, deactivateMissing: false, fingerprint: p.fingerprint }, NOW);
    expect(r).toMatchObject({ ok: true, created: 2, skipped: 2 });
    const shops = await t.db
      .selectFrom('retailers')
      .innerJoin('accountManagers', 'accountManagers.id', 'retailers.managerId')
      .innerJoin('users', 'users.id', 'accountManagers.userId')
      .select(['retailers.licenceNo', 'accountManagers.code', 'accountManagers.name', 'accountManagers.phone', 'users.passwordHash'])
      .where('accountManagers.code', '=', 'mgr41')
      .orderBy('retailers.licenceNo')
      .execute();
    expect(shops).toEqual([
      { licenceNo: '440300109301', code: 'mgr41', name: '钱十', phone: '13700000041', passwordHash: NO_SIGN_IN_HASH },
      { licenceNo: '440300109302', code: 'mgr41', name: '钱十', phone: '13700000041', passwordHash: NO_SIGN_IN_HASH },
    ]);
  });
});
