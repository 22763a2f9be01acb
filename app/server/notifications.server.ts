/**
 * The notification outbox (issue 16; docs/developer-guide.md, "A notification"). Anything that tells a user
 * something later — the shop's order reminders now, announcements and scheduled reports next — calls `notify`
 * with a recipient, a kind, a text key and its parameters, when it is due (and until when it is worth sending).
 * One row is queued per channel the recipient takes (app/domain/notifications.ts: in the app always, Web Push when
 * on and the user has a subscribed phone, SMS when on; Web Push and SMS after the user's quiet hours), and the
 * 'notifications' job (`sendDueNotifications`, queued by the runner's schedule once something is due) sends them:
 * in the app at once (home shows them), Web Push and SMS through notify-channels.server.ts. A channel that is not
 * configured holds its messages ('held', readable by staff on /staff/reminders); nothing is dropped silently.
 */
import { chunks } from '../../db/chunks';
import {
  DEFAULT_SETTINGS,
  NOTIFICATION_CHANNELS,
  TEXT_PARAMS,
  afterQuietHours,
  isReminderKind,
  NOTICE_REMINDER_KIND,
  type NotificationChannel,
  type QuietHours,
} from '~/domain/notifications';
import { isLanguage } from '~/i18n/config';
import { notificationParams, notificationText } from '~/ui/notification-text';
import type { DB } from './db.server';
import { i18next } from './i18n.server';
import type { JobContext } from './job-kinds.server';
import { logWarn } from './log.server';
import { channelsFromEnv, type Channels, type SendOutcome } from './notify-channels.server';
import { PLACED_STATUSES } from './orders.server';
import { retailerInScope, type ScopeUser } from './scope.server';

export interface NewNotification {
  /** The recipient. */
  userId: number;
  /** What it is (e.g. 'order_eve'): a kind of the sender's, for staff's lists and for cancelling. */
  kind: string;
  /** The i18next key of its text and the key's parameters (`…At` instants and `…Day` days are formatted). */
  textKey: string;
  params: Record<string, string | number>;
  /** Not sent before (Web Push and SMS also wait for the recipient's quiet hours to end). */
  dueAt: string;
  /** Not sent after; null or absent = no limit. */
  expiresAt?: string | null;
  /** The shop and cycle it is about, when it is about one (a manager sees its shops' rows). */
  retailerId?: number | null;
  cycleId?: number | null;
  /** Queued once: another notify with the same key (per channel) adds nothing, even from another instance. */
  dedupeKey?: string | null;
  /** Limit to these channels (default: every channel the recipient takes). */
  channels?: readonly NotificationChannel[];
}

export interface UserSettings {
  push: boolean;
  sms: boolean;
  quiet: QuietHours | null;
}

/** Each user's settings (the defaults for one who has chosen nothing). */
export async function settingsOf(db: DB, userIds: readonly number[]): Promise<Map<number, UserSettings>> {
  const out = new Map<number, UserSettings>();
  for (const part of chunks([...new Set(userIds)], 5_000)) {
    const rows = await db.selectFrom('notificationSettings').selectAll().where('userId', 'in', part).execute();
    for (const r of rows) out.set(r.userId, { push: r.push === 1, sms: r.sms === 1, quiet: r.quietFrom && r.quietTo ? { from: r.quietFrom, to: r.quietTo } : null });
  }
  for (const id of userIds) if (!out.has(id)) out.set(id, { ...DEFAULT_SETTINGS });
  return out;
}

