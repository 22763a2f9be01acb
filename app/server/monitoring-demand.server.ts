/**
 * 配货对需求 on the monitoring page (issue 18): the allocation of each cycle's supplied specs (the short ones, shared
 * out by a run) measured against the demand estimates stored for that cycle — the ones the allocation read, never
 * computed here — for the shops whose order day falls in the period, as 订单满足率 counts them. Per dimension value
 * (what the shop was in that cycle, decision 0024) with the order lines behind each figure: the drill-down lists
 * exactly the lines a figure sums, so a row, the county and their lists add up.
 *
 * A cycle with no stored estimates is left out and named (the page says so); a cycle whose estimates were computed
 * again after its last run is named too (its figures read the newer estimates, not the ones the run used).
 */
import { bandFillGap, fillEvenness } from '~/domain/allocation';
import { orderDayOf } from '~/domain/cycle';
import { dimensionValue, type Dimension, type RetailerDimensions } from '~/domain/indicators';
import type { DemandDrillRow } from '~/domain/indicators/demand-drill';
import { addLine, ALLOCATED_STATUSES, demandFillRate, emptyFigures, gradeBandOf, orderFillRate, regularCoverage, sumFigures, type DemandFigures } from './allocation-demand.server';
import type { DB } from './db.server';
import { compareValues, dimensionLabels, type Label } from './monitoring.server';
import { attributesInCycle } from './retailer-history.server';
import { retailerInScope, type ScopeUser } from './scope.server';

/** Cycles whose allocation has been run (their order lines carry what was allocated). */
const RUN_CYCLE_STATUSES = ['allocated', 'published', 'delivered'] as const;

export interface DayRange {
  from: string;
  to: string;
}

/** One order line of a supplied spec, as the figures count it. */
export interface DemandLine {
  cycleId: number;
  cycleCode: string;
  orderDay: string;
  retailerId: number;
  specId: number;
  requestedCartons: number;
  /** 0 for a failed order (扣款失败: nothing goes out). */
  allocatedCartons: number;
  /** The stored estimate (0 where the cycle's estimates have none for the line). */
  demandCartons: number;
  regularSeller: boolean;
  /** What the shop was in the cycle (on its order day). */
  dims: RetailerDimensions;
}

/** A cycle with an order day in the period, and whether (and how) its allocation can be measured against demand. */
export interface DemandCycle {
  id: number;
  code: string;
  /** When its estimates were stored; null: none, the cycle is left out of the figures. */
  preparedAt: string | null;
  lastRunAt: string | null;
  /** Estimated again after its last run: the figures read estimates the run did not use. */
  estimatedAfterRun: boolean;
}

/** A group's figures with its rates (fractions; null where there is nothing to measure). */
export interface DemandRates extends DemandFigures {
  demandFillRate: number | null;
  regularCoverage: number | null;
  orderFillRate: number | null;
  /** 1 − Gini of the lines' fill (allocated ÷ demand, at most 1). */
  evenness: number | null;
}

export function ratesOf(figures: DemandFigures, lines: readonly DemandLine[]): DemandRates {
  return {
    ...figures,
    demandFillRate: demandFillRate(figures),
    regularCoverage: regularCoverage(figures),
    orderFillRate: orderFillRate(figures),
    evenness: fillEvenness(lines),
  };
}

function figuresOf(lines: readonly DemandLine[]): DemandFigures {
  const f = emptyFigures();
  for (const l of lines) addLine(f, { requested: l.requestedCartons, allocated: l.allocatedCartons, demand: l.demandCartons, regular: l.regularSeller });
  return f;
}

/**
 * The lines of the period: every order (of a status a run allocates) of a shop whose order day in an allocated
 * cycle falls in [from, to], for the cycle's supplied specs, in the user's scope (in the query itself).
 */
