/**
 * Order reminders through the notification outbox, on SQLite and PostgreSQL: who is reminded and when (once), what
 * the sender does with each channel — in the app at once, held when SMS or Web Push is not configured, sent through
 * Tencent Cloud's SDK and the web-push library to local stand-ins of their services — quiet hours, expiry, the
 * reminder answered by an order, home and staff's page, and scope.
 */
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import webpush from 'web-push';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUIET } from '~/server/job-kinds.server';
import { inAppNotifications, notify, saveSettings, sendDueNotifications, subscribePush, unsentNotifications } from '~/server/notifications.server';
import { webPushSender, type Channels } from '~/server/notify-channels.server';
import { planReminders, reminderReport, shopCalendar } from '~/server/reminders.server';
import { retailerHome } from '~/server/retailer-home.server';
import { tencentSms } from '~/server/sms-tencent.server';
import { orderingFixture, smallCounty } from '../support/fixtures';
import { postgresSkipped, useTestDb, type TestDb } from '../support/db';

const NONE: Channels = { push: null, sms: null };
// W48 (2026-11-23 … 29), open, cut-off 17:00 (09:00Z) on each shop's order day. Shops 0 and 2 order on Monday.
const SUNDAY_EVENING = new Date('2026-11-22T11:00:00.000Z'); // 19:00 the day before
const MONDAY_15H = new Date('2026-11-23T07:00:00.000Z'); // two hours before the cut-off