/** Queues notifications (one row per channel each recipient takes); returns how many rows were queued. */
export async function notify(db: DB, list: readonly NewNotification[], now = new Date()): Promise<number> {
  if (!list.length) return 0;
  const userIds = [...new Set(list.map((n) => n.userId))];
  const settings = await settingsOf(db, userIds);
  const withPush = new Set<number>();
  for (const part of chunks(userIds, 5_000)) {
    const rows = await db.selectFrom('pushSubscriptions').select('userId').distinct().where('userId', 'in', part).execute();
    for (const r of rows) withPush.add(r.userId);
  }
  const createdAt = now.toISOString();
  const rows = list.flatMap((n) => {
    const s = settings.get(n.userId)!;
    const takes = (c: NotificationChannel) =>
      (!n.channels || n.channels.includes(c)) && (c === 'in_app' || (c === 'push' && s.push && withPush.has(n.userId)) || (c === 'sms' && s.sms));
    return NOTIFICATION_CHANNELS.filter(takes).map((channel) => ({
      userId: n.userId,
      retailerId: n.retailerId ?? null,
      cycleId: n.cycleId ?? null,
      kind: n.kind,
      textKey: n.textKey,
      paramsJson: JSON.stringify(n.params),
      channel,
      dueAt: channel === 'in_app' ? n.dueAt : afterQuietHours(new Date(n.dueAt), s.quiet).toISOString(),
      expiresAt: n.expiresAt ?? null,
      status: 'queued' as const,
      attempts: 0,
      error: null,
      sentAt: null,
      dedupeKey: n.dedupeKey ? `${n.dedupeKey}:${channel}` : null,
      createdAt,
    }));
  });
  let queued = 0;
  for (const part of chunks(rows, 500)) {
    const r = await db
      .insertInto('notifications')
      .values(part)
      .onConflict((oc) => oc.column('dedupeKey').doNothing())
      .executeTakeFirst();
    queued += Number(r.numInsertedOrUpdatedRows ?? 0);
  }
  return queued;
}

/** Whether some message waits to be sent now (cheap: the runner asks every minute). */
export async function notificationsDue(db: DB, now = new Date()): Promise<boolean> {
  const row = await db.selectFrom('notifications').select('id').where('status', '=', 'queued').where('dueAt', '<=', now.toISOString()).limit(1).executeTakeFirst();
  return row !== undefined;
}

// ------------------------------------------------------------------ sending

/** Tries of a message whose channel failed for a reason that may pass, and the wait between them. */
export const SEND_ATTEMPTS = 3;
export const RETRY_AFTER_MS = 5 * 60_000;
const BATCH = 200;

export interface SendResult {
  sent: number;
  failed: number;
  held: number;
  expired: number;
  cancelled: number;
  retried: number;
}

type Row = Awaited<ReturnType<typeof dueRows>>[number];

function dueRows(db: DB, now: Date) {
  return db
    .selectFrom('notifications')
    .selectAll()
    .where('status', '=', 'queued')
    .where('dueAt', '<=', now.toISOString())
    .orderBy('dueAt')
    .orderBy('id')
    .limit(BATCH)
    .execute();
}

type MaybeMoot = Pick<Row, 'id' | 'kind' | 'retailerId' | 'cycleId' | 'paramsJson'>;

/** The notice a notice reminder is about (its parameters carry it), or null. */
function noticeOf(row: MaybeMoot): number | null {
  if (row.kind !== NOTICE_REMINDER_KIND || row.retailerId === null) return null;
  try {
    const id = (JSON.parse(row.paramsJson) as { noticeId?: unknown }).noticeId;
    return Number.isSafeInteger(id) ? (id as number) : null;
  } catch {
    return null;
  }
}

/**
 * Messages that became moot before they were sent or read, with why: an order reminder whose shop has placed its
 * order in the cycle since ('ordered'); a notice reminder whose shop has since acknowledged the notice (an
 * important one) or read it ('done'). Cancelled rather than sent, and no longer shown.
 */
