/**
 * Questions answered (issue 19): a retailer's questions with the context they were asked from, the manager's and
 * staff's inboxes, answers, hand-overs to staff, ratings, and the service indicator's figures (answer time by the
 * shop's manager and station when it asked). Every query carries its scope: a retailer reaches only its own
 * questions, a manager only its route's, staff all of them. Rules: app/domain/questions.ts.
 */
import { dimensionValue, type Dimension, type Period } from '~/domain/indicators';
import type { AskInput } from '~/domain/forms/questions';
import { mayAnswer, mayHandToStaff, responseMinutes, type InboxQuestion, type QuestionView } from '~/domain/questions';
import { addDays, shanghaiDayOf, shanghaiToInstant } from '~/domain/time';
import type { DB } from './db.server';
import { retailerInScope, type ScopeUser } from './scope.server';

export type QuestionResult = { ok: true; id: number } | { ok: false; reason: string; field?: string };

/** How many answered, unread questions the inbox lists beside the open ones. */
const RECENT_ANSWERED = 20;
/** The most questions the shop's list shows (newest first). */
const LISTED = 100;

const VIEW_COLUMNS = [
  'q.id',
  'q.askedAt',
  'q.body',
  'q.contextKind',
  'q.contextCode',
  'q.contextLabel',
  'q.status',
  'q.handedAt',
  'q.handNote',
  'q.answer',
  'q.answeredAt',
  'q.answeredByRole',
  'q.rating',
  'q.answerReadAt',
] as const;

/** A question as the view query reads it: the view's fields, and when the shop read the answer. */
type ViewRow = Omit<QuestionView, 'unread'> & { answerReadAt: string | null };

function toView(r: ViewRow): QuestionView {
  const { answerReadAt, ...rest } = r;
  return {
    ...rest,
    askedAt: String(r.askedAt),
    handedAt: r.handedAt ? String(r.handedAt) : null,
    answeredAt: r.answeredAt ? String(r.answeredAt) : null,
    rating: r.rating === null ? null : Number(r.rating),
    unread: r.answeredAt !== null && answerReadAt === null,
  };
}

/**
 * What the question is about, read from the shop's own rows (another shop's order or issue finds nothing, as a
 * missing one): the ids kept and a label in words that need no translation. A refusal names the field.
 */
async function resolveContext(db: DB, user: ScopeUser, retailerId: number, input: AskInput) {
  type Ctx = { cycleId: number | null; orderId: number | null; specId: number | null; issueId: number | null; code: string | null; label: string };
  const none: Ctx = { cycleId: null, orderId: null, specId: null, issueId: null, code: null, label: '' };
  const specName = async (specId: number | undefined) => {
    if (specId === undefined) return null;
    const s = await db.selectFrom('specs').select('name').where('id', '=', specId).executeTakeFirst();
    return s ? s.name : undefined;
  };
  switch (input.about) {
    case 'general':
      return { ok: true as const, ctx: none };
    case 'order_line': {
      if (input.cycleId === undefined) return { ok: false as const, field: 'cycleId' };
      if (input.specId === undefined) return { ok: false as const, field: 'specId' };
      const cycle = await db.selectFrom('orderCycles').select(['id', 'code']).where('id', '=', input.cycleId).executeTakeFirst();
      if (!cycle) return { ok: false as const, field: 'cycleId' };
      const name = await specName(input.specId);
      if (!name) return { ok: false as const, field: 'specId' };
      return { ok: true as const, ctx: { ...none, cycleId: cycle.id, specId: input.specId, label: `${cycle.code} · ${name}` } };
    }
    case 'allocation':
    case 'delivery': {
      if (input.orderId === undefined) return { ok: false as const, field: 'orderId' };
      const order = await db
        .selectFrom('orders')
        .innerJoin('orderCycles', 'orderCycles.id', 'orders.cycleId')
        .select(['orders.id', 'orders.cycleId', 'orderCycles.code'])
        .where('orders.id', '=', input.orderId)
        .where('orders.retailerId', '=', retailerId)
        .where(retailerInScope(user, 'orders.retailerId'))
        .executeTakeFirst();
      if (!order) return { ok: false as const, field: 'orderId' };
      const name = await specName(input.specId);
      if (name === undefined) return { ok: false as const, field: 'specId' };
      return {
        ok: true as const,
        ctx: { ...none, cycleId: order.cycleId, orderId: order.id, specId: name ? input.specId! : null, label: name ? `${order.code} · ${name}` : order.code },
      };
    }
    case 'data_issue': {
      if (input.issueId === undefined) return { ok: false as const, field: 'issueId' };
      const issue = await db
        .selectFrom('qualityIssues as i')
        .leftJoin('specs as s', 's.id', 'i.specId')
        .select(['i.id', 'i.kind', 'i.day', 'i.specId', 's.name as specName'])
        .where('i.id', '=', input.issueId)
        .where('i.retailerId', '=', retailerId)
        .where(retailerInScope(user, 'i.retailerId'))
        .executeTakeFirst();
      if (!issue) return { ok: false as const, field: 'issueId' };
      const day = String(issue.day);
      return { ok: true as const, ctx: { ...none, issueId: issue.id, specId: issue.specId, code: issue.kind, label: issue.specName ? `${day} · ${issue.specName}` : day } };
    }
  }
}

