/** The phone stock count: the specs the shop carries, and saving a typed count as a stock-count upload. */
import { addDays, shanghaiDayOf } from '~/domain/time';
import type { DB } from './db.server';
import { retailerIsInScope, type ScopeUser } from './scope.server';
import { ingest, IngestRefused, type IngestResult } from './uploads/ingest.server';
import { MAX_QTY_PER_LINE } from '~/domain/uploads/limits';

/** Specs the shop sold, received or counted in the last eight weeks, most recently counted first. */
export async function carriedSpecs(db: DB, user: ScopeUser, retailerId: number, now = new Date()) {
  const from = addDays(shanghaiDayOf(now), -56);
  if (!(await retailerIsInScope(db, user, retailerId))) return null;
  const ids = await db
    .selectFrom('posDailySales')
    .select('specId')
    .where('retailerId', '=', retailerId)
    .where('salesDate', '>=', from)
    .union(db.selectFrom('receipts').select('specId').where('retailerId', '=', retailerId).where('receivedOn', '>=', from))
    .execute();
  const specIds = [...new Set(ids.map((r) => r.specId))];
  const lastCount = await db
    .selectFrom('stockCounts')
    .innerJoin('stockCountLines', 'stockCountLines.stockCountId', 'stockCounts.id')
    .select(['stockCountLines.specId', 'stockCountLines.qtyPacks', 'stockCounts.countedAt'])
    .where('stockCounts.retailerId', '=', retailerId)
    .where('stockCounts.countedAt', '=', (eb) => eb.selectFrom('stockCounts as s2').select((e) => e.fn.max('s2.countedAt').as('m')).where('s2.retailerId', '=', retailerId))
    .execute();
  const last = new Map(lastCount.map((l) => [l.specId, l.qtyPacks]));
  const all = await db
    .selectFrom('specs')
    .select(['id', 'name', 'brand', 'cartonBarcode', 'packBarcode', 'packsPerCarton'])
    .where('isDiscontinued', '=', 0)
    .orderBy('brand')
    .orderBy('name')
    .execute();
  const carried = new Set([...specIds, ...last.keys()]);
  return {
    carried: all.filter((s) => carried.has(s.id)).map((s) => ({ ...s, lastQtyPacks: last.get(s.id) ?? null })),
    others: all.filter((s) => !carried.has(s.id)),
    lastCountedAt: lastCount[0]?.countedAt ?? null,
  };
}

export type CountResult = ({ ok: true } & IngestResult) | { ok: false; code: 'not_found' | 'nothing' | 'invalid' };

export async function saveTypedCount(db: DB, user: ScopeUser, retailerId: number, lines: Array<{ specId: number; qtyPacks: number }>, now = new Date()): Promise<CountResult> {
  if (!(await retailerIsInScope(db, user, retailerId))) return { ok: false, code: 'not_found' };
  if (!lines.length) return { ok: false, code: 'nothing' };
  if (lines.some((l) => !Number.isInteger(l.qtyPacks) || l.qtyPacks < 0 || l.qtyPacks > MAX_QTY_PER_LINE)) return { ok: false, code: 'invalid' };
  const known = new Set((await db.selectFrom('specs').select('id').where('id', 'in', lines.map((l) => l.specId)).execute()).map((s) => s.id));
  if (lines.some((l) => !known.has(l.specId))) return { ok: false, code: 'invalid' };
  const countedAt = new Date(Math.floor(now.getTime() / 1000) * 1000).toISOString();
  try {
    const result = await ingest(
      db,
      // A shop deactivated in master data keeps its history but takes no new data (checked in the write's transaction).
      { retailerId, kind: 'stock_count', source: 'manual', actorUserId: user.userId, rowsRead: lines.length, counts: [{ countedAt, day: shanghaiDayOf(now), lines }], rejections: [], onlyActiveShop: true },
      now,
    );
    return { ok: true, ...result };
  } catch (error) {
    if (error instanceof IngestRefused && error.code === 'shop_inactive') return { ok: false, code: 'not_found' };
    throw error;
  }
}
