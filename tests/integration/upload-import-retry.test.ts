/**
 * A file import whose answer never reached the client — the server was killed after COMMIT, or the answer
 * was lost — is retried by the client with the same confirm. The import deletes the staged row and records
 * its id on the batch in one transaction, so the retry finds the batch and answers like the first success
 * ("already imported", the same result page), writing nothing twice. Reproduced deterministically: the
 * import runs, then the confirm runs again with the same staged id, as the retry would.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverT } from '~/server/i18n.server';
import { action as previewAction } from '~/routes/retailer.uploads.$stagedId';
import { startSession } from '~/server/session.server';
import { previewGone } from '~/server/uploads/preview-actions.server';
import { ingest, IngestRefused } from '~/server/uploads/ingest.server';
import { importStaged, previewStaged, stageFile } from '~/server/uploads/staging.server';
import { orderingFixture, smallCounty } from '../support/fixtures';
import { postgresSkipped, useTestDb, type TestDb } from '../support/db';
import { routeArgs } from '../support/route-args';

const NOW = new Date('2026-11-24T02:00:00.000Z');

describe.skipIf(postgresSkipped())('file import retried after it committed', () => {
  let t: TestDb;
  let county: Awaited<ReturnType<typeof smallCounty>>;
  let fx: Awaited<ReturnType<typeof orderingFixture>>;
  let codes: { plain: string; scarce: string };

  beforeAll(async () => {
    t = await useTestDb();
    county = await smallCounty(t.db);
    fx = await orderingFixture(t.db);
    const specs = new Map((await t.db.selectFrom('specs').select(['id', 'packBarcode']).execute()).map((s) => [s.id, s.packBarcode]));
    codes = { plain: specs.get(fx.specs.plain)!, scarce: specs.get(fx.specs.scarce)! };
  });
  afterAll(() => t?.close());

  const asShop = (i: number) => ({ userId: county.retailers[i]!.userId, role: 'retailer' as const });
  // Three good rows (one spec twice adds up: two figures stored) and one unknown barcode.
  const csv = (day: string) => new TextEncoder().encode(`date,barcode,qty\n${day},${codes.plain},3\n${day},${codes.plain},4\n${day},${codes.scarce},4\n${day},6921168509256,1\n`);
  const stage = async (i: number, day: string) => {
    const r = await stageFile(t.db, asShop(i), county.retailers[i]!.id, 'sales', 'pos.csv', csv(day), NOW);
    if (!r.ok) throw new Error(r.code);
    return r.stagedId;
  };
  const state = async (i: number) => {
    const retailerId = county.retailers[i]!.id;
    const count = async (table: 'uploadBatches' | 'uploads' | 'uploadRejections' | 'stagedUploads') =>
      Number((await t.db.selectFrom(table).select((e) => e.fn.countAll().as('n')).where('retailerId', '=', retailerId).executeTakeFirstOrThrow()).n);
    return {
      batches: await count('uploadBatches'),
      uploads: await count('uploads'),
      rejections: await count('uploadRejections'),
      staged: await count('stagedUploads'),
      sales: await t.db.selectFrom('posDailySales').select(['specId', 'salesDate', 'qtyPacks']).where('retailerId', '=', retailerId).orderBy('specId').execute(),
    };
  };
  const once = (day: string) => ({
    batches: 1,
    uploads: 1,
    rejections: 1,
    staged: 0,
    sales: [
      { specId: fx.specs.plain, salesDate: day, qtyPacks: 7 },
      { specId: fx.specs.scarce, salesDate: day, qtyPacks: 4 },
    ].sort((a, b) => a.specId - b.specId),
  });

  /** The preview page's import button, as the shop's browser (or its retry) posts it; the answer or the redirect it throws. */
  const confirm = async (i: number, stagedId: string, lang = 'zh-CN') => {
    const cookie = (await startSession(t.db, new Request('http://localhost/'), asShop(i).userId)).split(';')[0]!;
    const request = new Request(`http://localhost/retailer/uploads/${stagedId}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Accept-Language': lang, Cookie: cookie },
      body: new URLSearchParams({ intent: 'import' }),
    });
    try {
      const answer = await previewAction(routeArgs(t.db, request, { params: { stagedId } }));
      return { status: (answer as { init?: { status?: number } }).init?.status ?? 200, location: null, body: (answer as { data?: unknown }).data ?? answer };
    } catch (thrown) {
      if (!(thrown instanceof Response)) throw thrown;
      return { status: thrown.status, location: thrown.headers.get('Location'), body: null };
    }
  };

  it('the retry of a committed import answers the same success, "already imported", and writes nothing twice', async () => {
    const day = '2026-11-20';
    const stagedId = await stage(0, day);
    const first = await confirm(0, stagedId);
    // Two of the three good rows were one spec on one day: the result says they were added up (merged=2&into=1).
    expect(first).toEqual({ status: 302, location: '/retailer/uploads?imported=3&rejected=1&stored=2&merged=2&into=1', body: null });
    expect(await state(0)).toEqual(once(day));
    const batch = await t.db.selectFrom('uploadBatches').select(['id', 'stagedUploadId']).where('retailerId', '=', county.retailers[0]!.id).executeTakeFirstOrThrow();
    expect(batch.stagedUploadId).toBe(stagedId);

    // Before the fix this answered 409 "confirm replace": the day now has data and the staged file was still there.
    const retry = await confirm(0, stagedId);
    expect(retry).toEqual({ status: 302, location: '/retailer/uploads?imported=3&rejected=1&already=1', body: null });
    expect(await state(0)).toEqual(once(day));
    // And a second lost answer: still the same.
    expect(await confirm(0, stagedId)).toEqual(retry);
    expect(await importStaged(t.db, asShop(0), stagedId, { confirmReplace: true }, NOW)).toMatchObject({ ok: true, alreadyImported: true, batchId: batch.id, accepted: 3, rejected: 1 });
    expect(await state(0)).toEqual(once(day));
    // The result page says so, in both languages.
    for (const lang of ['zh-CN', 'en']) {
      const tr = await serverT(new Request('http://localhost/', { headers: { 'Accept-Language': lang } }));
      const message = tr('preview.alreadyImported', { count: 3, rejected: 1 });
      expect(message, lang).not.toBe('preview.alreadyImported');
      expect(message, lang).toMatch(/3.*1/);
      expect(message, lang).not.toBe(tr('preview.imported', { count: 3, rejected: 1 }));
    }
    expect((await serverT(new Request('http://localhost/', { headers: { 'Accept-Language': 'zh-CN' } })))('preview.alreadyImported', { count: 3, rejected: 1 })).toContain('已经导入');
    expect((await serverT(new Request('http://localhost/', { headers: { 'Accept-Language': 'en' } })))('preview.alreadyImported', { count: 3, rejected: 1 })).toContain('already been imported');
  });

  it('commit and "no longer staged" are one: a staged row is never left behind by a committed import', async () => {
    const day = '2026-11-19';
    const stagedId = await stage(1, day);
    const r = await importStaged(t.db, asShop(1), stagedId, { confirmReplace: false }, NOW);
    expect(r).toMatchObject({ ok: true, alreadyImported: false, accepted: 3, rejected: 1 });
    expect(await previewStaged(t.db, asShop(1), stagedId, NOW)).toBeNull();
    expect(await state(1)).toEqual(once(day));

    // A write that names a staged row which is gone (another confirm got there first) writes nothing at all.
    const before = await state(1);
    await expect(
      ingest(t.db, { retailerId: county.retailers[1]!.id, kind: 'sales', source: 'file', actorUserId: county.retailers[1]!.userId, rowsRead: 1, days: [day], daily: [{ specId: fx.specs.plain, day, qtyPacks: 99 }], rejections: [], stagedUploadId: stagedId }, NOW),
    ).rejects.toEqual(new IngestRefused('staged_gone'));
    expect(await state(1)).toEqual(before);
  });

  it('two confirms of the same file at once (a double click) import it once; both answer success', async () => {
    const day = '2026-11-18';
    const stagedId = await stage(2, day);
    const [a, b] = await Promise.all([importStaged(t.db, asShop(2), stagedId, { confirmReplace: false }, NOW), importStaged(t.db, asShop(2), stagedId, { confirmReplace: false }, NOW)]);
    expect([a, b].map((r) => r.ok)).toEqual([true, true]);
    expect([a, b].map((r) => (r.ok ? r.alreadyImported : null)).sort()).toEqual([false, true]);
    expect([a, b].map((r) => (r.ok ? [r.batchId, r.accepted, r.rejected] : null))).toEqual([
      [(a as { batchId: number }).batchId, 3, 1],
      [(a as { batchId: number }).batchId, 3, 1],
    ]);
    expect(await state(2)).toEqual(once(day));

    // The same with the replace ticked (the day has data now): both get past the checks, and the second
    // finds the staged row claimed inside its own transaction — it writes nothing and answers the first's outcome.
    const again = await stage(2, day);
    const [c, d] = await Promise.all([importStaged(t.db, asShop(2), again, { confirmReplace: true }, NOW), importStaged(t.db, asShop(2), again, { confirmReplace: true }, NOW)]);
    expect([c, d].map((r) => (r.ok ? r.alreadyImported : r.code)).sort()).toEqual([false, true]);
    expect(c.ok && d.ok && c.batchId === d.batchId).toBe(true);
    // The second batch keeps its own refused row, as every batch does.
    expect(await state(2)).toEqual({ ...once(day), batches: 2, rejections: 2 });
  });

  it('the already-imported answer is only for the shop’s own users: another shop’s retry is 404', async () => {
    const day = '2026-11-17';
    const stagedId = await stage(3, day);
    expect((await confirm(3, stagedId)).status).toBe(302);
    const mine = await state(3);
    expect(await confirm(0, stagedId)).toMatchObject({ status: 404, body: { result: { status: 'error', error: { '': ['not_found'] } } } });
    expect(await importStaged(t.db, asShop(0), stagedId, { confirmReplace: true }, NOW)).toEqual({ ok: false, code: 'not_found' });
    // A staged id that never existed is still 404.
    expect(await confirm(3, 'nothing-was-staged-here')).toMatchObject({ status: 404 });
    expect(await state(3)).toEqual(mine);
  });

  it('the preview page of a file already imported (reloaded, or opened again) leads to its result instead of 404, within scope only', async () => {
    const day = '2026-11-16';
    const stagedId = await stage(1, day);
    const first = await confirm(1, stagedId);
    expect(first.status).toBe(302);
    // The first import's own result page, marked as seen before.
    // (Without the figures stored, nor the rows added up into them: those are known only to the import that stored them.)
    const result = `${first.location!.replace(/&stored=\d+/, '').replace(/&merged=\d+&into=\d+/, '')}&already=1`;
    expect(result).toMatch(/^\/retailer\/uploads\?imported=\d+&rejected=1&already=1$/);
    const landing = async (run: () => Promise<never>) => {
      try {
        await run();
      } catch (thrown) {
        return thrown as Response;
      }
      throw new Error('previewGone returned');
    };
    const own = await landing(() => previewGone(t.db, asShop(1), stagedId, '/retailer/uploads'));
    expect(own.status).toBe(302);
    expect(own.headers.get('Location')).toBe(result);
    // The shop's manager, on that shop's page: the same result; on another shop's page, or another shop: 404.
    const manager = county.managers.find((m) => m.managerId === county.retailers[1]!.managerId)!;
    const asManager = { userId: manager.userId, role: 'manager' as const };
    const shopId = county.retailers[1]!.id;
    expect((await landing(() => previewGone(t.db, asManager, stagedId, `/manager/retailers/${shopId}/data`, shopId))).headers.get('Location')).toBe(
      result.replace('/retailer/uploads', `/manager/retailers/${shopId}/data`),
    );
    expect((await landing(() => previewGone(t.db, asManager, stagedId, '/manager/retailers/0/data', county.retailers[0]!.id))).status).toBe(404);
    expect((await landing(() => previewGone(t.db, asShop(0), stagedId, '/retailer/uploads'))).status).toBe(404);
    expect((await landing(() => previewGone(t.db, asShop(1), 'nothing-was-staged-here', '/retailer/uploads'))).status).toBe(404);
  });
});
