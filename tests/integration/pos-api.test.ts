import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken, revokeApiToken } from '~/server/api-tokens.server';
import { handlePosUpload } from '~/server/pos-api.server';
import { ingest } from '~/server/uploads/ingest.server';
import { orderingFixture, smallCounty } from '../support/fixtures';
import { postgresSkipped, useTestDb, type TestDb } from '../support/db';

// Tuesday 2026-11-24 10:00 in Shanghai.
const NOW = new Date('2026-11-24T02:00:00.000Z');

/** What the POS API answers: a receipt, or an RFC 9457 problem with what the caller needs besides. */
interface PosAnswer {
  uploadId?: number;
  accepted?: number;
  stored?: number;
  rejected: Array<{ index: number; field: string; message: string }>;
  replaced?: boolean;
  type?: string;
  title?: string;
  errors?: Array<{ field: string }>;
}

async function bodyOf(res: Response): Promise<PosAnswer> {
  return (await res.json()) as PosAnswer;
}

describe.skipIf(postgresSkipped())('POS API', () => {
  let t: TestDb;
  let county: Awaited<ReturnType<typeof smallCounty>>;
  let fx: Awaited<ReturnType<typeof orderingFixture>>;
  let token: string;
  let barcodes: { scarcePack: string; scarceCarton: string; plainPack: string };
  const shop = () => county.retailers[0]!;

  beforeAll(async () => {
    t = await useTestDb();
    county = await smallCounty(t.db);
    fx = await orderingFixture(t.db);
    const specs = await t.db.selectFrom('specs').select(['id', 'cartonBarcode', 'packBarcode']).execute();
    const byId = new Map(specs.map((s) => [s.id, s]));
    barcodes = { scarcePack: byId.get(fx.specs.scarce)!.packBarcode, scarceCarton: byId.get(fx.specs.scarce)!.cartonBarcode, plainPack: byId.get(fx.specs.plain)!.packBarcode };
    token = (await createApiToken(t.db, { userId: shop().userId, role: 'retailer' }, shop().id, 'till', NOW))!.token;
  });
  afterAll(() => t?.close());

  const call = (path: 'sales' | 'receipts' | 'stock_count', body: unknown, opts: { token?: string; lang?: string; raw?: string } = {}) =>
    handlePosUpload(
      t.db,
      new Request(`http://localhost/api/v1/${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${opts.token ?? token}`, 'Accept-Language': opts.lang ?? 'zh-CN' },
        body: opts.raw ?? JSON.stringify(body),
      }),
      path,
      '10.0.0.1',
      NOW,
    );
  const salesOf = (retailerId: number, day: string) =>
    t.db.selectFrom('posDailySales').select(['specId', 'qtyPacks']).where('retailerId', '=', retailerId).where('salesDate', '=', day).orderBy('specId').execute();

  it('stores a day’s sales, adding pack and carton codes of one spec, and records the upload', async () => {
    const res = await call('sales', { date: '2026-11-23', lines: [{ barcode: barcodes.scarcePack, qtyPacks: 3 }, { barcode: barcodes.scarceCarton, qtyPacks: 10 }, { barcode: barcodes.plainPack, qtyPacks: 7 }] });
    expect(res.status).toBe(200);
    const body = await bodyOf(res);
    // Three lines accepted, stored as two figures: the pack and carton lines of one spec add up.
    expect(body).toMatchObject({ accepted: 3, stored: 2, rejected: [], replaced: false });
    expect(await salesOf(shop().id, '2026-11-23')).toEqual([
      { specId: fx.specs.scarce, qtyPacks: 13 },
      { specId: fx.specs.plain, qtyPacks: 7 },
    ]);
    const uploads = await t.db.selectFrom('uploads').select(['kind', 'source', 'batchId']).where('retailerId', '=', shop().id).where('businessDate', '=', '2026-11-23').execute();
    expect(uploads).toEqual([{ kind: 'sales', source: 'api', batchId: body.uploadId }]);
  });

  it('a repeat for the same date replaces the earlier one (a terminal may resend safely)', async () => {
    const body = { date: '2026-11-23', lines: [{ barcode: barcodes.plainPack, qtyPacks: 5 }] };
    await call('sales', body);
    const again = await bodyOf(await call('sales', body));
    expect(again.replaced).toBe(true);
    expect(await salesOf(shop().id, '2026-11-23')).toEqual([{ specId: fx.specs.plain, qtyPacks: 5 }]);
    expect(await t.db.selectFrom('uploads').select('id').where('retailerId', '=', shop().id).where('businessDate', '=', '2026-11-23').where('kind', '=', 'sales').execute()).toHaveLength(1);
  });

  it('lists unknown barcodes and bad lines by index, keeps the good ones, and opens an issue for the unknown code', async () => {
    const res = await call('sales', { date: '2026-11-22', lines: [{ barcode: '6921168509256', qtyPacks: 2 }, { barcode: barcodes.plainPack, qtyPacks: 4 }, { barcode: 'abc', qtyPacks: 1 }, { barcode: barcodes.plainPack, qtyPacks: -1 }] });
    const body = await bodyOf(res);
    expect(res.status).toBe(200);
    expect(body.accepted).toBe(1);
    expect(body.rejected.map((r) => [r.index, r.field])).toEqual([
      [0, 'barcode'],
      [2, 'barcode'],
      [3, 'qtyPacks'],
    ]);
    expect(body.rejected[0]?.message).toContain('未知条码');
    expect(await salesOf(shop().id, '2026-11-22')).toEqual([{ specId: fx.specs.plain, qtyPacks: 4 }]);
    const issue = await t.db.selectFrom('qualityIssues').select(['kind', 'status', 'detailJson']).where('retailerId', '=', shop().id).where('kind', '=', 'unknown_barcode').executeTakeFirstOrThrow();
    expect(issue.status).toBe('open');
    expect(JSON.parse(issue.detailJson)).toMatchObject({ barcode: '6921168509256', qty: 2 });
  });

  it('a call whose every line is refused replaces nothing: 422 nothing_good, the day’s sales and uploads unchanged', async () => {
    const day = '2026-11-18';
    await call('sales', { date: day, lines: [{ barcode: barcodes.plainPack, qtyPacks: 5 }, { barcode: barcodes.scarcePack, qtyPacks: 2 }] });
    const before = { sales: await salesOf(shop().id, day), batches: await t.db.selectFrom('uploadBatches').select('id').execute() };
    for (const lines of [[{ barcode: barcodes.plainPack, qtyPacks: -1 }], [{ barcode: '6921168509256', qtyPacks: 2 }], [{ barcode: 'abc', qtyPacks: 1 }, { nonsense: true }]]) {
      const res = await call('sales', { date: day, lines }, { lang: 'en' });
      expect(res.status).toBe(422);
      const body = await bodyOf(res);
      expect(body.type).toContain('nothing_good');
      expect(body.rejected).toHaveLength(lines.length);
      expect(body.title).toContain('unchanged');
    }
    expect({ sales: await salesOf(shop().id, day), batches: await t.db.selectFrom('uploadBatches').select('id').execute() }).toEqual(before);
    // An empty day ("nothing sold") is still a day's upload, and replaces.
    expect((await call('sales', { date: day, lines: [] })).status).toBe(200);
    expect(await salesOf(shop().id, day)).toEqual([]);
  });

  it('a refused line leaves its spec’s earlier figure for the day; the good lines replace theirs', async () => {
    const day = '2026-11-17';
    await call('sales', { date: day, lines: [{ barcode: barcodes.plainPack, qtyPacks: 5 }, { barcode: barcodes.scarcePack, qtyPacks: 3 }] });
    const res = await call('sales', { date: day, lines: [{ barcode: barcodes.plainPack, qtyPacks: 7 }, { barcode: barcodes.scarcePack, qtyPacks: -1 }] });
    expect(res.status).toBe(200);
    expect(await bodyOf(res)).toMatchObject({ accepted: 1, stored: 1, replaced: true });
    expect(await salesOf(shop().id, day)).toEqual([
      { specId: fx.specs.scarce, qtyPacks: 3 },
      { specId: fx.specs.plain, qtyPacks: 7 },
    ]);
  });

  it('has the files’ limits: a spec-day adding up past 1,000,000 packs is refused, all its lines', async () => {
    const day = '2026-11-16';
    const res = await call('sales', { date: day, lines: [...Array.from({ length: 11 }, () => ({ barcode: barcodes.plainPack, qtyPacks: 100_000 })), { barcode: barcodes.scarcePack, qtyPacks: 4 }] }, { lang: 'en' });
    expect(res.status).toBe(200);
    const body = await bodyOf(res);
    expect(body.accepted).toBe(1);
    expect(body.rejected).toHaveLength(11);
    expect(body.rejected[0]?.message).toContain('1000000');
    expect(await salesOf(shop().id, day)).toEqual([{ specId: fx.specs.scarce, qtyPacks: 4 }]);
    // Alone, the over-limit lines are a call with nothing good.
    expect((await call('sales', { date: day, lines: Array.from({ length: 11 }, () => ({ barcode: barcodes.plainPack, qtyPacks: 100_000 })) })).status).toBe(422);
    expect((await call('sales', { date: day, lines: [{ barcode: barcodes.plainPack, qtyPacks: 100_001 }] })).status).toBe(422);
  });

  it('converts as files do: qty is in the unit of the scanned code unless unit says packs or cartons, qtyPacks in packs whatever was scanned; a line with both quantities or neither, or qtyPacks in cartons, is refused', async () => {
    const day = '2026-11-14';
    const res = await call('sales', {
      date: day,
      lines: [
        { barcode: barcodes.scarceCarton, qty: 1 },
        { barcode: barcodes.scarceCarton, qtyPacks: 3 },
        { barcode: barcodes.scarceCarton, qty: 4, unit: 'pack' },
        { barcode: barcodes.plainPack, qty: 2 },
        { barcode: barcodes.plainPack, qty: 1, unit: 'carton' },
        { barcode: barcodes.plainPack, qty: 2, qtyPacks: 2 },
        { barcode: barcodes.plainPack },
        { barcode: barcodes.plainPack, qty: 2, unit: 'box' },
        { barcode: barcodes.plainPack, qtyPacks: 1, unit: 'carton' },
      ],
    });
    const body = await bodyOf(res);
    expect(body.accepted).toBe(5);
    expect(body.rejected.map((r) => [r.index, r.field])).toEqual([
      [5, 'line'],
      [6, 'line'],
      [7, 'line'],
      [8, 'line'],
    ]);
    expect(await salesOf(shop().id, day)).toEqual([
      { specId: fx.specs.scarce, qtyPacks: 10 + 3 + 4 },
      { specId: fx.specs.plain, qtyPacks: 2 + 10 },
    ]);
  });

  it('reads barcodes as files do: a 14-digit code with a leading 0, spaces, a trailing .0', async () => {
    const day = '2026-11-15';
    const res = await call('sales', { date: day, lines: [{ barcode: `0${barcodes.plainPack}`, qtyPacks: 2 }, { barcode: ` ${barcodes.scarcePack}.0`, qtyPacks: 1 }] });
    expect(await bodyOf(res)).toMatchObject({ accepted: 2, rejected: [] });
    expect(await salesOf(shop().id, day)).toEqual([
      { specId: fx.specs.scarce, qtyPacks: 1 },
      { specId: fx.specs.plain, qtyPacks: 2 },
    ]);
  });

  it('all_or_nothing refuses the whole call when a line is bad, and nothing is written', async () => {
    const before = await t.db.selectFrom('uploadBatches').select('id').execute();
    const res = await call('sales', { date: '2026-11-21', mode: 'all_or_nothing', lines: [{ barcode: barcodes.plainPack, qtyPacks: 4 }, { barcode: '123', qtyPacks: 1 }] });
    expect(res.status).toBe(422);
    expect(res.headers.get('Content-Type')).toContain('application/problem+json');
    expect((await bodyOf(res)).rejected).toHaveLength(1);
    expect(await salesOf(shop().id, '2026-11-21')).toEqual([]);
    expect(await t.db.selectFrom('uploadBatches').select('id').execute()).toEqual(before);
  });

  it('answers problems in the request’s language with the right status', async () => {
    const bad = await call('sales', null, { raw: '{not json' });
    expect(bad.status).toBe(400);
    expect((await bodyOf(bad)).title).toBe('请求内容不是有效的 JSON。');
    const future = await call('sales', { date: '2026-11-25', lines: [] }, { lang: 'en' });
    expect(future.status).toBe(422);
    expect((await bodyOf(future)).title).toBe('The date 2026-11-25 is in the future and cannot be uploaded.');
    const missing = await call('sales', { lines: [] }, { lang: 'en' });
    expect(missing.status).toBe(422);
    expect((await bodyOf(missing)).errors?.[0]?.field).toBe('date');
    const huge = await call('sales', { date: '2026-11-23', lines: Array.from({ length: 5001 }, () => ({ barcode: barcodes.plainPack, qtyPacks: 1 })) });
    expect(huge.status).toBe(413);
  });

  it('refuses unknown and revoked tokens, and a token writes only its own shop', async () => {
    expect((await call('sales', { date: '2026-11-23', lines: [] }, { token: 'ph_' + 'x'.repeat(43) })).status).toBe(401);
    const other = county.retailers[1]!;
    const otherToken = (await createApiToken(t.db, { userId: other.userId, role: 'retailer' }, other.id, 'till', NOW))!;
    const res = await call('sales', { date: '2026-11-20', lines: [{ barcode: barcodes.plainPack, qtyPacks: 9 }] }, { token: otherToken.token });
    expect(res.status).toBe(200);
    expect(await salesOf(other.id, '2026-11-20')).toEqual([{ specId: fx.specs.plain, qtyPacks: 9 }]);
    expect(await salesOf(shop().id, '2026-11-20')).toEqual([]);
    // Another shop cannot revoke it; its own shop can, and then it is refused.
    expect(await revokeApiToken(t.db, { userId: shop().userId, role: 'retailer' }, other.id, otherToken.id, NOW)).toBe(false);
    expect(await revokeApiToken(t.db, { userId: other.userId, role: 'retailer' }, other.id, otherToken.id, NOW)).toBe(true);
    expect((await call('sales', { date: '2026-11-20', lines: [] }, { token: otherToken.token })).status).toBe(401);
  });

  it('stores a stock count at its instant, and a resend of the same count replaces it', async () => {
    const body = { countedAt: '2026-11-24T08:05:00+08:00', lines: [{ barcode: barcodes.plainPack, qtyPacks: 12 }] };
    expect((await call('stock_count', body)).status).toBe(200);
    expect((await bodyOf(await call('stock_count', { ...body, lines: [{ barcode: barcodes.plainPack, qtyPacks: 11 }] }))).replaced).toBe(true);
    const counts = await t.db
      .selectFrom('stockCounts')
      .innerJoin('stockCountLines', 'stockCountLines.stockCountId', 'stockCounts.id')
      .select(['stockCounts.countedAt', 'stockCountLines.qtyPacks'])
      .where('stockCounts.retailerId', '=', shop().id)
      .execute();
    expect(counts).toEqual([{ countedAt: '2026-11-24T00:05:00.000Z', qtyPacks: 11 }]);
  });

  it('a resent count with a refused line keeps that spec’s earlier line of the same count', async () => {
    const body = { countedAt: '2026-11-23T08:05:00+08:00', lines: [{ barcode: barcodes.plainPack, qtyPacks: 12 }, { barcode: barcodes.scarcePack, qtyPacks: 6 }] };
    expect((await call('stock_count', body)).status).toBe(200);
    expect((await call('stock_count', { ...body, lines: [{ barcode: barcodes.plainPack, qtyPacks: 10 }, { barcode: barcodes.scarcePack, qtyPacks: 1.5 }] })).status).toBe(200);
    const lines = await t.db
      .selectFrom('stockCounts')
      .innerJoin('stockCountLines', 'stockCountLines.stockCountId', 'stockCounts.id')
      .select(['stockCountLines.specId', 'stockCountLines.qtyPacks'])
      .where('stockCounts.retailerId', '=', shop().id)
      .where('stockCounts.countedAt', '=', '2026-11-23T00:05:00.000Z')
      .orderBy('stockCountLines.specId')
      .execute();
    expect(lines).toEqual([
      { specId: fx.specs.scarce, qtyPacks: 6 },
      { specId: fx.specs.plain, qtyPacks: 10 },
    ]);
  });

  it('writes nothing when a batch fails part-way through', async () => {
    const before = { batches: await t.db.selectFrom('uploadBatches').select('id').execute(), sales: await salesOf(shop().id, '2026-11-19') };
    await expect(
      ingest(
        t.db,
        {
          retailerId: shop().id,
          kind: 'sales',
          source: 'file',
          actorUserId: shop().userId,
          rowsRead: 2,
          days: ['2026-11-19'],
          // The second row names a spec that does not exist: the insert fails after the batch row was written.
          daily: [
            { specId: fx.specs.plain, day: '2026-11-19', qtyPacks: 3 },
            { specId: 987_654, day: '2026-11-19', qtyPacks: 1 },
          ],
          rejections: [],
        },
        NOW,
      ),
    ).rejects.toThrow();
    expect({ batches: await t.db.selectFrom('uploadBatches').select('id').execute(), sales: await salesOf(shop().id, '2026-11-19') }).toEqual(before);
  });
});