export async function demandLines(db: DB, user: ScopeUser, range: DayRange): Promise<{ lines: DemandLine[]; cycles: DemandCycle[] }> {
  const cycleRows = await db
    .selectFrom('orderCycles')
    .select(['id', 'code', 'startsOn', 'endsOn'])
    .where('startsOn', '<=', range.to)
    .where('endsOn', '>=', range.from)
    .where('status', 'in', [...RUN_CYCLE_STATUSES])
    .orderBy('startsOn')
    .execute();
  const lines: DemandLine[] = [];
  const cycles: DemandCycle[] = [];
  for (const c of cycleRows) {
    const startsOn = String(c.startsOn);
    // The weekdays whose order day in this cycle is in the period.
    const weekdays = [1, 2, 3, 4, 5, 6, 7].filter((w) => {
      const day = orderDayOf({ startsOn }, w);
      return day >= range.from && day <= range.to && day <= String(c.endsOn);
    });
    if (!weekdays.length) continue;
    const [prepared, run] = await Promise.all([
      db.selectFrom('demandEstimates').select((eb) => eb.fn.max('computedAt').as('at')).where('cycleId', '=', c.id).executeTakeFirst(),
      db.selectFrom('allocationRuns').select((eb) => eb.fn.max('runAt').as('at')).where('cycleId', '=', c.id).executeTakeFirst(),
    ]);
    const preparedAt = prepared?.at ? String(prepared.at) : null;
    const lastRunAt = run?.at ? String(run.at) : null;
    cycles.push({ id: c.id, code: c.code, preparedAt, lastRunAt, estimatedAfterRun: preparedAt !== null && lastRunAt !== null && preparedAt > lastRunAt });
    if (preparedAt === null) continue;
    const rows = await db
      .selectFrom('orderLines')
      .innerJoin('orders', 'orders.id', 'orderLines.orderId')
      .innerJoin('retailers', 'retailers.id', 'orders.retailerId')
      .innerJoin('cycleSupply as cs', (j) => j.onRef('cs.cycleId', '=', 'orders.cycleId').onRef('cs.specId', '=', 'orderLines.specId'))
      .leftJoin('demandEstimates as d', (j) => j.onRef('d.cycleId', '=', 'orders.cycleId').onRef('d.retailerId', '=', 'orders.retailerId').onRef('d.specId', '=', 'orderLines.specId'))
      .select([
        'orders.retailerId',
        'orders.status',
        'orderLines.specId',
        'orderLines.qtyRequestedCartons',
        'orderLines.qtyAllocatedCartons',
        'retailers.orderWeekday',
        'retailers.stationId',
        'retailers.managerId',
        'retailers.businessType',
        'retailers.marketType',
        'retailers.grade',
        'd.demandCartons',
        'd.regularSeller',
      ])
      .where('orders.cycleId', '=', c.id)
      .where('orders.status', 'in', [...ALLOCATED_STATUSES])
      .where('cs.supplyCartons', 'is not', null)
      .where('retailers.orderWeekday', 'in', weekdays)
      .where(retailerInScope(user, 'orders.retailerId'))
      .orderBy('orders.retailerId')
      .orderBy('orderLines.specId')
      .execute();
    const inCycle = await attributesInCycle(db, startsOn, rows);
    for (const r of rows) {
      lines.push({
        cycleId: c.id,
        cycleCode: c.code,
        orderDay: orderDayOf({ startsOn }, r.orderWeekday),
        retailerId: r.retailerId,
        specId: r.specId,
        requestedCartons: r.qtyRequestedCartons,
        allocatedCartons: r.status === 'failed' ? 0 : (r.qtyAllocatedCartons ?? 0),
        demandCartons: r.demandCartons === null ? 0 : Number(r.demandCartons),
        regularSeller: r.regularSeller === 1,
        dims: inCycle(r),
      });
    }
  }
  return { lines, cycles };
}

export interface DemandRow {
  value: string;
  label: Label | null;
  current: DemandRates;
  previous: DemandRates;
}

/** The lines of one dimension value (the county: all of them). */
export const linesOf = (lines: readonly DemandLine[], dim: Dimension, value: string) => (dim === 'county' ? [...lines] : lines.filter((l) => dimensionValue(dim, l.dims) === value));

function byValue(lines: readonly DemandLine[], dim: Dimension) {
  const m = new Map<string, DemandLine[]>();
  for (const l of lines) {
    const v = dimensionValue(dim, l.dims);
    const list = m.get(v);
    if (list) list.push(l);
    else m.set(v, [l]);
  }
  return m;
}

const rate = (lines: readonly DemandLine[]) => ratesOf(figuresOf(lines), lines);

function bandGapOf(lines: readonly DemandLine[]) {
  const bands = new Map<string, DemandFigures>();
  for (const [grade, ls] of byValue(lines, 'grade')) {
    const band = gradeBandOf(Number(grade));
    bands.set(band, sumFigures([bands.get(band) ?? emptyFigures(), figuresOf(ls)]));
  }
  return bandFillGap([...bands.values()]);
}

type PeriodLines = Awaited<ReturnType<typeof demandLines>>;