async function movedOn(db: DB, rows: readonly MaybeMoot[]): Promise<Map<number, 'ordered' | 'done'>> {
  const moot = new Map<number, 'ordered' | 'done'>();
  const reminders = rows.filter((r) => isReminderKind(r.kind) && r.retailerId !== null && r.cycleId !== null);
  if (reminders.length) {
    const placed = await db
      .selectFrom('orders')
      .select(['retailerId', 'cycleId'])
      .where('retailerId', 'in', [...new Set(reminders.map((r) => r.retailerId!))])
      .where('cycleId', 'in', [...new Set(reminders.map((r) => r.cycleId!))])
      .where('status', 'in', PLACED_STATUSES)
      .execute();
    const done = new Set(placed.map((p) => `${p.retailerId}:${p.cycleId}`));
    for (const r of reminders) if (done.has(`${r.retailerId}:${r.cycleId}`)) moot.set(r.id, 'ordered');
  }
  const aboutNotices = rows.map((r) => ({ row: r, noticeId: noticeOf(r) })).filter((x) => x.noticeId !== null);
  if (aboutNotices.length) {
    const done = await db
      .selectFrom('noticeRecipients')
      .innerJoin('notices', 'notices.id', 'noticeRecipients.noticeId')
      .select(['noticeRecipients.noticeId', 'noticeRecipients.retailerId'])
      .where('noticeRecipients.noticeId', 'in', [...new Set(aboutNotices.map((x) => x.noticeId!))])
      .where('noticeRecipients.retailerId', 'in', [...new Set(aboutNotices.map((x) => x.row.retailerId!))])
      .where((eb) => eb.or([eb('notices.important', '=', 1).and('noticeRecipients.acknowledgedAt', 'is not', null), eb('notices.important', '=', 0).and('noticeRecipients.readAt', 'is not', null)]))
      .execute();
    const finished = new Set(done.map((d) => `${d.noticeId}:${d.retailerId}`));
    for (const x of aboutNotices) if (finished.has(`${x.noticeId}:${x.row.retailerId}`)) moot.set(x.row.id, 'done');
  }
  return moot;
}

/** Where tapping a Web Push message goes: the order page for an order reminder, the notice for a notice reminder. */
function pushUrl(row: MaybeMoot): string {
  if (row.kind.startsWith('order_')) return '/retailer/order';
  const noticeId = noticeOf(row);
  return noticeId === null ? '/' : `/retailer/notices/${noticeId}`;
}

async function recipientsOf(db: DB, userIds: readonly number[]) {
  const [users, shops, managers] = await Promise.all([
    db.selectFrom('users').select(['id', 'locale']).where('id', 'in', userIds).execute(),
    db.selectFrom('retailers').select(['userId', 'phone']).where('userId', 'in', userIds).execute(),
    db.selectFrom('accountManagers').select(['userId', 'phone']).where('userId', 'in', userIds).execute(),
  ]);
  const phone = new Map<number, string>();
  for (const r of [...managers, ...shops]) if (r.userId !== null && r.phone.trim()) phone.set(r.userId, r.phone.trim());
  return new Map(users.map((u) => [u.id, { language: isLanguage(u.locale) ? u.locale : 'zh-CN', phone: phone.get(u.id) ?? null }]));
}

/**
 * The 'notifications' job's body: sends every message due (in batches), until none is left. In the app a message
 * is "sent" at once (home shows it); Web Push goes to each phone the user subscribed (a subscription the push
 * service says is gone is forgotten); SMS through the provider. A failure that may pass is tried again later, up to
 * SEND_ATTEMPTS; a channel not configured holds the message. Safe to run again: it only takes queued rows.
 */
