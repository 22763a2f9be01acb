import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discardStaged, importStaged, listUploadBatches, previewStaged, setStagedMapping, stageFile } from '~/server/uploads/staging.server';
import { orderingFixture, smallCounty } from '../support/fixtures';
import { postgresSkipped, useTestDb, type TestDb } from '../support/db';

const NOW = new Date('2026-11-24T02:00:00.000Z');

describe.skipIf(postgresSkipped())('file uploads: stage, preview, map, import', () => {
  let t: TestDb;
  let county: Awaited<ReturnType<typeof smallCounty>>;
  let fx: Awaited<ReturnType<typeof orderingFixture>>;
  let codes: { plainPack: string; scarceCarton: string };
  const shop = () => county.retailers[0]!;
  const asShop = () => ({ userId: shop().userId, role: 'retailer' as const });

  beforeAll(async () => {
    t = await useTestDb();
    county = await smallCounty(t.db);
    fx = await orderingFixture(t.db);
    const specs = new Map((await t.db.selectFrom('specs').select(['id', 'packBarcode', 'cartonBarcode']).execute()).map((s) => [s.id, s]));
    codes = { plainPack: specs.get(fx.specs.plain)!.packBarcode, scarceCarton: specs.get(fx.specs.scarce)!.cartonBarcode };
  });
  afterAll(() => t?.close());

  const gbkCsv = (header: string, rows: string[][]) => new Uint8Array(iconv.encode([header, ...rows.map((r) => r.join(','))].join('\r\n'), 'gbk'));
  const salesOf = (day: string) =>
    t.db.selectFrom('posDailySales').select(['specId', 'qtyPacks']).where('retailerId', '=', shop().id).where('salesDate', '=', day).orderBy('specId').execute();

  it('reads a GBK file, asks for the unrecognised column, and writes nothing before the import', async () => {
    const file = gbkCsv('销售时间,货号,品名,数量', [
      ['2026-11-20 09:12:00', codes.plainPack, '卷烟', '2'],
      ['2026-11-20 15:40:00', codes.plainPack, '卷烟', '1'],
      ['2026-11-20 16:02:00', codes.scarceCarton, '卷烟', '1'],
      ['2026-11-21 10:00:00', codes.plainPack, '卷烟', '-3'],
      ['2026-11-21 10:05:00', '6921168509256', '农夫山泉', '2'],
    ]);
    const staged = await stageFile(t.db, asShop(), shop().id, 'sales', 'pos.csv', file, NOW);
    expect(staged.ok).toBe(true);
    const id = staged.ok ? staged.stagedId : '';
    const first = await previewStaged(t.db, asShop(), id, NOW);
    expect(first).toMatchObject({ needsMapping: true, missing: ['barcode'], encoding: 'gb18030' });
    expect(await importStaged(t.db, asShop(), id, { confirmReplace: false }, NOW)).toEqual({ ok: false, code: 'needs_mapping' });

    expect(await setStagedMapping(t.db, asShop(), id, { date: 0, barcode: 1, name: 2, qty: 2 })).toEqual({ ok: false, code: 'duplicate_column' });
    expect(await setStagedMapping(t.db, asShop(), id, { date: 0, barcode: 1, name: 2, qty: 3 })).toEqual({ ok: true });
    const preview = await previewStaged(t.db, asShop(), id, NOW);
    if (!preview || preview.needsMapping) throw new Error('expected a full preview');
    expect(preview).toMatchObject({ rowsRead: 5, rowsGood: 3, rowsBad: 2, dayFrom: '2026-11-20', dayTo: '2026-11-20', specCount: 2, totalPacks: 13, replacesDays: [] });
    expect(preview.problems).toEqual([{ rowNo: 5, column: '数量', field: 'qty', code: 'negative', value: '-3' }]);
    expect(preview.unknown.map((u) => [u.barcode, u.rowNos])).toEqual([['6921168509256', [6]]]);
    expect(await salesOf('2026-11-20')).toEqual([]);

    const imported = await importStaged(t.db, asShop(), id, { confirmReplace: false }, NOW);
    // The preview's rows, counted the same way: three good rows, stored as two figures (two rows of one spec-day add up).
    expect(preview.stored).toBe(2);
    expect(imported).toMatchObject({ ok: true, accepted: 3, rejected: 2, stored: 2 });
    expect(await salesOf('2026-11-20')).toEqual([
      { specId: fx.specs.scarce, qtyPacks: 10 },
      { specId: fx.specs.plain, qtyPacks: 3 },
    ]);
    const [batch] = await listUploadBatches(t.db, asShop(), shop().id);
    expect(batch).toMatchObject({ source: 'file', fileName: 'pos.csv', rowsRead: 5, rowsAccepted: 3, rowsRejected: 2, outcome: 'partial', dayFrom: '2026-11-20' });
    // The staged file is gone once imported.
    expect(await previewStaged(t.db, asShop(), id, NOW)).toBeNull();
  });

  it('reads a unit written with the quantity (条 a carton, 盒 / 包 a pack), shows the conversion, and counts rows as the import does', async () => {
    const day = '2026-11-12';
    const file = gbkCsv('日期,条码,数量', [
      [day, codes.plainPack, '3条'],
      [day, codes.plainPack, '2盒'],
      [day, codes.scarceCarton, '1'],
      [day, codes.scarceCarton, '4包'],
      ['合计', '', '99'],
    ]);
    const staged = await stageFile(t.db, asShop(), shop().id, 'sales', 'units.csv', file, NOW);
    const id = staged.ok ? staged.stagedId : '';
    const preview = await previewStaged(t.db, asShop(), id, NOW);
    if (!preview || preview.needsMapping) throw new Error('expected a full preview');
    expect(preview).toMatchObject({ rowsRead: 5, rowsGood: 4, rowsBad: 0, rowsSkipped: 1, stored: 2, conversionCount: 4, problems: [] });
    expect(preview.conversions.map((c) => [c.rowNo, c.written, c.qtyPacks, c.byUnit])).toEqual([
      [2, '3条', 30, true],
      [3, '2盒', 2, true],
      [4, '1', 10, false],
      [5, '4包', 4, true],
    ]);
    const imported = await importStaged(t.db, asShop(), id, { confirmReplace: false }, NOW);
    expect(imported).toMatchObject({ ok: true, accepted: preview.rowsGood, rejected: preview.rowsBad, stored: preview.stored });
    expect(await salesOf(day)).toEqual([
      { specId: fx.specs.scarce, qtyPacks: 14 },
      { specId: fx.specs.plain, qtyPacks: 32 },
    ]);
  });

  it('a row refused for its quantity leaves its spec’s earlier figure for that day; the good rows replace theirs', async () => {
    const day = '2026-11-11';
    const first = await stageFile(t.db, asShop(), shop().id, 'sales', 'first.csv', gbkCsv('日期,条码,数量', [[day, codes.plainPack, '5'], [day, codes.scarceCarton, '1']]), NOW);
    await importStaged(t.db, asShop(), first.ok ? first.stagedId : '', { confirmReplace: false }, NOW);
    const again = await stageFile(t.db, asShop(), shop().id, 'sales', 'again.csv', gbkCsv('日期,条码,数量', [[day, codes.plainPack, '8'], [day, codes.scarceCarton, '一条']]), NOW);
    const imported = await importStaged(t.db, asShop(), again.ok ? again.stagedId : '', { confirmReplace: true }, NOW);
    expect(imported).toMatchObject({ ok: true, accepted: 1, rejected: 1 });
    expect(await salesOf(day)).toEqual([
      { specId: fx.specs.scarce, qtyPacks: 10 },
      { specId: fx.specs.plain, qtyPacks: 8 },
    ]);
  });

  it('a second file for the same day replaces the first only after the user confirms', async () => {
    const file = gbkCsv('日期,条码,数量', [['2026-11-20', codes.plainPack, '7']]);
    const staged = await stageFile(t.db, asShop(), shop().id, 'sales', 'again.csv', file, NOW);
    const id = staged.ok ? staged.stagedId : '';
    expect((await previewStaged(t.db, asShop(), id, NOW)) as { replacesDays: string[] }).toMatchObject({ replacesDays: ['2026-11-20'] });
    expect(await importStaged(t.db, asShop(), id, { confirmReplace: false }, NOW)).toEqual({ ok: false, code: 'confirm_replace' });
    expect(await salesOf('2026-11-20')).toHaveLength(2);
    expect(await importStaged(t.db, asShop(), id, { confirmReplace: true }, NOW)).toMatchObject({ ok: true, replacedDays: ['2026-11-20'] });
    expect(await salesOf('2026-11-20')).toEqual([{ specId: fx.specs.plain, qtyPacks: 7 }]);
  });

  it('the same file again is recognised, and importing it does not count anything twice', async () => {
    const file = gbkCsv('日期,条码,数量', [['2026-11-20', codes.plainPack, '7']]);
    const staged = await stageFile(t.db, asShop(), shop().id, 'sales', 'again-copy.csv', file, NOW);
    const id = staged.ok ? staged.stagedId : '';
    expect((await previewStaged(t.db, asShop(), id, NOW)) as { sameFileImportedAt: string | null }).toMatchObject({ sameFileImportedAt: NOW.toISOString() });
    await importStaged(t.db, asShop(), id, { confirmReplace: true }, NOW);
    expect(await salesOf('2026-11-20')).toEqual([{ specId: fx.specs.plain, qtyPacks: 7 }]);
  });

  it('refuses what is not a table, and keeps a staged file from other shops and other routes', async () => {
    expect(await stageFile(t.db, asShop(), shop().id, 'sales', 'empty.csv', new Uint8Array(), NOW)).toMatchObject({ ok: false, code: 'empty_file' });
    expect(await stageFile(t.db, asShop(), shop().id, 'sales', 'report.pdf', new TextEncoder().encode('%PDF-1.4 …'), NOW)).toMatchObject({ ok: false, code: 'unsupported_type' });
    const other = county.retailers[2]!;
    expect(await stageFile(t.db, { userId: other.userId, role: 'retailer' }, shop().id, 'sales', 'x.csv', gbkCsv('日期,条码,数量', []), NOW)).toEqual({ ok: false, code: 'not_found' });

    const staged = await stageFile(t.db, asShop(), shop().id, 'sales', 'mine.csv', gbkCsv('日期,条码,数量', [['2026-11-19', codes.plainPack, '1']]), NOW);
    const id = staged.ok ? staged.stagedId : '';
    const otherManager = county.managers.find((m) => m.managerId !== shop().managerId)!;
    const ownManager = county.managers.find((m) => m.managerId === shop().managerId)!;
    expect(await previewStaged(t.db, { userId: other.userId, role: 'retailer' }, id, NOW)).toBeNull();
    expect(await previewStaged(t.db, { userId: otherManager.userId, role: 'manager' }, id, NOW)).toBeNull();
    expect(await importStaged(t.db, { userId: otherManager.userId, role: 'manager' }, id, { confirmReplace: true }, NOW)).toEqual({ ok: false, code: 'not_found' });
    expect(await discardStaged(t.db, { userId: otherManager.userId, role: 'manager' }, id)).toBe(false);
    expect(await previewStaged(t.db, { userId: ownManager.userId, role: 'manager' }, id, NOW)).not.toBeNull();
    expect(await discardStaged(t.db, asShop(), id)).toBe(true);
    expect(await salesOf('2026-11-19')).toEqual([]);
  });
});
