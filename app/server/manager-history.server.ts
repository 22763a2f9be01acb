/**
 * Which account manager had a shop on a given day — the one question every by-manager figure asks of the past.
 *
 * A shop's current manager is retailers.managerId; a route hand-over (route-handover.server.ts) keeps the manager it
 * had before as a closed period in retailer_manager_history (validFrom null = since first recorded, up to the day
 * before validTo). So the manager of shop r on day d is the history row covering d, or else r's current manager.
 * Monitoring reads it through these functions, so past periods stay with the manager who had the shop then:
 * - `managerOnDaySql(…)` in SQL over a retailer-day table joined to retailers (both dialects);
 * - `managersOnDays(db, retailerIds)` in code, for rows already loaded.
 */
import { sql, type RawBuilder } from 'kysely';
import type { DB } from './db.server';

/**
 * The manager in force, as an SQL expression, for a row with a retailer id and a day: `coalesce(<history row's
 * manager>, <current manager>)`. Arguments are column references chosen by our code (never from a request), for
 * example `managerOnDaySql('d.retailer_id', 'd.day', 'r.manager_id')`. A correlated lookup on the history's
 * (retailer_id, valid_to) index; the history is a handful of rows per hand-over.
 */
export function managerOnDaySql(retailerIdColumn: string, dayColumn: string, currentManagerColumn: string): RawBuilder<number> {
  const retailerId = sql.ref(retailerIdColumn);
  const day = sql.ref(dayColumn);
  return sql<number>`coalesce((select mh.manager_id from retailer_manager_history mh where mh.retailer_id = ${retailerId} and mh.valid_to > ${day} and (mh.valid_from is null or mh.valid_from <= ${day})), ${sql.ref(currentManagerColumn)})`;
}

/**
 * The manager of each of these shops on any day, read once: `(retailerId, day, currentManagerId) => managerId`
 * for the rows already in hand (a shop with no history answers its current manager on every day).
 */
export async function managersOnDays(db: DB, retailerIds: readonly number[]): Promise<(retailerId: number, day: string, currentManagerId: number) => number> {
  const periods = new Map<number, Array<{ managerId: number; validFrom: string | null; validTo: string }>>();
  for (let i = 0; i < retailerIds.length; i += 1000) {
    const rows = await db
      .selectFrom('retailerManagerHistory')
      .select(['retailerId', 'managerId', 'validFrom', 'validTo'])
      .where('retailerId', 'in', retailerIds.slice(i, i + 1000))
      .execute();
    for (const r of rows) {
      const list = periods.get(r.retailerId) ?? [];
      list.push({ managerId: r.managerId, validFrom: r.validFrom === null ? null : String(r.validFrom), validTo: String(r.validTo) });
      periods.set(r.retailerId, list);
    }
  }
  return (retailerId, day, currentManagerId) => {
    const list = periods.get(retailerId);
    if (!list) return currentManagerId;
    const hit = list.find((p) => p.validTo > day && (p.validFrom === null || p.validFrom <= day));
    return hit ? hit.managerId : currentManagerId;
  };
}

/** The first day a shop has been with its current manager (null: always, as far as is recorded). */
export async function currentManagerSince(db: DB, retailerIds: readonly number[]): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  for (let i = 0; i < retailerIds.length; i += 1000) {
    const rows = await db
      .selectFrom('retailerManagerHistory')
      .select(['retailerId', (eb) => eb.fn.max('validTo').as('since')])
      .where('retailerId', 'in', retailerIds.slice(i, i + 1000))
      .groupBy('retailerId')
      .execute();
    for (const r of rows) if (r.since !== null) out.set(r.retailerId, String(r.since));
  }
  return out;
}
