/**
 * Announcements (issue 19) on both dialects: who a notice reaches (staff: the county or by station, route, business
 * type, grade band; a manager: its own route only), refusals that save nothing (an empty audience, a file that is
 * not a PDF or image, one over the limit, an empty notice), the write page's action (on to the status page saying
 * how many shops it reached; an attachment over the limit 413), reading and acknowledging, home's to-do, the status
 * page's counts and chase list in the user's scope, attachments served only to those who may see the notice, and
 * hostile text and file names that cannot carry script.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUSINESS_TYPES } from '~/domain/follow-up';
import { EVERYONE, MAX_NOTICE_FILE_BYTES, shopInAudience, type NoticeAudience } from '~/domain/notices';
import * as staffNew from '~/routes/staff.notices.new';
import * as managerNew from '~/routes/manager.notices.new';
import * as managerNotice from '~/routes/manager.notices.$noticeId';
import * as shopNotice from '~/routes/retailer.notices.$noticeId';
import * as attachmentRoute from '~/routes/resources.notices.$noticeId.attachment';
import {
  acknowledgeNotice,
  audienceSize,
  noticeAttachment,
  noticeList,
  noticeStatus,
  publishNotice,
  readShopNotice,
  shopNotices,
} from '~/server/notices.server';
import { retailerHome } from '~/server/retailer-home.server';
import { startSession } from '~/server/session.server';
import { postgresSkipped, useTestDb, type TestDb } from '../support/db';
import { smallCounty } from '../support/fixtures';
import { replyOf, routeArgs } from '../support/route-args';

const PDF = new TextEncoder().encode('%PDF-1.4\n%âãÏÓ\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const NOW = new Date('2026-12-07T02:00:00.000Z');
const HOSTILE_BODY = [
  '# 调价通知',
  '<script>alert("xss")</script>',
  '<img src=x onerror=alert(1)>',
  '[点我](javascript:alert(document.cookie)) [也点我](JaVaScRiPt:alert(1)) [data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '<a href="javascript:alert(1)" onclick="alert(2)">x</a> <iframe src="https://evil.example"></iframe>',
  '<svg onload=alert(1)><style>body{display:none}</style>',
  '![pixel](https://evil.example/track.png)',
  '**重要**：<b onmouseover=alert(1)>下周一</b>起执行。',
].join('\n\n');

describe.skipIf(postgresSkipped())('notices (issue 19)', () => {
  let t: TestDb;
  let county: Awaited<ReturnType<typeof smallCounty>>;
  const staff = () => ({ userId: county.staffUserId, role: 'staff' as const });
  const manager = (i: 0 | 1) => ({ userId: county.managers[i]!.userId, role: 'manager' as const });
  const shop = (i: number) => ({ userId: county.retailers[i]!.userId, role: 'retailer' as const });
  const input = (over: Partial<{ title: string; body: string; important: boolean; audience: Partial<NoticeAudience> }> = {}) => ({
    title: over.title ?? '春节配送安排',
    body: over.body ?? '除夕至初三**暂停配送**。',
    important: over.important ?? false,
    audience: { ...EVERYONE, ...over.audience },
  });
  const counts = async () => ({
    notices: (await t.db.selectFrom('notices').select('id').execute()).length,
    files: (await t.db.selectFrom('noticeFiles').select('noticeId').execute()).length,
    recipients: (await t.db.selectFrom('noticeRecipients').select('noticeId').execute()).length,
  });
  const recipientsOf = async (noticeId: number) =>
    (await t.db.selectFrom('noticeRecipients').select('retailerId').where('noticeId', '=', noticeId).orderBy('retailerId').execute()).map((r) => r.retailerId);
  const ids = (...i: number[]) => i.map((n) => county.retailers[n]!.id);

  beforeAll(async () => {
    t = await useTestDb();
    county = await smallCounty(t.db);
    // Shops of different business types (grades are 5 and 10 on each route): 1-1 grocery, 1-2 convenience,
    // 2-1 grocery, 2-2 supermarket. A second station holds nobody.
    await t.db.updateTable('retailers').set({ businessType: 'convenience' }).where('id', '=', county.retailers[1]!.id).execute();
    await t.db.updateTable('retailers').set({ businessType: 'supermarket' }).where('id', '=', county.retailers[3]!.id).execute();
    await t.db.insertInto('stations').values({ code: 'S2', nameZh: '河口', nameEn: 'Hekou' }).execute();
  });
  afterAll(() => t?.close());

  it('staff reach the county, or a station, route, business type or grade band; every filter narrows', async () => {
    const all = await publishNotice(t.db, staff(), input(), null, NOW);
    expect(all).toMatchObject({ ok: true, recipients: 4 });
    if (!all.ok) return;
    expect(await recipientsOf(all.id)).toEqual(ids(0, 1, 2, 3));

    const route2 = await publishNotice(t.db, staff(), input({ audience: { managerIds: [county.managers[1]!.managerId] } }), null, NOW);
    expect(route2.ok && (await recipientsOf(route2.id))).toEqual(ids(2, 3));
    const grocery = await publishNotice(t.db, staff(), input({ audience: { businessTypes: ['grocery'] } }), null, NOW);
    expect(grocery.ok && (await recipientsOf(grocery.id))).toEqual(ids(0, 2));
    const band = await publishNotice(t.db, staff(), input({ audience: { gradeFrom: 8, gradeTo: 30 } }), null, NOW);
    expect(band.ok && (await recipientsOf(band.id))).toEqual(ids(1, 3));
    const both = await publishNotice(t.db, staff(), input({ audience: { stationIds: [county.station], businessTypes: ['grocery', 'supermarket'], gradeFrom: 10 } }), null, NOW);
    expect(both.ok && (await recipientsOf(both.id))).toEqual(ids(3));
  });

  it('the query reaches exactly the shops the domain rule says, for any audience (property)', async () => {
    const shops = await t.db.selectFrom('retailers').select(['id', 'stationId', 'managerId', 'businessType', 'grade', 'active']).execute();
    const stationIds = [county.station, county.station + 1];
    const managerIds = county.managers.map((m) => m.managerId);
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          stationIds: fc.subarray(stationIds),
          managerIds: fc.subarray(managerIds),
          businessTypes: fc.subarray([...BUSINESS_TYPES]),
          gradeFrom: fc.option(fc.integer({ min: 1, max: 30 }), { nil: null }),
          gradeTo: fc.option(fc.integer({ min: 1, max: 30 }), { nil: null }),
        }),
        async (audience) => {
          const expected = shops.filter((s) => s.active === 1 && shopInAudience(audience, s)).length;
          expect(await audienceSize(t.db, staff(), audience)).toBe(expected);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('a manager reaches only its own route, whatever the form names', async () => {
    const own = await publishNotice(t.db, manager(0), input(), null, NOW);
    expect(own.ok && (await recipientsOf(own.id))).toEqual(ids(0, 1));
    const before = await counts();
    expect(await publishNotice(t.db, manager(0), input({ audience: { managerIds: [county.managers[1]!.managerId] } }), null, NOW)).toEqual({
      ok: false,
      reason: 'audience_empty',
      field: 'audience',
    });
    expect(await counts()).toEqual(before);
    const narrowed = await publishNotice(t.db, manager(0), input({ audience: { businessTypes: ['convenience'] } }), null, NOW);
    expect(narrowed.ok && (await recipientsOf(narrowed.id))).toEqual(ids(1));
  });

  it('refusals save nothing: an audience matching no shop, a file that is not a PDF or image, a file over the limit; inactive shops are not reached', async () => {
    const before = await counts();
    expect(await publishNotice(t.db, staff(), input({ audience: { businessTypes: ['catering'] } }), null, NOW)).toMatchObject({ ok: false, reason: 'audience_empty', field: 'audience' });
    expect(await publishNotice(t.db, staff(), input({ audience: { stationIds: [county.station + 1] } }), null, NOW)).toMatchObject({ ok: false, reason: 'audience_empty' });
    const exe = new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03]);
    expect(await publishNotice(t.db, staff(), input(), { name: '通知.pdf', bytes: exe }, NOW)).toEqual({ ok: false, reason: 'file_type', field: 'attachment' });
    const html = new TextEncoder().encode('<html><script>alert(1)</script></html>');
    expect(await publishNotice(t.db, staff(), input(), { name: 'poster.png', bytes: html }, NOW)).toMatchObject({ ok: false, reason: 'file_type' });
    const big = new Uint8Array(MAX_NOTICE_FILE_BYTES + 1);
    big.set(PDF);
    expect(await publishNotice(t.db, staff(), input(), { name: 'big.pdf', bytes: big }, NOW)).toEqual({ ok: false, reason: 'file_too_large', field: 'attachment' });
    await t.db.updateTable('retailers').set({ active: 0 }).where('id', '=', county.retailers[3]!.id).execute();
    expect(await publishNotice(t.db, staff(), input({ audience: { businessTypes: ['supermarket'] } }), null, NOW)).toMatchObject({ ok: false, reason: 'audience_empty' });
    expect(await counts()).toEqual(before);
    await t.db.updateTable('retailers').set({ active: 1 }).where('id', '=', county.retailers[3]!.id).execute();
  });

  it('an empty notice is refused by the form, naming the field, and nothing is saved', async () => {
    const cookie = (await startSession(t.db, new Request('http://localhost/'), county.staffUserId)).split(';')[0]!;
    const before = await counts();
    const post = async (fields: Record<string, string>) => {
      const f = new FormData();
      for (const [k, v] of Object.entries(fields)) f.set(k, v);
      const res = replyOf(await staffNew.action(routeArgs(t.db, new Request('http://localhost/staff/notices/new', { method: 'POST', headers: { Cookie: cookie }, body: f }))));
      return { status: res.status, errors: res.body.result.error };
    };
    expect(await post({ title: '  ', body: '正文' })).toEqual({ status: 400, errors: { title: ['titleEmpty'] } });
    expect(await post({ title: '标题', body: '' })).toEqual({ status: 400, errors: { body: ['bodyEmpty'] } });
    expect(await post({ title: '标题', body: '正文', gradeFrom: '20', gradeTo: '5' })).toEqual({ status: 400, errors: { gradeFrom: ['gradeBand'] } });
    expect(await post({ title: '标题', body: '正文', businessTypes: 'catering' })).toEqual({ status: 400, errors: { audience: ['audience_empty'] } });
    expect(await counts()).toEqual(before);
  });

  it('file names with =, ; and quotes are read as the browser sent them (not refused), and cleaned only of what is unsafe', async () => {
    const cookie = (await startSession(t.db, new Request('http://localhost/'), county.staffUserId)).split(';')[0]!;
    const publishWith = async (request: Request) => {
      try {
        const res = replyOf(await staffNew.action(routeArgs(t.db, request)));
        return { refused: res.body.result.error };
      } catch (thrown) {
        const id = Number(/\/staff\/notices\/(\d+)/.exec((thrown as Response).headers.get('Location')!)![1]);
        return { name: (await t.db.selectFrom('notices').select('attachmentName').where('id', '=', id).executeTakeFirstOrThrow()).attachmentName };
      }
    };
    const viaFormData = (fileName: string) => {
      const f = new FormData();
      f.set('title', '价目表');
      f.set('body', '新价目表见附件。');
      f.set('attachment', new File([PDF], fileName));
      return new Request('http://localhost/staff/notices/new', { method: 'POST', headers: { Cookie: cookie }, body: f });
    };
    expect(await publishWith(viaFormData('价目表 v=2; 第3版.pdf'))).toEqual({ name: '价目表 v=2; 第3版.pdf' });
    expect(await publishWith(viaFormData('a==b.PDF'))).toEqual({ name: 'a==b.pdf' });
    // What would break out of a header or an attribute goes; '=' stays.
    expect(await publishWith(viaFormData('<img src=x onerror=alert(1)>.pdf'))).toEqual({ name: 'img src=x onerror=alert(1).pdf' });
    // The body as Chrome writes it: '"' escaped as %22, the name quoted with ';' and '=' inside.
    const boundary = '----WebKitFormBoundaryh19';
    const part = (headers: string, content: string) => `--${boundary}\r\n${headers}\r\n\r\n${content}\r\n`;
    const raw =
      part('Content-Disposition: form-data; name="title"', '通知') +
      part('Content-Disposition: form-data; name="body"', '见附件。') +
      part('Content-Disposition: form-data; name="attachment"; filename="报价=1;说明 %22终版%22.pdf"\r\nContent-Type: application/pdf', '%PDF-1.4\n%%EOF') +
      `--${boundary}--\r\n`;
    const chrome = new Request('http://localhost/staff/notices/new', { method: 'POST', headers: { Cookie: cookie, 'Content-Type': `multipart/form-data; boundary=${boundary}` }, body: raw });
    expect(await publishWith(chrome)).toEqual({ name: '报价=1;说明 终版.pdf' });
    // A body cut short is refused beside the attachment, saying it could not be read; nothing is saved.
    const before = await counts();
    const cut = new Request('http://localhost/staff/notices/new', { method: 'POST', headers: { Cookie: cookie, 'Content-Type': `multipart/form-data; boundary=${boundary}` }, body: raw.slice(0, raw.length - 60) });
    expect(await publishWith(cut)).toEqual({ refused: { attachment: ['file_unreadable'] } });
    expect(await counts()).toEqual(before);
  });

  it('the write page’s action: a manager’s notice goes to its status page saying how many it reached; an attachment over the limit is refused (413) beside it, declared or sent, and nothing is saved', async () => {
    const cookie = (await startSession(t.db, new Request('http://localhost/'), county.managers[0]!.userId)).split(';')[0]!;
    const write = (attachment: File | null, headers: Record<string, string> = {}) => {
      const f = new FormData();
      f.set('title', '巡查通知');
      f.set('body', '本周上门巡查。');
      if (attachment) f.set('attachment', attachment);
      return managerNew.action(routeArgs(t.db, new Request('http://localhost/manager/notices/new', { method: 'POST', headers: { Cookie: cookie, ...headers }, body: f })));
    };
    const refusal = async (attachment: File, headers: Record<string, string> = {}) => {
      const res = replyOf(await write(attachment, headers));
      return [res.status, res.body.result.error];
    };
    const before = await counts();
    const big = new Uint8Array(MAX_NOTICE_FILE_BYTES + 1);
    big.set(PDF);
    expect(await refusal(new File([big], 'big.pdf'))).toEqual([413, { attachment: ['file_too_large'] }]);
    expect(await refusal(new File([PDF], 'small.pdf'), { 'Content-Length': String(MAX_NOTICE_FILE_BYTES * 2) })).toEqual([413, { attachment: ['file_too_large'] }]);
    expect(await counts()).toEqual(before);

    const moved = await write(null).then(
      () => null,
      (thrown: unknown) => (thrown instanceof Response ? thrown : null),
    );
    const location = moved?.headers.get('Location') ?? '';
    const id = Number(/^\/manager\/notices\/(\d+)\?published=2$/.exec(location)?.[1]);
    expect(await recipientsOf(id)).toEqual(ids(0, 1));
    const page = async (search: string) => {
      const request = new Request(`http://localhost/manager/notices/${id}${search}`, { headers: { Cookie: cookie } });
      const { published } = await managerNotice.loader(routeArgs(t.db, request, { params: { noticeId: String(id) } }));
      return published;
    };
    expect([await page('?published=2'), await page('?published=two'), await page('')]).toEqual([2, null, null]);
  });

  it('a shop sees only notices that reached it; opening one records the reading; an important one is acknowledged once', async () => {
    const important = await publishNotice(t.db, staff(), input({ title: '重要：新品上市', important: true, audience: { managerIds: [county.managers[0]!.managerId] } }), null, NOW);
    if (!important.ok) throw new Error('not published');
    const mine = await shopNotices(t.db, shop(0));
    expect(mine.map((n) => n.id)).toContain(important.id);
    expect(mine.find((n) => n.id === important.id)).toMatchObject({ read: false, acknowledged: false, important: true });
    // Shop 2-1 is not on route 1: the notice does not exist for it.
    expect((await shopNotices(t.db, shop(2))).map((n) => n.id)).not.toContain(important.id);
    expect(await readShopNotice(t.db, shop(2), important.id, NOW)).toBeNull();
    expect(await acknowledgeNotice(t.db, shop(2), important.id, NOW)).toEqual({ ok: false, reason: 'not_found' });

    const home = await retailerHome(t.db, shop(0), NOW);
    expect(home!.todos.filter((x) => x.kind === 'notice_to_acknowledge').map((x) => 'noticeId' in x && x.noticeId)).toEqual([important.id]);
    expect(home!.unreadNotices.map((n) => n.id)).toContain(important.id);

    const read = await readShopNotice(t.db, shop(0), important.id, NOW);
    expect(read).toMatchObject({ title: '重要：新品上市', readAt: NOW.toISOString(), acknowledgedAt: null });
    const later = new Date(NOW.getTime() + 3600_000);
    expect((await readShopNotice(t.db, shop(0), important.id, later))!.readAt).toBe(NOW.toISOString());
    const afterRead = await retailerHome(t.db, shop(0), later);
    expect(afterRead!.unreadNotices.map((n) => n.id)).not.toContain(important.id);
    expect(afterRead!.todos.some((x) => x.kind === 'notice_to_acknowledge')).toBe(true);

    expect(await acknowledgeNotice(t.db, shop(0), important.id, later)).toEqual({ ok: true });
    expect(await acknowledgeNotice(t.db, shop(0), important.id, new Date(later.getTime() + 1000))).toEqual({ ok: true });
    const row = await t.db.selectFrom('noticeRecipients').selectAll().where('noticeId', '=', important.id).where('retailerId', '=', county.retailers[0]!.id).executeTakeFirstOrThrow();
    expect(row.acknowledgedAt).toBe(later.toISOString());
    expect((await retailerHome(t.db, shop(0), later))!.todos.some((x) => x.kind === 'notice_to_acknowledge')).toBe(false);

    const plain = (await shopNotices(t.db, shop(0))).find((n) => !n.important)!;
    expect(await acknowledgeNotice(t.db, shop(0), plain.id, NOW)).toEqual({ ok: false, reason: 'not_important' });
  });

  it('staff see every shop’s status; a manager only its route’s shops, and not notices that never reached its route', async () => {
    const n = await publishNotice(t.db, staff(), input({ title: '盘点通知', important: true }), null, NOW);
    if (!n.ok) throw new Error('not published');
    await readShopNotice(t.db, shop(0), n.id, NOW);
    await acknowledgeNotice(t.db, shop(2), n.id, NOW);
    const county4 = await noticeStatus(t.db, staff(), n.id);
    expect(county4!.counts).toEqual({ shops: 4, read: 2, acknowledged: 1 });
    expect(county4!.pending.map((s) => s.id)).toEqual(ids(0, 1, 3));
    expect(county4!.done.map((s) => s.id)).toEqual(ids(2));
    const route1 = await noticeStatus(t.db, manager(0), n.id);
    expect(route1!.counts).toEqual({ shops: 2, read: 1, acknowledged: 0 });
    expect(route1!.pending.map((s) => s.id)).toEqual(ids(0, 1));
    expect((await noticeList(t.db, manager(0))).find((x) => x.id === n.id)).toMatchObject({ shops: 2, read: 1, acknowledged: 0 });

    const onlyRoute2 = await publishNotice(t.db, manager(1), input({ title: '线路 2' }), null, NOW);
    if (!onlyRoute2.ok) throw new Error('not published');
    expect(await noticeStatus(t.db, manager(0), onlyRoute2.id)).toBeNull();
    expect((await noticeList(t.db, manager(0))).map((x) => x.id)).not.toContain(onlyRoute2.id);
    expect(await noticeStatus(t.db, manager(1), onlyRoute2.id)).not.toBeNull();
    expect(await noticeStatus(t.db, shop(2), onlyRoute2.id)).toBeNull();
  });

  it('an attachment is checked by its bytes, stored with the notice, and served only to those who may see the notice', async () => {
    const n = await publishNotice(t.db, manager(1), input({ title: '价目表' }), { name: '../../etc/价目表.PDF', bytes: PDF }, NOW);
    if (!n.ok) throw new Error('not published');
    const got = await noticeAttachment(t.db, shop(2), n.id);
    expect(got).toMatchObject({ name: '价目表.pdf', type: 'application/pdf' });
    expect(Array.from(got!.bytes)).toEqual(Array.from(PDF));
    expect(await noticeAttachment(t.db, staff(), n.id)).not.toBeNull();
    expect(await noticeAttachment(t.db, manager(1), n.id)).not.toBeNull();
    expect(await noticeAttachment(t.db, shop(0), n.id)).toBeNull();
    expect(await noticeAttachment(t.db, manager(0), n.id)).toBeNull();

    const img = await publishNotice(t.db, staff(), input(), { name: 'poster', bytes: PNG }, NOW);
    expect(img.ok && (await noticeAttachment(t.db, shop(0), img.id))).toMatchObject({ name: 'poster.png', type: 'image/png' });
  });

  it('hostile notice text and file names carry no script to any page that shows them (XSS)', async () => {
    const staffCookie = (await startSession(t.db, new Request('http://localhost/'), county.staffUserId)).split(';')[0]!;
    const shopCookie = (await startSession(t.db, new Request('http://localhost/'), county.retailers[0]!.userId)).split(';')[0]!;
    const f = new FormData();
    f.set('title', '<script>alert("title")</script>通知');
    f.set('body', HOSTILE_BODY);
    f.set('important', 'on');
    f.set('attachment', new File([PDF], '"><script>alert(1)</script>\u202Efdp.exe\r\nX-Evil: 1.pdf', { type: 'application/pdf' }));
    let redirect: Response | undefined;
    try {
      await staffNew.action(routeArgs(t.db, new Request('http://localhost/staff/notices/new', { method: 'POST', headers: { Cookie: staffCookie }, body: f })));
    } catch (thrown) {
      redirect = thrown as Response;
    }
    expect(redirect?.status).toBe(302);
    const id = Number(/\/staff\/notices\/(\d+)/.exec(redirect!.headers.get('Location')!)![1]);

    const page = (await shopNotice.loader(routeArgs(t.db, new Request(`http://localhost/retailer/notices/${id}`, { headers: { Cookie: shopCookie } }), { params: { noticeId: String(id) } }))) as {
      notice: { html: string; title: string; attachmentName: string };
    };
    const html = page.notice.html;
    // Every '<' left is a tag of the allow-list, with no attribute but a link's http(s) href, rel and target:
    // what the hostile text tried is shown as text (escaped), never as markup.
    const tags = [...html.matchAll(/<\/?([a-zA-Z0-9]+)([^>]*)>/g)];
    expect(html.replace(/<\/?[a-zA-Z0-9]+[^>]*>/g, '')).not.toContain('<');
    for (const [, tag, attrs] of tags) {
      expect(['p', 'br', 'strong', 'em', 'del', 'ul', 'ol', 'li', 'blockquote', 'h3', 'h4', 'code', 'pre', 'hr', 'a']).toContain(tag);
      const names = [...attrs!.matchAll(/([^\s=]+)(?:="([^"]*)")?/g)].map((m) => [m[1], m[2]] as const);
      for (const [name, value] of names) {
        expect(['href', 'rel', 'target']).toContain(name);
        if (name === 'href') expect(value).toMatch(/^(https?:|mailto:|tel:)/);
      }
    }
    expect(tags.filter(([, tag]) => tag === 'a').every(([, , attrs]) => !/href="(?!https?:)/.test(attrs!))).toBe(true);
    expect(html).toContain('<strong>重要</strong>');
    expect(html).toContain('&lt;script&gt;');
    // The title is text (React escapes it); the file name lost what could break out of a header or an attribute.
    expect(page.notice.title).toBe('<script>alert("title")</script>通知');
    expect(page.notice.attachmentName).not.toMatch(/["<>\r\n\u202E]/);
    expect(page.notice.attachmentName.endsWith('.pdf')).toBe(true);

    const res = (await attachmentRoute.loader(routeArgs(t.db, new Request(`http://localhost/resources/notices/${id}/attachment`, { headers: { Cookie: shopCookie } }), { params: { noticeId: String(id) } })));
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('application/pdf');
    expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(res.headers.get('Content-Security-Policy')).toContain('sandbox');
    const disposition = res.headers.get('Content-Disposition')!;
    expect(disposition.startsWith('attachment; ')).toBe(true);
    expect(disposition).not.toMatch(/[\r\n]/);
    expect(disposition.match(/"/g)).toHaveLength(2);
  });
});
