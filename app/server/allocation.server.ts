/**
 * Allocation of a closed cycle (staff), its publication, and the shop's check of what it was allocated.
 *
 *   closed ──run──▶ allocated ──run again (after changing supply or caps)──▶ allocated ──publish──▶ published
 *
 * A run reads the cycle's submitted orders (and the ones the previous run failed), the supply and the caps in
 * force for each shop's grade, allocates with app/domain/allocation, and writes each line's allocated cartons;
 * an order whose deposit cannot cover its allocated amount fails with the reason in the shop's language.
 * Every run is recorded (who, when, inputs and outputs in brief). Publishing turns the submitted orders into
 * 'allocated' (published, awaiting the shop's check); the shop confirms ('confirmed', time kept) or reports a
 * problem (text and time kept; the order stays 'allocated' until it confirms).
 */
import { allocateCycle, checkMethod, shareSpec, shareSpecBy, type AllocationMethod, type DemandLine, type MethodProblem, type OrderInput } from '~/domain/allocation';
import { formatYuan } from '~/domain/money';
import { capForGrade, type CapBand } from '~/domain/ordering';
import { isLanguage } from '~/i18n/config';
import { resources } from '~/i18n/resources';
import { updateByIds } from '../../db/dialect';
import { allocationMethods, demandPreparedAt, storedDemand } from './allocation-demand.server';
import type { DB } from './db.server';
import { retailerInScope, type ScopeUser } from './scope.server';

export type AllocationError = 'not_found' | 'bad_status' | 'not_checkable' | 'invalid';
export type AllocationResultOf<T = object> = ({ ok: true } & T) | { ok: false; reason: AllocationError };
/** A method no longer fits its spec (the supply was lowered below its floor since): nothing is allocated. */
export type MethodRefusal = { ok: false; reason: 'bad_method'; specId: number; problems: MethodProblem[] };

export const MAX_PROBLEM_LENGTH = 500;
/** Rows per UPDATE … WHERE id IN (…): well inside both dialects' bound-parameter limits. */
const IDS_PER_STATEMENT = 5_000;

export interface RunSummary {
  inputs: { orders: number; lines: number; requestedCartons: number; supplySpecs: number; cappedSpecs: number };
  outputs: {
    allocatedCartons: number;
    rounds: number;
    specs: Array<{ specId: number; supplyCartons: number | null; requestedCartons: number; eligibleCartons: number; allocatedCartons: number; short: boolean; method?: AllocationMethod['kind'] }>;
    failedOrderIds: number[];
  };
}

/** The failure reason as the shop will read it, in its own language (kept on the order as text). */
export function depositFailureReason(locale: string | null, amountFen: number, balanceFen: number): string {
  const template = resources[isLanguage(locale) ? locale : 'zh-CN'].staff.cycles.depositFailed;
  return template.replace('{{amount}}', formatYuan(amountFen)).replace('{{balance}}', formatYuan(balanceFen));
}

async function inChunks(ids: number[], apply: (chunk: number[]) => Promise<unknown>) {
  for (let i = 0; i < ids.length; i += IDS_PER_STATEMENT) await apply(ids.slice(i, i + IDS_PER_STATEMENT));
}

/**
 * A run with 按需 or a blend, before the cycle's demand estimates are stored: nothing is allocated. Estimating is long
 * work (a job: job-kinds.server.ts runDemandEstimates, queued when the cycle closes), so a run reads estimates and
 * never computes them.
 */
export type DemandRefusal = { ok: false; reason: 'demand_not_prepared' };

/**
 * Each supplied spec is shared by the method staff chose for it this cycle (按档位 unless they chose 按需 or a
 * blend); those read the cycle's stored demand estimates (allocation-demand.server.ts), and the run is refused
 * while there are none. A method that no longer fits its spec's supply refuses the whole run.
 */
