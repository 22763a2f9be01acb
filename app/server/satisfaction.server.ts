/**
 * The quarterly satisfaction survey (客户满意度): retailers answer once a quarter; managers read their route's
 * answers; staff read the county's by topic, station and manager. The satisfaction indicator's numbers are
 * `satisfactionIndicator` here. Scores are averaged by app/domain/satisfaction.ts.
 */
import { quarterOf, responseRate, summarise, summariseBy } from '~/domain/satisfaction';
import type { SurveyInput } from '~/domain/forms/survey';
import { shanghaiDayOf } from '~/domain/time';
import type { DB } from './db.server';
import { retailerInScope, type ScopeUser } from './scope.server';

export function currentQuarter(now = new Date()): string {
  return quarterOf(shanghaiDayOf(now));
}

/** Whether this shop still has the current quarter's survey to answer (the home page's prompt). */
export async function surveyDue(db: DB, user: ScopeUser, retailerId: number, now = new Date()): Promise<boolean> {
  const answered = await db
    .selectFrom('satisfactionResponses')
    .select('id')
    .where('retailerId', '=', retailerId)
    .where('quarter', '=', currentQuarter(now))
    .where(retailerInScope(user, 'satisfactionResponses.retailerId'))
    .executeTakeFirst();
  return !answered;
}

export async function surveyAnswer(db: DB, user: ScopeUser, retailerId: number, now = new Date()) {
  const quarter = currentQuarter(now);
  const answer = await db
    .selectFrom('satisfactionResponses')
    .select(['supplyScore', 'orderingScore', 'deliveryScore', 'managerScore', 'comment', 'submittedAt'])
    .where('retailerId', '=', retailerId)
    .where('quarter', '=', quarter)
    .where(retailerInScope(user, 'satisfactionResponses.retailerId'))
    .executeTakeFirst();
  return { quarter, answer: answer ? { ...answer, submittedAt: new Date(answer.submittedAt).toISOString() } : null };
}

export type SurveyResult = { ok: true } | { ok: false; reason: 'not_found' | 'already_answered' };

