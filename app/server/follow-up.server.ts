/**
 * The manager's follow-up lists — not ordered this cycle (with empty cycles in a row), not uploaded for N days,
 * allocations not confirmed, data issues open since before today — and the contact notes that record what a
 * call achieved. Every query is limited to the user's scope inside the query.
 */
import { sql } from 'kysely';
import { cutoffOf, mayOrder } from '~/domain/cycle';
import { daysSinceUpload, emptyCycleStreak, FLAG_EMPTY_STREAK } from '~/domain/follow-up';
import type { ContactNoteInput } from '~/domain/forms/manager-work';
import { shanghaiDayOf, shanghaiToInstant } from '~/domain/time';
import type { ContactTopic } from '../../db/schema';
import { currentCycle } from './cycles.server';
import type { DB } from './db.server';
import { PLACED_STATUSES } from './orders.server';
import { orderingCycles, ordersIn } from './manager-route.server';
import { retailerInScope, retailerIsInScope, type ScopeUser } from './scope.server';

/** How many past cycles are read to count empty cycles in a row. */
const STREAK_CYCLES = 8;
export const DEFAULT_NOT_UPLOADED_DAYS = 2;

type Scoped = { id: number; name: string; licenceNo: string; phone: string; orderWeekday: number; isOnline: number };

async function routeRetailers(db: DB, user: ScopeUser): Promise<Scoped[]> {
  return db
    .selectFrom('retailers')
    .select(['id', 'name', 'licenceNo', 'phone', 'orderWeekday', 'isOnline'])
    .where(retailerInScope(user, 'retailers.id'))
    .where('active', '=', 1)
    .orderBy('licenceNo')
    .execute();
}

/** Today's newest note per retailer (so the list shows what was already done about it). */
async function todaysNotes(db: DB, user: ScopeUser, now: Date) {
  const since = shanghaiToInstant(shanghaiDayOf(now));
  const notes = await db
    .selectFrom('contactNotes')
    .select(['retailerId', 'topic', 'outcome', 'note', 'at'])
    .where(retailerInScope(user, 'contactNotes.retailerId'))
    .where('at', '>=', since)
    .orderBy('at', 'desc')
    .execute();
  const newest = new Map<string, (typeof notes)[number]>();
  for (const n of notes) {
    const key = `${n.retailerId}:${n.topic}`;
    if (!newest.has(key)) newest.set(key, n);
  }
  return (retailerId: number, topic: ContactTopic) => newest.get(`${retailerId}:${topic}`) ?? null;
}

