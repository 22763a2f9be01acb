/**
 * A refused line leaves its spec's day unknown, not zero (issue 14, item 5). When the line's spec has an earlier
 * figure for the day it is kept (ingest's keep); when it has none, the spec-day is recorded in unknown_spec_days
 * and the suggestions read it as censored, and an unknown receipt (or too many unknown sales days) since the
 * count leaves the stock unknown rather than rolled forward. Through the POS API and a file import.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '~/server/api-tokens.server';
import { handlePosUpload } from '~/server/pos-api.server';
import { historyDaysBefore, specHistory, type ShopData } from '~/domain/replenishment';
import { loadShopsData } from '~/server/suggestions/history.server';
import { importStaged, stageFile } from '~/server/uploads/staging.server';
import { orderingFixture, smallCounty } from '../support/fixtures';
import { postgresSkipped, useTestDb, type TestDb } from '../support/db';

// Tuesday 2026-11-24 10:00 in Shanghai; shops 0 and 2 order on Mondays: their window ends on Sunday 11-22.
const NOW = new Date('2026-11-24T02:00:00.000Z');
const ORDER_DAY = '2026-11-23';

describe.skipIf(postgresSkipped())('a refused line leaves its day unknown', () => {
  let t: TestDb;
  let county: Awaited<ReturnType<typeof smallCounty>>;
  let fx: Awaited<ReturnType<typeof orderingFixture>>;
  const tokens = new Map<number, string>();
  let barcodes: { scarce: string; plain: string };

  beforeAll(async () => {
    t = await useTestDb();
    county = await smallCounty(t.db);
    fx = await orderingFixture(t.db);
    const specs = new Map((await t.db.selectFrom('specs').select(['id', 'packBarcode']).execute()).map((s) => [s.id, s.packBarcode]));
    barcodes = { scarce: specs.get(fx.specs.scarce)!, plain: specs.get(fx.specs.plain)! };
    for (const shop of [county.retailers[0]!, county.retailers[2]!]) {
      tokens.set(shop.id, (await createApiToken(t.db, { userId: shop.userId, role: 'retailer' }, shop.id, 'till', NOW))!.token);
    }
  });
  afterAll(() => t?.close());

  const call = (shopId: number, path: 'sales' | 'receipts' | 'stock_count', body: unknown) =>
    handlePosUpload(
      t.db,
      new Request(`http://localhost/api/v1/${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${tokens.get(shopId)}` },
        body: JSON.stringify(body),
      }),
      path,
      '10.0.0.1',
      NOW,
    );
  const unknownOn = (shopId: number, day: string) =>
    t.db.selectFrom('unknownSpecDays').select(['specId', 'kind']).where('retailerId', '=', shopId).where('day', '=', day).orderBy('specId').orderBy('kind').execute();
  /** What the suggestions read of a spec: its day in the history window, and the stock on the order-day morning. */
  const readOf = async (shopId: number, specId: number, day?: string) => {
    const days = historyDaysBefore(ORDER_DAY);
    const data = (await loadShopsData(t.db, [shopId], days)).get(shopId)!;
    const { history, onHandPacks } = specHistory(days, data, specId);
    return { day: day ? history.find((d) => d.day === day) : undefined, onHandPacks };
  };

  it('POS API: a refused line on a day never uploaded before is unknown for its spec, read as censored; a good upload of the day clears it', async () => {
    const shop = county.retailers[0]!.id;
    const day = '2026-11-20';
    const res = await call(shop, 'sales', { date: day, lines: [{ barcode: barcodes.plain, qtyPacks: 5 }, { barcode: barcodes.scarce, qtyPacks: -1 }] });
    expect(res.status).toBe(200);
    expect(await unknownOn(shop, day)).toEqual([{ specId: fx.specs.scarce, kind: 'sales' }]);
    expect((await readOf(shop, fx.specs.scarce, day)).day).toEqual({ day, qtyPacks: 0, censored: true });
    expect((await readOf(shop, fx.specs.plain, day)).day).toEqual({ day, qtyPacks: 5, censored: false });

    expect((await call(shop, 'sales', { date: day, lines: [{ barcode: barcodes.plain, qtyPacks: 5 }, { barcode: barcodes.scarce, qtyPacks: 2 }] })).status).toBe(200);
    expect(await unknownOn(shop, day)).toEqual([]);
    expect((await readOf(shop, fx.specs.scarce, day)).day).toEqual({ day, qtyPacks: 2, censored: false });
  });

  it('POS API: a line refused for its shape (both quantities, or none) whose barcode is readable leaves its spec-day unknown too', async () => {
    const shop = county.retailers[0]!.id;
    for (const [day, bad] of [
      ['2026-11-12', { barcode: barcodes.scarce, qty: 1, qtyPacks: 1 }],
      ['2026-11-11', { barcode: ` ${barcodes.scarce}` }],
    ] as const) {
      const res = await call(shop, 'sales', { date: day, lines: [{ barcode: barcodes.plain, qty: 5 }, bad] });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { rejected: unknown[] }).rejected).toHaveLength(1);
      expect(await unknownOn(shop, day)).toEqual([{ specId: fx.specs.scarce, kind: 'sales' }]);
      expect((await readOf(shop, fx.specs.scarce, day)).day).toEqual({ day, qtyPacks: 0, censored: true });
    }
  });

  it('a spec-day already on record as a zero stays a zero when a later upload of the day refuses its line', async () => {
    const shop = county.retailers[0]!.id;
    const day = '2026-11-19';
    // The first upload of the day names only the plain spec: the scarce one sold none that day.
    expect((await call(shop, 'sales', { date: day, lines: [{ barcode: barcodes.plain, qtyPacks: 5 }] })).status).toBe(200);
    expect((await call(shop, 'sales', { date: day, lines: [{ barcode: barcodes.plain, qtyPacks: 6 }, { barcode: barcodes.scarce, qtyPacks: -1 }] })).status).toBe(200);
    expect(await unknownOn(shop, day)).toEqual([]);
    expect((await readOf(shop, fx.specs.scarce, day)).day).toEqual({ day, qtyPacks: 0, censored: false });
  });

  it('refused again, the day stays unknown; an upload of the day without the spec clears it (it sold none)', async () => {
    const shop = county.retailers[0]!.id;
    const day = '2026-11-18';
    const bad = { barcode: barcodes.scarce, qtyPacks: 1.5 };
    expect((await call(shop, 'sales', { date: day, lines: [{ barcode: barcodes.plain, qtyPacks: 1 }, bad] })).status).toBe(200);
    expect((await call(shop, 'sales', { date: day, lines: [{ barcode: barcodes.plain, qtyPacks: 2 }, bad] })).status).toBe(200);
    expect(await unknownOn(shop, day)).toEqual([{ specId: fx.specs.scarce, kind: 'sales' }]);
    expect((await readOf(shop, fx.specs.scarce, day)).day?.censored).toBe(true);
    expect((await call(shop, 'sales', { date: day, lines: [{ barcode: barcodes.plain, qtyPacks: 3 }] })).status).toBe(200);
    expect(await unknownOn(shop, day)).toEqual([]);
    expect((await readOf(shop, fx.specs.scarce, day)).day).toEqual({ day, qtyPacks: 0, censored: false });
  });

  it('file import: a refused row with no earlier figure leaves its spec-day unknown, and a later file of the day clears it', async () => {
    const shop = county.retailers[0]!;
    const asShop = { userId: shop.userId, role: 'retailer' as const };
    const day = '2026-11-17';
    const importFile = async (rows: string[][]) => {
      const csv = ['日期,条码,数量', ...rows.map((r) => r.join(','))].join('\r\n');
      const staged = await stageFile(t.db, asShop, shop.id, 'sales', 'pos.csv', new TextEncoder().encode(csv), NOW);
      if (!staged.ok) throw new Error(`not staged: ${JSON.stringify(staged)}`);
      return importStaged(t.db, asShop, staged.stagedId, { confirmReplace: true }, NOW);
    };
    expect(await importFile([[day, barcodes.plain, '4'], [day, barcodes.scarce, '-3']])).toMatchObject({ ok: true, accepted: 1, rejected: 1 });
    expect(await unknownOn(shop.id, day)).toEqual([{ specId: fx.specs.scarce, kind: 'sales' }]);
    expect((await readOf(shop.id, fx.specs.scarce, day)).day?.censored).toBe(true);
    expect(await importFile([[day, barcodes.plain, '4'], [day, barcodes.scarce, '1']])).toMatchObject({ ok: true, accepted: 2, rejected: 0 });
    expect(await unknownOn(shop.id, day)).toEqual([]);
    expect((await readOf(shop.id, fx.specs.scarce, day)).day).toEqual({ day, qtyPacks: 1, censored: false });
  });

  it('days from today on are still to come, not missing records: suggestions computed ahead of the order day keep a known stock', () => {
    const days = historyDaysBefore(ORDER_DAY);
    const data: ShopData = {
      sales: new Map([[1, new Map([['2026-11-17', 2]])]]),
      receipts: new Map(),
      counts: new Map([[1, [{ day: '2026-11-17', qtyPacks: 20 }]]]),
      uploadedDays: new Set(days.filter((d) => d <= '2026-11-17')),
      unknownSales: new Map(),
      unknownReceipts: new Map(),
      inTransitPacks: new Map(),
    };
    // Computed on 11-18 for the order of 11-23: 11-18 to 11-22 have not happened yet.
    expect(specHistory(days, data, 1, '2026-11-18').onHandPacks).toBe(18);
    // Computed after the order day, the same five days are sales nobody recorded.
    expect(specHistory(days, data, 1, '2026-11-24').onHandPacks).toBeNull();
  });

  it('stock rolled forward from a count becomes unknown after an unknown receipt, or too many days without sales on record', async () => {
    const shop = county.retailers[2]!.id;
    // The scarce spec counted on Monday 11-16, the plain one on Friday 11-20 (mornings, before trade).
    expect((await call(shop, 'stock_count', { countedAt: '2026-11-16T08:00:00+08:00', lines: [{ barcode: barcodes.scarce, qtyPacks: 40 }] })).status).toBe(200);
    expect((await call(shop, 'stock_count', { countedAt: '2026-11-20T08:00:00+08:00', lines: [{ barcode: barcodes.plain, qtyPacks: 30 }] })).status).toBe(200);
    for (const day of ['2026-11-20', '2026-11-21', '2026-11-22']) {
      expect((await call(shop, 'sales', { date: day, lines: [{ barcode: barcodes.plain, qtyPacks: 2 }, { barcode: barcodes.scarce, qtyPacks: 1 }] })).status).toBe(200);
    }
    // Plain: counted two days ago, every day since on record. Scarce: 11-16 to 11-19 have no sales upload (4 days).
    expect((await readOf(shop, fx.specs.plain)).onHandPacks).toBe(24);
    expect((await readOf(shop, fx.specs.scarce)).onHandPacks).toBeNull();
    // One of those days uploaded: three days off the record are still rolled forward.
    expect((await call(shop, 'sales', { date: '2026-11-19', lines: [{ barcode: barcodes.scarce, qtyPacks: 2 }] })).status).toBe(200);
    expect((await readOf(shop, fx.specs.scarce)).onHandPacks).toBe(40 - 2 - 3);

    // A delivery of the plain spec whose line was refused: an unknown amount arrived after the count.
    const res = await call(shop, 'receipts', { date: '2026-11-21', lines: [{ barcode: barcodes.scarce, qtyPacks: 10 }, { barcode: barcodes.plain, qtyPacks: -20 }] });
    expect(res.status).toBe(200);
    expect(await unknownOn(shop, '2026-11-21')).toEqual([{ specId: fx.specs.plain, kind: 'receipts' }]);
    expect((await readOf(shop, fx.specs.plain)).onHandPacks).toBeNull();
    expect((await readOf(shop, fx.specs.scarce)).onHandPacks).toBe(40 - 2 - 3 + 10);
    // The receipts of the day sent again in full: the plain stock is known again.
    expect((await call(shop, 'receipts', { date: '2026-11-21', lines: [{ barcode: barcodes.scarce, qtyPacks: 10 }, { barcode: barcodes.plain, qtyPacks: 20 }] })).status).toBe(200);
    expect(await unknownOn(shop, '2026-11-21')).toEqual([]);
    expect((await readOf(shop, fx.specs.plain)).onHandPacks).toBe(30 + 20 - 6);
  });
});
