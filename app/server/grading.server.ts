/**
 * 档位评定 (issue 18, "grades kept honest"), the database side: staff's grading rule (versions kept), the proposal the
 * 'grading' job computes from every active shop's own figures over the last GRADING_WEEKS full weeks (the rule is
 * app/domain/shop/grading.ts), staff's review (keep a shop's grade, approve the rest, or discard), and the approved
 * changes applied when the next cycle opens — with the shop's grade history and the attribute history the figures
 * of past days are broken down by (retailer-history.server.ts). Staff only; nothing is changed half-way.
 */
import {
  checkGradingRule,
  DEFAULT_GRADING_RULE,
  GRADING_WEEKS,
  proposeGrades,
  type GradeProposal,
  type GradingRule,
  type GradingRuleProblem,
  type GradingShop,
} from '~/domain/shop/grading';
import type { GradingJobResult } from '~/domain/jobs';
import { addDays, mondayOf, shanghaiDayOf } from '~/domain/time';
import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema';
import type { DB } from './db.server';
import { PLACED_STATUSES } from './orders.server';
import { recordAttributeChanges } from './retailer-history.server';
import { resumRollups } from './rollups.server';
import type { ScopeUser } from './scope.server';

const IDS_PER_READ = 1_000;
const LINES_PER_INSERT = 500;
/** Price classes counted as the premium part of a shop's structure (一类, 二类). */
const PREMIUM_CLASSES = [1, 2];

// ------------------------------------------------------------------ the rule

