/**
 * What a shop was on a given day — its station, account manager, 业态, market type and grade — the one question every
 * figure of a past day asks when it is broken down (issue 17): a shop moved to another station, handed to another
 * manager or regraded takes its future with it, never its past.
 *
 * The shop's attributes now are its retailers row; every change (a route hand-over, a master-data import) closes the
 * period before it as a row of retailer_attribute_history with the whole of what the shop was then (validFrom null =
 * since first recorded, up to the day before validTo). So the shop's value of a dimension on day d is the history row
 * covering d, or else its current one. One mechanism for every dimension:
 * - `attributeOnDaySql(dim, …)` in SQL over a retailer-day table joined to retailers (both dialects);
 * - `attributesOnDays(db, retailerIds)` in code, for rows already loaded; `attributesInCycle` for a cycle's orders;
 * - `recordAttributeChanges(trx, …)` for a writer that changes shops from a day (hand-over, import).
 */
import { sql, type Expression, type RawBuilder, type Transaction } from 'kysely';
import type { BusinessType, Database, MarketType } from '../../db/schema';
import { orderDayOf } from '~/domain/cycle';
import type { Dimension, RetailerDimensions } from '~/domain/indicators';
import type { DB } from './db.server';

/** The dimensions a shop has a value in (the county is every shop's). */
export type AttributeDim = Exclude<Dimension, 'county'>;

/** The retailers / history column of each dimension (snake_case, for SQL written here). */
const COLUMN: Record<AttributeDim, string> = {
  station: 'station_id',
  manager: 'manager_id',
  businessType: 'business_type',
  marketType: 'market_type',
  grade: 'grade',
};

const ATTRIBUTE_KEYS = ['stationId', 'managerId', 'businessType', 'marketType', 'grade'] as const satisfies ReadonlyArray<keyof RetailerDimensions>;

/**
 * The value of `dim` in force for a row with a retailer id and a day, as an SQL expression:
 * `coalesce(<history row's value>, <current value>)`. Column references are chosen by our code (never from a
 * request), e.g. `attributeOnDaySql('manager', 'd.retailer_id', sql.ref('d.day'), 'r')` with `r` the retailers alias.
 * A correlated lookup on the history's (retailer_id, valid_to) index; a shop that never changed has no row.
 */
export function attributeOnDaySql(dim: AttributeDim, retailerIdColumn: string, day: Expression<unknown>, retailersAlias: string): RawBuilder<string | number> {
  const column = COLUMN[dim];
  const retailerId = sql.ref(retailerIdColumn);
  return sql<string | number>`coalesce((select h.${sql.raw(column)} from retailer_attribute_history h where h.retailer_id = ${retailerId} and h.valid_to > ${day} and (h.valid_from is null or h.valid_from <= ${day})), ${sql.ref(`${retailersAlias}.${column}`)})`;
}

/** The value a dimension value from a request compares with (ids and grades are numbers in SQL). */
export function dimSqlValue(dim: AttributeDim, value: string): string | number {
  return dim === 'businessType' || dim === 'marketType' ? value : Number(value);
}

/**
 * Shops that may have had `value` in `dim` on some day from `from` on: those that have it now, and those whose history
 * has it in a period reaching past `from`. A cheap filter in front of `attributeOnDaySql(…) = value`, which decides.
 */
export function mayHaveHadSql(dim: AttributeDim, value: string, retailersAlias: string, from: string): RawBuilder<boolean> {
  const column = sql.raw(COLUMN[dim]);
  const v = dimSqlValue(dim, value);
  return sql<boolean>`(${sql.ref(`${retailersAlias}.${COLUMN[dim]}`)} = ${v} or ${sql.ref(`${retailersAlias}.id`)} in (select h.retailer_id from retailer_attribute_history h where h.${column} = ${v} and h.valid_to > ${from}))`;
}

/** Whether any shop changed on or after `from` (when none did, every past day reads the current attributes). */
export async function anyChangeSince(db: DB, from: string): Promise<boolean> {
  const row = await db.selectFrom('retailerAttributeHistory').select('id').where('validTo', '>', from).limit(1).executeTakeFirst();
  return row !== undefined;
}