/** The shop asks: the question goes to its manager, with the context and the shop's dimensions of today. */
export async function askQuestion(db: DB, user: ScopeUser, retailerId: number, input: AskInput, now = new Date()): Promise<QuestionResult> {
  if (user.role !== 'retailer') return { ok: false, reason: 'not_found' };
  const shop = await db
    .selectFrom('retailers')
    .select(['id', 'managerId', 'stationId', 'businessType', 'marketType', 'grade'])
    .where('id', '=', retailerId)
    .where(retailerInScope(user, 'retailers.id'))
    .executeTakeFirst();
  if (!shop) return { ok: false, reason: 'not_found' };
  const context = await resolveContext(db, user, retailerId, input);
  if (!context.ok) return { ok: false, reason: 'context', field: context.field };
  const row = await db
    .insertInto('questions')
    .values({
      retailerId: shop.id,
      askedByUserId: user.userId,
      askedAt: now.toISOString(),
      body: input.body,
      contextKind: input.about,
      contextCycleId: context.ctx.cycleId,
      contextOrderId: context.ctx.orderId,
      contextSpecId: context.ctx.specId,
      contextIssueId: context.ctx.issueId,
      contextCode: context.ctx.code,
      contextLabel: context.ctx.label,
      managerId: shop.managerId,
      stationId: shop.stationId,
      businessType: shop.businessType,
      marketType: shop.marketType,
      grade: shop.grade,
      status: 'open',
      handedAt: null,
      handedByUserId: null,
      handNote: null,
      answer: null,
      answeredAt: null,
      answeredByUserId: null,
      answeredByRole: null,
      responseMinutes: null,
      answerReadAt: null,
      rating: null,
      ratedAt: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { ok: true, id: row.id };
}

/** The shop's own questions, newest first; answers not read yet are marked `unread` (markAnswersRead reads them). */
export async function myQuestions(db: DB, user: ScopeUser, retailerId: number): Promise<QuestionView[]> {
  const rows = await db
    .selectFrom('questions as q')
    .select(VIEW_COLUMNS)
    .where('q.retailerId', '=', retailerId)
    .where(retailerInScope(user, 'q.retailerId'))
    .orderBy('q.askedAt', 'desc')
    .orderBy('q.id', 'desc')
    .limit(LISTED)
    .execute();
  return rows.map(toView);
}

/** The shop has seen its answers (its list was shown): they stop being a to-do on home. */
export async function markAnswersRead(db: DB, user: ScopeUser, retailerId: number, ids: readonly number[], now = new Date()): Promise<void> {
  if (user.role !== 'retailer' || ids.length === 0) return;
  await db
    .updateTable('questions')
    .set({ answerReadAt: now.toISOString() })
    .where('id', 'in', [...ids])
    .where('retailerId', '=', retailerId)
    .where(retailerInScope(user, 'questions.retailerId'))
    .where('answeredAt', 'is not', null)
    .where('answerReadAt', 'is', null)
    .execute();
}

/** Answers the shop has not read yet (home's to-do). */
export async function unreadAnswers(db: DB, user: ScopeUser, retailerId: number): Promise<number> {
  const row = await db
    .selectFrom('questions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('retailerId', '=', retailerId)
    .where(retailerInScope(user, 'questions.retailerId'))
    .where('answeredAt', 'is not', null)
    .where('answerReadAt', 'is', null)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** The shop rates an answer it was given (1–5; it may change its mind). */
export async function rateAnswer(db: DB, user: ScopeUser, retailerId: number, questionId: number, rating: number, now = new Date()): Promise<QuestionResult> {
  if (user.role !== 'retailer') return { ok: false, reason: 'not_found' };
  const q = await db
    .selectFrom('questions')
    .select(['id', 'answeredAt'])
    .where('id', '=', questionId)
    .where('retailerId', '=', retailerId)
    .where(retailerInScope(user, 'questions.retailerId'))
    .executeTakeFirst();
  if (!q) return { ok: false, reason: 'not_found' };
  if (q.answeredAt === null) return { ok: false, reason: 'not_answered' };
  const at = now.toISOString();
  // Rating an answer reads it, too.
  await db
    .updateTable('questions')
    .set((eb) => ({ rating, ratedAt: at, answerReadAt: eb.fn.coalesce('answerReadAt', eb.val(at)) }))
    .where('id', '=', q.id)
    .execute();
  return { ok: true, id: q.id };
}

function inboxQuery(db: DB, user: ScopeUser) {
  return db
    .selectFrom('questions as q')
    .innerJoin('retailers as r', 'r.id', 'q.retailerId')
    .innerJoin('accountManagers as m', 'm.id', 'q.managerId')
    .select([...VIEW_COLUMNS, 'r.id as retailerId', 'r.name as retailerName', 'r.licenceNo', 'r.phone', 'm.name as managerName'])
    .where(retailerInScope(user, 'q.retailerId'));
}

function toInbox(r: ViewRow & { retailerId: number; retailerName: string; licenceNo: string; phone: string; managerName: string }): InboxQuestion {
  return { ...toView(r), retailerId: r.retailerId, retailerName: r.retailerName, licenceNo: r.licenceNo, phone: r.phone, managerName: r.managerName };
}

/**
 * A manager's inbox (its route's shops) or staff's (every shop): the questions waiting for an answer, oldest first
 * (staff: those handed to staff first), and the latest answered ones with their ratings.
 */
export async function questionInbox(db: DB, user: ScopeUser) {
  if (user.role !== 'manager' && user.role !== 'staff') return null;
  const [waiting, answered] = await Promise.all([
    inboxQuery(db, user).where('q.status', 'in', ['open', 'with_staff']).orderBy('q.askedAt').orderBy('q.id').execute(),
    inboxQuery(db, user).where('q.status', '=', 'answered').orderBy('q.answeredAt', 'desc').orderBy('q.id', 'desc').limit(RECENT_ANSWERED).execute(),
  ]);
  const open = waiting.map(toInbox);
  // Staff's own inbox is what managers handed over; the rest of the county's waiting questions are shown below it.
  const handed = open.filter((q) => q.status === 'with_staff');
  const withManagers = open.filter((q) => q.status === 'open');
  return { handed, withManagers, answered: answered.map(toInbox) };
}

/** Questions waiting on a manager's route (the route board's count). */
export async function openQuestionCount(db: DB, user: ScopeUser): Promise<number> {
  const row = await db
    .selectFrom('questions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where(retailerInScope(user, 'questions.retailerId'))
    .where('status', '=', user.role === 'staff' ? 'with_staff' : 'open')
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** A manager (its route's question) or staff (any) answers; once answered a question is final. */
export async function answerQuestion(db: DB, user: ScopeUser, questionId: number, answer: string, now = new Date()): Promise<QuestionResult> {
  if (user.role !== 'manager' && user.role !== 'staff') return { ok: false, reason: 'not_found' };
  const q = await db.selectFrom('questions').select(['id', 'askedAt', 'status']).where('id', '=', questionId).where(retailerInScope(user, 'questions.retailerId')).executeTakeFirst();
  if (!q) return { ok: false, reason: 'not_found' };
  if (!mayAnswer(q.status)) return { ok: false, reason: 'already_answered' };
  const at = now.toISOString();
  // The state is checked again in the write: two people answering at once give one answer.
  const r = await db
    .updateTable('questions')
    .set({ status: 'answered', answer, answeredAt: at, answeredByUserId: user.userId, answeredByRole: user.role, responseMinutes: responseMinutes(String(q.askedAt), at) })
    .where('id', '=', q.id)
    .where('status', 'in', ['open', 'with_staff'])
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) return { ok: false, reason: 'already_answered' };
  return { ok: true, id: q.id };
}

/** A manager hands one of its route's open questions to staff (the county's marketing department). */
export async function handToStaff(db: DB, user: ScopeUser, questionId: number, note: string | null, now = new Date()): Promise<QuestionResult> {
  if (user.role !== 'manager') return { ok: false, reason: 'not_found' };
  const q = await db.selectFrom('questions').select(['id', 'status']).where('id', '=', questionId).where(retailerInScope(user, 'questions.retailerId')).executeTakeFirst();
  if (!q) return { ok: false, reason: 'not_found' };
  if (!mayHandToStaff(q.status)) return { ok: false, reason: q.status === 'answered' ? 'already_answered' : 'already_handed' };
  const r = await db
    .updateTable('questions')
    .set({ status: 'with_staff', handedAt: now.toISOString(), handedByUserId: user.userId, handNote: note })
    .where('id', '=', q.id)
    .where('status', '=', 'open')
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) return { ok: false, reason: 'already_handed' };
  return { ok: true, id: q.id };
}

// ---- The service indicator (monitoring page): 平均答复时长 ----

/** Questions answered in a period and the minutes they took, summed (the indicator is their ratio, in hours). */
export interface ServiceCounts {
  answered: number;
  answerMinutes: number;
}

export const emptyService = (): ServiceCounts => ({ answered: 0, answerMinutes: 0 });

/** The question's dimensions as they were when it was asked (kept on the row). */
const QUESTION_DIMS = ['q.stationId', 'q.managerId', 'q.businessType', 'q.marketType', 'q.grade'] as const;

/**
 * Answer times per value of a dimension, for each of two periods: questions count in the period of the
 * Asia/Shanghai day they were answered, with the shop's manager and station of when it asked. An answer is given
 * once and never changes, so a period that has ended keeps its figure.
 */
export async function serviceByValue(db: DB, dim: Dimension, periods: ReadonlyArray<Pick<Period, 'from' | 'to'>>): Promise<Array<Map<string, ServiceCounts>>> {
  const from = periods.reduce((a, p) => (p.from < a ? p.from : a), periods[0]!.from);
  const to = periods.reduce((a, p) => (p.to > a ? p.to : a), periods[0]!.to);
  const rows = await db
    .selectFrom('questions as q')
    .select(['q.answeredAt', 'q.responseMinutes', ...QUESTION_DIMS])
    .where('q.answeredAt', '>=', shanghaiToInstant(from))
    .where('q.answeredAt', '<', shanghaiToInstant(addDays(to, 1)))
    .execute();
  const maps = periods.map(() => new Map<string, ServiceCounts>());
  for (const r of rows) {
    const day = shanghaiDayOf(String(r.answeredAt));
    const value = dimensionValue(dim, r);
    periods.forEach((p, i) => {
      if (day < p.from || day > p.to) return;
      const s = maps[i]!.get(value) ?? emptyService();
      s.answered += 1;
      s.answerMinutes += Number(r.responseMinutes ?? 0);
      maps[i]!.set(value, s);
    });
  }
  return maps;
}

/** Answers per Asia/Shanghai day over a window, for one value of a dimension (the trend). */
export async function serviceByDay(db: DB, dim: Dimension, value: string, window: { from: string; to: string }): Promise<Map<string, ServiceCounts>> {
  const rows = await db
    .selectFrom('questions as q')
    .select(['q.answeredAt', 'q.responseMinutes', ...QUESTION_DIMS])
    .where('q.answeredAt', '>=', shanghaiToInstant(window.from))
    .where('q.answeredAt', '<', shanghaiToInstant(addDays(window.to, 1)))
    .execute();
  const out = new Map<string, ServiceCounts>();
  for (const r of rows) {
    if (dimensionValue(dim, r) !== value) continue;
    const day = shanghaiDayOf(String(r.answeredAt));
    const s = out.get(day) ?? emptyService();
    s.answered += 1;
    s.answerMinutes += Number(r.responseMinutes ?? 0);
    out.set(day, s);
  }
  return out;
}
