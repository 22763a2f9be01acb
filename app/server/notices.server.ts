/**
 * Announcements (通知公告, issue 19): staff write to the county, a manager to its route; each notice reaches the
 * shops its audience matched when it was published (one notice_recipients row each, which also records when the
 * shop read it and acknowledged it). Scope lives in every query: a retailer sees only notices that reached it, a
 * manager only notices that reached its route (and their figures only for its route's shops), staff everything.
 * The audience rule itself is app/domain/notices.ts; the text is rendered and sanitized by notice-text.server.ts.
 */
import { sql, type ExpressionBuilder } from 'kysely';
import type { Database } from '../../db/schema';
import {
  MAX_NOTICE_FILE_BYTES,
  NOTICE_CHASE_INTERVAL_HOURS,
  NOTICE_REMINDER_DAYS,
  chasePlan,
  cleanFileName,
  isEveryone,
  parseAudience,
  sniffAttachmentType,
  type NoticeAudience,
} from '~/domain/notices';
import { NOTICE_REMINDER_KIND, NOTICE_REMINDER_TEXT_KEYS, noticeReminderParams } from '~/domain/notifications';
import { chunks } from '../../db/chunks';
import type { DB } from './db.server';
import { noticeExcerpt, noticeHtml } from './notice-text.server';
import { notify } from './notifications.server';
import { retailerInScope, type ScopeUser } from './scope.server';

export { MAX_NOTICE_FILE_BYTES };

/** The most shops listed by name on a notice's status page, per list (the counts cover every shop). */
export const NOTICE_STATUS_LIST_MAX = 500;
/** The most notices a list shows (newest first). */
const LIST_MAX = 100;
const NOTICE_CHASE_INTERVAL_MS = NOTICE_CHASE_INTERVAL_HOURS * 3_600_000;

export interface NoticeInput {
  title: string;
  body: string;
  important: boolean;
  audience: NoticeAudience;
}

export type PublishResult =
  | { ok: true; id: number; recipients: number }
  | { ok: false; reason: 'audience_empty' | 'file_too_large' | 'file_type'; field: 'audience' | 'attachment' };

/** The shops an audience reaches for this user: active shops in the user's scope that pass every filter. */
function audienceShops(db: DB, user: ScopeUser, a: NoticeAudience) {
  let q = db.selectFrom('retailers').where('retailers.active', '=', 1).where(retailerInScope(user, 'retailers.id'));
  if (a.stationIds.length) q = q.where('retailers.stationId', 'in', a.stationIds);
  if (a.managerIds.length) q = q.where('retailers.managerId', 'in', a.managerIds);
  if (a.businessTypes.length) q = q.where('retailers.businessType', 'in', a.businessTypes as Database['retailers']['businessType'][]);
  if (a.gradeFrom !== null) q = q.where('retailers.grade', '>=', a.gradeFrom);
  if (a.gradeTo !== null) q = q.where('retailers.grade', '<=', a.gradeTo);
  return q;
}