/** The shops whose history reaches past `from` (they were something else on some day from `from` on). */
export async function changedSince(db: DB, from: string): Promise<number[]> {
  const rows = await db.selectFrom('retailerAttributeHistory').select('retailerId').distinct().where('validTo', '>', from).execute();
  return rows.map((r) => r.retailerId);
}

interface Period extends RetailerDimensions {
  id: number;
  validFrom: string | null;
  validTo: string;
}

async function periodsOf(db: DB, retailerIds: readonly number[]): Promise<Map<number, Period[]>> {
  const periods = new Map<number, Period[]>();
  for (let i = 0; i < retailerIds.length; i += 1000) {
    const rows = await db
      .selectFrom('retailerAttributeHistory')
      .select(['id', 'retailerId', ...ATTRIBUTE_KEYS, 'validFrom', 'validTo'])
      .where('retailerId', 'in', retailerIds.slice(i, i + 1000))
      .orderBy('validTo')
      .execute();
    for (const r of rows) {
      const list = periods.get(r.retailerId) ?? [];
      list.push({ id: r.id, ...pick(r), validFrom: r.validFrom === null ? null : String(r.validFrom), validTo: String(r.validTo) });
      periods.set(r.retailerId, list);
    }
  }
  return periods;
}

const pick = (r: RetailerDimensions): RetailerDimensions => ({ stationId: r.stationId, managerId: r.managerId, businessType: r.businessType, marketType: r.marketType, grade: r.grade });

/**
 * What each of these shops was on any day, read once: `(retailerId, day, current) => attributes` for the rows already
 * in hand, `current` being the shop's retailers row (a shop with no history answers `current` on every day).
 */
export async function attributesOnDays(db: DB, retailerIds: readonly number[]): Promise<(retailerId: number, day: string, current: RetailerDimensions) => RetailerDimensions> {
  const periods = await periodsOf(db, retailerIds);
  return (retailerId, day, current) => {
    const hit = periods.get(retailerId)?.find((p) => p.validTo > day && (p.validFrom === null || p.validFrom <= day));
    return hit ? pick(hit) : pick(current);
  };
}

/** A shop as a cycle's rows carry it: its id, its order weekday and what it is now. */
export type ShopNow = RetailerDimensions & { retailerId: number; orderWeekday: number };

/**
 * What each shop was in a cycle — on its order day in it, the day its order counts (the monitoring breakdowns read
 * a cycle's orders the same way) — for the exports and breakdowns of a past cycle: a shop regraded, moved or handed
 * over since shows under what it was then. Only shops that changed since the cycle began are looked up.
 */
export async function attributesInCycle(db: DB, cycleStartsOn: string, shops: readonly ShopNow[]): Promise<(shop: ShopNow) => RetailerDimensions> {
  const changed = new Set(await changedSince(db, cycleStartsOn));
  const on = await attributesOnDays(db, [...new Set(shops.filter((s) => changed.has(s.retailerId)).map((s) => s.retailerId))]);
  return (shop) => (changed.has(shop.retailerId) ? on(shop.retailerId, orderDayOf({ startsOn: cycleStartsOn }, shop.orderWeekday), shop) : pick(shop));
}

/** The first day a shop has been with its current manager (none: always, as far as is recorded). */
export async function currentManagerSince(db: DB, retailerIds: readonly number[]): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  for (let i = 0; i < retailerIds.length; i += 1000) {
    const rows = await db
      .selectFrom('retailerAttributeHistory as h')
      .innerJoin('retailers as r', 'r.id', 'h.retailerId')
      .select(['h.retailerId', (eb) => eb.fn.max('h.validTo').as('since')])
      .where('h.retailerId', 'in', retailerIds.slice(i, i + 1000))
      .whereRef('h.managerId', '!=', 'r.managerId')
      .groupBy('h.retailerId')
      .execute();
    for (const r of rows) if (r.since !== null) out.set(r.retailerId, String(r.since));
  }
  return out;
}

