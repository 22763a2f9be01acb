/**
 * The shop's upload history lists every day of data it has, whatever way it came in — a file, its till's POS API,
 * a count typed on the phone, the seeded history it joined with, a delivery booked in — newest day first, a page at
 * a time, and only to the shop, its manager and staff. And a file whose good rows were added up says so, in the
 * preview and after the import, from the same numbers.
 */
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '~/server/api-tokens.server';
import { handlePosUpload } from '~/server/pos-api.server';
import { saveTypedCount } from '~/server/stock-count.server';
import { listUploads } from '~/server/uploads/history.server';
import { importedPath } from '~/server/uploads/preview-actions.server';
import { importStaged, previewStaged, stageFile } from '~/server/uploads/staging.server';
import { orderingFixture, smallCounty } from '../support/fixtures';
import { postgresSkipped, useTestDb, type TestDb } from '../support/db';

const NOW = new Date('2026-11-24T02:00:00.000Z');

describe.skipIf(postgresSkipped())('upload history: every channel, paged', () => {
  let t: TestDb;
  let county: Awaited<ReturnType<typeof smallCounty>>;
  let fx: Awaited<ReturnType<typeof orderingFixture>>;
  let plainPack: string;
  let scarcePack: string;
  const shop = () => county.retailers[0]!;
  const asShop = () => ({ userId: shop().userId, role: 'retailer' as const });
  const otherShop = () => ({ userId: county.retailers[1]!.userId, role: 'retailer' as const });
  const ownManager = () => ({ userId: county.managers.find((m) => m.managerId === shop().managerId)!.userId, role: 'manager' as const });
  const otherManager = () => ({ userId: county.managers.find((m) => m.managerId !== shop().managerId)!.userId, role: 'manager' as const });
  const staff = () => ({ userId: county.staffUserId, role: 'staff' as const });

  beforeAll(async () => {
    t = await useTestDb();
    county = await smallCounty(t.db);
    fx = await orderingFixture(t.db);
    const specs = new Map((await t.db.selectFrom('specs').select(['id', 'packBarcode']).execute()).map((s) => [s.id, s.packBarcode]));
    plainPack = specs.get(fx.specs.plain)!;
    scarcePack = specs.get(fx.specs.scarce)!;

    // Seeded history: 40 days of sales uploads with no batch, as the demo generator and a migration from the old system write them.
    const seeded = Array.from({ length: 40 }, (_, i) => {
      const day = new Date(Date.UTC(2026, 9, 1 + i)).toISOString().slice(0, 10);
      return { retailerId: shop().id, batchId: null, kind: 'sales' as const, source: 'seed' as const, businessDate: day, createdByUserId: shop().userId, createdAt: `${day}T13:00:00.000Z`, rowsAccepted: 7, rowsRejected: 0 };
    });
    await t.db.insertInto('uploads').values(seeded).execute();
    // A delivery booked in as receipts (deliveries.server.ts writes this row).
    await t.db
      .insertInto('uploads')
      .values({ retailerId: shop().id, batchId: null, kind: 'receipts', source: 'delivery', businessDate: '2026-11-18', createdByUserId: county.staffUserId, createdAt: '2026-11-18T02:00:00.000Z', rowsAccepted: 2, rowsRejected: 0 })
      .execute();
  });
  afterAll(() => t?.close());

  const csv = (rows: string[][]) => new Uint8Array(iconv.encode(['日期,条码,数量', ...rows.map((r) => r.join(','))].join('\r\n'), 'gbk'));

  it('a file whose good rows were added up says so in the preview and after the import, with the same numbers', async () => {
    const day = '2026-11-20';
    const staged = await stageFile(
      t.db,
      asShop(),
      shop().id,
      'sales',
      'till.csv',
      csv([
        [day, plainPack, '2'],
        [day, plainPack, '1'],
        [day, scarcePack, '1'],
        ['2026-11-21', plainPack, '4'],
        ['2026-11-21', scarcePack, '3'],
      ]),
      NOW,
    );
    if (!staged.ok) throw new Error(staged.code);
    const preview = await previewStaged(t.db, asShop(), staged.stagedId, NOW);
    if (!preview || preview.needsMapping) throw new Error('expected a full preview');
    expect(preview.merges).toEqual({ goodRows: 5, stored: 4, mergedRows: 2, mergedInto: 1 });
    const imported = await importStaged(t.db, asShop(), staged.stagedId, { confirmReplace: false }, NOW);
    if (!imported.ok || imported.alreadyImported) throw new Error('expected an import');
    expect(imported).toMatchObject({ accepted: 5, rejected: 0, stored: 4, merges: preview.merges });
    expect(importedPath('/retailer/uploads', imported)).toBe('/retailer/uploads?imported=5&rejected=0&stored=4&merged=2&into=1');
  });

  it('lists the file, a POS API call, a typed count, the seeded history and a delivery, newest day first', async () => {
    const token = (await createApiToken(t.db, asShop(), shop().id, '前台收银机', NOW))!.token;
    const api = await handlePosUpload(
      t.db,
      new Request('http://localhost/api/v1/sales', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify({ date: '2026-11-22', lines: [{ barcode: plainPack, qtyPacks: 3 }] }),
      }),
      'sales',
      '10.0.0.1',
      NOW,
    );
    expect(api.status).toBe(200);
    expect(await saveTypedCount(t.db, asShop(), shop().id, [{ specId: fx.specs.plain, qtyPacks: 12 }], NOW, { confirmed: true })).toMatchObject({ ok: true });

    const page = await listUploads(t.db, asShop(), shop().id, 1, 10);
    expect(page).toMatchObject({ total: 40 + 1 + 2 + 1 + 1, days: 40 + 1 + 2 + 1 + 1, page: 1, pages: 5, perPage: 10 });
    const first = page!.items;
    expect(first.slice(0, 5).map((i) => [i.businessDate, i.kind, i.source])).toEqual([
      ['2026-11-24', 'stock_count', 'manual'],
      ['2026-11-22', 'sales', 'api'],
      ['2026-11-21', 'sales', 'file'],
      ['2026-11-20', 'sales', 'file'],
      ['2026-11-18', 'receipts', 'delivery'],
    ]);
    expect(first[0]).toMatchObject({ figures: 1, byUser: shop().licenceNo });
    // The API call is the till's: said by its key's name, not a person.
    expect(first[1]).toMatchObject({ byToken: '前台收银机', byUser: null, figures: 1 });
    expect(first[2]).toMatchObject({ fileName: 'till.csv', figures: 2 });
    expect(first[3]).toMatchObject({ fileName: 'till.csv', figures: 2 });
    expect(first[5]).toMatchObject({ source: 'seed', businessDate: '2026-11-09', fileName: null, figures: 7 });

    // Every seeded day is on some page, once.
    const all = [];
    for (let p = 1; p <= page!.pages; p++) all.push(...(await listUploads(t.db, asShop(), shop().id, p, 10))!.items);
    expect(all).toHaveLength(45);
    expect(new Set(all.map((i) => i.id)).size).toBe(45);
    expect(all.filter((i) => i.source === 'seed')).toHaveLength(40);
    expect(all.at(-1)).toMatchObject({ businessDate: '2026-10-01', source: 'seed' });
    // A page past the end shows the last page.
    expect((await listUploads(t.db, asShop(), shop().id, 99, 10))!.page).toBe(5);
  });

  it('shows a shop its own uploads only; its manager and staff see them, another manager does not', async () => {
    expect(await listUploads(t.db, otherShop(), shop().id)).toBeNull();
    expect(await listUploads(t.db, otherManager(), shop().id)).toBeNull();
    expect((await listUploads(t.db, ownManager(), shop().id))!.total).toBe(45);
    expect((await listUploads(t.db, staff(), shop().id))!.total).toBe(45);
    expect((await listUploads(t.db, otherShop(), county.retailers[1]!.id))!).toMatchObject({ total: 0, items: [], pages: 1 });
  });
});
