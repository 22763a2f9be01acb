/**
 * A shop deactivated in master data (the retailers file's "deactivate retailers missing from the file") takes
 * nothing more in, whatever credential it holds: its POS tokens are answered 403 `shop_inactive` (problem JSON,
 * in the request's language) and write nothing — not even the token's last use; its file uploads are refused
 * at staging and at import, and so is a typed stock count; its sign-in's sessions end with the deactivation and it
 * cannot sign in again. A shop back in a later file is
 * active again, and its tokens work again (deactivating is not revoking).
 */
import { parseWithZod } from '@conform-to/zod/v4';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { previewForm } from '~/domain/forms/upload-preview';
import { createApiToken } from '~/server/api-tokens.server';
import { authenticate } from '~/server/auth.server';
import { hashPassword } from '~/server/password.server';
import { saveTypedCount } from '~/server/stock-count.server';
import { confirmMasterImport, previewMasterFile, stageMasterFile } from '~/server/master-data.server';
import { handlePosUpload } from '~/server/pos-api.server';
import { readSession, startSession } from '~/server/session.server';
import { ingest, IngestRefused } from '~/server/uploads/ingest.server';
import { previewAction } from '~/server/uploads/preview-actions.server';
import { importStaged, stageFile } from '~/server/uploads/staging.server';
import { orderingFixture, smallCounty } from '../support/fixtures';
import { postgresSkipped, useTestDb, type TestDb } from '../support/db';

const NOW = new Date('2026-11-24T02:00:00.000Z');
const HEADER = '许可证号,客户名称,负责人,联系电话,经营地址,管理所,客户经理编码,业态,市场类型,档位,订货日,预存款余额(元)';
// The fixture's first two shops as they are (the second is the one deactivated and brought back).
const FIRST = '440300101001,店1-1,王,13900000000,城关镇,S1,mgr01,食杂店,城镇,5,周一,1000.00';
const SECOND = '440300101002,店1-2,王,13900000000,城关镇,S1,mgr01,食杂店,城镇,10,周二,1000.00';

