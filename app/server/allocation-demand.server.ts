/**
 * 按需供货 (issue 18), the database side: each shop's estimated demand for the cycle's short specs (prepared once
 * per cycle and stored, so a run reads it), the method staff chose per spec (按档位 / 按需 / blend), and the
 * allocation measured against demand — per spec, by grade band, station and business type (需求满足率, coverage
 * of the shops that sell the spec). The rules are in app/domain/allocation (demand.ts, methods.ts).
 */
import {
  ALLOCATION_METHODS,
  bandFillGap,
  checkMethod,
  fillEvenness,
  type FillLine,
  estimateDemand,
  type AllocationMethod,
  type DemandEstimate,
  type MethodProblem,
} from '~/domain/allocation';
import { capForGrade, type CapBand } from '~/domain/ordering';
import { HISTORY_DAYS, historyDaysBefore, specHistory } from '~/domain/replenishment';
import { addDays, daysBetween } from '~/domain/time';
import { bulkInsert } from '../../db/dialect';
import type { BusinessType, OrderStatus } from '../../db/schema';
import type { DB } from './db.server';
import { attributesInCycle } from './retailer-history.server';
import type { ScopeUser } from './scope.server';
import { loadShopsData } from './suggestions/history.server';

/** Shops whose histories are read at once while preparing (memory stays bounded at city scale). */
const SHOPS_PER_READ = 400;
const ROWS_PER_INSERT = 5_000;
/** The orders whose lines a run allocates (failed ones are reconsidered). */
const RUN_STATUSES = ['submitted', 'failed'] as const;
/** Orders whose lines carry an allocation once run (failed: 0). */
export const ALLOCATED_STATUSES = ['submitted', 'allocated', 'confirmed', 'delivered', 'failed'] as const;
/** The statuses in which demand may be estimated: the orders are in, the allocation not yet published. */
export const PREPARABLE: readonly string[] = ['closed', 'allocated'];

async function cycleRow(db: DB, cycleId: number) {
  if (!Number.isSafeInteger(cycleId)) return undefined;
  return db.selectFrom('orderCycles').select(['id', 'code', 'status', 'startsOn', 'endsOn']).where('id', '=', cycleId).executeTakeFirst();
}

/** The cycle's short specs: those with a supply figure (null supply = unlimited, never short). */
async function suppliedSpecs(db: DB, cycleId: number) {
  const rows = await db.selectFrom('cycleSupply').select(['specId', 'supplyCartons']).where('cycleId', '=', cycleId).where('supplyCartons', 'is not', null).execute();
  return new Map(rows.map((r) => [r.specId, r.supplyCartons!]));
}

export type PrepareResult = { ok: true; code: string; estimates: number; shops: number } | { ok: false; reason: 'not_found' | 'bad_status' };

/**
 * Estimates every ordering shop's demand for each of the cycle's supplied specs and stores them, replacing the
 * cycle's earlier ones: the rule's stored forecast (suggestions) with the history read as the rule reads it
 * (censored days), and the shop's order line (a capped order is a lower bound). Staff only; a closed or
 * allocated cycle (the orders are in). Long at city scale: it runs as the 'demand' job (job-kinds.server.ts
 * runDemandEstimates), which closing a cycle and the allocation page queue; `onChunk` reports shops done.
 */
