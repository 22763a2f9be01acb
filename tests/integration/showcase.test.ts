/**
 * Issue 19, 新品推介 and 货源公示, on both dialects: a spec's picture checked by its bytes, re-encoded without its
 * metadata and saved with its description in one go (or not at all); a zip of pictures previewed — every file it
 * could not place named, hostile names kept as plain text — and saved in one transaction; the zip-bomb limits;
 * who may fetch an image; and the supply notice read from the cycle's own data.
 */
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_PICTURE_BYTES } from '~/domain/showcase/pictures';
import * as pictureRoute from '~/routes/resources.spec-pictures.$hash';
import * as picturesRoute from '~/routes/staff.spec-pictures._index';
import { startSession } from '~/server/session.server';
import { confirmPictureBatch, discardPictureBatch, orderPictures, pictureBatch, pictureFile, saveSpecPicture, stagePictureZip } from '~/server/showcase/pictures.server';
import { cycleSupplyNotice, shopSupplyNotice } from '~/server/showcase/supply-notice.server';
import { closeReadPool } from '~/server/uploads/read-pool.server';
import { postgresSkipped, useTestDb, type TestDb } from '../support/db';
import { orderingFixture, smallCounty } from '../support/fixtures';
import { replyOf, routeArgs } from '../support/route-args';
import { zipOf } from '../support/zip-bomb';

const HOSTILE = '<img src=x onerror=alert(1)>';

let shade = 0;
/** A photo of its own colour (the images are content-addressed: two equal pictures are one image). */
async function photo(opts: { width?: number; height?: number; exif?: boolean; format?: 'jpeg' | 'png' } = {}): Promise<Uint8Array> {
  shade += 23;
  let img = sharp({ create: { width: opts.width ?? 900, height: opts.height ?? 600, channels: 3, background: { r: shade % 256, g: 80, b: (shade * 7) % 256 } } });
  if (opts.exif !== false) img = img.withExif({ IFD0: { ImageDescription: `${HOSTILE}<script>alert(2)</script>`, Artist: HOSTILE, Copyright: 'GPS 30.5N 114.3E' } });
  return new Uint8Array(await (opts.format === 'png' ? img.png() : img.jpeg()).toBuffer());
}

const HTML_AS_JPG = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(3)</script></svg>');