describe.skipIf(postgresSkipped())('a shop deactivated in master data', () => {
  let t: TestDb;
  let county: Awaited<ReturnType<typeof smallCounty>>;
  let fx: Awaited<ReturnType<typeof orderingFixture>>;
  let token: string;
  let plainPack: string;
  const shop = () => county.retailers[1]!;
  const asShop = () => ({ userId: shop().userId, role: 'retailer' as const });
  const asManager = () => ({ userId: county.managers.find((m) => m.managerId === shop().managerId)!.userId, role: 'manager' as const });
  const staff = () => ({ userId: county.staffUserId, role: 'staff' as const });

  beforeAll(async () => {
    t = await useTestDb();
    county = await smallCounty(t.db);
    fx = await orderingFixture(t.db);
    plainPack = (await t.db.selectFrom('specs').select('packBarcode').where('id', '=', fx.specs.plain).executeTakeFirstOrThrow()).packBarcode;
    token = (await createApiToken(t.db, asShop(), shop().id, 'till', NOW))!.token;
  });
  afterAll(() => t?.close());

  const post = (lang = 'zh-CN', qtyPacks = 4) =>
    handlePosUpload(
      t.db,
      new Request('http://localhost/api/v1/sales', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}`, 'Accept-Language': lang },
        body: JSON.stringify({ date: '2026-11-23', lines: [{ barcode: plainPack, qtyPacks }] }),
      }),
      'sales',
      '10.0.0.1',
      new Date(NOW.getTime() + qtyPacks * 1000),
    );
  const masterImport = async (lines: string[], deactivateMissing: boolean) => {
    const staged = await stageMasterFile(t.db, staff(), 'retailers', 'retailers.csv', new Uint8Array(iconv.encode([HEADER, ...lines].join('\r\n'), 'gbk')), NOW);
    if (!staged.ok) throw new Error(staged.code);
    const p = (await previewMasterFile(t.db, staff(), staged.stagedId, NOW))!;
    return confirmMasterImport(t.db, staff(), staged.stagedId, { keepGood: false, deactivateMissing, fingerprint: p.fingerprint }, NOW);
  };
  /** Everything a refused call could have written. */
  const snapshot = async () => ({
    batches: await t.db.selectFrom('uploadBatches').select(['id', 'retailerId']).orderBy('id').execute(),
    uploads: await t.db.selectFrom('uploads').select(['id', 'batchId', 'businessDate']).orderBy('id').execute(),
    sales: await t.db.selectFrom('posDailySales').select(['retailerId', 'specId', 'salesDate', 'qtyPacks']).orderBy('retailerId').orderBy('specId').execute(),
    rejections: await t.db.selectFrom('uploadRejections').select('id').execute(),
    issues: await t.db.selectFrom('qualityIssues').select(['id', 'status']).orderBy('id').execute(),
    tokens: await t.db.selectFrom('apiTokens').select(['id', 'lastUsedAt', 'revokedAt']).orderBy('id').execute(),
    staged: await t.db.selectFrom('stagedUploads').select('id').orderBy('id').execute(),
  });
  const csv = (qty: number) => new TextEncoder().encode(`date,barcode,qty\n2026-11-22,${plainPack},${qty}\n`);

  let stagedBefore = '';
  it('while active, its till uploads and its sign-in has a session', async () => {
    expect((await post('zh-CN', 4)).status).toBe(200);
    const staged = await stageFile(t.db, asShop(), shop().id, 'sales', 'pos.csv', csv(5), NOW);
    if (!staged.ok) throw new Error(staged.code);
    stagedBefore = staged.stagedId;
  });

  it('deactivating it ends its sessions in the same transaction, and no other shop’s', async () => {
    const cookieOf = async (userId: number) => (await startSession(t.db, new Request('http://localhost/'), userId, NOW)).split(';')[0]!;
    const mine = await cookieOf(shop().userId);
    const kept = await cookieOf(county.retailers[0]!.userId);
    const read = (cookie: string) => readSession(t.db, new Request('http://localhost/', { headers: { Cookie: cookie } }), NOW);
    expect((await read(mine))?.retailerId).toBe(shop().id);

    // Only the first shop is in the file: the other three are deactivated.
    expect(await masterImport([FIRST], true)).toMatchObject({ ok: true, deactivated: 3 });
    expect((await t.db.selectFrom('retailers').select('active').where('id', '=', shop().id).executeTakeFirstOrThrow()).active).toBe(0);
    expect(await read(mine)).toBeNull();
    expect(await t.db.selectFrom('sessions').select('id').where('userId', '=', shop().userId).execute()).toEqual([]);
    expect((await read(kept))?.retailerId).toBe(county.retailers[0]!.id);
    // The sign-in itself is staff's to disable; deactivating the shop leaves it as it was.
    expect((await t.db.selectFrom('users').select('disabled').where('id', '=', shop().userId).executeTakeFirstOrThrow()).disabled).toBe(0);
  });

  it('its POS token is answered 403 shop_inactive in the API’s problem JSON, and writes nothing', async () => {
    const before = await snapshot();
    for (const [lang, words] of [
      ['zh-CN', '停用'],
      ['en', 'deactivated'],
    ] as const) {
      const res = await post(lang, 6);
      expect(res.status, lang).toBe(403);
      expect(res.headers.get('Content-Type'), lang).toBe('application/problem+json; charset=utf-8');
      const body = (await res.json()) as { type: string; title: string; status: number };
      expect(body, lang).toEqual({ type: 'https://peihuo.example/problems/shop_inactive', title: expect.stringContaining(words) as unknown, status: 403 });
    }
    expect(await snapshot()).toEqual(before);
  });

  it('a write that was past the token check when the shop was deactivated is refused inside its transaction', async () => {
    const before = await snapshot();
    await expect(
      ingest(t.db, { retailerId: shop().id, kind: 'sales', source: 'api', actorUserId: null, rowsRead: 1, days: ['2026-11-21'], daily: [{ specId: fx.specs.plain, day: '2026-11-21', qtyPacks: 9 }], rejections: [], onlyActiveShop: true }, NOW),
    ).rejects.toEqual(new IngestRefused('shop_inactive'));
    expect(await snapshot()).toEqual(before);
  });

  it('its files are refused: a new one at staging, one staged before at import (403 on the preview page), by the shop or its manager', async () => {
    const before = await snapshot();
    expect(await stageFile(t.db, asShop(), shop().id, 'sales', 'pos.csv', csv(7), NOW)).toEqual({ ok: false, code: 'shop_inactive' });
    expect(await stageFile(t.db, asManager(), shop().id, 'sales', 'pos.csv', csv(7), NOW)).toEqual({ ok: false, code: 'shop_inactive' });
    expect(await importStaged(t.db, asManager(), stagedBefore, { confirmReplace: true }, NOW)).toEqual({ ok: false, code: 'shop_inactive' });
    // The preview page's import button as its route parses it (the shop's own sign-in has ended with the deactivation).
    const submission = parseWithZod(new URLSearchParams({ intent: 'import', confirmReplace: 'on' }), { schema: previewForm });
    if (submission.status !== 'success') throw new Error('the import form did not parse');
    const answer = (await previewAction(t.db, asShop(), stagedBefore, submission, '/retailer/uploads')) as unknown as { data: { result: { error?: Record<string, string[]> } }; init: { status: number } };
    expect(answer.data.result.error).toEqual({ '': ['shop_inactive'] });
    expect(answer.init.status).toBe(403);
    // The staged file is still there (the shop may be brought back), and nothing else was written.
    expect(await snapshot()).toEqual(before);
  });

  it('it cannot sign in again (answered as a wrong password), nor save a typed stock count', async () => {
    await t.db.updateTable('users').set({ passwordHash: await hashPassword('Shop@2026') }).where('id', '=', shop().userId).execute();
    const username = (await t.db.selectFrom('users').select('username').where('id', '=', shop().userId).executeTakeFirstOrThrow()).username;
    expect(await authenticate(t.db, username, 'Shop@2026')).toBeNull();
    const before = await snapshot();
    expect(await saveTypedCount(t.db, asShop(), shop().id, [{ specId: fx.specs.plain, qtyPacks: 3 }], NOW)).toEqual({ ok: false, code: 'not_found' });
    expect(await snapshot()).toEqual(before);
    expect(await t.db.selectFrom('stockCounts').select('id').where('retailerId', '=', shop().id).execute()).toEqual([]);
  });

  it('brought back by a later file, the shop is active again and the same token works', async () => {
    expect(await masterImport([FIRST, SECOND], false)).toMatchObject({ ok: true, changed: 1, deactivated: 0 });
    const username = (await t.db.selectFrom('users').select('username').where('id', '=', shop().userId).executeTakeFirstOrThrow()).username;
    expect(await authenticate(t.db, username, 'Shop@2026')).toMatchObject({ id: shop().userId, role: 'retailer' });
    const res = await post('zh-CN', 8);
    expect(res.status).toBe(200);
    expect(await t.db.selectFrom('posDailySales').select('qtyPacks').where('retailerId', '=', shop().id).where('salesDate', '=', '2026-11-23').execute()).toEqual([{ qtyPacks: 8 }]);
    expect(await importStaged(t.db, asShop(), stagedBefore, { confirmReplace: true }, NOW)).toMatchObject({ ok: true, accepted: 1 });
  });
});