/** One breakdown of lines already read: the county, each value of `dim`, the cycles measured, the grade-band gap. */
function breakdown(dim: Dimension, cur: PeriodLines, prev: PeriodLines, labels: Map<string, Label>, current: DayRange, previous: DayRange) {
  const curBy = byValue(cur.lines, dim);
  const prevBy = byValue(prev.lines, dim);
  const values = [...new Set([...curBy.keys(), ...prevBy.keys()])].sort(compareValues(dim));
  const rows: DemandRow[] = values.map((value) => ({ value, label: labels.get(value) ?? null, current: rate(curBy.get(value) ?? []), previous: rate(prevBy.get(value) ?? []) }));
  return {
    dim,
    period: current,
    previous,
    cycles: { current: cur.cycles, previous: prev.cycles },
    total: { current: rate(cur.lines), previous: rate(prev.lines) },
    bandGap: { current: bandGapOf(cur.lines), previous: bandGapOf(prev.lines) },
    rows,
  };
}

/**
 * The page's section: the county and each value of `dim` for the period and the one before, the cycles measured
 * (and those that could not be), and the gap between grade bands' 需求满足率 (the evenness across grades).
 */
export async function demandMonitoring(db: DB, user: ScopeUser, q: { dim: Dimension; current: DayRange; previous: DayRange }) {
  if (user.role !== 'staff' && user.role !== 'manager') return null;
  const [cur, prev, labels] = await Promise.all([demandLines(db, user, q.current), demandLines(db, user, q.previous), dimensionLabels(db, q.dim)]);
  return breakdown(q.dim, cur, prev, labels, q.current, q.previous);
}

/** Several breakdowns of one period from one read of its lines (the 日通报 / 周分析 / 月对标 workbooks). */
export async function demandBreakdowns(db: DB, user: ScopeUser, dims: readonly Dimension[], current: DayRange, previous: DayRange) {
  if (user.role !== 'staff' && user.role !== 'manager') return null;
  const [cur, prev] = await Promise.all([demandLines(db, user, current), demandLines(db, user, previous)]);
  const out: DemandMonitoring[] = [];
  for (const dim of dims) out.push(breakdown(dim, cur, prev, await dimensionLabels(db, dim), current, previous));
  return out;
}

export type DemandMonitoring = ReturnType<typeof breakdown>;


/**
 * The drill-down of one figure: the lines of one dimension value in the period (the lines its figure sums, the
 * same function reads them), with the shop, its manager and the spec; the figures recomputed from them.
 */
export async function demandDrill(db: DB, user: ScopeUser, q: { dim: Dimension; value: string } & DayRange) {
  if (user.role !== 'staff' && user.role !== 'manager') return null;
  const { lines: all, cycles } = await demandLines(db, user, q);
  const lines = linesOf(all, q.dim, q.value);
  const shopIds = [...new Set(lines.map((l) => l.retailerId))];
  const specIds = [...new Set(lines.map((l) => l.specId))];
  const [shops, specs] = await Promise.all([
    shopIds.length
      ? db
          .selectFrom('retailers as r')
          .innerJoin('accountManagers as m', 'm.id', 'r.managerId')
          .innerJoin('stations as s', 's.id', 'r.stationId')
          .select(['r.id', 'r.licenceNo', 'r.name', 'r.phone', 's.nameZh as stationZh', 's.nameEn as stationEn', 'm.name as managerName', 'm.phone as managerPhone'])
          .where('r.id', 'in', shopIds)
          .where(retailerInScope(user, 'r.id'))
          .execute()
      : [],
    specIds.length ? db.selectFrom('specs').select(['id', 'code', 'name']).where('id', 'in', specIds).execute() : [],
  ]);
  const shopOf = new Map(shops.map((s) => [s.id, s]));
  const specOf = new Map(specs.map((s) => [s.id, s]));
  const rows: DemandDrillRow[] = lines
    .map((l) => {
      const shop = shopOf.get(l.retailerId)!;
      const spec = specOf.get(l.specId);
      return {
        retailerId: l.retailerId,
        licenceNo: shop.licenceNo,
        name: shop.name,
        phone: shop.phone,
        stationZh: shop.stationZh,
        stationEn: shop.stationEn,
        managerName: shop.managerName,
        managerPhone: shop.managerPhone,
        cycleCode: l.cycleCode,
        orderDay: l.orderDay,
        specCode: spec?.code ?? '',
        specName: spec?.name ?? '',
        requestedCartons: l.requestedCartons,
        demandCartons: l.demandCartons,
        allocatedCartons: l.allocatedCartons,
        demandMetCartons: Math.min(l.allocatedCartons, l.demandCartons),
        regularSeller: l.regularSeller,
      };
    })
    .sort((a, b) => a.orderDay.localeCompare(b.orderDay) || a.licenceNo.localeCompare(b.licenceNo) || a.specCode.localeCompare(b.specCode));
  return { cycles, total: ratesOf(figuresOf(lines), lines), rows };
}

export type DemandDrill = NonNullable<Awaited<ReturnType<typeof demandDrill>>>;