/** The rule in force: the latest version staff saved, or the default (version null) before they saved one. */
export async function currentGradingRule(db: DB): Promise<{ version: number | null; rule: GradingRule; setAt: string | null; setBy: string | null }> {
  const row = await db
    .selectFrom('gradingRules')
    .leftJoin('users', 'users.id', 'gradingRules.setByUserId')
    .select(['gradingRules.id', 'gradingRules.weightsJson', 'gradingRules.bandsJson', 'gradingRules.maxStep', 'gradingRules.setAt', 'users.displayName'])
    .orderBy('gradingRules.id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!row) return { version: null, rule: DEFAULT_GRADING_RULE, setAt: null, setBy: null };
  // Stored by saveGradingRule only after checkGradingRule found nothing wrong.
  const weights = JSON.parse(row.weightsJson) as GradingRule['weights'];
  const bands = JSON.parse(row.bandsJson) as GradingRule['bands'];
  return { version: row.id, rule: { weights, bands, maxStep: row.maxStep }, setAt: row.setAt, setBy: row.displayName };
}

export type SaveRuleResult = { ok: true; version: number } | { ok: false; reason: 'not_found' } | { ok: false; reason: 'bad_rule'; problems: GradingRuleProblem[] };

/** Staff save a new version of the rule; refused, naming each field, when its weights or bands do not fit — nothing saved. */
export async function saveGradingRule(db: DB, user: ScopeUser, rule: GradingRule, now = new Date()): Promise<SaveRuleResult> {
  if (user.role !== 'staff') return { ok: false, reason: 'not_found' };
  const problems = checkGradingRule(rule);
  if (problems.length) return { ok: false, reason: 'bad_rule', problems };
  const row = await db
    .insertInto('gradingRules')
    .values({ weightsJson: JSON.stringify(rule.weights), bandsJson: JSON.stringify(rule.bands), maxStep: rule.maxStep, setByUserId: user.userId, setAt: now.toISOString() })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { ok: true, version: row.id };
}

// ------------------------------------------------------------------ the proposal (the 'grading' job's work)

/** The last GRADING_WEEKS full weeks before `now`'s week: Monday to Sunday. */
export function gradingWindow(now: Date): { from: string; to: string } {
  const monday = mondayOf(shanghaiDayOf(now));
  return { from: addDays(monday, -7 * GRADING_WEEKS), to: addDays(monday, -1) };
}

/**
 * Every active shop's figures over the window: what it bought (allocated × price of its placed orders in cycles
 * starting in the window) and the premium part of it, and its scanned packs from the monitoring roll-ups (known
 * when it uploaded sales on at least half the days). `onChunk` reports shops read.
 */
export async function gradingFigures(db: DB, window: { from: string; to: string }, onChunk?: (done: number, total: number) => Promise<void>): Promise<GradingShop[]> {
  const shops = await db.selectFrom('retailers').select(['id', 'businessType', 'grade']).where('active', '=', 1).orderBy('id').execute();
  const days = Math.round((Date.parse(`${window.to}T00:00:00Z`) - Date.parse(`${window.from}T00:00:00Z`)) / 86_400_000) + 1;
  const out: GradingShop[] = [];
  for (let i = 0; i < shops.length; i += IDS_PER_READ) {
    const chunk = shops.slice(i, i + IDS_PER_READ);
    const ids = chunk.map((s) => s.id);
    const [bought, firstOrders, scanned] = await Promise.all([
      db
        .selectFrom('orderLines')
        .innerJoin('orders', 'orders.id', 'orderLines.orderId')
        .innerJoin('orderCycles', 'orderCycles.id', 'orders.cycleId')
        .innerJoin('specs', 'specs.id', 'orderLines.specId')
        .select((eb) => [
          'orders.retailerId',
          'specs.priceClass',
          eb.fn.sum<number>(eb(eb.fn.coalesce('orderLines.qtyAllocatedCartons', eb.val(0)), '*', eb.ref('orderLines.unitPriceFen'))).as('amountFen'),
        ])
        .where('orders.retailerId', 'in', ids)
        .where('orders.status', 'in', PLACED_STATUSES)
        .where('orderCycles.startsOn', '>=', window.from)
        .where('orderCycles.startsOn', '<=', window.to)
        .groupBy(['orders.retailerId', 'specs.priceClass'])
        .execute(),
      db
        .selectFrom('orders')
        .innerJoin('orderCycles', 'orderCycles.id', 'orders.cycleId')
        .select((eb) => ['orders.retailerId', eb.fn.min('orderCycles.startsOn').as('first')])
        .where('orders.retailerId', 'in', ids)
        .where('orders.status', 'in', PLACED_STATUSES)
        .groupBy('orders.retailerId')
        .execute(),
      db
        .selectFrom('monitoringRetailerDays')
        .select((eb) => ['retailerId', eb.fn.sum<number>('salesPacks').as('packs'), eb.fn.sum<number>('uploaded').as('uploadedDays')])
        .where('retailerId', 'in', ids)
        .where('day', '>=', window.from)
        .where('day', '<=', window.to)
        .groupBy('retailerId')
        .execute(),
    ]);
    const ordered = new Map<number, { total: number; premium: number }>();
    for (const b of bought) {
      const o = ordered.get(b.retailerId) ?? { total: 0, premium: 0 };
      const fen = Math.round(Number(b.amountFen ?? 0));
      o.total += fen;
      if (PREMIUM_CLASSES.includes(b.priceClass)) o.premium += fen;
      ordered.set(b.retailerId, o);
    }
    const first = new Map(firstOrders.map((f) => [f.retailerId, f.first === null ? null : String(f.first)]));
    const scans = new Map(scanned.map((s) => [s.retailerId, { packs: Number(s.packs ?? 0), uploadedDays: Number(s.uploadedDays ?? 0) }]));
    for (const s of chunk) {
      const o = ordered.get(s.id);
      const firstOrder = first.get(s.id) ?? null;
      const scan = scans.get(s.id);
      out.push({
        retailerId: s.id,
        businessType: s.businessType,
        grade: s.grade,
        notJudged: !o || o.total <= 0 ? 'no_orders' : firstOrder !== null && firstOrder > window.from ? 'new_shop' : null,
        orderedFen: o?.total ?? 0,
        premiumFen: o?.premium ?? 0,
        scannedPacks: scan && scan.uploadedDays * 2 >= days ? scan.packs : null,
      });
    }
    await onChunk?.(Math.min(i + IDS_PER_READ, shops.length), shops.length);
  }
  return out;
}


/**
 * The 'grading' job's work: this month's proposal under the rule in force, replacing an open (undecided) one; only
 * the shops whose grade would change are stored, with the numbers behind each. `actor` is who asked (null: the
 * schedule).
 */
export async function computeGradeProposal(db: DB, actorUserId: number | null, now = new Date(), onChunk?: (done: number, total: number) => Promise<void>): Promise<GradingJobResult> {
  const { version, rule } = await currentGradingRule(db);
  const window = gradingWindow(now);
  const shops = await gradingFigures(db, window, onChunk);
  const result = proposeGrades(rule, shops);
  const changes = result.proposals.filter((p) => p.gradeTo !== p.gradeFrom);
  const proposalId = await db.transaction().execute(async (trx) => {
    const open = await trx.selectFrom('gradeProposals').select('id').where('status', '=', 'open').execute();
    for (const o of open) {
      await trx.deleteFrom('gradeProposalLines').where('proposalId', '=', o.id).execute();
      await trx.deleteFrom('gradeProposals').where('id', '=', o.id).execute();
    }
    const row = await trx
      .insertInto('gradeProposals')
      .values({
        ruleId: version,
        ruleJson: JSON.stringify(rule),
        windowFrom: window.from,
        windowTo: window.to,
        computedAt: now.toISOString(),
        computedByUserId: actorUserId,
        status: 'open',
        judged: result.proposals.length,
        notJudged: result.notJudged.length,
        decidedAt: null,
        decidedByUserId: null,
        appliedAt: null,
        appliedCycleId: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (let i = 0; i < changes.length; i += LINES_PER_INSERT) {
      await trx
        .insertInto('gradeProposalLines')
        .values(changes.slice(i, i + LINES_PER_INSERT).map((p) => ({ proposalId: row.id, retailerId: p.retailerId, gradeFrom: p.gradeFrom, gradeTo: p.gradeTo, stepSize: Math.abs(p.gradeTo - p.gradeFrom), bandGrade: p.bandGrade, whyJson: JSON.stringify(p.why), decision: 'pending' })))
        .execute();
    }
    return row.id;
  });
  return { proposalId, judged: result.proposals.length, notJudged: result.notJudged.length, up: changes.filter((p) => p.gradeTo > p.gradeFrom).length, down: changes.filter((p) => p.gradeTo < p.gradeFrom).length };
}

// ------------------------------------------------------------------ review

export type ProposalStatus = 'open' | 'approved' | 'discarded';
export type LineDecision = 'pending' | 'approved' | 'rejected' | 'superseded';

export interface ProposalLineView {
  retailerId: number;
  name: string;
  licenceNo: string;
  businessType: string;
  gradeFrom: number;
  gradeTo: number;
  bandGrade: number;
  decision: LineDecision;
  why: GradeProposal['why'];
}

/** The page size of the review list. */
export const PROPOSAL_PAGE_LINES = 50;

/**
 * The latest proposal for the review page: its counts, and one page of its changes, the biggest first (then by
 * licence). Null before the first proposal. Staff only.
 */
export async function latestGradeProposal(db: DB, user: ScopeUser, page = 1) {
  if (user.role !== 'staff') return null;
  const p = await db.selectFrom('gradeProposals').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirst();
  if (!p) return null;
  const [counts, ups] = await Promise.all([
    db.selectFrom('gradeProposalLines').select((eb) => ['decision', eb.fn.countAll<number>().as('n')]).where('proposalId', '=', p.id).groupBy('decision').execute(),
    db.selectFrom('gradeProposalLines').select((eb) => eb.fn.countAll<number>().as('n')).where('proposalId', '=', p.id).whereRef('gradeTo', '>', 'gradeFrom').executeTakeFirst(),
  ]);
  const byDecision = Object.fromEntries(counts.map((c) => [c.decision, Number(c.n)])) as Partial<Record<LineDecision, number>>;
  const changes = counts.reduce((n, c) => n + Number(c.n), 0);
  const up = Number(ups?.n ?? 0);
  const offset = (Math.max(1, page) - 1) * PROPOSAL_PAGE_LINES;
  const lines = await db
    .selectFrom('gradeProposalLines')
    .innerJoin('retailers', 'retailers.id', 'gradeProposalLines.retailerId')
    .select(['gradeProposalLines.retailerId', 'retailers.name', 'retailers.licenceNo', 'retailers.businessType', 'gradeProposalLines.gradeFrom', 'gradeProposalLines.gradeTo', 'gradeProposalLines.bandGrade', 'gradeProposalLines.decision', 'gradeProposalLines.whyJson'])
    .where('gradeProposalLines.proposalId', '=', p.id)
    .orderBy('gradeProposalLines.stepSize', 'desc')
    .orderBy('retailers.licenceNo')
    .limit(PROPOSAL_PAGE_LINES)
    .offset(offset)
    .execute();
  const cycle = p.appliedCycleId ? await db.selectFrom('orderCycles').select('code').where('id', '=', p.appliedCycleId).executeTakeFirst() : undefined;
  return {
    id: p.id,
    status: p.status as ProposalStatus,
    windowFrom: String(p.windowFrom),
    windowTo: String(p.windowTo),
    computedAt: p.computedAt,
    decidedAt: p.decidedAt,
    appliedAt: p.appliedAt,
    appliedCycleCode: cycle?.code ?? null,
    rule: JSON.parse(p.ruleJson) as GradingRule,
    judged: p.judged,
    notJudged: p.notJudged,
    changes,
    up,
    down: changes - up,
    byDecision,
    page: Math.max(1, page),
    pages: Math.max(1, Math.ceil(changes / PROPOSAL_PAGE_LINES)),
    lines: lines.map(({ whyJson, ...l }) => ({ ...l, decision: l.decision as LineDecision, why: JSON.parse(whyJson) as GradeProposal['why'] })) satisfies ProposalLineView[],
  };
}

export type DecideResult = { ok: true; count: number } | { ok: false; reason: 'not_found' | 'not_open' };

async function openProposal(db: DB, user: ScopeUser, proposalId: number) {
  if (user.role !== 'staff' || !Number.isSafeInteger(proposalId)) return { error: 'not_found' as const };
  const p = await db.selectFrom('gradeProposals').select(['id', 'status']).where('id', '=', proposalId).executeTakeFirst();
  if (!p) return { error: 'not_found' as const };
  if (p.status !== 'open') return { error: 'not_open' as const };
  return { p };
}

/** Staff keep one shop's grade: its line is rejected (the proposal stays open for the rest). */
export async function keepShopGrade(db: DB, user: ScopeUser, proposalId: number, retailerId: number): Promise<DecideResult> {
  const ctx = await openProposal(db, user, proposalId);
  if ('error' in ctx) return { ok: false, reason: ctx.error! };
  const r = await db.updateTable('gradeProposalLines').set({ decision: 'rejected' }).where('proposalId', '=', proposalId).where('retailerId', '=', retailerId).where('decision', '=', 'pending').executeTakeFirst();
  return Number(r.numUpdatedRows) === 1 ? { ok: true, count: 1 } : { ok: false, reason: 'not_found' };
}

/**
 * Staff approve the proposal: every line not kept is approved, in one statement with the proposal's status (a second
 * click, or a proposal computed again meanwhile, approves nothing). The changes apply when the next cycle opens.
 */
export async function approveGradeProposal(db: DB, user: ScopeUser, proposalId: number, now = new Date()): Promise<DecideResult> {
  const ctx = await openProposal(db, user, proposalId);
  if ('error' in ctx) return { ok: false, reason: ctx.error! };
  return db.transaction().execute(async (trx) => {
    const moved = await trx
      .updateTable('gradeProposals')
      .set({ status: 'approved', decidedAt: now.toISOString(), decidedByUserId: user.userId })
      .where('id', '=', proposalId)
      .where('status', '=', 'open')
      .executeTakeFirst();
    if (Number(moved.numUpdatedRows) !== 1) return { ok: false, reason: 'not_open' } as const;
    const r = await trx.updateTable('gradeProposalLines').set({ decision: 'approved' }).where('proposalId', '=', proposalId).where('decision', '=', 'pending').executeTakeFirst();
    return { ok: true, count: Number(r.numUpdatedRows) } as const;
  });
}

/** Staff discard the proposal: nothing of it is applied. */
export async function discardGradeProposal(db: DB, user: ScopeUser, proposalId: number, now = new Date()): Promise<DecideResult> {
  const ctx = await openProposal(db, user, proposalId);
  if ('error' in ctx) return { ok: false, reason: ctx.error! };
  const r = await db.updateTable('gradeProposals').set({ status: 'discarded', decidedAt: now.toISOString(), decidedByUserId: user.userId }).where('id', '=', proposalId).where('status', '=', 'open').executeTakeFirst();
  return Number(r.numUpdatedRows) === 1 ? { ok: true, count: 0 } : { ok: false, reason: 'not_open' };
}

// ------------------------------------------------------------------ applied when the next cycle opens

/**
 * When a cycle opens (inside the opening's transaction): the approved proposals not yet applied take effect from its
 * first day — each approved shop's grade, its grade history, and what it was before kept for the figures of past days. A
 * shop whose grade changed otherwise since the proposal (a master-data import) is left as it is now (its line
 * 'superseded'). Returns how many shops changed grade.
 */
export async function applyApprovedGrades(trx: Transaction<Database>, cycle: { id: number; startsOn: string }, now = new Date()): Promise<number> {
  const due = await trx.selectFrom('gradeProposals').select(['id', 'decidedByUserId']).where('status', '=', 'approved').where('appliedAt', 'is', null).orderBy('id').execute();
  if (!due.length) return 0;
  let applied = 0;
  for (const p of due) {
    const lines = await trx.selectFrom('gradeProposalLines').select(['retailerId', 'gradeFrom', 'gradeTo']).where('proposalId', '=', p.id).where('decision', '=', 'approved').execute();
    const current = new Map<number, number>();
    for (let i = 0; i < lines.length; i += IDS_PER_READ) {
      const ids = lines.slice(i, i + IDS_PER_READ).map((l) => l.retailerId);
      for (const r of await trx.selectFrom('retailers').select(['id', 'grade']).where('id', 'in', ids).execute()) current.set(r.id, r.grade);
    }
    const fits = lines.filter((l) => current.get(l.retailerId) === l.gradeFrom);
    const stale = lines.filter((l) => current.get(l.retailerId) !== l.gradeFrom).map((l) => l.retailerId);
    for (let i = 0; i < stale.length; i += IDS_PER_READ) {
      await trx.updateTable('gradeProposalLines').set({ decision: 'superseded' }).where('proposalId', '=', p.id).where('retailerId', 'in', stale.slice(i, i + IDS_PER_READ)).execute();
    }
    const changed = await recordAttributeChanges(
      trx,
      fits.map((l) => ({ retailerId: l.retailerId, set: { grade: l.gradeTo } })),
      cycle.startsOn,
      'grading',
      p.decidedByUserId,
      now,
    );
    const changedAt = now.toISOString();
    const history = fits.map((l) => ({ retailerId: l.retailerId, gradeFrom: l.gradeFrom, gradeTo: l.gradeTo, effectiveOn: cycle.startsOn, changedAt, changedByUserId: p.decidedByUserId, importId: null }));
    for (let i = 0; i < history.length; i += LINES_PER_INSERT) await trx.insertInto('retailerGradeHistory').values(history.slice(i, i + LINES_PER_INSERT)).execute();
    await trx.updateTable('gradeProposals').set({ appliedAt: changedAt, appliedCycleId: cycle.id }).where('id', '=', p.id).execute();
    applied += changed.length;
  }
  // Days already summed from the cycle's first day on move with the shops (none when it opens ahead of its Monday).
  const today = shanghaiDayOf(now);
  if (applied && cycle.startsOn <= today) await resumRollups(trx, cycle.startsOn, today);
  return applied;
}

/** The shop's latest applied grade change from a proposal, with the numbers behind it (its "my grade" page). */
export async function latestGradingOf(db: DB, retailerId: number) {
  const row = await db
    .selectFrom('gradeProposalLines')
    .innerJoin('gradeProposals', 'gradeProposals.id', 'gradeProposalLines.proposalId')
    .innerJoin('orderCycles', 'orderCycles.id', 'gradeProposals.appliedCycleId')
    .select(['gradeProposalLines.gradeFrom', 'gradeProposalLines.gradeTo', 'gradeProposalLines.whyJson', 'gradeProposals.windowFrom', 'gradeProposals.windowTo', 'orderCycles.startsOn'])
    .where('gradeProposalLines.retailerId', '=', retailerId)
    .where('gradeProposalLines.decision', '=', 'approved')
    .where('gradeProposals.appliedAt', 'is not', null)
    .orderBy('gradeProposals.id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!row) return null;
  return { gradeFrom: row.gradeFrom, gradeTo: row.gradeTo, effectiveOn: String(row.startsOn), windowFrom: String(row.windowFrom), windowTo: String(row.windowTo), why: JSON.parse(row.whyJson) as GradeProposal['why'] };
}