export interface AttributeChange {
  retailerId: number;
  /** The attributes that change (the others stay as they were on each day). */
  set: Partial<{ stationId: number; managerId: number; businessType: BusinessType; marketType: MarketType; grade: number }>;
}

export type ChangeCause = 'handover' | 'import' | 'grading';

/**
 * Changes shops' attributes from `effectiveOn` on, keeping what they were before as history (inside the writer's
 * transaction; the caller then re-sums the roll-ups from `effectiveOn`, rollups.server.ts `resumRollups`). The
 * current retailers row takes the new values. A day before a later recorded change (a hand-over dated back past an
 * import) rewrites the periods from that day on with the new values, splitting the one that spans it, so each day
 * keeps every other attribute it had. Returns the shops that changed.
 */
export async function recordAttributeChanges(
  trx: Transaction<Database>,
  changes: readonly AttributeChange[],
  effectiveOn: string,
  cause: ChangeCause,
  actorUserId: number | null,
  now: Date,
): Promise<number[]> {
  if (!changes.length) return [];
  const ids = changes.map((c) => c.retailerId);
  const current = new Map<number, RetailerDimensions>();
  for (let i = 0; i < ids.length; i += 1000) {
    for (const r of await trx.selectFrom('retailers').select(['id', ...ATTRIBUTE_KEYS]).where('id', 'in', ids.slice(i, i + 1000)).execute()) current.set(r.id, pick(r));
  }
  const periods = await periodsOf(trx, ids);
  const changedAt = now.toISOString();
  const stamp = { cause, changedAt, changedByUserId: actorUserId };
  const inserts: Array<Omit<Period, 'id'> & { retailerId: number }> = [];
  const changed = new Set<number>();
  for (const { retailerId, set } of changes) {
    const now_ = current.get(retailerId);
    if (!now_) continue;
    const list = periods.get(retailerId) ?? [];
    const later = list.filter((p) => p.validTo > effectiveOn);
    const differs = (a: RetailerDimensions) => ATTRIBUTE_KEYS.some((k) => set[k] !== undefined && set[k] !== a[k]);
    if (!differs(now_) && !later.some(differs)) continue;
    changed.add(retailerId);
    // Periods after the day take the new values; the one spanning it is split at the day.
    for (const p of later) {
      if (!differs(p)) continue;
      const { id, ...before } = p;
      const where = trx.updateTable('retailerAttributeHistory').where('id', '=', id);
      if (p.validFrom === null || p.validFrom < effectiveOn) {
        inserts.push({ retailerId, ...before, validTo: effectiveOn });
        await where.set({ ...set, validFrom: effectiveOn }).execute();
      } else {
        await where.set(set).execute();
      }
    }
    // The current period closes the day before, unless it began on the day itself (nothing to keep).
    const since = list.length ? list[list.length - 1]!.validTo : null;
    if (since === null || since < effectiveOn) inserts.push({ retailerId, ...now_, validFrom: since, validTo: effectiveOn });
  }
  for (let i = 0; i < inserts.length; i += 200) {
    await trx
      .insertInto('retailerAttributeHistory')
      .values(inserts.slice(i, i + 200).map((p) => ({ ...p, businessType: p.businessType as never, marketType: p.marketType as never, ...stamp })))
      .execute();
  }
  // The shops now: one statement per distinct change (a hand-over or a whole-file regrade is a handful).
  const bySet = new Map<string, { set: AttributeChange['set']; ids: number[] }>();
  for (const c of changes) {
    if (!changed.has(c.retailerId)) continue;
    const k = JSON.stringify(ATTRIBUTE_KEYS.map((key) => c.set[key] ?? null));
    const entry = bySet.get(k) ?? { set: c.set, ids: [] };
    entry.ids.push(c.retailerId);
    bySet.set(k, entry);
  }
  for (const { set, ids: part } of bySet.values()) {
    for (let i = 0; i < part.length; i += 500) {
      await trx
        .updateTable('retailers')
        .set(set)
        .where('id', 'in', part.slice(i, i + 500))
        .execute();
    }
  }
  return [...changed];
}