export async function prepareDemandEstimates(
  db: DB,
  user: ScopeUser,
  cycleId: number,
  now = new Date(),
  onChunk?: (doneShops: number, totalShops: number) => Promise<void>,
): Promise<PrepareResult> {
  if (user.role !== 'staff') return { ok: false, reason: 'not_found' };
  const cycle = await cycleRow(db, cycleId);
  if (!cycle) return { ok: false, reason: 'not_found' };
  if (!PREPARABLE.includes(cycle.status)) return { ok: false, reason: 'bad_status' };
  const computedAt = now.toISOString();
  const { estimates, shops } = await computeDemandEstimates(db, cycle, RUN_STATUSES, onChunk);
  const rows = estimates.map((e) => ({
    cycleId,
    specId: e.specId,
    retailerId: e.retailerId,
    demandCartons: e.estimate.demandCartons,
    regularSeller: e.estimate.regularSeller ? (1 as const) : (0 as const),
    cappedOrder: e.estimate.cappedOrder ? (1 as const) : (0 as const),
    explanationJson: JSON.stringify(e.estimate),
    computedAt,
  }));
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('demandEstimates').where('cycleId', '=', cycleId).execute();
    for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) await bulkInsert(trx, { table: 'demandEstimates', rows: rows.slice(i, i + ROWS_PER_INSERT) });
  });
  return { ok: true, code: cycle.code, estimates: rows.length, shops };
}

/**
 * Every order line's estimated demand for the cycle's supplied specs (orders of the statuses given), without
 * storing it: the preparation above, and the supply replay on past cycles (scripts/supply-replay.ts).
 */
export async function computeDemandEstimates(
  db: DB,
  cycle: { id: number; startsOn: string; endsOn: string },
  statuses: readonly OrderStatus[],
  onChunk?: (doneShops: number, totalShops: number) => Promise<void>,
): Promise<{ estimates: Array<{ retailerId: number; specId: number; estimate: DemandEstimate }>; shops: number }> {
  const cycleId = cycle.id;
  const supplied = await suppliedSpecs(db, cycleId);
  const specIds = [...supplied.keys()];
  const estimates: Array<{ retailerId: number; specId: number; estimate: DemandEstimate }> = [];
  if (!specIds.length) return { estimates, shops: 0 };
  const [lines, caps, specs, forecasts, lead] = await Promise.all([
    db
      .selectFrom('orderLines')
      .innerJoin('orders', 'orders.id', 'orderLines.orderId')
      .innerJoin('retailers', 'retailers.id', 'orders.retailerId')
      .select(['orders.retailerId', 'retailers.grade', 'retailers.orderWeekday', 'orderLines.specId', 'orderLines.qtyRequestedCartons'])
      .where('orders.cycleId', '=', cycleId)
      .where('orders.status', 'in', [...statuses])
      .where('orderLines.specId', 'in', specIds)
      .execute(),
    db.selectFrom('caps').select(['specId', 'gradeFrom', 'gradeTo', 'capCartons']).where('cycleId', '=', cycleId).where('specId', 'in', specIds).execute(),
    db.selectFrom('specs').select(['id', 'packsPerCarton']).where('id', 'in', specIds).execute(),
    db.selectFrom('suggestions').select(['retailerId', 'specId', 'forecastDailyPacks']).where('cycleId', '=', cycleId).where('specId', 'in', specIds).execute(),
    db.selectFrom('orderCycles').select('leadDays').where('id', '=', cycleId).executeTakeFirst(),
  ]);
  const bands = groupBands(caps);
  const packsPerCarton = new Map(specs.map((s) => [s.id, s.packsPerCarton]));
  const forecast = new Map(forecasts.map((f) => [`${f.retailerId}:${f.specId}`, f.forecastDailyPacks]));
  const byShop = new Map<number, typeof lines>();
  for (const l of lines) {
    const list = byShop.get(l.retailerId);
    if (list) list.push(l);
    else byShop.set(l.retailerId, [l]);
  }
  // Each shop's history is read as the rule reads it: the days before its own order day, with stock on that
  // morning. One read covers every order day of the cycle (Monday's window to Sunday's).
  const cycleDays = daysBetween(cycle.startsOn, cycle.endsOn) + 1;
  const firstDay = historyDaysBefore(cycle.startsOn)[0]!;
  const allDays = Array.from({ length: daysBetween(firstDay, cycle.endsOn) }, (_, i) => addDays(firstDay, i));
  const leadDays = lead?.leadDays ?? 1;
  const shopIds = [...byShop.keys()].sort((a, b) => a - b);
  for (let i = 0; i < shopIds.length; i += SHOPS_PER_READ) {
    const chunk = shopIds.slice(i, i + SHOPS_PER_READ);
    const data = await loadShopsData(db, chunk, allDays);
    for (const retailerId of chunk) {
      const shopData = data.get(retailerId);
      const shopLines = byShop.get(retailerId)!;
      const weekday = shopLines[0]!.orderWeekday;
      const offset = Number.isInteger(weekday) && weekday >= 1 && weekday <= cycleDays ? weekday - 1 : 0;
      const shopDays = allDays.slice(offset, offset + HISTORY_DAYS);
      for (const l of shopLines) {
        const specBands = bands.get(l.specId);
        const read = shopData ? specHistory(shopDays, shopData, l.specId) : { history: [], onHandPacks: null };
        estimates.push({
          retailerId,
          specId: l.specId,
          estimate: estimateDemand({
            history: read.history,
            ruleDailyPacks: forecast.get(`${retailerId}:${l.specId}`) ?? null,
            cycleDays,
            packsPerCarton: packsPerCarton.get(l.specId) ?? 10,
            requestedCartons: l.qtyRequestedCartons,
            capCartons: specBands ? capForGrade(specBands, l.grade) : null,
            onHandPacks: read.onHandPacks,
            inTransitPacks: shopData?.inTransitPacks.get(l.specId) ?? 0,
            leadDays,
          }),
        });
      }
    }
    await onChunk?.(Math.min(i + SHOPS_PER_READ, shopIds.length), shopIds.length);
  }
  return { estimates, shops: shopIds.length };
}