/** How many shops an audience reaches for this user (the form's preview of "sent to N shops"). */
export async function audienceSize(db: DB, user: ScopeUser, a: NoticeAudience): Promise<number> {
  const row = await audienceShops(db, user, a).select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** What the form offers: stations and routes (staff: all; a manager: its own route only) and business types. */
export async function noticeFormOptions(db: DB, user: ScopeUser) {
  const managers = await db
    .selectFrom('accountManagers')
    .innerJoin('stations', 'stations.id', 'accountManagers.stationId')
    .select(['accountManagers.id', 'accountManagers.name', 'accountManagers.code', 'accountManagers.stationId'])
    .$if(user.role === 'manager', (q) => q.where('accountManagers.userId', '=', user.userId))
    .$if(user.role !== 'manager' && user.role !== 'staff', (q) => q.where(sql<boolean>`1 = 0`))
    .orderBy('accountManagers.code')
    .execute();
  const stations =
    user.role === 'staff' ? await db.selectFrom('stations').select(['id', 'code', 'nameZh', 'nameEn']).orderBy('code').execute() : [];
  return { stations, managers, everyone: await audienceSize(db, user, { stationIds: [], managerIds: [], businessTypes: [], gradeFrom: null, gradeTo: null }) };
}

/**
 * Publishes a notice: the attachment is checked by its bytes (PDF, JPEG, PNG or WebP, at most
 * MAX_NOTICE_FILE_BYTES), the audience must reach at least one shop in the author's scope, and the notice, its
 * file and its recipients are written in one transaction — a refusal or a failure leaves nothing behind.
 */
export async function publishNotice(
  db: DB,
  user: ScopeUser,
  input: NoticeInput,
  attachment: { name: string; bytes: Uint8Array } | null,
  now = new Date(),
): Promise<PublishResult> {
  if (user.role !== 'staff' && user.role !== 'manager') return { ok: false, reason: 'audience_empty', field: 'audience' };
  let file: { name: string; type: string; bytes: Uint8Array } | null = null;
  if (attachment && attachment.bytes.length > 0) {
    if (attachment.bytes.length > MAX_NOTICE_FILE_BYTES) return { ok: false, reason: 'file_too_large', field: 'attachment' };
    const type = sniffAttachmentType(attachment.bytes);
    if (!type) return { ok: false, reason: 'file_type', field: 'attachment' };
    file = { name: cleanFileName(attachment.name, type), type, bytes: attachment.bytes };
  }
  return db.transaction().execute(async (trx) => {
    const manager =
      user.role === 'manager' ? await trx.selectFrom('accountManagers').select('id').where('userId', '=', user.userId).executeTakeFirst() : undefined;
    if (user.role === 'manager' && !manager) return { ok: false, reason: 'audience_empty', field: 'audience' } as const;
    const n = Number((await audienceShops(trx, user, input.audience).select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow()).n);
    if (n === 0) return { ok: false, reason: 'audience_empty', field: 'audience' } as const;
    const notice = await trx
      .insertInto('notices')
      .values({
        title: input.title,
        body: input.body,
        important: input.important ? 1 : 0,
        authorUserId: user.userId,
        managerId: manager?.id ?? null,
        audienceJson: JSON.stringify(input.audience),
        recipientCount: n,
        attachmentName: file?.name ?? null,
        attachmentType: file?.type ?? null,
        attachmentBytes: file?.bytes.length ?? null,
        createdAt: now.toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (file) await trx.insertInto('noticeFiles').values({ noticeId: notice.id, content: file.bytes }).execute();
    await trx
      .insertInto('noticeRecipients')
      .columns(['noticeId', 'retailerId', 'readAt', 'acknowledgedAt'])
      .expression(
        audienceShops(trx, user, input.audience).select((eb) => [
          eb.val(notice.id).as('noticeId'),
          'retailers.id as retailerId',
          sql<null>`null`.as('readAt'),
          sql<null>`null`.as('acknowledgedAt'),
        ]),
      )
      .execute();
    return { ok: true, id: notice.id, recipients: n } as const;
  });
}

/** The notices that reached the signed-in shop: its recipient rows joined to them, scoped in the query. */
function receivedNotices(db: DB, user: ScopeUser) {
  return db
    .selectFrom('noticeRecipients')
    .innerJoin('notices', 'notices.id', 'noticeRecipients.noticeId')
    .where(retailerInScope(user, 'noticeRecipients.retailerId'));
}

/** What the shop's list and the notice page show of a notice (the page adds its attachment's type and size). */
const SHOP_NOTICE_COLUMNS = [
  'notices.id',
  'notices.title',
  'notices.body',
  'notices.important',
  'notices.createdAt',
  'notices.attachmentName',
  'accountManagers.name as managerName',
  'noticeRecipients.readAt',
  'noticeRecipients.acknowledgedAt',
] as const;

/** The notices that reached the signed-in shop, newest first, with whether it has read and acknowledged each. */
export async function shopNotices(db: DB, user: ScopeUser, limit = LIST_MAX) {
  const rows = await receivedNotices(db, user)
    .leftJoin('accountManagers', 'accountManagers.id', 'notices.managerId')
    .select(SHOP_NOTICE_COLUMNS)
    .orderBy('notices.createdAt', 'desc')
    .orderBy('notices.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map(({ body, ...n }) => ({
    ...n,
    important: n.important === 1,
    excerpt: noticeExcerpt(body),
    read: n.readAt !== null,
    acknowledged: n.acknowledgedAt !== null,
    hasAttachment: n.attachmentName !== null,
  }));
}

/** For home: the shop's unread notices (newest first) and its important notices not yet acknowledged. */
export async function shopNoticeFacts(db: DB, user: ScopeUser) {
  const rows = await receivedNotices(db, user)
    .select(['notices.id', 'notices.title', 'notices.important', 'notices.createdAt', 'noticeRecipients.readAt'])
    .where((eb) => eb.or([eb('noticeRecipients.readAt', 'is', null), eb.and([eb('notices.important', '=', 1), eb('noticeRecipients.acknowledgedAt', 'is', null)])]))
    .orderBy('notices.createdAt', 'desc')
    .orderBy('notices.id', 'desc')
    .limit(LIST_MAX)
    .execute();
  return {
    unread: rows.filter((r) => r.readAt === null).map((r) => ({ id: r.id, title: r.title, important: r.important === 1, createdAt: r.createdAt })),
    toAcknowledge: rows.filter((r) => r.important === 1).map((r) => ({ noticeId: r.id, title: r.title, publishedAt: r.createdAt })),
  };
}

/**
 * One notice as the shop reads it (null when it did not reach the shop); opening it records the first reading.
 */
export async function readShopNotice(db: DB, user: ScopeUser, noticeId: number, now = new Date()) {
  if (!Number.isSafeInteger(noticeId) || user.role !== 'retailer') return null;
  const row = await receivedNotices(db, user)
    .leftJoin('accountManagers', 'accountManagers.id', 'notices.managerId')
    .select([...SHOP_NOTICE_COLUMNS, 'notices.attachmentType', 'notices.attachmentBytes', 'noticeRecipients.retailerId'])
    .where('notices.id', '=', noticeId)
    .executeTakeFirst();
  if (!row) return null;
  let readAt = row.readAt;
  if (readAt === null) {
    readAt = now.toISOString();
    await db
      .updateTable('noticeRecipients')
      .set({ readAt })
      .where('noticeId', '=', row.id)
      .where('retailerId', '=', row.retailerId)
      .where('readAt', 'is', null)
      .execute();
  }
  const { body, retailerId: _shop, ...n } = row;
  return { ...n, important: n.important === 1, html: noticeHtml(body), readAt };
}

export type AcknowledgeResult = { ok: true } | { ok: false; reason: 'not_found' | 'not_important' };

/** The shop acknowledges an important notice (which also counts as read). Again is fine: the first time stays. */
export async function acknowledgeNotice(db: DB, user: ScopeUser, noticeId: number, now = new Date()): Promise<AcknowledgeResult> {
  if (!Number.isSafeInteger(noticeId) || user.role !== 'retailer') return { ok: false, reason: 'not_found' };
  const row = await receivedNotices(db, user)
    .select(['noticeRecipients.retailerId', 'notices.important', 'noticeRecipients.readAt', 'noticeRecipients.acknowledgedAt'])
    .where('notices.id', '=', noticeId)
    .executeTakeFirst();
  if (!row) return { ok: false, reason: 'not_found' };
  if (row.important !== 1) return { ok: false, reason: 'not_important' };
  if (row.acknowledgedAt !== null) return { ok: true };
  const at = now.toISOString();
  await db
    .updateTable('noticeRecipients')
    .set({ acknowledgedAt: at, readAt: row.readAt ?? at })
    .where('noticeId', '=', noticeId)
    .where('retailerId', '=', row.retailerId)
    .where('acknowledgedAt', 'is', null)
    .execute();
  return { ok: true };
}

/** A notice staff or a manager may look at: staff any; a manager one that reached its route or that it wrote. */
function noticeVisible(user: ScopeUser) {
  return (eb: ExpressionBuilder<Database, 'notices'>) => {
    if (user.role === 'staff') return sql<boolean>`1 = 1`;
    if (user.role !== 'manager') return sql<boolean>`1 = 0`;
    return eb.or([
      eb('notices.authorUserId', '=', user.userId),
      eb.exists(eb.selectFrom('noticeRecipients as vis').select('vis.noticeId').whereRef('vis.noticeId', '=', 'notices.id').where(retailerInScope(user, 'vis.retailerId'))),
    ]);
  };
}

/** Notices for staff (all) or a manager (those that reached its route), newest first, with read and acknowledged counts in the user's scope. */
export async function noticeList(db: DB, user: ScopeUser, limit = LIST_MAX) {
  const notices = await db
    .selectFrom('notices')
    .leftJoin('accountManagers', 'accountManagers.id', 'notices.managerId')
    .select(['notices.id', 'notices.title', 'notices.important', 'notices.createdAt', 'notices.attachmentName', 'accountManagers.name as managerName'])
    .where(noticeVisible(user))
    .orderBy('notices.createdAt', 'desc')
    .orderBy('notices.id', 'desc')
    .limit(limit)
    .execute();
  const ids = notices.map((n) => n.id);
  const counts = ids.length
    ? await db
        .selectFrom('noticeRecipients')
        .select([
          'noticeId',
          sql<number>`count(*)`.as('shops'),
          sql<number>`count(read_at)`.as('read'),
          sql<number>`count(acknowledged_at)`.as('acknowledged'),
        ])
        .where('noticeId', 'in', ids)
        .where(retailerInScope(user, 'noticeRecipients.retailerId'))
        .groupBy('noticeId')
        .execute()
    : [];
  const byId = new Map(counts.map((c) => [c.noticeId, c]));
  return notices.map((n) => {
    const c = byId.get(n.id);
    return { ...n, important: n.important === 1, shops: Number(c?.shops ?? 0), read: Number(c?.read ?? 0), acknowledged: Number(c?.acknowledged ?? 0) };
  });
}

/**
 * A notice's status for staff or a manager (null when not visible): the notice as shops see it, its audience, the
 * counts in the user's scope, and two lists — the shops still to chase (not acknowledged, for an important notice;
 * not read otherwise), with phone and manager, and those done, with when.
 */
export async function noticeStatus(db: DB, user: ScopeUser, noticeId: number, now = new Date()) {
  if (!Number.isSafeInteger(noticeId)) return null;
  const notice = await db
    .selectFrom('notices')
    .innerJoin('users', 'users.id', 'notices.authorUserId')
    .leftJoin('accountManagers', 'accountManagers.id', 'notices.managerId')
    .select([
      'notices.id',
      'notices.title',
      'notices.body',
      'notices.important',
      'notices.createdAt',
      'notices.audienceJson',
      'notices.recipientCount',
      'notices.attachmentName',
      'notices.attachmentType',
      'notices.attachmentBytes',
      'users.displayName as authorName',
      'accountManagers.name as managerName',
    ])
    .where('notices.id', '=', noticeId)
    .where(noticeVisible(user))
    .executeTakeFirst();
  if (!notice) return null;
  const important = notice.important === 1;
  const shops = await db
    .selectFrom('noticeRecipients')
    .innerJoin('retailers', 'retailers.id', 'noticeRecipients.retailerId')
    .innerJoin('accountManagers', 'accountManagers.id', 'retailers.managerId')
    .select([
      'retailers.id',
      'retailers.name',
      'retailers.licenceNo',
      'retailers.phone',
      'accountManagers.name as managerName',
      'noticeRecipients.readAt',
      'noticeRecipients.acknowledgedAt',
      'noticeRecipients.chasedAt',
      'retailers.userId',
      'retailers.active',
    ])
    .where('noticeRecipients.noticeId', '=', notice.id)
    .where(retailerInScope(user, 'noticeRecipients.retailerId'))
    .orderBy('retailers.licenceNo')
    .execute();
  const isDone = (s: (typeof shops)[number]) => (important ? s.acknowledgedAt !== null : s.readAt !== null);
  const pending = shops.filter((s) => !isDone(s)).map(({ userId, active, ...s }) => ({ ...s, reachable: userId !== null && active === 1 }));
  const done = shops.filter(isDone).map(({ userId: _u, active: _a, ...s }) => s);
  const plan = chasePlan(pending, now);
  const audience = parseAudience(notice.audienceJson);
  const [stations, managers] = await Promise.all([
    audience.stationIds.length ? db.selectFrom('stations').select(['id', 'nameZh', 'nameEn']).where('id', 'in', audience.stationIds).execute() : [],
    audience.managerIds.length ? db.selectFrom('accountManagers').select(['id', 'name']).where('id', 'in', audience.managerIds).execute() : [],
  ]);
  const { body, audienceJson: _a, ...rest } = notice;
  return {
    notice: { ...rest, important, html: noticeHtml(body) },
    audience: {
      everyone: isEveryone(audience),
      stations,
      managers,
      businessTypes: audience.businessTypes,
      gradeFrom: audience.gradeFrom,
      gradeTo: audience.gradeTo,
    },
    counts: { shops: shops.length, read: shops.filter((s) => s.readAt !== null).length, acknowledged: shops.filter((s) => s.acknowledgedAt !== null).length },
    pending: pending.slice(0, NOTICE_STATUS_LIST_MAX),
    done: done.slice(0, NOTICE_STATUS_LIST_MAX),
    pendingCount: pending.length,
    doneCount: done.length,
    chase: { due: plan.due.length, recent: plan.recent, nextAt: plan.nextAt, unreachable: plan.unreachable },
    chases: await noticeChases(db, user, notice.id),
  };
}

/** The chases of a notice the user may see (staff: every one; a manager: its own), newest first. */
async function noticeChases(db: DB, user: ScopeUser, noticeId: number) {
  return db
    .selectFrom('noticeChases')
    .innerJoin('users', 'users.id', 'noticeChases.chasedByUserId')
    .leftJoin('accountManagers', 'accountManagers.id', 'noticeChases.managerId')
    .select(['noticeChases.id', 'noticeChases.shops', 'noticeChases.createdAt', 'users.displayName as chasedBy', 'accountManagers.name as routeOf'])
    .where('noticeChases.noticeId', '=', noticeId)
    .$if(user.role !== 'staff', (q) => q.where('noticeChases.chasedByUserId', '=', user.userId))
    .orderBy('noticeChases.createdAt', 'desc')
    .orderBy('noticeChases.id', 'desc')
    .limit(20)
    .execute();
}

export type ChaseResult =
  | { ok: true; chased: number; recent: number; unreachable: number }
  | { ok: false; reason: 'not_found' | 'nothing_to_chase' | 'no_account'; nextAt: null }
  | { ok: false; reason: 'chased_recently'; nextAt: string | null };

/**
 * Chases a notice (staff: the county's shops; a manager: its route's): every shop in the user's scope that has not
 * acknowledged it (an important notice) or read it (a plain one) is reminded through the notification outbox
 * (kind 'notice_reminder', on each channel the shop takes; cancelled if the shop does it before it is sent), unless
 * it was reminded less than NOTICE_CHASE_INTERVAL_HOURS ago, by anyone; a shop with no account cannot be reminded
 * this way. The chase (who, when, how many) and each shop's reminder time are recorded with the messages, in one
 * transaction. Refused, writing nothing, when no shop would be reminded, saying why.
 */
export async function chaseNotice(db: DB, user: ScopeUser, noticeId: number, now = new Date()): Promise<ChaseResult> {
  if (!Number.isSafeInteger(noticeId) || (user.role !== 'staff' && user.role !== 'manager')) return { ok: false, reason: 'not_found', nextAt: null };
  const notice = await db.selectFrom('notices').select(['notices.id', 'notices.title', 'notices.important']).where('notices.id', '=', noticeId).where(noticeVisible(user)).executeTakeFirst();
  if (!notice) return { ok: false, reason: 'not_found', nextAt: null };
  const important = notice.important === 1;
  const stillToDo = important ? ('noticeRecipients.acknowledgedAt' as const) : ('noticeRecipients.readAt' as const);
  return db.transaction().execute(async (trx): Promise<ChaseResult> => {
    const pending = await trx
      .selectFrom('noticeRecipients')
      .innerJoin('retailers', 'retailers.id', 'noticeRecipients.retailerId')
      .select(['retailers.id', 'retailers.userId', 'retailers.active', 'noticeRecipients.chasedAt'])
      .where('noticeRecipients.noticeId', '=', notice.id)
      .where(stillToDo, 'is', null)
      .where(retailerInScope(user, 'noticeRecipients.retailerId'))
      .execute();
    const plan = chasePlan(
      pending.map((p) => ({ id: p.id, reachable: p.userId !== null && p.active === 1, chasedAt: p.chasedAt })),
      now,
    );
    if (!plan.due.length) {
      if (!pending.length) return { ok: false, reason: 'nothing_to_chase', nextAt: null };
      if (plan.recent) return { ok: false, reason: 'chased_recently', nextAt: plan.nextAt };
      return { ok: false, reason: 'no_account', nextAt: null };
    }
    // Marked only where still due (another chase at the same moment marks each shop once: its update waits, then
    // finds the shop reminded a moment ago and leaves it).
    const at = now.toISOString();
    const since = new Date(now.getTime() - NOTICE_CHASE_INTERVAL_MS).toISOString();
    const marked: number[] = [];
    for (const part of chunks(plan.due, 1_000)) {
      const rows = await trx
        .updateTable('noticeRecipients')
        .set({ chasedAt: at })
        .where('noticeId', '=', notice.id)
        .where('retailerId', 'in', part)
        .where(important ? 'acknowledgedAt' : 'readAt', 'is', null)
        .where((eb) => eb.or([eb('chasedAt', 'is', null), eb('chasedAt', '<=', since)]))
        .returning('retailerId')
        .execute();
      marked.push(...rows.map((r) => r.retailerId));
    }
    if (!marked.length) return { ok: false, reason: 'chased_recently', nextAt: null };
    const manager = user.role === 'manager' ? await trx.selectFrom('accountManagers').select('id').where('userId', '=', user.userId).executeTakeFirst() : undefined;
    const chase = await trx
      .insertInto('noticeChases')
      .values({ noticeId: notice.id, chasedByUserId: user.userId, managerId: manager?.id ?? null, shops: marked.length, createdAt: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    const userOf = new Map(pending.map((p) => [p.id, p.userId]));
    const params = noticeReminderParams(notice.id, notice.title);
    await notify(
      trx,
      marked.map((retailerId) => ({
        userId: userOf.get(retailerId)!,
        kind: NOTICE_REMINDER_KIND,
        textKey: important ? NOTICE_REMINDER_TEXT_KEYS.important : NOTICE_REMINDER_TEXT_KEYS.plain,
        params,
        dueAt: at,
        expiresAt: new Date(now.getTime() + NOTICE_REMINDER_DAYS * 86_400_000).toISOString(),
        retailerId,
        dedupeKey: `${NOTICE_REMINDER_KIND}:${notice.id}:${retailerId}:${chase.id}`,
      })),
      now,
    );
    return { ok: true, chased: marked.length, recent: plan.recent + plan.due.length - marked.length, unreachable: plan.unreachable };
  });
}

/**
 * A notice's attachment for whoever may see the notice (null otherwise, and when it has none): a retailer it
 * reached, a manager whose route it reached (or who wrote it), staff.
 */
export async function noticeAttachment(db: DB, user: ScopeUser, noticeId: number) {
  if (!Number.isSafeInteger(noticeId)) return null;
  const q = db
    .selectFrom('notices')
    .innerJoin('noticeFiles', 'noticeFiles.noticeId', 'notices.id')
    .select(['notices.attachmentName', 'notices.attachmentType', 'noticeFiles.content'])
    .where('notices.id', '=', noticeId);
  const scoped =
    user.role === 'retailer'
      ? q.where((eb) =>
          eb.exists(eb.selectFrom('noticeRecipients as r').select('r.noticeId').whereRef('r.noticeId', '=', 'notices.id').where(retailerInScope(user, 'r.retailerId'))),
        )
      : q.where(noticeVisible(user));
  const row = await scoped.executeTakeFirst();
  if (!row?.attachmentName || !row.attachmentType) return null;
  return { name: row.attachmentName, type: row.attachmentType, bytes: new Uint8Array(row.content) };
}
