/**
 * The phone stock count: the specs the shop carries with each one's last count and the stock the records expect
 * now, and saving a typed count as a stock-count upload — after the shop has confirmed any figure wildly off
 * from that expectation (app/domain/quality/count-check.ts).
 */
import { expectationOf, wildLines, type CountExpectation, type WildLine } from '~/domain/quality/count-check';
import { addDays, shanghaiDayOf, shanghaiToInstant } from '~/domain/time';
import type { DB } from './db.server';
import { retailerIsInScope, type ScopeUser } from './scope.server';
import { barcodeSpecsFor } from './uploads/barcode-lookup.server';
import { ingest, IngestRefused, type IngestResult } from './uploads/ingest.server';
import { MAX_QTY_PER_LINE } from '~/domain/uploads/limits';

/**
 * Specs the shop sold, received or counted in the last eight weeks, most recently counted first; and the barcodes
 * the page's scan box reads, as a file or the POS API reads them (every spec's carton and pack code and the
 * shop's own mapped codes, compared as GTIN-14 by app/domain/uploads/barcodes.ts).
 */
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
  const latestCountedAt = await db
    .selectFrom('stockCounts')
    .select((e) => e.fn.max('stockCounts.countedAt').as('m'))
    .where('stockCounts.retailerId', '=', retailerId)
    .executeTakeFirst();
  const [inLatestCount, expected] = await Promise.all([
    latestCountedAt?.m
      ? db
          .selectFrom('stockCounts')
          .innerJoin('stockCountLines', 'stockCountLines.stockCountId', 'stockCounts.id')
          .select('stockCountLines.specId')
          .where('stockCounts.retailerId', '=', retailerId)
          .where('stockCounts.countedAt', '=', latestCountedAt.m)
          .execute()
      : [],
    countExpectations(db, retailerId, shanghaiDayOf(now)),
  ]);
  const barcodes = await barcodeSpecsFor(db, retailerId);
  const all = await db
    .selectFrom('specs')
    .select(['id', 'name', 'brand', 'cartonBarcode', 'packBarcode', 'packsPerCarton'])
    .where('isDiscontinued', '=', 0)
    .orderBy('brand')
    .orderBy('name')
    .execute();
  const carried = new Set([...specIds, ...inLatestCount.map((l) => l.specId)]);
  // Each spec's own latest count (a count need not list every spec), and what the records expect on the shelf now.
  const withCounts = <S extends { id: number }>(spec: S) => {
    const e = expected.get(spec.id);
    return { ...spec, lastQtyPacks: e?.lastCountPacks ?? null, lastCountDay: e?.lastCountDay ?? null, expectedPacks: e?.expectedPacks ?? null };
  };
  return {
    carried: all.filter((s) => carried.has(s.id)).map(withCounts),
    others: all.filter((s) => !carried.has(s.id)).map(withCounts),
    lastCountedAt: latestCountedAt?.m ?? null,
    barcodes,
  };
}

/** A count older than this is no yardstick for today's shelf: too much has moved since to roll it forward. */
export const EXPECTATION_MAX_DAYS = 120;

/**
 * What the records expect on the shelf this morning, per spec the shop has counted within EXPECTATION_MAX_DAYS:
 * the spec's latest count rolled forward with receipts and sales over [its day, today) — the stock identity the
 * 库存误差 check applies (app/domain/quality/identity.ts), so a figure saved after "确认？" is the one it judges.
 */