function groupBands(caps: ReadonlyArray<CapBand & { specId: number }>) {
  const bands = new Map<number, CapBand[]>();
  for (const c of caps) {
    const list = bands.get(c.specId);
    if (list) list.push(c);
    else bands.set(c.specId, [c]);
  }
  return bands;
}

/** Whether the cycle's demand has been estimated (a run with a 按需 or blend method needs it). */
export async function demandPreparedAt(db: DB, cycleId: number): Promise<string | null> {
  const row = await db.selectFrom('demandEstimates').select('computedAt').where('cycleId', '=', cycleId).limit(1).executeTakeFirst();
  return row?.computedAt ?? null;
}

/** The stored estimates of a cycle: `${retailerId}:${specId}` → demand and whether the shop sells the spec regularly. */
export async function storedDemand(db: DB, cycleId: number): Promise<Map<string, { demandCartons: number; regularSeller: boolean }>> {
  const rows = await db.selectFrom('demandEstimates').select(['retailerId', 'specId', 'demandCartons', 'regularSeller']).where('cycleId', '=', cycleId).execute();
  return new Map(rows.map((r) => [`${r.retailerId}:${r.specId}`, { demandCartons: Number(r.demandCartons), regularSeller: r.regularSeller === 1 }]));
}

/** The methods staff chose for the cycle, by spec (a spec with none is shared 按档位). */
export async function allocationMethods(db: DB, cycleId: number): Promise<Map<number, AllocationMethod>> {
  const rows = await db.selectFrom('cycleAllocationMethods').select(['specId', 'method', 'floorCartons', 'gradePercent', 'demandPercent']).where('cycleId', '=', cycleId).execute();
  return new Map(rows.map((r) => [r.specId, methodOf(r)]));
}

function methodOf(r: { method: string; floorCartons: number; gradePercent: number; demandPercent: number }): AllocationMethod {
  switch (r.method) {
    case 'demand':
      return { kind: 'demand', floorCartons: r.floorCartons };
    case 'blend':
      return { kind: 'blend', floorCartons: r.floorCartons, gradePercent: r.gradePercent, demandPercent: r.demandPercent };
    default:
      return { kind: 'grade' };
  }
}

export type SetMethodResult = { ok: true } | { ok: false; reason: 'not_found' | 'bad_status' | 'no_supply' } | { ok: false; reason: 'bad_method'; problems: MethodProblem[] };

/**
 * Staff choose how one supplied spec is shared this cycle. Refused, naming the field, when the floor is above
 * the spec's supply or a blend's percentages do not sum to 100; nothing is stored then. Not once published.
 */