export async function runAllocation(
  db: DB,
  user: ScopeUser,
  cycleId: number,
  now = new Date(),
): Promise<AllocationResultOf<{ runId: number; summary: RunSummary }> | MethodRefusal | DemandRefusal> {
  if (user.role !== 'staff' || !Number.isSafeInteger(cycleId)) return { ok: false, reason: 'not_found' };
  const started = performance.now();
  const methods = await allocationMethods(db, cycleId);
  const byDemand = [...methods.values()].some((m) => m.kind !== 'grade');
  if (byDemand && !(await demandPreparedAt(db, cycleId))) {
    const cycle = await db.selectFrom('orderCycles').select('status').where('id', '=', cycleId).executeTakeFirst();
    if (!cycle) return { ok: false, reason: 'not_found' };
    return cycle.status === 'closed' || cycle.status === 'allocated' ? { ok: false, reason: 'demand_not_prepared' } : { ok: false, reason: 'bad_status' };
  }
  const demand = byDemand ? await storedDemand(db, cycleId) : new Map<string, { demandCartons: number; regularSeller: boolean }>();
  return db.transaction().execute(async (trx) => {
    const cycle = await trx.selectFrom('orderCycles').select(['id', 'status']).where('id', '=', cycleId).executeTakeFirst();
    if (!cycle) return { ok: false, reason: 'not_found' } as const;
    if (cycle.status !== 'closed' && cycle.status !== 'allocated') return { ok: false, reason: 'bad_status' } as const;
    const previous = await trx.selectFrom('allocationRuns').select('summaryJson').where('cycleId', '=', cycleId).orderBy('id', 'desc').executeTakeFirst();
    const failedBefore = new Set(previous ? (JSON.parse(previous.summaryJson) as RunSummary).outputs.failedOrderIds : []);

    const [candidates, lines, supply, caps] = await Promise.all([
      trx
        .selectFrom('orders')
        .innerJoin('retailers', 'retailers.id', 'orders.retailerId')
        .leftJoin('users', 'users.id', 'retailers.userId')
        .select(['orders.id', 'orders.status', 'orders.retailerId', 'retailers.grade', 'retailers.depositBalanceFen', 'users.locale'])
        .where('orders.cycleId', '=', cycleId)
        .where('orders.status', 'in', ['submitted', 'failed'])
        .execute(),
      trx
        .selectFrom('orderLines')
        .innerJoin('orders', 'orders.id', 'orderLines.orderId')
        .select(['orderLines.id', 'orderLines.orderId', 'orderLines.specId', 'orderLines.qtyRequestedCartons', 'orderLines.unitPriceFen'])
        .where('orders.cycleId', '=', cycleId)
        .where('orders.status', 'in', ['submitted', 'failed'])
        .execute(),
      trx.selectFrom('cycleSupply').select(['specId', 'supplyCartons']).where('cycleId', '=', cycleId).execute(),
      trx.selectFrom('caps').select(['specId', 'gradeFrom', 'gradeTo', 'capCartons']).where('cycleId', '=', cycleId).execute(),
    ]);
    // Orders failed by something else than a run (none today) are left alone.
    const orders = candidates.filter((o) => o.status === 'submitted' || failedBefore.has(o.id));
    const bandsBySpec = new Map<number, CapBand[]>();
    for (const c of caps) {
      const bands = bandsBySpec.get(c.specId);
      if (bands) bands.push(c);
      else bandsBySpec.set(c.specId, [c]);
    }
    for (const [specId, method] of methods) {
      const problems = checkMethod(method, supply.find((s) => s.specId === specId)?.supplyCartons ?? null);
      if (problems.length) return { ok: false, reason: 'bad_method', specId, problems } as const;
    }
    const inputs = new Map<number, OrderInput<DemandLine> & { lines: OrderInput<DemandLine>['lines'][number][] }>(
      orders.map((o) => [o.id, { orderId: o.id, depositBalanceFen: o.depositBalanceFen, lines: [] }]),
    );
    const gradeOf = new Map(orders.map((o) => [o.id, o.grade]));
    const shopOf = new Map(orders.map((o) => [o.id, o.retailerId]));
    let requestedCartons = 0;
    for (const l of lines) {
      const input = inputs.get(l.orderId);
      if (!input) continue;
      const grade = gradeOf.get(l.orderId)!;
      // The caps in force now for the shop's grade (staff may have changed them since the shop ordered).
      const bands = bandsBySpec.get(l.specId);
      const estimate = demand.get(`${shopOf.get(l.orderId)}:${l.specId}`);
      input.lines.push({
        key: l.id,
        specId: l.specId,
        grade,
        requestedCartons: l.qtyRequestedCartons,
        capCartons: bands ? capForGrade(bands, grade) : null,
        unitPriceFen: l.unitPriceFen,
        demandCartons: estimate?.demandCartons ?? 0,
        regularSeller: estimate?.regularSeller ?? false,
      });
      requestedCartons += l.qtyRequestedCartons;
    }
    const result = allocateCycle([...inputs.values()], supply, (specLines, supplyCartons, specId) => {
      const method = methods.get(specId);
      return method && method.kind !== 'grade' ? shareSpecBy(specLines, supplyCartons, method) : shareSpec(specLines, supplyCartons);
    });

    // Every line's allocated cartons in a few statements, writing only the lines whose quantity changes (a re-run rewrites little).
    await updateByIds(trx, 'orderLines', 'qtyAllocatedCartons', result.allocated);
    const nowIso = now.toISOString();
    const failedIds = new Set(result.failed.map((f) => f.orderId));
    const localeOf = new Map(orders.map((o) => [o.id, o.locale]));
    for (const f of result.failed) {
      await trx
        .updateTable('orders')
        .set({ status: 'failed', failureReason: depositFailureReason(localeOf.get(f.orderId) ?? null, f.amountFen, f.depositBalanceFen), updatedAt: nowIso })
        .where('id', '=', f.orderId)
        .execute();
    }
    const recovered = orders.filter((o) => o.status === 'failed' && !failedIds.has(o.id)).map((o) => o.id);
    await inChunks(recovered, (chunk) => trx.updateTable('orders').set({ status: 'submitted', failureReason: null, updatedAt: nowIso }).where('id', 'in', chunk).execute());

    const allocatedCartons = result.specs.reduce((n, s) => n + s.allocatedCartons, 0);
    const summary: RunSummary = {
      inputs: { orders: orders.length, lines: lines.length, requestedCartons, supplySpecs: supply.filter((s) => s.supplyCartons !== null).length, cappedSpecs: bandsBySpec.size },
      outputs: {
        allocatedCartons,
        rounds: result.rounds,
        specs: result.specs.map((s) => ({
          specId: s.specId,
          supplyCartons: s.supplyCartons,
          requestedCartons: s.requestedCartons,
          eligibleCartons: s.eligibleCartons,
          allocatedCartons: s.allocatedCartons,
          short: s.short,
          ...(s.supplyCartons !== null ? { method: methods.get(s.specId)?.kind ?? 'grade' } : {}),
        })),
        failedOrderIds: [...failedIds].sort((a, b) => a - b),
      },
    };
    const run = await trx
      .insertInto('allocationRuns')
      .values({
        cycleId,
        runByUserId: user.userId,
        runAt: nowIso,
        ordersCount: orders.length,
        linesCount: lines.length,
        requestedCartons,
        allocatedCartons,
        failedOrders: failedIds.size,
        shortSpecs: result.specs.filter((s) => s.short).length,
        elapsedMs: Math.round(performance.now() - started),
        summaryJson: JSON.stringify(summary),
        publishedAt: null,
        publishedByUserId: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.updateTable('orderCycles').set({ status: 'allocated' }).where('id', '=', cycleId).execute();
    return { ok: true, runId: run.id, summary } as const;
  });
}

/** allocated → published: the shops now see their allocation and are asked to check it. */
export async function publishAllocation(db: DB, user: ScopeUser, cycleId: number, now = new Date()): Promise<AllocationResultOf<{ orders: number }>> {
  if (user.role !== 'staff' || !Number.isSafeInteger(cycleId)) return { ok: false, reason: 'not_found' };
  return db.transaction().execute(async (trx) => {
    const cycle = await trx.selectFrom('orderCycles').select(['id', 'status']).where('id', '=', cycleId).executeTakeFirst();
    if (!cycle) return { ok: false, reason: 'not_found' } as const;
    const moved = await trx.updateTable('orderCycles').set({ status: 'published' }).where('id', '=', cycleId).where('status', '=', 'allocated').executeTakeFirst();
    if (Number(moved.numUpdatedRows) !== 1) return { ok: false, reason: 'bad_status' } as const;
    const nowIso = now.toISOString();
    const orders = await trx.updateTable('orders').set({ status: 'allocated', updatedAt: nowIso }).where('cycleId', '=', cycleId).where('status', '=', 'submitted').executeTakeFirst();
    const run = await trx.selectFrom('allocationRuns').select('id').where('cycleId', '=', cycleId).orderBy('id', 'desc').executeTakeFirst();
    if (run) await trx.updateTable('allocationRuns').set({ publishedAt: nowIso, publishedByUserId: user.userId }).where('id', '=', run.id).execute();
    return { ok: true, orders: Number(orders.numUpdatedRows) } as const;
  });
}

/** Runs, the latest run's per-spec outcome, failed orders and problem reports, for the staff cycle page. */
export async function allocationOverview(db: DB, cycleId: number) {
  const [runs, failed, problems, statusCounts] = await Promise.all([
    db
      .selectFrom('allocationRuns')
      .innerJoin('users', 'users.id', 'allocationRuns.runByUserId')
      .select([
        'allocationRuns.id',
        'allocationRuns.runAt',
        'users.displayName as runBy',
        'allocationRuns.ordersCount',
        'allocationRuns.linesCount',
        'allocationRuns.requestedCartons',
        'allocationRuns.allocatedCartons',
        'allocationRuns.failedOrders',
        'allocationRuns.shortSpecs',
        'allocationRuns.elapsedMs',
        'allocationRuns.publishedAt',
        'allocationRuns.summaryJson',
      ])
      .where('allocationRuns.cycleId', '=', cycleId)
      .orderBy('allocationRuns.id', 'desc')
      .limit(10)
      .execute(),
    db
      .selectFrom('orders')
      .innerJoin('retailers', 'retailers.id', 'orders.retailerId')
      .select(['orders.id', 'retailers.name', 'retailers.licenceNo', 'orders.failureReason'])
      .where('orders.cycleId', '=', cycleId)
      .where('orders.status', '=', 'failed')
      .orderBy('retailers.licenceNo')
      .limit(200)
      .execute(),
    db
      .selectFrom('orders')
      .innerJoin('retailers', 'retailers.id', 'orders.retailerId')
      .select(['orders.id', 'retailers.name', 'retailers.licenceNo', 'orders.status', 'orders.allocationProblem', 'orders.allocationProblemAt'])
      .where('orders.cycleId', '=', cycleId)
      .where('orders.allocationProblem', 'is not', null)
      .orderBy('orders.allocationProblemAt', 'desc')
      .limit(200)
      .execute(),
    db
      .selectFrom('orders')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .where('cycleId', '=', cycleId)
      .groupBy('status')
      .execute(),
  ]);
  const latest = runs[0] ? (JSON.parse(runs[0].summaryJson) as RunSummary) : null;
  const specIds = latest ? latest.outputs.specs.filter((s) => s.supplyCartons !== null).map((s) => s.specId) : [];
  const specs = specIds.length ? await db.selectFrom('specs').select(['id', 'code', 'name']).where('id', 'in', specIds).execute() : [];
  const names = new Map(specs.map((s) => [s.id, s]));
  return {
    runs: runs.map(({ summaryJson: _, ...r }) => r),
    specOutcomes: (latest?.outputs.specs ?? [])
      .filter((s) => s.supplyCartons !== null)
      .map((s) => ({ ...s, code: names.get(s.specId)?.code ?? '', name: names.get(s.specId)?.name ?? '' }))
      .sort((a, b) => Number(b.short) - Number(a.short) || a.code.localeCompare(b.code)),
    failed,
    problems,
    statusCounts: Object.fromEntries(statusCounts.map((r) => [r.status, Number(r.n)])) as Partial<Record<string, number>>,
  };
}

/** The shop's view of the check: whether it may confirm or report now, and what it did. Null when out of scope. */
export async function allocationCheck(db: DB, user: ScopeUser, orderId: number) {
  if (!Number.isSafeInteger(orderId)) return null;
  const row = await db
    .selectFrom('orders')
    .innerJoin('orderCycles', 'orderCycles.id', 'orders.cycleId')
    .select(['orders.id', 'orders.status', 'orderCycles.status as cycleStatus', 'orders.allocationConfirmedAt', 'orders.allocationProblem', 'orders.allocationProblemAt', 'orders.failureReason'])
    .where('orders.id', '=', orderId)
    .where(retailerInScope(user, 'orders.retailerId'))
    .executeTakeFirst();
  if (!row) return null;
  return { ...row, mayCheck: row.status === 'allocated' && row.cycleStatus === 'published' };
}

async function checkableOrder(db: DB, user: ScopeUser, orderId: number) {
  const check = await allocationCheck(db, user, orderId);
  if (!check) return { error: 'not_found' as const };
  if (!check.mayCheck) return { error: 'not_checkable' as const };
  return { check };
}

/** The shop agrees with its allocation: 'allocated' → 'confirmed', with the time. */
export async function confirmAllocation(db: DB, user: ScopeUser, orderId: number, now = new Date()): Promise<AllocationResultOf> {
  const ctx = await checkableOrder(db, user, orderId);
  if ('error' in ctx) return { ok: false, reason: ctx.error! };
  const nowIso = now.toISOString();
  // The status condition is repeated in the UPDATE, so a double tap confirms once.
  const r = await db.updateTable('orders').set({ status: 'confirmed', allocationConfirmedAt: nowIso, updatedAt: nowIso }).where('id', '=', orderId).where('status', '=', 'allocated').executeTakeFirst();
  return Number(r.numUpdatedRows) === 1 ? { ok: true } : { ok: false, reason: 'not_checkable' };
}

/** The shop reports a problem with its allocation; the order stays 'allocated' (not confirmed). */
export async function reportAllocationProblem(db: DB, user: ScopeUser, orderId: number, text: string, now = new Date()): Promise<AllocationResultOf> {
  const problem = text.trim().slice(0, MAX_PROBLEM_LENGTH);
  if (!problem) return { ok: false, reason: 'invalid' };
  const ctx = await checkableOrder(db, user, orderId);
  if ('error' in ctx) return { ok: false, reason: ctx.error! };
  const nowIso = now.toISOString();
  await db.updateTable('orders').set({ allocationProblem: problem, allocationProblemAt: nowIso, updatedAt: nowIso }).where('id', '=', orderId).where('status', '=', 'allocated').execute();
  return { ok: true };
}

/** The shop's orders whose published allocation it has not confirmed yet (its home page to-do). */
export async function allocationsToCheck(db: DB, user: ScopeUser, retailerId: number) {
  return db
    .selectFrom('orders')
    .innerJoin('orderCycles', 'orderCycles.id', 'orders.cycleId')
    .select(['orders.id', 'orderCycles.code as cycleCode', 'orders.allocationProblem'])
    .where('orders.retailerId', '=', retailerId)
    .where(retailerInScope(user, 'orders.retailerId'))
    .where('orders.status', '=', 'allocated')
    .where('orderCycles.status', '=', 'published')
    .orderBy('orderCycles.startsOn', 'desc')
    .execute();
}
