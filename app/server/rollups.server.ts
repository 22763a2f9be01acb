/**
 * Daily roll-ups behind the monitoring page (see docs/decisions/0007-monitoring-rollups.md).
 *
 * Two levels, both plain sums (app/domain/indicators/counts.ts):
 * - monitoring_retailer_days: what each retailer contributes on each day (built here from the raw rows);
 * - monitoring_rollups: those counts summed per dimension value and day; the page reads only these.
 *
 * Freshness: a writer that changes a retailer's data (an upload, an order submit or cancel) calls
 * `markRollupsDirty` inside its own transaction — one small insert. Before the page reads, `refreshRollups`
 * (1) builds the days that passed since the last build for every retailer, and (2) recomputes the dirty
 * retailers' days and applies the difference to the roll-ups (old counts out, new counts in), all in one
 * transaction, so the roll-ups always equal the sum of the retailer-days.
 */
import { sql, type ExpressionBuilder, type Transaction } from 'kysely';
import type { Database } from '../../db/schema';
import {
  CARRIED_SALES_DAYS,
  COUNT_KEYS,
  DIMENSIONS,
  NEW_LISTING_DAYS,
  dimensionValue,
  emptyCounts,
  inForce,
  isZero,
  nextEmptyStreak,
  orderDayCounts,
  stockIsKnown,
  stockKnownFrom,
  stockStep,
  unorderedDraftCartons,
  type Counts,
  type OrderLineFact,
  type RetailerDimensions,
  type StockState,
} from '~/domain/indicators';
import { cutoffOf } from '~/domain/cycle';
import { addDays, daysInRange, shanghaiDayOf } from '~/domain/time';
import { snakeCase } from '../../db/bulk-insert';
import { bulkInsert, dayMinus, lockTransaction } from '../../db/dialect';
import type { DB } from './db.server';
import { anyChangeSince, attributeOnDaySql, attributesOnDays } from './retailer-history.server';

/** How far back a first build reaches when nothing was built before. */
export const FIRST_BUILD_DAYS = 180;
/** A change on day d can move figures of earlier order days (new listing, forecast accuracy look ahead). */
const LOOK_AHEAD_DAYS = Math.max(NEW_LISTING_DAYS, 7);
const RETAILERS_PER_CHUNK = 500;
const STATE_BUILT_THROUGH = 'built_through';
const STATE_CYCLES = 'cycle_states';
/** An arbitrary application-wide key for the refresh's lock (lockTransaction). */
const REFRESH_LOCK_KEY = 7_007_001;

/** Marks a retailer's days from `dayFrom` on as changed; call inside the writer's transaction. */
export async function markRollupsDirty(trx: DB, retailerId: number, dayFrom: string): Promise<void> {
  await rollupsDirtyInsert(trx, retailerId, dayFrom).execute();
}

/** The same mark as a statement not yet run, for a writer that runs it together with its other writes. */
export function rollupsDirtyInsert(trx: DB, retailerId: number, dayFrom: string) {
  return trx.insertInto('monitoringDirty').values({ retailerId, dayFrom });
}

export interface RefreshResult {
  builtDays: number;
  dirtyRetailers: number;
}

/**
 * Whether bringing the roll-ups up to `today` would build days for every retailer (a new day, or a cycle that
 * changed state) — the long part of a refresh, which the staff page leaves to a job (docs/decisions/0016-jobs.md)
 * — rather than only recompute the few shops marked dirty.
 */
export async function rollupsNeedBuilding(db: DB, today: string): Promise<boolean> {
  const [state, cycles, seen] = await Promise.all([readState(db, STATE_BUILT_THROUGH), cycleStates(db), readState(db, STATE_CYCLES)]);
  return state !== today || seen !== cycles.fingerprint;
}