export async function setAllocationMethod(db: DB, user: ScopeUser, cycleId: number, specId: number, method: AllocationMethod, now = new Date()): Promise<SetMethodResult> {
  if (user.role !== 'staff' || !Number.isSafeInteger(specId) || !ALLOCATION_METHODS.includes(method.kind)) return { ok: false, reason: 'not_found' };
  const cycle = await cycleRow(db, cycleId);
  if (!cycle) return { ok: false, reason: 'not_found' };
  if (cycle.status === 'published' || cycle.status === 'delivered') return { ok: false, reason: 'bad_status' };
  const supply = await db.selectFrom('cycleSupply').select('supplyCartons').where('cycleId', '=', cycleId).where('specId', '=', specId).executeTakeFirst();
  if (!supply || supply.supplyCartons === null) return { ok: false, reason: 'no_supply' };
  const problems = checkMethod(method, supply.supplyCartons);
  if (problems.length) return { ok: false, reason: 'bad_method', problems };
  const values = {
    method: method.kind,
    floorCartons: method.kind === 'grade' ? 0 : method.floorCartons,
    gradePercent: method.kind === 'blend' ? method.gradePercent : method.kind === 'grade' ? 100 : 0,
    demandPercent: method.kind === 'blend' ? method.demandPercent : method.kind === 'demand' ? 100 : 0,
    setByUserId: user.userId,
    setAt: now.toISOString(),
  };
  await db
    .insertInto('cycleAllocationMethods')
    .values({ cycleId, specId, ...values })
    .onConflict((oc) => oc.columns(['cycleId', 'specId']).doUpdateSet(values))
    .execute();
  return { ok: true };
}

/** Figures of a group of order lines against demand. */
export interface DemandFigures {
  /** Shops with a line of the spec. */
  shops: number;
  /** …of which sell it regularly (the floor's and coverage's shops). */
  regularSellers: number;
  requestedCartons: number;
  allocatedCartons: number;
  demandCartons: number;
  /** Σ min(allocated, demand) per shop: demand met (a shop's excess does not hide another's shortfall). */
  demandMetCartons: number;
  /** Regular sellers allocated at least one carton. */
  regularCovered: number;
  /** Shops allocated at least one carton. */
  covered: number;
}

export const emptyFigures = (): DemandFigures => ({ shops: 0, regularSellers: 0, requestedCartons: 0, allocatedCartons: 0, demandCartons: 0, demandMetCartons: 0, regularCovered: 0, covered: 0 });

/** Figures added up (a county's total over its specs, a report's 合计): a spec-shop pair counts once per spec. */
export function sumFigures(figures: Iterable<DemandFigures>): DemandFigures {
  const total = emptyFigures();
  for (const f of figures) for (const k of Object.keys(total) as Array<keyof DemandFigures>) total[k] += f[k];
  return total;
}

/** 需求满足率: demand met ÷ estimated demand (each shop capped at its demand), null without demand. */
export const demandFillRate = (f: DemandFigures) => (f.demandCartons > 0 ? Math.min(1, f.demandMetCartons / f.demandCartons) : null);
/** Coverage of the shops that sell the spec: regular sellers allocated ≥ 1 ÷ regular sellers (who ordered it). */
export const regularCoverage = (f: DemandFigures) => (f.regularSellers > 0 ? f.regularCovered / f.regularSellers : null);
/** 订单满足率: allocated ÷ requested. */
export const orderFillRate = (f: DemandFigures) => (f.requestedCartons > 0 ? f.allocatedCartons / f.requestedCartons : null);

/** One order line into a group's figures (the allocation page's breakdowns and the monitoring page's, the same way). */
export function addLine(f: DemandFigures, l: { requested: number; allocated: number; demand: number; regular: boolean }) {
  f.shops++;
  f.requestedCartons += l.requested;
  f.allocatedCartons += l.allocated;
  f.demandCartons += l.demand;
  f.demandMetCartons += Math.min(l.allocated, l.demand);
  if (l.allocated > 0) f.covered++;
  if (l.regular) {
    f.regularSellers++;
    if (l.allocated > 0) f.regularCovered++;
  }
}