describe.skipIf(postgresSkipped())('product pictures and the supply notice', () => {
  let t: TestDb;
  let county: Awaited<ReturnType<typeof smallCounty>>;
  let fixture: Awaited<ReturnType<typeof orderingFixture>>;
  const staff = () => ({ userId: county.staffUserId, role: 'staff' as const });
  const retailer = () => ({ userId: county.retailers[0]!.userId, role: 'retailer' as const });
  const manager = () => ({ userId: county.managers[0]!.userId, role: 'manager' as const });
  const counts = async () => ({
    pictures: (await t.db.selectFrom('specPictures').selectAll().execute()).length,
    files: (await t.db.selectFrom('specPictureFiles').select('hash').execute()).length,
    batches: (await t.db.selectFrom('specPictureBatches').selectAll().execute()).length,
  });

  beforeAll(async () => {
    t = await useTestDb();
    county = await smallCounty(t.db);
    fixture = await orderingFixture(t.db);
  });
  afterAll(async () => {
    await closeReadPool();
    await t?.close();
  });

  it('a picture is checked by its bytes, re-encoded small without its metadata, and saved with its description', async () => {
    const saved = await saveSpecPicture(t.db, staff(), { specId: fixture.specs.scarce, description: '  细支，清香  ', file: { name: 'a.jpg', bytes: await photo() }, removePicture: false });
    expect(saved).toEqual({ ok: true });
    const row = await t.db.selectFrom('specPictures').selectAll().where('specId', '=', fixture.specs.scarce).executeTakeFirstOrThrow();
    expect(row.description).toBe('细支，清香');
    expect([row.cardWidth, row.cardHeight]).toEqual([360, 240]);
    for (const [hash, format, size] of [
      [row.thumbWebp, 'webp', 144],
      [row.thumbJpeg, 'jpeg', 144],
      [row.cardWebp, 'webp', 360],
      [row.cardJpeg, 'jpeg', 360],
    ] as const) {
      const file = await pictureFile(t.db, retailer(), hash!);
      expect(file, String(hash)).not.toBeNull();
      const meta = await sharp(Buffer.from(file!.bytes)).metadata();
      expect(meta.format).toBe(format);
      expect(meta.width).toBe(size);
      // Nothing of the camera's data survives: no EXIF, XMP or ICC, and none of the hostile text in the bytes.
      expect([meta.exif, meta.xmp, meta.icc]).toEqual([undefined, undefined, undefined]);
      expect(Buffer.from(file!.bytes).includes('onerror')).toBe(false);
      expect(file!.bytes.length).toBeLessThan(20_000);
    }
  });

  it('refuses what is not a picture, or is too large, and saves nothing (the description neither)', async () => {
    const before = await counts();
    const notImage = await saveSpecPicture(t.db, staff(), { specId: fixture.specs.plain, description: '新描述', file: { name: `${HOSTILE}.jpg`, bytes: HTML_AS_JPG }, removePicture: false });
    expect(notImage).toEqual({ ok: false, reason: 'not_image' });
    const big = new Uint8Array(MAX_PICTURE_BYTES + 1);
    big.set([0xff, 0xd8, 0xff]);
    expect(await saveSpecPicture(t.db, staff(), { specId: fixture.specs.plain, description: '新描述', file: { name: 'big.jpg', bytes: big }, removePicture: false })).toEqual({ ok: false, reason: 'too_large' });
    // A JPEG's first bytes with nothing after them: not decodable.
    const broken = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46]);
    expect(await saveSpecPicture(t.db, staff(), { specId: fixture.specs.plain, description: '新描述', file: { name: 'broken.jpg', bytes: broken }, removePicture: false })).toEqual({ ok: false, reason: 'unreadable' });
    expect(await saveSpecPicture(t.db, retailer(), { specId: fixture.specs.plain, description: 'x', file: null, removePicture: false })).toEqual({ ok: false, reason: 'forbidden' });
    expect(await saveSpecPicture(t.db, staff(), { specId: 999_999, description: 'x', file: null, removePicture: false })).toEqual({ ok: false, reason: 'not_found' });
    expect(await counts()).toEqual(before);
  });

  it('a replaced picture gets new URLs and its old images go', async () => {
    const before = await t.db.selectFrom('specPictures').selectAll().where('specId', '=', fixture.specs.scarce).executeTakeFirstOrThrow();
    expect(await saveSpecPicture(t.db, staff(), { specId: fixture.specs.scarce, description: '细支，清香', file: { name: 'b.png', bytes: await photo({ format: 'png', width: 300, height: 500, exif: false }) }, removePicture: false })).toEqual({ ok: true });
    const after = await t.db.selectFrom('specPictures').selectAll().where('specId', '=', fixture.specs.scarce).executeTakeFirstOrThrow();
    expect(after.thumbWebp).not.toBe(before.thumbWebp);
    expect([after.cardWidth, after.cardHeight]).toEqual([216, 360]);
    expect(await pictureFile(t.db, staff(), before.thumbWebp!)).toBeNull();
    expect(await counts()).toMatchObject({ files: 4 });
  });

  it('a zip is previewed with every file it could not place named, and saved in one transaction', async () => {
    const good = await photo({ exif: true });
    const zip = await zipOf([
      { name: '002.jpg', bytes: good },
      { name: 'pics/003.PNG', bytes: await photo({ format: 'png', exif: false }) },
      { name: `${HOSTILE}.jpg`, bytes: good },
      { name: '999.jpg', bytes: good },
      { name: 'again/002.jpg', bytes: good },
      { name: '__MACOSX/._002.jpg', bytes: new Uint8Array([0, 5, 22, 7]) },
      { name: 'readme.txt', bytes: new TextEncoder().encode('hi') },
      { name: '004.jpg', bytes: HTML_AS_JPG },
    ]);
    const before = await counts();
    const staged = await stagePictureZip(t.db, staff(), `${HOSTILE}.zip`, zip);
    expect(staged.ok).toBe(true);
    if (!staged.ok) return;
    // Staged is not saved: the order page sees nothing new.
    expect((await orderPictures(t.db)).map((p) => p.specId)).toEqual([fixture.specs.scarce]);
    const preview = await pictureBatch(t.db, staff(), staged.batchId);
    expect(preview!.fileName).toBe(`${HOSTILE}.zip`);
    expect(preview!.placed.map((p) => [p.fileName, p.code])).toEqual([
      ['002.jpg', '002'],
      ['pics/003.PNG', '003'],
    ]);
    expect(preview!.unplaced).toEqual([
      { fileName: `${HOSTILE}.jpg`, reason: 'unknown_code' },
      { fileName: '999.jpg', reason: 'unknown_code' },
      { fileName: 'again/002.jpg', reason: 'duplicate_code' },
      { fileName: '__MACOSX/._002.jpg', reason: 'folder_or_system_file' },
      { fileName: 'readme.txt', reason: 'not_picture_name' },
      { fileName: '004.jpg', reason: 'not_image' },
    ]);
    // Another staff user's zip is not found; a retailer sees neither the preview nor its images.
    expect(await pictureBatch(t.db, { userId: county.disabledUserId, role: 'staff' }, staged.batchId)).toBeNull();
    expect(await pictureBatch(t.db, retailer(), staged.batchId)).toBeNull();
    expect(await pictureFile(t.db, retailer(), preview!.placed[0]!.thumbWebp)).toBeNull();
    expect(await pictureFile(t.db, staff(), preview!.placed[0]!.thumbWebp)).not.toBeNull();
    expect(await confirmPictureBatch(t.db, { userId: county.disabledUserId, role: 'staff' }, staged.batchId)).toEqual({ ok: false, reason: 'not_found' });

    expect(await confirmPictureBatch(t.db, staff(), staged.batchId)).toEqual({ ok: true, saved: 2 });
    const after = await counts();
    expect(after.pictures).toBe(before.pictures + 2);
    expect(after.batches).toBe(0);
    // Pictures of specs off the order list (003 is discontinued) are not served to shops; staff see them.
    const shown = await orderPictures(t.db);
    expect(shown.map((p) => p.specId).sort()).toEqual([fixture.specs.scarce, fixture.specs.plain].sort());
    const discontinued = await t.db.selectFrom('specPictures').select('thumbWebp').where('specId', '=', fixture.specs.discontinued).executeTakeFirstOrThrow();
    expect(await pictureFile(t.db, retailer(), discontinued.thumbWebp!)).toBeNull();
    expect(await pictureFile(t.db, manager(), discontinued.thumbWebp!)).toBeNull();
    expect(await pictureFile(t.db, staff(), discontinued.thumbWebp!)).not.toBeNull();
  });

  it('a zip made on Chinese Windows (GBK names, no UTF-8 flag) is read with its names as written', async () => {
    const pic = await photo({ width: 200, height: 200, exif: false });
    const zip = await zipOf([
      { name: '新品图片/002.jpg', bytes: pic, nameEncoding: 'gbk' },
      { name: '中华（软）.jpg', bytes: pic, nameEncoding: 'gbk' },
      // 淺 is 9C 5C in GBK: read as CP437 its second byte is a backslash, i.e. a made-up folder ("£/.jpg").
      { name: '淺.jpg', bytes: pic, nameEncoding: 'gbk' },
      { name: '黄鹤楼 说明.txt', bytes: new TextEncoder().encode('说明'), nameEncoding: 'gbk' },
      // UTF-8 without the flag (macOS, Linux tools) and with it (the spec) read as UTF-8.
      { name: '芙蓉王/003.PNG', bytes: await photo({ format: 'png', width: 120, height: 120, exif: false }), nameEncoding: 'utf8-unflagged' },
      { name: '云烟.jpg', bytes: pic, nameEncoding: 'utf8' },
    ]);
    const staged = await stagePictureZip(t.db, staff(), '新品.zip', zip);
    expect(staged.ok).toBe(true);
    if (!staged.ok) return;
    const preview = (await pictureBatch(t.db, staff(), staged.batchId))!;
    expect(preview.placed.map((p) => [p.fileName, p.code])).toEqual([
      ['新品图片/002.jpg', '002'],
      ['芙蓉王/003.PNG', '003'],
    ]);
    expect(preview.unplaced).toEqual([
      { fileName: '中华（软）.jpg', reason: 'unknown_code' },
      { fileName: '淺.jpg', reason: 'unknown_code' },
      { fileName: '黄鹤楼 说明.txt', reason: 'not_picture_name' },
      { fileName: '云烟.jpg', reason: 'unknown_code' },
    ]);
    await discardPictureBatch(t.db, staff(), staged.batchId);
  });

  it('the picture form takes file names with = and ; (the multipart reader used to refuse them), and refuses what is not a picture or too large beside its field, saving nothing', async () => {
    const cookie = (await startSession(t.db, new Request('http://localhost/'), county.staffUserId)).split(';')[0]!;
    const post = async (fields: Record<string, string | File>) => {
      const body = new FormData();
      for (const [k, v] of Object.entries(fields)) body.set(k, v);
      const res = replyOf(await picturesRoute.action(routeArgs(t.db, new Request('http://localhost/staff/spec-pictures', { method: 'POST', headers: { Cookie: cookie }, body })) as never).catch((r: unknown) => r));
      return res.response ? { redirect: res.response.headers.get('Location') } : { status: res.status, result: res.body.result };
    };
    const saved = await post({ intent: 'save', specId: String(fixture.specs.plain), description: '', picture: new File([new Uint8Array(await photo({ width: 160, height: 160, exif: false }))], '002 v=2;新.jpg') });
    expect([saved.status, saved.result?.status]).toEqual([200, 'success']);
    const zip = await zipOf([{ name: '002.jpg', bytes: await photo({ width: 150, height: 150, exif: false }) }]);
    const staged = await post({ intent: 'zip', zip: new File([new Uint8Array(zip)], '新品 a=b;c.zip') });
    expect(staged.redirect).toMatch(/^\/staff\/spec-pictures\/\d+$/);
    const batchId = Number(staged.redirect!.split('/').pop());
    expect((await pictureBatch(t.db, staff(), batchId))!.fileName).toBe('新品 a=b;c.zip');
    await discardPictureBatch(t.db, staff(), batchId);

    // Refusals name their field, and the description sent with a refused picture is not saved either.
    const before = { ...(await counts()), description: (await t.db.selectFrom('specPictures').select('description').where('specId', '=', fixture.specs.plain).executeTakeFirst())?.description };
    const refusal = (r: Awaited<ReturnType<typeof post>>) => [r.status, r.result?.error];
    const save = (file: File) => post({ intent: 'save', specId: String(fixture.specs.plain), description: '不该保存', picture: file });
    expect(refusal(await save(new File([HTML_AS_JPG], 'x=1.jpg')))).toEqual([422, { picture: ['not_image'] }]);
    const big = new Uint8Array(MAX_PICTURE_BYTES + 1);
    big.set(await photo({ width: 100, height: 100 }));
    expect(refusal(await save(new File([big], 'big.jpg')))).toEqual([413, { picture: ['too_large'] }]);
    expect(refusal(await post({ intent: 'zip', zip: new File([HTML_AS_JPG], 'x.zip') }))).toEqual([422, { zip: ['not_zip'] }]);
    expect(refusal(await post({ intent: 'zip', zip: new File([], '') }))).toEqual([400, { zip: ['no_file'] }]);
    expect({ ...(await counts()), description: (await t.db.selectFrom('specPictures').select('description').where('specId', '=', fixture.specs.plain).executeTakeFirst())?.description }).toEqual(before);
  });

  it('a discarded zip leaves nothing behind', async () => {
    const before = await counts();
    const staged = await stagePictureZip(t.db, staff(), 'p.zip', await zipOf([{ name: '002.jpg', bytes: await photo({ width: 200, height: 200 }) }]));
    expect(staged.ok).toBe(true);
    if (!staged.ok) return;
    await discardPictureBatch(t.db, staff(), staged.batchId);
    expect(await counts()).toEqual(before);
  });

  it('zip bombs and what is not a zip are refused before anything is staged', async () => {
    const before = await counts();
    const bomb = await stagePictureZip(t.db, staff(), 'bomb.zip', await zipOf([{ name: '002.jpg', unpackedMib: 40 }]));
    expect(bomb).toMatchObject({ ok: false, reason: 'archive_too_large' });
    const liar = await stagePictureZip(t.db, staff(), 'liar.zip', await zipOf([{ name: '002.jpg', unpackedMib: 40, declaredSize: 1000 }]));
    expect(liar).toMatchObject({ ok: false, reason: 'archive_too_large' });
    expect(await stagePictureZip(t.db, staff(), 'x.zip', HTML_AS_JPG)).toMatchObject({ ok: false, reason: 'not_zip' });
    expect(await stagePictureZip(t.db, retailer(), 'x.zip', HTML_AS_JPG)).toMatchObject({ ok: false, reason: 'forbidden' });
    expect(await counts()).toEqual(before);
  });

  it('an image is served with its checked type and a year of private caching, to signed-in users allowed to see it', async () => {
    const row = await t.db.selectFrom('specPictures').select('thumbWebp').where('specId', '=', fixture.specs.plain).executeTakeFirstOrThrow();
    const cookie = (await startSession(t.db, new Request('http://localhost/'), county.retailers[0]!.userId)).split(';')[0]!;
    const url = `http://localhost/resources/spec-pictures/${row.thumbWebp}`;
    const res = (await pictureRoute.loader(routeArgs(t.db, new Request(url, { headers: { Cookie: cookie } }), { params: { hash: row.thumbWebp! } })));
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('image/webp');
    expect(res.headers.get('Cache-Control')).toBe('private, max-age=31536000, immutable');
    expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
    const anon = await Promise.resolve(pictureRoute.loader(routeArgs(t.db, new Request(url), { params: { hash: row.thumbWebp! } }) as never)).catch((e: unknown) => e as Response);
    expect((anon).status).toBe(302);
  });

  it('the supply notice is the cycle’s own supply, caps by band and method, published once the cycle opens', async () => {
    await t.db.insertInto('cycleSupply').values({ cycleId: fixture.cycleId, specId: fixture.specs.scarce, supplyCartons: 120 }).execute();
    await t.db
      .insertInto('cycleAllocationMethods')
      .values({ cycleId: fixture.cycleId, specId: fixture.specs.scarce, method: 'demand', floorCartons: 1, gradePercent: 0, demandPercent: 100, setByUserId: county.staffUserId, setAt: new Date().toISOString() })
      .execute();
    const cycle = await t.db.selectFrom('orderCycles').selectAll().where('id', '=', fixture.cycleId).executeTakeFirstOrThrow();
    const notice = await cycleSupplyNotice(t.db, cycle);
    expect(notice.cycleCode).toBe('2026-W48');
    expect(notice.specs).toEqual([
      {
        specId: fixture.specs.scarce,
        code: '001',
        name: '品规001',
        isScarce: true,
        isNew: false,
        supplyCartons: 120,
        capBands: [
          { gradeFrom: 1, gradeTo: 5, capCartons: 1 },
          { gradeFrom: 6, gradeTo: 30, capCartons: 3 },
        ],
        method: { kind: 'demand', floorCartons: 1 },
      },
    ]);
    // A shop of the county reaches the notice of its own ordering cycle, opened; before it opens, none.
    const open = await shopSupplyNotice(t.db, retailer(), county.retailers[0]!.id, new Date('2026-11-23T02:00:00.000Z'));
    expect(open?.notice?.specs.map((s) => s.code)).toEqual(['001']);
    const early = await shopSupplyNotice(t.db, retailer(), county.retailers[0]!.id, new Date('2026-11-21T00:00:00.000Z'));
    expect(early).toEqual({ notice: null, grade: 5 });
    // Another shop's id is not found.
    expect(await shopSupplyNotice(t.db, retailer(), county.retailers[2]!.id)).toBeNull();
  });
});