describe.skipIf(postgresSkipped())('order reminders and the notification outbox', () => {
  let t: TestDb;
  let county: Awaited<ReturnType<typeof smallCounty>>;
  let fx: Awaited<ReturnType<typeof orderingFixture>>;
  const shop = (i: number) => county.retailers[i]!;
  const asShop = (i: number) => ({ userId: shop(i).userId, role: 'retailer' as const });
  const asStaff = () => ({ userId: county.staffUserId, role: 'staff' as const });
  const asManager = (i: number) => ({ userId: county.managers[i]!.userId, role: 'manager' as const });

  async function placeOrder(retailerId: number, userId: number, at: string) {
    await t.db
      .insertInto('orders')
      .values({ retailerId, cycleId: fx.cycleId, status: 'submitted', submittedByUserId: userId, onBehalf: 0, submittedAt: at, totalCartons: 1, totalAmountFen: 20_000, failureReason: null, createdAt: at, updatedAt: at, deliveredOn: null, receiptConfirmedAt: null, allocationConfirmedAt: null, allocationProblem: null, allocationProblemAt: null })
      .execute();
  }
  const rowsOf = (retailerId: number) => t.db.selectFrom('notifications').selectAll().where('retailerId', '=', retailerId).orderBy('id').execute();

  beforeAll(async () => {
    t = await useTestDb();
    county = await smallCounty(t.db);
    fx = await orderingFixture(t.db);
    // Shop 2 (Monday too) has ordered already: never reminded.
    await placeOrder(shop(2).id, shop(2).userId, '2026-11-21T02:00:00.000Z');
  });
  afterAll(() => t?.close());

  it('the evening before the order day: each Monday shop without an order, once, in the app and by SMS (the defaults)', async () => {
    expect(await planReminders(t.db, new Date('2026-11-22T10:59:00.000Z'))).toBe(0);
    expect(await planReminders(t.db, SUNDAY_EVENING)).toBe(1);
    // A minute later (another instance, the next schedule): nothing more.
    expect(await planReminders(t.db, new Date('2026-11-22T11:01:00.000Z'))).toBe(0);
    const rows = await rowsOf(shop(0).id);
    expect(rows.map((r) => [r.kind, r.channel, r.status, r.dueAt, r.expiresAt])).toEqual([
      ['order_eve', 'in_app', 'queued', '2026-11-22T11:00:00.000Z', '2026-11-23T09:00:00.000Z'],
      ['order_eve', 'sms', 'queued', '2026-11-22T11:00:00.000Z', '2026-11-23T09:00:00.000Z'],
    ]);
    expect(JSON.parse(rows[0]!.paramsJson)).toEqual({ orderDay: '2026-11-23', cutoffAt: '2026-11-23T09:00:00.000Z' });
    expect(await rowsOf(shop(2).id)).toEqual([]);
    expect(await rowsOf(shop(1).id)).toEqual([]); // a Tuesday shop: its evening is tomorrow
  });

  it('without SMS configured, the SMS is held for staff (never dropped); in the app it is shown on home at once', async () => {
    const r = await sendDueNotifications(t.db, QUIET, SUNDAY_EVENING, NONE);
    expect(r).toMatchObject({ sent: 1, held: 1, failed: 0 });
    expect((await rowsOf(shop(0).id)).map((x) => [x.channel, x.status, x.error])).toEqual([
      ['in_app', 'sent', null],
      ['sms', 'held', 'not_configured'],
    ]);
    const home = (await retailerHome(t.db, asShop(0), SUNDAY_EVENING))!;
    expect(home.reminders).toHaveLength(1);
    expect(home.reminders[0]).toMatchObject({ kind: 'order_eve', textKey: 'notify.text.order_eve' });
    expect((await retailerHome(t.db, asShop(1), SUNDAY_EVENING))!.reminders).toEqual([]);
    const unsent = await unsentNotifications(t.db, asStaff());
    expect(unsent.total).toBe(1);
    expect(unsent.rows[0]).toMatchObject({ channel: 'sms', status: 'held', shopName: '店1-1' });
    // A manager sees its own route's only; a shop nothing.
    expect((await unsentNotifications(t.db, asManager(0))).total).toBe(1);
    expect((await unsentNotifications(t.db, asManager(1))).total).toBe(0);
    expect((await unsentNotifications(t.db, asShop(0))).total).toBe(0);
  });

  it('two hours before the cut-off only shops still without an order; the answered reminder leaves home; staff see who then ordered', async () => {
    await placeOrder(shop(0).id, shop(0).userId, '2026-11-23T03:00:00.000Z');
    expect(await planReminders(t.db, MONDAY_15H)).toBe(0);
    expect((await retailerHome(t.db, asShop(0), MONDAY_15H))!.reminders).toEqual([]);
    const report = (await reminderReport(t.db, asStaff()))!;
    expect(report.cycle?.id).toBe(fx.cycleId);
    expect(report.rows.map((r) => [r.retailerId, r.orderedAt])).toEqual([[shop(0).id, '2026-11-23T03:00:00.000Z']]);
    expect(report.ordered).toBe(1);
    expect((await reminderReport(t.db, asManager(1)))!.rows).toEqual([]);
    expect(await reminderReport(t.db, asShop(0))).toBeNull();
  });

  it('a queued reminder whose shop ordered meanwhile is cancelled; one past its cut-off expires', async () => {
    // Shop 1 (Tuesday): its evening reminder, then an order before it is sent.
    expect(await planReminders(t.db, new Date('2026-11-23T11:00:00.000Z'))).toBe(2);
    await placeOrder(shop(1).id, shop(1).userId, '2026-11-23T11:30:00.000Z');
    const r = await sendDueNotifications(t.db, QUIET, new Date('2026-11-23T12:00:00.000Z'), NONE);
    expect(r).toMatchObject({ cancelled: 2, sent: 1, held: 1 });
    expect((await rowsOf(shop(1).id)).map((x) => [x.status, x.error])).toEqual([
      ['cancelled', 'ordered'],
      ['cancelled', 'ordered'],
    ]);
    // A message whose time is over by the time the sender comes to it is not sent.
    await notify(t.db, [{ userId: shop(3).userId, kind: 'late', textKey: 'notify.text.unknown', params: {}, dueAt: '2026-11-24T08:00:00.000Z', expiresAt: '2026-11-24T09:00:00.000Z', retailerId: shop(3).id }]);
    expect(await sendDueNotifications(t.db, QUIET, new Date('2026-11-24T09:00:00.000Z'), NONE)).toMatchObject({ expired: 2, sent: 0 });
    expect((await t.db.selectFrom('notifications').select('status').where('kind', '=', 'late').execute()).map((x) => x.status)).toEqual(['expired', 'expired']);
  });

  it('quiet hours move Web Push and SMS (not the app) to their end; channels a shop turned off are not used', async () => {
    await saveSettings(t.db, asShop(3), { push: false, sms: true, quiet: { from: '18:00', to: '20:30' } });
    await notify(t.db, [{ userId: shop(3).userId, kind: 'test', textKey: 'notify.text.unknown', params: {}, dueAt: '2026-11-24T11:00:00.000Z', retailerId: shop(3).id }]);
    await saveSettings(t.db, asShop(1), { push: true, sms: false, quiet: null });
    await notify(t.db, [{ userId: shop(1).userId, kind: 'test', textKey: 'notify.text.unknown', params: {}, dueAt: '2026-11-24T11:00:00.000Z', retailerId: shop(1).id }]);
    const tests = await t.db.selectFrom('notifications').select(['retailerId', 'channel', 'dueAt']).where('kind', '=', 'test').orderBy('id').execute();
    expect(tests).toEqual([
      { retailerId: shop(3).id, channel: 'in_app', dueAt: '2026-11-24T11:00:00.000Z' },
      { retailerId: shop(3).id, channel: 'sms', dueAt: '2026-11-24T12:30:00.000Z' },
      // Push is on but shop 1 has no subscribed phone: in the app only.
      { retailerId: shop(1).id, channel: 'in_app', dueAt: '2026-11-24T11:00:00.000Z' },
    ]);
    await t.db.deleteFrom('notifications').where('kind', '=', 'test').execute();
  });

  it('SMS through Tencent Cloud’s SDK: the approved template with its parameters to +86…; a refusal fails, a throttle is tried again', async () => {
    const calls: Array<{ action: string; body: Record<string, unknown> }> = [];
    const codes = ['Ok', 'FailedOperation.PhoneNumberInBlacklist', 'LimitExceeded.PhoneNumberDailyLimit'];
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const parsed = JSON.parse(body) as Record<string, unknown>;
        calls.push({ action: String(req.headers['x-tc-action']), body: parsed });
        const code = codes[calls.length - 1] ?? 'Ok';
        res.setHeader('Content-Type', 'application/json');
        res.end(JSON.stringify({ Response: { SendStatusSet: [{ SerialNo: 'x', PhoneNumber: (parsed.PhoneNumberSet as string[])[0], Fee: 1, Code: code, Message: code }], RequestId: 'r' } }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const sms = tencentSms({
        secretId: 'AKIDtest',
        secretKey: 'secret',
        region: 'ap-guangzhou',
        sdkAppId: '1400000000',
        signName: '某县烟草',
        templates: { 'notify.text.order_cutoff': '2000001', 'notify.text.order_eve': '2000002' },
        endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      });
      const due = '2026-11-30T07:00:00.000Z';
      const base = { kind: 'order_cutoff', textKey: 'notify.text.order_cutoff', params: { cutoffAt: '2026-11-30T09:00:00.000Z' }, dueAt: due, channels: ['sms'] as const };
      // (Shop 1 turned SMS off above.)
      await notify(t.db, [0, 2, 3].map((i) => ({ ...base, userId: shop(i).userId, retailerId: shop(i).id })));
      const r = await sendDueNotifications(t.db, QUIET, new Date(due), { push: null, sms });
      expect(r).toMatchObject({ sent: 1, failed: 1, retried: 1 });
      expect(calls[0]).toEqual({
        action: 'SendSms',
        body: { PhoneNumberSet: ['+8613900000000'], SmsSdkAppId: '1400000000', SignName: '某县烟草', TemplateId: '2000001', TemplateParamSet: ['2026-11-30 17:00'] },
      });
      const rows = await t.db.selectFrom('notifications').select(['status', 'error', 'attempts', 'dueAt']).where('kind', '=', 'order_cutoff').where('dueAt', '>=', due).orderBy('id').execute();
      expect(rows).toEqual([
        { status: 'sent', error: null, attempts: 1, dueAt: due },
        { status: 'failed', error: 'rejected', attempts: 1, dueAt: due },
        // Tried again five minutes later.
        { status: 'queued', error: 'error', attempts: 1, dueAt: '2026-11-30T07:05:00.000Z' },
      ]);
    } finally {
      server.close();
    }
  });

  it('Web Push with VAPID keys to the phone’s push service; a subscription the service says is gone is forgotten', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'push-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', path.join(dir, 'k.pem'), '-out', path.join(dir, 'c.pem'), '-days', '1', '-subj', '/CN=127.0.0.1'], { stdio: 'ignore' });
    const statuses = [201, 410];
    const seen: Array<{ auth: string; encoding: string; bytes: number }> = [];
    const server = https.createServer({ key: fs.readFileSync(path.join(dir, 'k.pem')), cert: fs.readFileSync(path.join(dir, 'c.pem')) }, (req, res) => {
      const parts: Buffer[] = [];
      req.on('data', (c: Buffer) => parts.push(c));
      req.on('end', () => {
        seen.push({ auth: String(req.headers.authorization), encoding: String(req.headers['content-encoding']), bytes: Buffer.concat(parts).length });
        res.statusCode = statuses[seen.length - 1] ?? 201;
        res.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as AddressInfo).port;
      const phone = crypto.createECDH('prime256v1');
      phone.generateKeys();
      await subscribePush(t.db, asShop(0), { endpoint: `https://127.0.0.1:${port}/push/phone-a`, p256dh: phone.getPublicKey().toString('base64url'), auth: crypto.randomBytes(16).toString('base64url') });
      await saveSettings(t.db, asShop(0), { push: true, sms: false, quiet: null });
      const keys = webpush.generateVAPIDKeys();
      const push = webPushSender({ ...keys, subject: 'mailto:ops@example.invalid' }, { agent: new https.Agent({ rejectUnauthorized: false }) });
      const due = '2026-12-01T07:00:00.000Z';
      const one = { userId: shop(0).userId, kind: 'order_cutoff', textKey: 'notify.text.order_cutoff', params: { cutoffAt: '2026-12-01T09:00:00.000Z' }, retailerId: shop(0).id, channels: ['push'] as const };
      await notify(t.db, [{ ...one, dueAt: due }]);
      expect(await sendDueNotifications(t.db, QUIET, new Date(due), { push, sms: null })).toMatchObject({ sent: 1 });
      expect(seen[0]!.auth).toMatch(/^vapid t=.+, k=/);
      expect(seen[0]!.encoding).toBe('aes128gcm');
      expect(seen[0]!.bytes).toBeGreaterThan(100);
      await notify(t.db, [{ ...one, dueAt: '2026-12-01T07:30:00.000Z' }]);
      expect(await sendDueNotifications(t.db, QUIET, new Date('2026-12-01T07:30:00.000Z'), { push, sms: null })).toMatchObject({ failed: 1 });
      expect(await t.db.selectFrom('pushSubscriptions').select('id').where('userId', '=', shop(0).userId).execute()).toEqual([]);
    } finally {
      server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the shop’s calendar: this cycle (ordered) and four more, expected where not loaded; another shop’s id finds nothing', async () => {
    const page = (await shopCalendar(t.db, asShop(0), shop(0).id, new Date('2026-11-23T02:00:00.000Z')))!;
    expect(page.calendar.map((c) => [c.code, c.orderDay, c.expected, c.current, c.ordered])).toEqual([
      ['2026-W48', '2026-11-23', false, true, true],
      ['2026-W49', '2026-11-30', true, false, false],
      ['2026-W50', '2026-12-07', true, false, false],
      ['2026-W51', '2026-12-14', true, false, false],
      ['2026-W52', '2026-12-21', true, false, false],
    ]);
    expect(page.settings).toEqual({ push: true, sms: false, quietFrom: null, quietTo: null });
    expect(await shopCalendar(t.db, asShop(0), shop(1).id)).toBeNull();
    expect(await inAppNotifications(t.db, asShop(0), new Date('2026-11-23T02:00:00.000Z'))).toEqual([]);
  });
});