export async function sendDueNotifications(db: DB, ctx: JobContext, now = new Date(), channels: Channels = channelsFromEnv()): Promise<SendResult> {
  const result: SendResult = { sent: 0, failed: 0, held: 0, expired: 0, cancelled: 0, retried: 0 };
  let done = 0;
  for (;;) {
    const rows = await dueRows(db, now);
    if (!rows.length) break;
    const cancelled = await movedOn(db, rows);
    const recipients = await recipientsOf(db, [...new Set(rows.map((r) => r.userId))]);
    const pushUsers = [...new Set(rows.filter((r) => r.channel === 'push').map((r) => r.userId))];
    const subscriptions = pushUsers.length ? await db.selectFrom('pushSubscriptions').selectAll().where('userId', 'in', pushUsers).execute() : [];
    const nowIso = now.toISOString();
    for (const row of rows) {
      const finish = async (status: 'sent' | 'failed' | 'held' | 'expired' | 'cancelled', error: string | null) => {
        await db
          .updateTable('notifications')
          .set({ status, error, attempts: row.attempts + (status === 'sent' || status === 'failed' ? 1 : 0), sentAt: status === 'sent' ? nowIso : null })
          .where('id', '=', row.id)
          .where('status', '=', 'queued')
          .execute();
        result[status]++;
      };
      if (row.expiresAt !== null && Date.parse(row.expiresAt) <= now.getTime()) {
        await finish('expired', null);
        continue;
      }
      const moot = cancelled.get(row.id);
      if (moot) {
        await finish('cancelled', moot);
        continue;
      }
      if (row.channel === 'in_app') {
        await finish('sent', null);
        continue;
      }
      const who = recipients.get(row.userId);
      const params = JSON.parse(row.paramsJson) as Record<string, string | number>;
      const t = await i18next.getFixedT(who?.language ?? 'zh-CN', 'common');
      const text = notificationText(row.textKey, params, t);
      let outcome: SendOutcome;
      if (row.channel === 'push') {
        if (!channels.push) {
          await finish('held', 'not_configured');
          continue;
        }
        const targets = subscriptions.filter((s) => s.userId === row.userId);
        if (!targets.length) {
          await finish('failed', 'no_subscription');
          continue;
        }
        const outcomes: SendOutcome[] = [];
        for (const s of targets) {
          const o = await channels.push.send(s, { title: t('notify.title'), body: text, url: pushUrl(row) });
          if (!o.ok && o.reason === 'gone') await db.deleteFrom('pushSubscriptions').where('id', '=', s.id).execute();
          outcomes.push(o);
        }
        outcome = outcomes.find((o) => o.ok) ?? outcomes.find((o) => !o.ok && o.retry) ?? outcomes[0]!;
      } else {
        if (!channels.sms) {
          await finish('held', 'not_configured');
          continue;
        }
        if (!who?.phone) {
          await finish('failed', 'no_phone');
          continue;
        }
        const shown = notificationParams(params, t);
        outcome = await channels.sms.send({ phone: who.phone, textKey: row.textKey, templateParams: (TEXT_PARAMS[row.textKey] ?? []).map((p) => shown[p] ?? ''), text });
      }
      if (outcome.ok) {
        await finish('sent', null);
      } else if (outcome.retry && row.attempts + 1 < SEND_ATTEMPTS) {
        // Tried again later (a row past its expiry then expires instead).
        await db
          .updateTable('notifications')
          .set({ attempts: row.attempts + 1, error: outcome.reason, dueAt: new Date(now.getTime() + RETRY_AFTER_MS).toISOString() })
          .where('id', '=', row.id)
          .where('status', '=', 'queued')
          .execute();
        result.retried++;
      } else {
        await finish('failed', outcome.reason);
      }
      if (!outcome.ok) logWarn('a notification was not sent', { component: 'notifications', id: row.id, channel: row.channel, reason: outcome.reason, detail: outcome.detail });
    }
    done += rows.length;
    await ctx.progress(done, done + (rows.length === BATCH ? BATCH : 0));
  }
  return result;
}

// ------------------------------------------------------------------ what pages read