/** Grade bands of five, as the cap bands usually are: 1–5 … 26–30. */
export const gradeBandOf = (grade: number) => {
  const from = Math.floor((Math.max(1, Math.min(30, grade)) - 1) / 5) * 5 + 1;
  return `${from}-${from + 4}`;
};

export interface SpecBreakdown {
  specId: number;
  code: string;
  name: string;
  supplyCartons: number;
  method: AllocationMethod;
  total: DemandFigures;
  byGradeBand: Array<{ key: string } & DemandFigures>;
  byStation: Array<{ key: string; stationId: number } & DemandFigures>;
  byBusinessType: Array<{ key: BusinessType } & DemandFigures>;
  /** Grade bands with regular sellers of which none got a carton (the "no band left with nothing"). */
  bandsLeftOut: string[];
  /** Evenness of fill across shops (1 − Gini of each shop's min(1, allocated ÷ demand)), and the gap between grade bands' 需求满足率. */
  evenness: number | null;
  bandFillGap: number | null;
}

/**
 * The allocation of each supplied spec measured against demand, per spec and by grade band, station and business
 * type, from the order lines as the latest run left them and the stored estimates (0 where none). Staff only;
 * null for a cycle that does not exist.
 */
export interface AllocationBreakdown {
  cycle: { id: number; code: string; status: string };
  preparedAt: string | null;
  specs: SpecBreakdown[];
}