export async function countExpectations(db: DB, retailerId: number, today: string, onlySpecIds?: number[]): Promise<Map<number, CountExpectation>> {
  if (onlySpecIds && !onlySpecIds.length) return new Map();
  const since = addDays(today, -EXPECTATION_MAX_DAYS);
  const sinceInstant = shanghaiToInstant(since);
  let latestQuery = db
    .selectFrom('stockCounts')
    .innerJoin('stockCountLines', 'stockCountLines.stockCountId', 'stockCounts.id')
    .select(['stockCountLines.specId', (e) => e.fn.max('stockCounts.countedAt').as('countedAt')])
    .where('stockCounts.retailerId', '=', retailerId)
    .where('stockCounts.countedAt', '>=', sinceInstant)
    .groupBy('stockCountLines.specId');
  if (onlySpecIds) latestQuery = latestQuery.where('stockCountLines.specId', 'in', onlySpecIds);
  const latest = await latestQuery.execute();
  if (!latest.length) return new Map();
  const latestAt = new Map(latest.map((l) => [l.specId, String(l.countedAt)]));
  const instants = [...new Set(latestAt.values())];
  const counted = await db
    .selectFrom('stockCounts')
    .innerJoin('stockCountLines', 'stockCountLines.stockCountId', 'stockCounts.id')
    .select(['stockCountLines.specId', 'stockCountLines.qtyPacks', 'stockCounts.countedAt'])
    .where('stockCounts.retailerId', '=', retailerId)
    .where('stockCounts.countedAt', 'in', instants)
    .where('stockCountLines.specId', 'in', [...latestAt.keys()])
    .execute();
  const countOf = new Map<number, { day: string; qtyPacks: number }>();
  for (const c of counted) {
    // Two counts at one instant cannot happen (ingest replaces a count at the same instant); add up if they did.
    if (latestAt.get(c.specId) !== String(c.countedAt)) continue;
    const day = shanghaiDayOf(c.countedAt);
    countOf.set(c.specId, { day, qtyPacks: (countOf.get(c.specId)?.qtyPacks ?? 0) + c.qtyPacks });
  }
  const from = [...countOf.values()].reduce((min, c) => (c.day < min ? c.day : min), today);
  const specIds = [...countOf.keys()];
  const [receipts, sales] = await Promise.all([
    db
      .selectFrom('receipts')
      .select(['specId', 'receivedOn as day', 'qtyPacks'])
      .where('retailerId', '=', retailerId)
      .where('specId', 'in', specIds)
      .where('receivedOn', '>=', from)
      .where('receivedOn', '<', today)
      .execute(),
    db
      .selectFrom('posDailySales')
      .select(['specId', 'salesDate as day', 'qtyPacks'])
      .where('retailerId', '=', retailerId)
      .where('specId', 'in', specIds)
      .where('salesDate', '>=', from)
      .where('salesDate', '<', today)
      .execute(),
  ]);
  const sumSince = (rows: Array<{ specId: number; day: string; qtyPacks: number }>) => {
    const sums = new Map<number, number>();
    for (const r of rows) if (String(r.day) >= countOf.get(r.specId)!.day) sums.set(r.specId, (sums.get(r.specId) ?? 0) + r.qtyPacks);
    return sums;
  };
  const received = sumSince(receipts);
  const sold = sumSince(sales);
  return new Map([...countOf].map(([specId, c]) => [specId, expectationOf(c.day, c.qtyPacks, received.get(specId) ?? 0, sold.get(specId) ?? 0)]));
}

export type CountResult =
  | ({ ok: true } & IngestResult)
  | { ok: false; code: 'not_found' | 'nothing' | 'invalid' }
  /** Figures wildly off from what the records expect: nothing saved until the shop confirms them (opts.confirmed). */
  | { ok: false; code: 'needs_confirm'; wild: WildLine[] };

/**
 * Saves the shop's typed count. A figure wildly off from the expected stock is refused with `needs_confirm` (and
 * the lines to ask about) unless the shop has confirmed it: `opts.confirmed` is the explicit "确认" of the page.
 */
export async function saveTypedCount(
  db: DB,
  user: ScopeUser,
  retailerId: number,
  lines: Array<{ specId: number; qtyPacks: number }>,
  now = new Date(),
  opts: { confirmed?: boolean } = {},
): Promise<CountResult> {
  if (!(await retailerIsInScope(db, user, retailerId))) return { ok: false, code: 'not_found' };
  if (!lines.length) return { ok: false, code: 'nothing' };
  if (lines.some((l) => !Number.isInteger(l.qtyPacks) || l.qtyPacks < 0 || l.qtyPacks > MAX_QTY_PER_LINE)) return { ok: false, code: 'invalid' };
  const specs = await db.selectFrom('specs').select(['id', 'packsPerCarton']).where('id', 'in', lines.map((l) => l.specId)).execute();
  const packsPerCarton = new Map(specs.map((s) => [s.id, s.packsPerCarton]));
  if (lines.some((l) => !packsPerCarton.has(l.specId))) return { ok: false, code: 'invalid' };
  if (!opts.confirmed) {
    const expected = await countExpectations(db, retailerId, shanghaiDayOf(now), [...packsPerCarton.keys()]);
    const wild = wildLines(lines, expected, (specId) => packsPerCarton.get(specId) ?? 10);
    if (wild.length) return { ok: false, code: 'needs_confirm', wild };
  }
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