/** Brings the roll-ups up to `today` (new days for everyone, cycles that changed state, then the dirty retailers). */
export async function refreshRollups(db: DB, today: string): Promise<RefreshResult> {
  // Cheap checks first, outside a write transaction: most page loads find nothing to do.
  const [state, dirty, cycles, seen] = await Promise.all([
    readState(db, STATE_BUILT_THROUGH),
    db.selectFrom('monitoringDirty').select('id').limit(1).executeTakeFirst(),
    cycleStates(db),
    readState(db, STATE_CYCLES),
  ]);
  if (state === today && !dirty && seen === cycles.fingerprint) return { builtDays: 0, dirtyRetailers: 0 };
  return db.transaction().execute(async (trx) => {
    // One refresher at a time (two page loads after midnight would both rebuild the same days); the state is read
    // again below, after the lock.
    await lockTransaction(trx, REFRESH_LOCK_KEY);
    let builtDays = 0;
    const through = await readState(trx, STATE_BUILT_THROUGH);
    let from = through === null ? await firstBuildDay(trx, today) : through < today ? through : null;
    // A cycle that changed state since the last build (closed, allocated, published, delivered: written by the
    // cycle's own services, which do not mark shops) is rebuilt from its first day for everyone.
    const before = await readState(trx, STATE_CYCLES);
    if (before !== null && through !== null) {
      const previous = new Map(before.split(',').map((c) => c.split('=') as [string, string]));
      for (const c of (await cycleStates(trx)).rows) {
        if (previous.get(String(c.id)) !== c.status && c.startsOn <= today && (from === null || c.startsOn < from)) from = c.startsOn;
      }
    }
    if (from !== null) {
      await rebuildDays(trx, from, today);
      builtDays = daysInRange(from, today).length;
    }
    const drained = await trx.deleteFrom('monitoringDirty').returning(['retailerId', 'dayFrom']).execute();
    const byRetailer = new Map<number, string>();
    for (const d of drained) {
      const day = String(d.dayFrom);
      const prev = byRetailer.get(d.retailerId);
      if (!prev || day < prev) byRetailer.set(d.retailerId, day);
    }
    if (byRetailer.size) await refreshRetailers(trx, byRetailer, today);
    await writeState(trx, STATE_BUILT_THROUGH, today);
    await writeState(trx, STATE_CYCLES, (await cycleStates(trx)).fingerprint);
    return { builtDays, dirtyRetailers: byRetailer.size };
  });
}

/** Rebuilds every retailer's days in [from, to] and their roll-ups from scratch (the seed, a staff "recompute"). */
export async function rebuildRollups(db: DB, from: string, to: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await rebuildDays(trx, from, to);
    const through = await readState(trx, STATE_BUILT_THROUGH);
    if (through === null || through < to) await writeState(trx, STATE_BUILT_THROUGH, to);
    await writeState(trx, STATE_CYCLES, (await cycleStates(trx)).fingerprint);
  });
}

/** Every cycle's state, as "id=status,…" (a few dozen rows: cheap to read on every page load). */
async function cycleStates(db: DB) {
  const rows = (await db.selectFrom('orderCycles').select(['id', 'status', 'startsOn']).orderBy('id').execute()).map((c) => ({ ...c, startsOn: String(c.startsOn) }));
  return { rows, fingerprint: rows.map((c) => `${c.id}=${c.status}`).join(',') };
}

async function readState(db: DB, key: string): Promise<string | null> {
  const row = await db.selectFrom('monitoringState').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value ?? null;
}

