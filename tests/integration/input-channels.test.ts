/**
 * One truth for every input channel (issue 14, item 5): a shop's file, its till's POS API and its typed stock count
 * read the same scans the same way, through app/domain/uploads/barcodes.ts — a carton code counts cartons (1 is
 * 10 packs; the API's qtyPacks is packs whatever was scanned, as its name says), a 14-digit code with a leading 0 is its 13-digit code, and
 * a barcode the shop mapped to a spec counts as mapped.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { specOfBarcode } from '~/domain/uploads/barcodes';
import { createApiToken } from '~/server/api-tokens.server';
import { handlePosUpload } from '~/server/pos-api.server';
import { carriedSpecs, saveTypedCount } from '~/server/stock-count.server';
import { importStaged, stageFile } from '~/server/uploads/staging.server';
import { orderingFixture, smallCounty } from '../support/fixtures';
import { postgresSkipped, useTestDb, type TestDb } from '../support/db';

// Tuesday 2026-11-24 10:00 in Shanghai.
const NOW = new Date('2026-11-24T02:00:00.000Z');
const CODES = { scarceCarton: '6901028100083', scarcePack: '6901028100076', plainCarton: '6901028200080', plainPack: '6901028200073', shopOwn: '2000000000017' };

describe.skipIf(postgresSkipped())('every input channel reads a scan the same way', () => {
  let t: TestDb;
  let county: Awaited<ReturnType<typeof smallCounty>>;
  let fx: Awaited<ReturnType<typeof orderingFixture>>;
  let token: string;
  const shop = () => county.retailers[0]!;
  const asShop = () => ({ userId: shop().userId, role: 'retailer' as const });

  /** The same three scans on every channel: a carton code ×1, a pack code as GTIN-14 ×2, the shop's own carton code ×1. */
  const SCANS = [
    { barcode: CODES.scarceCarton, qty: 1, packs: 10 },
    { barcode: `0${CODES.scarcePack}`, qty: 2, packs: 2 },
    { barcode: CODES.shopOwn, qty: 1, packs: 10 },
  ];
  const expected = () => [
    { specId: fx.specs.scarce, qtyPacks: 10 + 2 },
    { specId: fx.specs.plain, qtyPacks: 10 },
  ];

  beforeAll(async () => {
    t = await useTestDb();
    county = await smallCounty(t.db);
    fx = await orderingFixture(t.db);
    // Real 13-digit EAN codes, so the GTIN-14 form is a leading 0.
    await t.db.updateTable('specs').set({ cartonBarcode: CODES.scarceCarton, packBarcode: CODES.scarcePack }).where('id', '=', fx.specs.scarce).execute();
    await t.db.updateTable('specs').set({ cartonBarcode: CODES.plainCarton, packBarcode: CODES.plainPack }).where('id', '=', fx.specs.plain).execute();
    // The shop's own code for a carton of the plain spec (as a data-quality fix maps it).
    await t.db
      .insertInto('barcodeAliases')
      .values({ retailerId: shop().id, barcode: CODES.shopOwn, specId: fx.specs.plain, qtyPacksPerUnit: 10, createdByUserId: shop().userId, createdAt: NOW.toISOString() })
      .execute();
    token = (await createApiToken(t.db, asShop(), shop().id, 'till', NOW))!.token;
  });
  afterAll(() => t?.close());

  const call = (path: 'sales' | 'stock_count', body: unknown) =>
    handlePosUpload(
      t.db,
      new Request(`http://localhost/api/v1/${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }, body: JSON.stringify(body) }),
      path,
      '10.0.0.1',
      NOW,
    );
  const importFile = async (kind: 'sales' | 'stock_count', header: string, rows: string[][]) => {
    const csv = [header, ...rows.map((r) => r.join(','))].join('\r\n');
    const staged = await stageFile(t.db, asShop(), shop().id, kind, 'pos.csv', new TextEncoder().encode(csv), NOW);
    if (!staged.ok) throw new Error(`not staged: ${JSON.stringify(staged)}`);
    return importStaged(t.db, asShop(), staged.stagedId, { confirmReplace: true }, NOW);
  };
  const salesOf = (day: string) =>
    t.db.selectFrom('posDailySales').select(['specId', 'qtyPacks']).where('retailerId', '=', shop().id).where('salesDate', '=', day).orderBy('specId').execute();
  const countOf = (countedAt: string) =>
    t.db
      .selectFrom('stockCounts')
      .innerJoin('stockCountLines', 'stockCountLines.stockCountId', 'stockCounts.id')
      .select(['stockCountLines.specId', 'stockCountLines.qtyPacks'])
      .where('stockCounts.retailerId', '=', shop().id)
      .where('stockCounts.countedAt', '=', countedAt)
      .orderBy('stockCountLines.specId')
      .execute();

  it('sales: a file, the API with qty and the API with qtyPacks store the same packs', async () => {
    expect(await importFile('sales', '日期,条码,数量', SCANS.map((s) => ['2026-11-20', s.barcode, String(s.qty)]))).toMatchObject({ ok: true, accepted: 3, rejected: 0 });
    expect(await salesOf('2026-11-20')).toEqual(expected());

    const byQty = await call('sales', { date: '2026-11-21', lines: SCANS.map((s) => ({ barcode: s.barcode, qty: s.qty })) });
    expect(await byQty.json()).toMatchObject({ accepted: 3, rejected: [] });
    expect(await salesOf('2026-11-21')).toEqual(expected());

    // A till built on the API's first version sends qtyPacks, in packs whatever it scanned: one carton is 10.
    const byQtyPacks = await call('sales', { date: '2026-11-22', lines: SCANS.map((s) => ({ barcode: s.barcode, qtyPacks: s.packs })) });
    expect(await byQtyPacks.json()).toMatchObject({ accepted: 3, rejected: [] });
    expect(await salesOf('2026-11-22')).toEqual(expected());
  });

  it('stock counts: a file, the API and the typed count (its scan box finds the spec by the same codes) store the same packs', async () => {
    expect(await importFile('stock_count', 'date,barcode,qty', SCANS.map((s) => ['2026-11-20 08:00', s.barcode, String(s.qty)]))).toMatchObject({ ok: true, accepted: 3, rejected: 0 });
    expect(await countOf('2026-11-20T00:00:00.000Z')).toEqual(expected());

    const api = await call('stock_count', { countedAt: '2026-11-21T08:00:00+08:00', lines: SCANS.map((s) => ({ barcode: s.barcode, qty: s.qty })) });
    expect(await api.json()).toMatchObject({ accepted: 3, rejected: [] });
    expect(await countOf('2026-11-21T00:00:00.000Z')).toEqual(expected());
    const apiPacks = await call('stock_count', { countedAt: '2026-11-22T08:00:00+08:00', lines: SCANS.map((s) => ({ barcode: s.barcode, qtyPacks: s.packs })) });
    expect(await apiPacks.json()).toMatchObject({ accepted: 3, rejected: [] });
    expect(await countOf('2026-11-22T00:00:00.000Z')).toEqual(expected());

    // The count page: each scanned code finds its spec with the barcodes the page is given; the shop types packs.
    const page = (await carriedSpecs(t.db, asShop(), shop().id, NOW))!;
    const specOf = specOfBarcode(page.barcodes);
    expect(SCANS.map((s) => specOf(s.barcode))).toEqual([fx.specs.scarce, fx.specs.scarce, fx.specs.plain]);
    expect(specOf(`0${CODES.plainCarton}`)).toBe(fx.specs.plain);
    expect(specOf('6921168509256')).toBeUndefined();
    const typed = await saveTypedCount(t.db, asShop(), shop().id, expected(), NOW, { confirmed: true });
    expect(typed.ok).toBe(true);
    expect(await countOf('2026-11-24T02:00:00.000Z')).toEqual(expected());
  });
});