/** One answer per retailer per quarter: the database's unique key decides, so a double submit keeps one. */
export async function submitSurvey(db: DB, user: ScopeUser, retailerId: number, input: SurveyInput, now = new Date()): Promise<SurveyResult> {
  const shop = await db
    .selectFrom('retailers')
    .select(['id', 'managerId', 'stationId'])
    .where('id', '=', retailerId)
    .where(retailerInScope(user, 'retailers.id'))
    .executeTakeFirst();
  if (!shop) return { ok: false, reason: 'not_found' };
  const inserted = await db
    .insertInto('satisfactionResponses')
    .values({
      retailerId: shop.id,
      quarter: currentQuarter(now),
      managerId: shop.managerId,
      stationId: shop.stationId,
      supplyScore: input.supply,
      orderingScore: input.ordering,
      deliveryScore: input.delivery,
      managerScore: input.manager,
      comment: input.comment,
      submittedByUserId: user.userId,
      submittedAt: now.toISOString(),
    })
    .onConflict((oc) => oc.columns(['retailerId', 'quarter']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted ? { ok: true } : { ok: false, reason: 'already_answered' };
}

async function answersIn(db: DB, user: ScopeUser, quarter: string) {
  const rows = await db
    .selectFrom('satisfactionResponses')
    .innerJoin('retailers', 'retailers.id', 'satisfactionResponses.retailerId')
    .innerJoin('accountManagers', 'accountManagers.id', 'satisfactionResponses.managerId')
    .innerJoin('stations', 'stations.id', 'satisfactionResponses.stationId')
    .select([
      'satisfactionResponses.id',
      'satisfactionResponses.retailerId',
      'retailers.name as retailerName',
      'retailers.licenceNo',
      'satisfactionResponses.managerId',
      'accountManagers.name as managerName',
      'satisfactionResponses.stationId',
      'stations.nameZh as stationZh',
      'stations.nameEn as stationEn',
      'satisfactionResponses.supplyScore',
      'satisfactionResponses.orderingScore',
      'satisfactionResponses.deliveryScore',
      'satisfactionResponses.managerScore',
      'satisfactionResponses.comment',
      'satisfactionResponses.submittedAt',
    ])
    .where('satisfactionResponses.quarter', '=', quarter)
    .where(retailerInScope(user, 'satisfactionResponses.retailerId'))
    .orderBy('satisfactionResponses.submittedAt', 'desc')
    .execute();
  return rows.map((r) => ({
    ...r,
    submittedAt: new Date(r.submittedAt).toISOString(),
    supply: r.supplyScore,
    ordering: r.orderingScore,
    delivery: r.deliveryScore,
    manager: r.managerScore,
  }));
}

async function askedCount(db: DB, user: ScopeUser) {
  const rows = await db
    .selectFrom('retailers')
    .select(['managerId', 'stationId'])
    .where(retailerInScope(user, 'retailers.id'))
    .where('active', '=', 1)
    .execute();
  return rows;
}

/** Quarters that have answers in the user's scope, newest first, always including the current one. */
export async function surveyQuarters(db: DB, user: ScopeUser, now = new Date()): Promise<string[]> {
  const rows = await db
    .selectFrom('satisfactionResponses')
    .select('quarter')
    .distinct()
    .where(retailerInScope(user, 'satisfactionResponses.retailerId'))
    .execute();
  return [...new Set([currentQuarter(now), ...rows.map((r) => r.quarter)])].sort().reverse();
}

/** A manager's route: every answer of the quarter with its comment, and the route's averages. */
export async function routeSatisfaction(db: DB, user: ScopeUser, quarter: string) {
  const [answers, asked] = await Promise.all([answersIn(db, user, quarter), askedCount(db, user)]);
  return { quarter, answers, summary: summarise(answers), asked: asked.length, responseRate: responseRate(answers.length, asked.length) };
}

/** The county (for staff): averages by topic overall, by station and by manager, with response rates. */
export async function countySatisfaction(db: DB, user: ScopeUser, quarter: string) {
  const [answers, asked, managers, stations] = await Promise.all([
    answersIn(db, user, quarter),
    askedCount(db, user),
    db.selectFrom('accountManagers').select(['id', 'name', 'stationId']).orderBy('code').execute(),
    db.selectFrom('stations').select(['id', 'nameZh', 'nameEn']).orderBy('code').execute(),
  ]);
  const askedBy = (pick: (r: (typeof asked)[number]) => number, id: number) => asked.filter((r) => pick(r) === id).length;
  const byStation = new Map(summariseBy(answers, (a) => a.stationId).map((g) => [g.key, g.summary]));
  const byManager = new Map(summariseBy(answers, (a) => a.managerId).map((g) => [g.key, g.summary]));
  const stationName = new Map(stations.map((s) => [s.id, s]));
  return {
    quarter,
    summary: summarise(answers),
    asked: asked.length,
    responseRate: responseRate(answers.length, asked.length),
    stations: stations.map((s) => {
      const summary = byStation.get(s.id) ?? summarise([]);
      const n = askedBy((r) => r.stationId, s.id);
      return { id: s.id, nameZh: s.nameZh, nameEn: s.nameEn, summary, asked: n, responseRate: responseRate(summary.answers, n) };
    }),
    managers: managers.map((m) => {
      const summary = byManager.get(m.id) ?? summarise([]);
      const n = askedBy((r) => r.managerId, m.id);
      const station = stationName.get(m.stationId);
      return { id: m.id, name: m.name, stationZh: station?.nameZh ?? '', stationEn: station?.nameEn ?? '', summary, asked: n, responseRate: responseRate(summary.answers, n) };
    }),
    comments: answers.filter((a) => a.comment).slice(0, 50),
  };
}

/** The satisfaction indicator (客户满意度) for the user's scope and a quarter: per topic and overall, 0–100. */
export async function satisfactionIndicator(db: DB, user: ScopeUser, quarter: string) {
  return summarise(await answersIn(db, user, quarter));
}