async function writeState(trx: DB, key: string, value: string) {
  await trx
    .insertInto('monitoringState')
    .values({ key, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}

async function firstBuildDay(db: DB, today: string): Promise<string> {
  const first = await db.selectFrom('orderCycles').select((eb) => eb.fn.min('startsOn').as('d')).executeTakeFirst();
  const floor = addDays(today, -FIRST_BUILD_DAYS);
  const d = first?.d ? String(first.d) : floor;
  return d > floor ? d : floor;
}

// ------------------------------------------------------------------ building retailer-days

interface RetailerRow extends RetailerDimensions {
  id: number;
  orderWeekday: number;
  isOnline: number;
  active: number;
  createdAt: string;
}

export interface RetailerDayRow extends Counts {
  retailerId: number;
  day: string;
  emptyStreak: number;
  stockCountDay: string | null;
}

/** Everything but the new rows: delete [from, to] for every retailer, build again, sum into the roll-ups. */
async function rebuildDays(trx: Transaction<Database>, from: string, to: string) {
  await trx.deleteFrom('monitoringRollups').where('day', '>=', from).where('day', '<=', to).execute();
  await trx.deleteFrom('monitoringRetailerDays').where('day', '>=', from).where('day', '<=', to).execute();
  const ids = (await trx.selectFrom('retailers').select('id').orderBy('id').execute()).map((r) => r.id);
  for (let i = 0; i < ids.length; i += RETAILERS_PER_CHUNK) {
    const { rows } = await buildRetailerDays(trx, ids.slice(i, i + RETAILERS_PER_CHUNK), from, to);
    await insertRetailerDays(trx, rows);
  }
  // Summing per dimension is the database's job here (one grouped pass per dimension, no rows through JS).
  const changes = await anyChangeSince(trx, from);
  for (const dim of DIMENSIONS) await insertRollupsFromRetailerDays(trx, dim, from, to, changes);
}

/**
 * INSERT … SELECT the dimension-day sums of the retailer-days in [from, to] (the days' roll-ups were emptied first).
 * A day counts for what the shop was that day (retailer-history.server.ts): its station, manager, 业态, market type
 * and grade then, so a hand-over, a move or a regrade leaves earlier days where they were. `changes` false (no shop
 * changed from `from` on) reads the current attributes without the lookup.
 */
async function insertRollupsFromRetailerDays(trx: DB, dim: (typeof DIMENSIONS)[number], from: string, to: string, changes: boolean) {
  // Column names come from COUNT_KEYS and the dimension, never from a request.
  const value = dim === 'county' ? sql`'all'` : changes ? attributeOnDaySql(dim, 'd.retailer_id', sql.ref('d.day'), 'r') : sql.ref(`r.${snakeCase(DIMENSION_FIELD[dim])}`);
  const columns = COUNT_KEYS.map((k) => sql.ref(snakeCase(k)));
  const inner = COUNT_KEYS.map((k) => sql.ref(`d.${snakeCase(k)}`));
  const sums = COUNT_KEYS.map((k) => sql`sum(${sql.ref(`x.${snakeCase(k)}`)})`);
  await sql`
    insert into monitoring_rollups (dim, dim_value, day, ${sql.join(columns)})
    select ${sql.lit(dim)}, cast(x.dim_value as text), x.day, ${sql.join(sums)}
    from (select ${value} as dim_value, d.day, ${sql.join(inner)}
          from monitoring_retailer_days d join retailers r on r.id = d.retailer_id
          where d.day >= ${from} and d.day <= ${to}) x
    group by x.dim_value, x.day`.execute(trx);
}

const DIMENSION_FIELD = { station: 'stationId', manager: 'managerId', businessType: 'businessType', marketType: 'marketType', grade: 'grade' } as const;

/**
 * After shops changed from a day (a route hand-over, a master-data import: retailer-history.server.ts): the
 * roll-ups of [from, to] summed again from the retailer-days for every breakdown, each day under what the shop was
 * then (the county's do not move). Inside the writer's transaction, under the refresh's lock.
 */
export async function resumRollups(trx: Transaction<Database>, from: string, to: string): Promise<void> {
  if (from > to) return;
  await lockTransaction(trx, REFRESH_LOCK_KEY);
  await trx.deleteFrom('monitoringRollups').where('dim', '!=', 'county').where('day', '>=', from).where('day', '<=', to).execute();
  for (const dim of DIMENSIONS) if (dim !== 'county') await insertRollupsFromRetailerDays(trx, dim, from, to, true);
}

/** Recomputes the dirty retailers from their earliest dirty day (less the look-ahead) to today; applies the difference. */
async function refreshRetailers(trx: Transaction<Database>, fromByRetailer: Map<number, string>, today: string) {
  // Group by start day so a batch of uploads for the same day costs one pass.
  const groups = new Map<string, number[]>();
  for (const [id, day] of fromByRetailer) {
    const from = addDays(day, -LOOK_AHEAD_DAYS);
    if (from > today) continue;
    groups.set(from, [...(groups.get(from) ?? []), id]);
  }
  const totals = new RollupTotals();
  for (const [from, ids] of groups) {
    for (let i = 0; i < ids.length; i += RETAILERS_PER_CHUNK) {
      const chunk = ids.slice(i, i + RETAILERS_PER_CHUNK);
      const old = await trx.selectFrom('monitoringRetailerDays').selectAll().where('retailerId', 'in', chunk).where('day', '>=', from).where('day', '<=', today).execute();
      const { rows, retailers } = await buildRetailerDays(trx, chunk, from, today);
      // Each day under what the shop was then (retailer-history.server.ts).
      const attributesOn = await attributesOnDays(trx, chunk);
      const dimsOn = (retailerId: number, day: string) => attributesOn(retailerId, day, retailers.get(retailerId)!);
      for (const r of old) totals.add(dimsOn(r.retailerId, String(r.day)), String(r.day), r, -1);
      for (const r of rows) totals.add(dimsOn(r.retailerId, r.day), r.day, r, 1);
      await trx.deleteFrom('monitoringRetailerDays').where('retailerId', 'in', chunk).where('day', '>=', from).where('day', '<=', today).execute();
      await insertRetailerDays(trx, rows);
    }
  }
  await totals.upsertDifferences(trx);
}

async function insertRetailerDays(trx: Transaction<Database>, rows: RetailerDayRow[]) {
  if (!rows.length) return;
  await bulkInsert(trx, { table: 'monitoringRetailerDays', rows });
}

const key = (...parts: Array<string | number>) => parts.join(':');

/**
 * Builds the retailer-day rows of some retailers for [from, to] from the raw tables. The stock estimate and the
 * not-ordered streak continue from the stored rows just before `from`.
 */
export async function buildRetailerDays(trx: DB, retailerIds: number[], from: string, to: string): Promise<{ rows: RetailerDayRow[]; retailers: Map<number, RetailerRow> }> {
  const retailers = new Map<number, RetailerRow>();
  if (!retailerIds.length || from > to) return { rows: [], retailers };
  const retailerRows = await trx
    .selectFrom('retailers')
    .select(['id', 'orderWeekday', 'isOnline', 'active', 'stationId', 'managerId', 'businessType', 'marketType', 'grade', 'createdAt'])
    .where('id', 'in', retailerIds)
    .execute();
  for (const r of retailerRows) retailers.set(r.id, r);

  const cycles = await trx
    .selectFrom('orderCycles')
    .select(['id', 'startsOn', 'endsOn', 'status', 'cutoffLocalTime'])
    .where('startsOn', '<=', to)
    .where('endsOn', '>=', from)
    .where('status', '!=', 'planned')
    .execute();
  const cycleIds = cycles.map((c) => c.id);
  const soldBefore = (e: ExpressionBuilder<Database & { l: Database['stockCountLines']; sc: Database['stockCounts']; u: Database['uploads'] }, 'l' | 'sc' | 'u'>) =>
    e
      .selectFrom('posDailySales as p')
      .select(sql`1`.as('one'))
      .whereRef('p.retailerId', '=', 'sc.retailerId')
      .whereRef('p.specId', '=', 'l.specId')
      .where('p.salesDate', '>=', dayMinus(trx, sql.ref('u.business_date'), CARRIED_SALES_DAYS))
      .whereRef('p.salesDate', '<', 'u.businessDate');
  const newTo = addDays(to, NEW_LISTING_DAYS);

  const [specs, caps, orders, suggestions, uploadDays, salesByDay, receiptsByDay, counts, prior, measures] = await Promise.all([
    trx.selectFrom('specs').select(['id', 'isScarce', 'isNew']).execute(),
    cycleIds.length
      ? trx.selectFrom('caps').innerJoin('specs', 'specs.id', 'caps.specId').select(['caps.cycleId', 'caps.gradeFrom', 'caps.gradeTo']).where('caps.cycleId', 'in', cycleIds).where('specs.isScarce', '=', 1).where('caps.capCartons', '>', 0).execute()
      : [],
    cycleIds.length ? trx.selectFrom('orders').select(['id', 'retailerId', 'cycleId', 'status']).where('cycleId', 'in', cycleIds).where('retailerId', 'in', retailerIds).execute() : [],
    cycleIds.length
      ? trx
          .selectFrom('suggestions')
          .select((eb) => [
            'cycleId',
            'retailerId',
            'specId',
            'suggestedCartons',
            'forecastDailyPacks',
            'computedAt',
            // Offered because similar shops sell it: the note draftLinesOf leaves out of the draft.
            sql<number>`case when ${eb.ref('explanationJson')} like '%"common_in_peer_group"%' then 1 else 0 end`.as('offered'),
          ])
          .where('cycleId', 'in', cycleIds)
          .where('retailerId', 'in', retailerIds)
          .execute()
      : [],
    trx.selectFrom('uploads').select(['retailerId', 'businessDate']).where('kind', '=', 'sales').where('retailerId', 'in', retailerIds).where('businessDate', '>=', from).where('businessDate', '<=', to).execute(),
    trx
      .selectFrom('posDailySales')
      .select((eb) => ['retailerId', 'salesDate', eb.fn.sum<number>('qtyPacks').as('packs')])
      .where('retailerId', 'in', retailerIds)
      .where('salesDate', '>=', from)
      .where('salesDate', '<=', to)
      .groupBy(['retailerId', 'salesDate'])
      .execute(),
    trx
      .selectFrom('receipts')
      .select((eb) => ['retailerId', 'receivedOn', eb.fn.sum<number>('qtyPacks').as('packs')])
      .where('retailerId', 'in', retailerIds)
      .where('receivedOn', '>=', from)
      .where('receivedOn', '<=', to)
      .groupBy(['retailerId', 'receivedOn'])
      .execute(),
    trx
      .selectFrom('stockCounts as sc')
      .innerJoin('uploads as u', 'u.id', 'sc.uploadId')
      .innerJoin('stockCountLines as l', 'l.stockCountId', 'sc.id')
      // Carried: on the shelf, or sold in the CARRIED_SALES_DAYS before the count; out: carried and counted at 0.
      // (CASE tries the cheap test first, so only the zero lines probe the sales.)
      .select((eb) => [
        'sc.retailerId',
        'u.businessDate as day',
        'sc.countedAt',
        eb.fn.sum<number>('l.qtyPacks').as('packs'),
        sql<number>`sum(case when ${eb.ref('l.qtyPacks')} > 0 then 1 when ${eb.exists(soldBefore(eb))} then 1 else 0 end)`.as('carried'),
        sql<number>`sum(case when ${eb.ref('l.qtyPacks')} > 0 then 0 when ${eb.exists(soldBefore(eb))} then 1 else 0 end)`.as('stockouts'),
      ])
      .groupBy(['sc.id', 'sc.retailerId', 'u.businessDate', 'sc.countedAt'])
      .where('sc.retailerId', 'in', retailerIds)
      .where('u.businessDate', '>=', from)
      .where('u.businessDate', '<=', to)
      .execute(),
    trx
      .selectFrom('monitoringRetailerDays')
      .select(['retailerId', 'day', 'emptyStreak', 'dueOrder', 'stockPacks', 'stockCountDay'])
      .where('retailerId', 'in', retailerIds)
      .where('day', '>=', addDays(from, -7))
      .where('day', '<', from)
      .execute(),
    // 预测准确率: measured once the shop's 7 days from its order day were over (suggestions/accuracy.server.ts).
    trx
      .selectFrom('forecastMeasures')
      .select((eb) => [
        'retailerId',
        'orderDay',
        sql<number>`sum(abs(${eb.ref('forecastPacks')} - ${eb.ref('actualPacks')}))`.as('absError'),
        eb.fn.sum<number>('actualPacks').as('actual'),
      ])
      .where('retailerId', 'in', retailerIds)
      .where('orderDay', '>=', from)
      .where('orderDay', '<=', to)
      .groupBy(['retailerId', 'orderDay'])
      .execute(),
  ]);

  const specById = new Map(specs.map((s) => [s.id, s]));
  const newSpecIds = specs.filter((s) => s.isNew === 1).map((s) => s.id);
  const orderIds = orders.map((o) => o.id);
  const lines: Array<{ orderId: number; specId: number; qtyRequestedCartons: number; capCartons: number | null; suggestedCartons: number | null; qtyAllocatedCartons: number | null }> = [];
  for (let i = 0; i < orderIds.length; i += 2000) {
    lines.push(
      ...(await trx
        .selectFrom('orderLines')
        .select(['orderId', 'specId', 'qtyRequestedCartons', 'capCartons', 'suggestedCartons', 'qtyAllocatedCartons'])
        .where('orderId', 'in', orderIds.slice(i, i + 2000))
        .execute()),
    );
  }
  const newSales = newSpecIds.length
    ? await trx
        .selectFrom('posDailySales')
        .select(['retailerId', 'specId', 'salesDate'])
        .where('retailerId', 'in', retailerIds)
        .where('specId', 'in', newSpecIds)
        .where('salesDate', '>', from)
        .where('salesDate', '<=', newTo)
        .where('qtyPacks', '>', 0)
        .execute()
    : [];
  // Indexes over the loaded rows.
  const scarceGrades = new Map<number, Array<[number, number]>>();
  for (const c of caps) scarceGrades.set(c.cycleId, [...(scarceGrades.get(c.cycleId) ?? []), [c.gradeFrom, c.gradeTo]]);
  const orderByRetailerCycle = new Map(orders.map((o) => [key(o.retailerId, o.cycleId), o]));
  const linesByOrder = new Map<number, typeof lines>();
  for (const l of lines) linesByOrder.set(l.orderId, [...(linesByOrder.get(l.orderId) ?? []), l]);
  const suggestionsBy = new Map<string, typeof suggestions>();
  for (const s of suggestions) {
    const k = key(s.retailerId, s.cycleId);
    suggestionsBy.set(k, [...(suggestionsBy.get(k) ?? []), s]);
  }
  const uploaded = new Set(uploadDays.map((u) => key(u.retailerId, String(u.businessDate))));
  const sales = new Map(salesByDay.map((s) => [key(s.retailerId, String(s.salesDate)), Number(s.packs)]));
  const receipts = new Map(receiptsByDay.map((r) => [key(r.retailerId, String(r.receivedOn)), Number(r.packs)]));
  const countsBy = new Map<string, { countedAt: string; packs: number; carried: number; stockouts: number }>();
  for (const c of counts) {
    const k = key(c.retailerId, String(c.day));
    const prev = countsBy.get(k);
    // Two counts on one day: the later one stands.
    if (!prev || String(c.countedAt) > prev.countedAt) countsBy.set(k, { countedAt: String(c.countedAt), packs: Number(c.packs ?? 0), carried: Number(c.carried ?? 0), stockouts: Number(c.stockouts ?? 0) });
  }
  const newSaleDays = new Map<string, string[]>();
  for (const s of newSales) {
    const k = key(s.retailerId, s.specId);
    newSaleDays.set(k, [...(newSaleDays.get(k) ?? []), String(s.salesDate)]);
  }
  const measured = new Map(measures.map((m) => [key(m.retailerId, String(m.orderDay)), { fcAbsErrorPacks: Number(m.absError), fcActualPacks: Number(m.actual) }]));
  const priorBy = new Map(prior.map((p) => [key(p.retailerId, String(p.day)), p]));

  const days = daysInRange(from, to);
  const knownFrom = new Map(days.map((d) => [d, stockKnownFrom(d)]));
  const rows: RetailerDayRow[] = [];
  for (const r of retailerRows) {
    const before = priorBy.get(key(r.id, addDays(from, -1)));
    let stock: StockState | null = before ? { stockPacks: before.stockPacks, countDay: before.stockCountDay ? String(before.stockCountDay) : null } : null;
    // The streak continues from the last order day before `from` (a week earlier at most).
    let streak = 0;
    for (let k = 1; k <= 7; k++) {
      const p = priorBy.get(key(r.id, addDays(from, -k)));
      if (p && p.dueOrder > 0) {
        streak = p.emptyStreak;
        break;
      }
    }
    const orderDays = new Map<string, (typeof cycles)[number]>();
    for (const c of cycles) orderDays.set(addDays(String(c.startsOn), r.orderWeekday - 1), c);
    // A shop counts from the day it was created (imported today: no past days to upload or order on).
    const firstDay = shanghaiDayOf(r.createdAt);

    for (const day of days) {
      const c: RetailerDayRow = { retailerId: r.id, day, emptyStreak: 0, stockCountDay: null, ...emptyCounts() };
      const active = r.active === 1 && day >= firstDay;
      if (active && r.isOnline === 1) {
        c.dueUpload = 1;
        c.uploaded = uploaded.has(key(r.id, day)) ? 1 : 0;
      }
      const cycle = orderDays.get(day);
      if (active && cycle) {
        const order = orderByRetailerCycle.get(key(r.id, cycle.id));
        const orderLines = order ? (linesByOrder.get(order.id) ?? []) : [];
        const orderedSpecs = new Set(orderLines.map((l) => l.specId));
        const cutoffAt = cutoffOf({ startsOn: String(cycle.startsOn), cutoffLocalTime: cycle.cutoffLocalTime }, r.orderWeekday);
        const stored = (suggestionsBy.get(key(r.id, cycle.id)) ?? []).map((s) => ({ ...s, computedAt: String(s.computedAt), offered: Number(s.offered) === 1 }));
        // Only the suggestions in force (computed by the cut-off) count, for the match and the forecast alike.
        const shopSuggestions = stored.filter((s) => inForce(s, cutoffAt));
        const listedBy = addDays(day, NEW_LISTING_DAYS);
        const soldWithin = (specId: number) => (newSaleDays.get(key(r.id, specId)) ?? []).some((d) => d > day && d <= listedBy);
        const facts: OrderLineFact[] = orderLines.map((l) => {
          const spec = specById.get(l.specId);
          return {
            requestedCartons: l.qtyRequestedCartons,
            capCartons: l.capCartons,
            suggestedCartons: l.suggestedCartons,
            allocatedCartons: l.qtyAllocatedCartons,
            isScarce: spec?.isScarce === 1,
            isNew: spec?.isNew === 1,
            soldSoonAfter: spec?.isNew === 1 && soldWithin(l.specId),
          };
        });
        const oc = orderDayCounts({
          status: order?.status ?? null,
          lines: facts,
          unorderedSuggestionsCartons: unorderedDraftCartons(shopSuggestions, orderedSpecs, cutoffAt),
          scarceEligible: (scarceGrades.get(cycle.id) ?? []).some(([lo, hi]) => r.grade >= lo && r.grade <= hi),
        });
        for (const k of COUNT_KEYS) c[k] += oc[k];
        streak = nextEmptyStreak(streak, oc.orderedOk === 1);
        c.emptyStreak = streak;
        c.notOrderedStreak2 = oc.orderedOk === 0 && streak >= 2 ? 1 : 0;
        // Forecast accuracy: the shop's measured forecasts of the cycle (7 days from this order day).
        const fc = measured.get(key(r.id, day));
        if (fc) Object.assign(c, fc);
      }
      const sold = sales.get(key(r.id, day)) ?? 0;
      const count = countsBy.get(key(r.id, day));
      c.salesPacks = sold;
      stock = stockStep(stock, day, count ? count.packs : null, receipts.get(key(r.id, day)) ?? 0, sold);
      c.stockCountDay = stock.countDay;
      if (stockIsKnown(stock, day, knownFrom.get(day))) {
        c.stockKnown = 1;
        c.stockPacks = stock.stockPacks;
        c.stockSalesPacks = sold;
      }
      if (count) {
        c.carriedPairs = count.carried;
        c.stockoutPairs = count.stockouts;
      }
      if (!isZero(c) || c.emptyStreak > 0 || c.stockCountDay !== null) rows.push(c);
    }
  }
  return { rows, retailers };
}

// ------------------------------------------------------------------ summing into the roll-ups

class RollupTotals {
  private readonly totals = new Map<string, { dim: string; dimValue: string; day: string; counts: Counts }>();

  add(r: RetailerDimensions, day: string, counts: Partial<Record<(typeof COUNT_KEYS)[number], number | string>>, sign: 1 | -1) {
    for (const dim of DIMENSIONS) {
      const dimValue = dimensionValue(dim, r);
      const k = `${dim}\u0000${dimValue}\u0000${day}`;
      let t = this.totals.get(k);
      if (!t) this.totals.set(k, (t = { dim, dimValue, day, counts: emptyCounts() }));
      for (const c of COUNT_KEYS) t.counts[c] += sign * Number(counts[c] ?? 0);
    }
  }

  private rows(skipZero: boolean) {
    return [...this.totals.values()].filter((t) => !skipZero || !isZero(t.counts)).map((t) => ({ dim: t.dim, dimValue: t.dimValue, day: t.day, ...t.counts }));
  }

  /** Adds the totals (differences) to the roll-ups, creating rows that are missing. */
  async upsertDifferences(trx: DB) {
    const rows = this.rows(true);
    for (let i = 0; i < rows.length; i += 200) {
      await trx
        .insertInto('monitoringRollups')
        .values(rows.slice(i, i + 200))
        .onConflict((oc) =>
          oc.columns(['dim', 'dimValue', 'day']).doUpdateSet((eb) => Object.fromEntries(COUNT_KEYS.map((c) => [c, eb(eb.ref(`monitoringRollups.${c}`), '+', eb.ref(`excluded.${c}`))]))),
        )
        .execute();
    }
  }
}