export async function followUpLists(db: DB, user: ScopeUser, options: { notUploadedDays?: number } = {}, now = new Date()) {
  const today = shanghaiDayOf(now);
  const notUploadedDays = options.notUploadedDays ?? DEFAULT_NOT_UPLOADED_DAYS;
  const [retailers, noteOf] = await Promise.all([routeRetailers(db, user), todaysNotes(db, user, now)]);

  // Not ordered in the cycle it orders in now, with the run of empty cycles before it.
  const { cycleOf } = await orderingCycles(db, now);
  const current = [...new Map(retailers.map((r) => cycleOf(r.orderWeekday)).filter((c) => c !== null).map((c) => [c.id, c])).values()];
  const notOrdered = [];
  if (current.length) {
    const newest = current.map((c) => c.startsOn).sort().at(-1)!;
    const cycles = await db
      .selectFrom('orderCycles')
      .select(['id', 'code', 'startsOn'])
      .where('startsOn', '<=', newest)
      .orderBy('startsOn', 'desc')
      .limit(STREAK_CYCLES + 1)
      .execute();
    const statusOf = await ordersIn(
      db,
      user,
      cycles.map((c) => c.id),
    );
    for (const r of retailers) {
      const cycle = cycleOf(r.orderWeekday);
      if (!cycle) continue;
      const status = statusOf.get(`${r.id}:${cycle.id}`)?.status ?? null;
      if (status && (PLACED_STATUSES.includes(status) || status === 'failed')) continue;
      const history = cycles.filter((c) => c.startsOn <= cycle.startsOn).slice(0, STREAK_CYCLES);
      const streak = emptyCycleStreak(history.map((c) => PLACED_STATUSES.includes(statusOf.get(`${r.id}:${c.id}`)?.status ?? 'draft')));
      notOrdered.push({
        ...r,
        status,
        cycleCode: cycle.code,
        cutoffAt: cutoffOf(cycle, r.orderWeekday),
        windowOpen: mayOrder(cycle, r.orderWeekday, now),
        emptyStreak: streak,
        flagged: streak >= FLAG_EMPTY_STREAK,
        todaysNote: noteOf(r.id, 'not_ordered'),
      });
    }
    // Flagged shops first, then by cut-off (soonest first).
    notOrdered.sort((a, b) => Number(b.flagged) - Number(a.flagged) || a.cutoffAt.localeCompare(b.cutoffAt) || a.licenceNo.localeCompare(b.licenceNo));
  }

  // Not uploaded for N days or more (never uploaded counts).
  const lastUploads = await db
    .selectFrom('uploads')
    .select(['retailerId', sql<string>`max(uploads.business_date)`.as('lastDay')])
    .where(retailerInScope(user, 'uploads.retailerId'))
    .where('kind', '=', 'sales')
    .groupBy('retailerId')
    .execute();
  const lastUploadOf = new Map(lastUploads.map((u) => [u.retailerId, String(u.lastDay)]));
  // Only shops in online distribution are required to upload.
  const notUploaded = retailers
    .filter((r) => r.isOnline === 1)
    .map((r) => {
      const lastUploadDay = lastUploadOf.get(r.id) ?? null;
      return { ...r, lastUploadDay, daysSince: daysSinceUpload(lastUploadDay, today), todaysNote: noteOf(r.id, 'not_uploaded') };
    })
    .filter((r) => r.daysSince === null || r.daysSince >= notUploadedDays)
    .sort((a, b) => (b.daysSince ?? Infinity) - (a.daysSince ?? Infinity) || a.licenceNo.localeCompare(b.licenceNo));

  // CONTRACT with allocation/publishing: "not confirmed" = an order still 'allocated' in a 'published' cycle.
  const unconfirmed = await db
    .selectFrom('orders')
    .innerJoin('orderCycles', 'orderCycles.id', 'orders.cycleId')
    .innerJoin('retailers', 'retailers.id', 'orders.retailerId')
    .select(['orders.id as orderId', 'orders.retailerId', 'orderCycles.code as cycleCode', 'retailers.name', 'retailers.licenceNo', 'retailers.phone', 'orders.totalCartons'])
    .where(retailerInScope(user, 'orders.retailerId'))
    .where('orders.status', '=', 'allocated')
    .where('orderCycles.status', '=', 'published')
    .orderBy('orderCycles.startsOn')
    .orderBy('retailers.licenceNo')
    .execute();
  const allocationsUnconfirmed = unconfirmed.map((o) => ({ ...o, id: o.retailerId, todaysNote: noteOf(o.retailerId, 'allocation_unconfirmed') }));

  // Issues found before today and still open.
  const issues = await db
    .selectFrom('qualityIssues')
    .innerJoin('retailers', 'retailers.id', 'qualityIssues.retailerId')
    .select([
      'qualityIssues.retailerId as id',
      'retailers.name',
      'retailers.licenceNo',
      'retailers.phone',
      sql<number>`count(*)`.as('openCount'),
      sql<string>`min(quality_issues.found_at)`.as('oldestFoundAt'),
    ])
    .where(retailerInScope(user, 'qualityIssues.retailerId'))
    .where('qualityIssues.status', '=', 'open')
    .where('qualityIssues.foundAt', '<', shanghaiToInstant(today))
    .groupBy(['qualityIssues.retailerId', 'retailers.name', 'retailers.licenceNo', 'retailers.phone'])
    .orderBy('retailers.licenceNo')
    .execute();
  const issuesOpen = issues.map((i) => ({
    ...i,
    openCount: Number(i.openCount),
    oldestFoundAt: new Date(i.oldestFoundAt).toISOString(),
    todaysNote: noteOf(i.id, 'issue_open'),
  }));

  return {
    cycleCodes: [...new Set(notOrdered.map((r) => r.cycleCode))].sort(),
    today,
    notUploadedDays,
    notOrdered,
    notUploaded,
    allocationsUnconfirmed,
    issuesOpen,
  };
}

export type ContactNoteResult = { ok: true; id: number } | { ok: false; reason: 'not_found' };

/** Records what a call or visit achieved; refused for a shop outside the user's scope. */
export async function addContactNote(db: DB, user: ScopeUser, input: Omit<ContactNoteInput, 'intent'>, now = new Date()): Promise<ContactNoteResult> {
  if (!(await retailerIsInScope(db, user, input.retailerId))) return { ok: false, reason: 'not_found' };
  const cycle = await currentCycle(db, shanghaiDayOf(now));
  const row = await db
    .insertInto('contactNotes')
    .values({
      retailerId: input.retailerId,
      authorUserId: user.userId,
      at: now.toISOString(),
      topic: input.topic,
      outcome: input.outcome,
      note: input.note,
      cycleId: cycle?.id ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { ok: true, id: row.id };
}

/** A shop's notes, newest first, with who wrote them. */
export async function contactNotesOf(db: DB, user: ScopeUser, retailerId: number, limit = 20) {
  const rows = await db
    .selectFrom('contactNotes')
    .innerJoin('users', 'users.id', 'contactNotes.authorUserId')
    .select(['contactNotes.id', 'contactNotes.at', 'contactNotes.topic', 'contactNotes.outcome', 'contactNotes.note', 'users.displayName as author'])
    .where('contactNotes.retailerId', '=', retailerId)
    .where(retailerInScope(user, 'contactNotes.retailerId'))
    .orderBy('contactNotes.at', 'desc')
    .orderBy('contactNotes.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ...r, at: new Date(r.at).toISOString() }));
}