/** Messages in the app for the signed-in user, newest first: due, not expired, reminders not yet answered by an order. */
export async function inAppNotifications(db: DB, user: ScopeUser, now = new Date(), limit = 5) {
  const nowIso = now.toISOString();
  const rows = await db
    .selectFrom('notifications')
    .select(['id', 'kind', 'textKey', 'paramsJson', 'dueAt', 'retailerId', 'cycleId'])
    .where('userId', '=', user.userId)
    .where('channel', '=', 'in_app')
    .where('status', 'in', ['queued', 'sent'])
    .where('dueAt', '<=', nowIso)
    .where((eb) => eb.or([eb('expiresAt', 'is', null), eb('expiresAt', '>', nowIso)]))
    .orderBy('dueAt', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 5)
    .execute();
  const moot = await movedOn(db, rows);
  return rows
    .filter((r) => !moot.has(r.id))
    .slice(0, limit)
    .map((r) => ({ id: r.id, kind: r.kind, textKey: r.textKey, params: JSON.parse(r.paramsJson) as Record<string, string | number>, dueAt: r.dueAt }));
}

/** Messages not sent (held: channel not configured; failed), newest first, for staff (a manager: its shops'). */
export async function unsentNotifications(db: DB, user: ScopeUser, limit = 100) {
  if (user.role === 'retailer') return { total: 0, rows: [] };
  const base = db
    .selectFrom('notifications')
    .innerJoin('users', 'users.id', 'notifications.userId')
    .leftJoin('retailers', 'retailers.id', 'notifications.retailerId')
    .where('notifications.status', 'in', ['held', 'failed'])
    .where(retailerInScope(user, 'notifications.retailerId'));
  const [count, rows] = await Promise.all([
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
    base
      .select([
        'notifications.id',
        'notifications.kind',
        'notifications.channel',
        'notifications.textKey',
        'notifications.paramsJson',
        'notifications.dueAt',
        'notifications.status',
        'notifications.error',
        'users.displayName',
        'retailers.name as shopName',
      ])
      .orderBy('notifications.dueAt', 'desc')
      .orderBy('notifications.id', 'desc')
      .limit(limit)
      .execute(),
  ]);
  return {
    total: Number(count?.n ?? 0),
    rows: rows.map(({ paramsJson, ...r }) => ({ ...r, params: JSON.parse(paramsJson) as Record<string, string | number> })),
  };
}

// ------------------------------------------------------------------ a user's settings and phones

export async function saveSettings(db: DB, user: ScopeUser, s: UserSettings, now = new Date()): Promise<void> {
  const values = { push: s.push ? 1 : 0, sms: s.sms ? 1 : 0, quietFrom: s.quiet?.from ?? null, quietTo: s.quiet?.to ?? null, updatedAt: now.toISOString() };
  await db
    .insertInto('notificationSettings')
    .values({ userId: user.userId, ...values })
    .onConflict((oc) => oc.column('userId').doUpdateSet(values))
    .execute();
}

/** A phone's push subscription for the user (the same endpoint again replaces its keys and owner). */
export async function subscribePush(db: DB, user: ScopeUser, sub: { endpoint: string; p256dh: string; auth: string }, now = new Date()): Promise<void> {
  await db
    .insertInto('pushSubscriptions')
    .values({ userId: user.userId, endpoint: sub.endpoint, p256dh: sub.p256dh, auth: sub.auth, createdAt: now.toISOString() })
    .onConflict((oc) => oc.column('endpoint').doUpdateSet({ userId: user.userId, p256dh: sub.p256dh, auth: sub.auth }))
    .execute();
}

/** Forgets the user's subscription of this endpoint (another user's is left alone). */
export async function unsubscribePush(db: DB, user: ScopeUser, endpoint: string): Promise<void> {
  await db.deleteFrom('pushSubscriptions').where('userId', '=', user.userId).where('endpoint', '=', endpoint).execute();
}

export async function pushEndpointsOf(db: DB, user: ScopeUser): Promise<string[]> {
  const rows = await db.selectFrom('pushSubscriptions').select('endpoint').where('userId', '=', user.userId).execute();
  return rows.map((r) => r.endpoint);
}