export async function allocationBreakdown(db: DB, user: ScopeUser, cycleId: number): Promise<AllocationBreakdown | null> {
  if (user.role !== 'staff') return null;
  const cycle = await cycleRow(db, cycleId);
  if (!cycle) return null;
  const supplied = await suppliedSpecs(db, cycleId);
  const specIds = [...supplied.keys()];
  const cycleOut = { id: cycle.id, code: cycle.code, status: cycle.status };
  if (!specIds.length) return { cycle: cycleOut, preparedAt: await demandPreparedAt(db, cycleId), specs: [] };
  const [rawLines, specs, stations, methods, preparedAt] = await Promise.all([
    db
      .selectFrom('orderLines')
      .innerJoin('orders', 'orders.id', 'orderLines.orderId')
      .innerJoin('retailers', 'retailers.id', 'orders.retailerId')
      .leftJoin('demandEstimates as d', (j) => j.onRef('d.retailerId', '=', 'orders.retailerId').onRef('d.specId', '=', 'orderLines.specId').on('d.cycleId', '=', cycleId))
      .select([
        'orderLines.specId',
        'orders.status',
        'orders.retailerId',
        'retailers.orderWeekday',
        'retailers.grade',
        'retailers.stationId',
        'retailers.managerId',
        'retailers.businessType',
        'retailers.marketType',
        'orderLines.qtyRequestedCartons',
        'orderLines.qtyAllocatedCartons',
        'd.demandCartons',
        'd.regularSeller',
      ])
      .where('orders.cycleId', '=', cycleId)
      .where('orders.status', 'in', [...ALLOCATED_STATUSES])
      .where('orderLines.specId', 'in', specIds)
      .execute(),
    db.selectFrom('specs').select(['id', 'code', 'name']).where('id', 'in', specIds).execute(),
    db.selectFrom('stations').select(['id', 'code']).execute(),
    allocationMethods(db, cycleId),
    demandPreparedAt(db, cycleId),
  ]);
  const stationCode = new Map(stations.map((s) => [s.id, s.code]));
  // Each line under the grade, station and 业态 its shop had in the cycle (a past cycle stays put: decision 0024).
  const inCycle = await attributesInCycle(db, String(cycle.startsOn), rawLines);
  const lines = rawLines.map((l) => ({ ...l, ...inCycle(l), businessType: inCycle(l).businessType as BusinessType }));
  const out = new Map<number, { total: DemandFigures; grade: Map<string, DemandFigures>; station: Map<number, DemandFigures>; type: Map<BusinessType, DemandFigures> }>();
  const fills = new Map<number, FillLine[]>();
  const group = <K>(m: Map<K, DemandFigures>, k: K) => {
    let f = m.get(k);
    if (!f) m.set(k, (f = emptyFigures()));
    return f;
  };
  for (const l of lines) {
    let s = out.get(l.specId);
    if (!s) out.set(l.specId, (s = { total: emptyFigures(), grade: new Map(), station: new Map(), type: new Map() }));
    const line = {
      requested: l.qtyRequestedCartons,
      allocated: l.status === 'failed' ? 0 : (l.qtyAllocatedCartons ?? 0),
      demand: l.demandCartons === null ? 0 : Number(l.demandCartons),
      regular: l.regularSeller === 1,
    };
    addLine(s.total, line);
    const specFills = fills.get(l.specId);
    const fill = { allocatedCartons: line.allocated, demandCartons: line.demand };
    if (specFills) specFills.push(fill);
    else fills.set(l.specId, [fill]);
    addLine(group(s.grade, gradeBandOf(l.grade)), line);
    addLine(group(s.station, l.stationId), line);
    addLine(group(s.type, l.businessType), line);
  }
  const byCode = new Map(specs.map((s) => [s.id, s]));
  const result: SpecBreakdown[] = specIds.map((specId) => {
    const s = out.get(specId) ?? { total: emptyFigures(), grade: new Map<string, DemandFigures>(), station: new Map<number, DemandFigures>(), type: new Map<BusinessType, DemandFigures>() };
    const byGradeBand = [...s.grade.entries()].map(([key, f]) => ({ key, ...f })).sort((a, b) => Number(a.key.split('-')[0]) - Number(b.key.split('-')[0]));
    return {
      specId,
      code: byCode.get(specId)?.code ?? '',
      name: byCode.get(specId)?.name ?? '',
      supplyCartons: supplied.get(specId)!,
      method: methods.get(specId) ?? { kind: 'grade' },
      total: s.total,
      byGradeBand,
      byStation: [...s.station.entries()].map(([stationId, f]) => ({ key: stationCode.get(stationId) ?? String(stationId), stationId, ...f })).sort((a, b) => a.key.localeCompare(b.key)),
      byBusinessType: [...s.type.entries()].map(([key, f]) => ({ key, ...f })).sort((a, b) => a.key.localeCompare(b.key)),
      bandsLeftOut: byGradeBand.filter((b) => b.regularSellers > 0 && b.regularCovered === 0).map((b) => b.key),
      evenness: fillEvenness(fills.get(specId) ?? []),
      bandFillGap: bandFillGap(byGradeBand),
    };
  });
  result.sort((a, b) => a.code.localeCompare(b.code));
  return { cycle: cycleOut, preparedAt, specs: result };
}

/**
 * For the monitoring page (issue 17): the cycle's 需求满足率 and coverage of regular sellers over its supplied
 * specs, county total and per spec, as fractions (null where there is nothing to measure). Staff only.
 */
export async function demandIndicators(db: DB, user: ScopeUser, cycleId: number) {
  const breakdown = await allocationBreakdown(db, user, cycleId);
  if (!breakdown) return null;
  const total = sumFigures(breakdown.specs.map((s) => s.total));
  return {
    preparedAt: breakdown.preparedAt,
    total: { ...total, demandFillRate: demandFillRate(total), regularCoverage: regularCoverage(total), orderFillRate: orderFillRate(total) },
    specs: breakdown.specs.map((s) => ({ specId: s.specId, code: s.code, name: s.name, method: s.method.kind, demandFillRate: demandFillRate(s.total), regularCoverage: regularCoverage(s.total), orderFillRate: orderFillRate(s.total), bandsLeftOut: s.bandsLeftOut })),
  };
}

export type { DemandEstimate };
