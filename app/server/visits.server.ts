/**
 * Benchmark stores (标杆终端): 1–2 per manager, each with a reason; the weekly in-store visit log with an
 * optional photo kept on disk (served only through a scoped query); the store's indicators week by week.
 */
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'kysely';
import { MAX_BENCHMARKS_PER_MANAGER } from '~/domain/follow-up';
import { MAX_PHOTO_BYTES, VISIT_MAX_AGE_DAYS, type VisitInput } from '~/domain/forms/manager-work';

export { MAX_PHOTO_BYTES, VISIT_MAX_AGE_DAYS };
import { IMAGE_EXTENSION, sniffImageType, type ImageType } from '~/domain/image-type';
import { addDays, mondayOf, shanghaiDayOf } from '~/domain/time';
import type { DB } from './db.server';
import { PLACED_STATUSES } from './orders.server';
import { retailerInScope, type ScopeUser } from './scope.server';

/** Visit photos live beside the database's other files, never under public/. */
export const DEFAULT_PHOTO_DIR = path.resolve('data/uploads/visits');
const INDICATOR_WEEKS = 12;

export async function benchmarkStores(db: DB, user: ScopeUser, now = new Date()) {
  const weekStart = mondayOf(shanghaiDayOf(now));
  const stores = await db
    .selectFrom('retailers')
    .leftJoin('benchmarkMarks', 'benchmarkMarks.retailerId', 'retailers.id')
    .select((eb) => [
      'retailers.id',
      'retailers.name',
      'retailers.licenceNo',
      'retailers.phone',
      'retailers.grade',
      'retailers.businessType',
      'benchmarkMarks.reason',
      'benchmarkMarks.markedAt',
      eb.selectFrom('storeVisits').select(sql<string>`max(store_visits.visited_on)`.as('d')).whereRef('storeVisits.retailerId', '=', 'retailers.id').as('lastVisitOn'),
      eb
        .selectFrom('storeVisits')
        .select(sql<number>`count(*)`.as('n'))
        .whereRef('storeVisits.retailerId', '=', 'retailers.id')
        .where('storeVisits.visitedOn', '>=', weekStart)
        .as('visitsThisWeek'),
    ])
    .where(retailerInScope(user, 'retailers.id'))
    .where('retailers.isBenchmark', '=', 1)
    .orderBy('retailers.licenceNo')
    .execute();
  const candidates = await db
    .selectFrom('retailers')
    .select(['id', 'name', 'licenceNo'])
    .where(retailerInScope(user, 'retailers.id'))
    .where('isBenchmark', '=', 0)
    .where('active', '=', 1)
    .orderBy('grade', 'desc')
    .orderBy('licenceNo')
    .execute();
  return {
    max: MAX_BENCHMARKS_PER_MANAGER,
    weekStart,
    stores: stores.map((s) => ({
      ...s,
      lastVisitOn: s.lastVisitOn ? String(s.lastVisitOn) : null,
      visitsThisWeek: Number(s.visitsThisWeek ?? 0),
      markedAt: s.markedAt ? new Date(s.markedAt).toISOString() : null,
    })),
    candidates,
  };
}

export type BenchmarkResult = { ok: true } | { ok: false; reason: 'not_found' | 'limit' };

/**
 * Marks a shop as a benchmark store with a reason. At most MAX_BENCHMARKS_PER_MANAGER per manager: the count
 * is taken after locking the manager's row (a no-op update, which both dialects turn into a row lock), so
 * two marks at once cannot both pass the check.
 */
export async function markBenchmark(db: DB, user: ScopeUser, retailerId: number, reason: string, now = new Date()): Promise<BenchmarkResult> {
  if (!Number.isSafeInteger(retailerId)) return { ok: false, reason: 'not_found' };
  return db.transaction().execute(async (trx) => {
    const shop = await trx
      .selectFrom('retailers')
      .select(['id', 'managerId', 'isBenchmark'])
      .where('id', '=', retailerId)
      .where(retailerInScope(user, 'retailers.id'))
      .executeTakeFirst();
    if (!shop) return { ok: false, reason: 'not_found' } as const;
    await trx
      .updateTable('accountManagers')
      .set((eb) => ({ code: eb.ref('code') }))
      .where('id', '=', shop.managerId)
      .execute();
    const others = await trx
      .selectFrom('retailers')
      .select(sql<number>`count(*)`.as('n'))
      .where('managerId', '=', shop.managerId)
      .where('isBenchmark', '=', 1)
      .where('id', '<>', shop.id)
      .executeTakeFirstOrThrow();
    if (Number(others.n) >= MAX_BENCHMARKS_PER_MANAGER) return { ok: false, reason: 'limit' } as const;
    await trx.updateTable('retailers').set({ isBenchmark: 1 }).where('id', '=', shop.id).execute();
    const at = now.toISOString();
    await trx
      .insertInto('benchmarkMarks')
      .values({ retailerId: shop.id, reason, markedByUserId: user.userId, markedAt: at })
      .onConflict((oc) => oc.column('retailerId').doUpdateSet({ reason, markedByUserId: user.userId, markedAt: at }))
      .execute();
    return { ok: true } as const;
  });
}

export async function unmarkBenchmark(db: DB, user: ScopeUser, retailerId: number): Promise<BenchmarkResult> {
  if (!Number.isSafeInteger(retailerId)) return { ok: false, reason: 'not_found' };
  return db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('retailers')
      .set({ isBenchmark: 0 })
      .where('id', '=', retailerId)
      .where(retailerInScope(user, 'retailers.id'))
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) return { ok: false, reason: 'not_found' } as const;
    await trx.deleteFrom('benchmarkMarks').where('retailerId', '=', retailerId).execute();
    return { ok: true } as const;
  });
}

export type VisitPhoto = { bytes: Uint8Array } | null;
export type VisitResult = { ok: true; id: number } | { ok: false; reason: 'not_found' | 'visit_future' | 'visit_too_old' | 'photo_too_large' | 'photo_type' };

/** Logs a visit; a photo is checked by its bytes (JPEG, PNG or WebP, at most 5 MB) and written before the row. */
export async function logVisit(
  db: DB,
  user: ScopeUser,
  input: VisitInput,
  photo: VisitPhoto,
  options: { photoDir?: string; now?: Date } = {},
): Promise<VisitResult> {
  const now = options.now ?? new Date();
  const today = shanghaiDayOf(now);
  const shop = await db
    .selectFrom('retailers')
    .select('id')
    .where('id', '=', input.retailerId)
    .where(retailerInScope(user, 'retailers.id'))
    .executeTakeFirst();
  if (!shop) return { ok: false, reason: 'not_found' };
  if (input.visitedOn > today) return { ok: false, reason: 'visit_future' };
  if (input.visitedOn < addDays(today, -VISIT_MAX_AGE_DAYS)) return { ok: false, reason: 'visit_too_old' };

  let stored: { file: string; type: ImageType; bytes: number; fullPath: string } | null = null;
  if (photo && photo.bytes.length > 0) {
    if (photo.bytes.length > MAX_PHOTO_BYTES) return { ok: false, reason: 'photo_too_large' };
    const type = sniffImageType(photo.bytes);
    if (!type) return { ok: false, reason: 'photo_type' };
    const dir = options.photoDir ?? DEFAULT_PHOTO_DIR;
    await fs.mkdir(dir, { recursive: true });
    const file = `${crypto.randomUUID()}.${IMAGE_EXTENSION[type]}`;
    const fullPath = path.join(dir, file);
    await fs.writeFile(fullPath, photo.bytes, { mode: 0o600 });
    stored = { file, type, bytes: photo.bytes.length, fullPath };
  }
  try {
    const row = await db
      .insertInto('storeVisits')
      .values({
        retailerId: shop.id,
        visitedOn: input.visitedOn,
        durationMinutes: input.durationMinutes,
        whatDone: input.whatDone,
        photoFile: stored?.file ?? null,
        photoContentType: stored?.type ?? null,
        photoBytes: stored?.bytes ?? null,
        createdByUserId: user.userId,
        createdAt: now.toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { ok: true, id: row.id };
  } catch (error) {
    // No row, no file: an orphan photo would never be served or cleaned up.
    if (stored) await fs.rm(stored.fullPath, { force: true });
    throw error;
  }
}

export async function visitsOf(db: DB, user: ScopeUser, retailerId: number, limit = 20) {
  const rows = await db
    .selectFrom('storeVisits')
    .innerJoin('users', 'users.id', 'storeVisits.createdByUserId')
    .select(['storeVisits.id', 'storeVisits.visitedOn', 'storeVisits.durationMinutes', 'storeVisits.whatDone', 'storeVisits.photoFile', 'users.displayName as author'])
    .where('storeVisits.retailerId', '=', retailerId)
    .where(retailerInScope(user, 'storeVisits.retailerId'))
    .orderBy('storeVisits.visitedOn', 'desc')
    .orderBy('storeVisits.id', 'desc')
    .limit(limit)
    .execute();
  // The stored file name never leaves the server; the page only needs to know there is a photo.
  return rows.map(({ photoFile, ...v }) => ({ ...v, visitedOn: String(v.visitedOn), hasPhoto: photoFile !== null }));
}

/** The photo of a visit the user may see, or null (also for a visit without a photo). */
export async function visitPhoto(db: DB, user: ScopeUser, visitId: number, photoDir = DEFAULT_PHOTO_DIR) {
  if (!Number.isSafeInteger(visitId)) return null;
  const row = await db
    .selectFrom('storeVisits')
    .select(['photoFile', 'photoContentType'])
    .where('id', '=', visitId)
    .where(retailerInScope(user, 'storeVisits.retailerId'))
    .executeTakeFirst();
  if (!row?.photoFile || !row.photoContentType) return null;
  // The name was made by logVisit (uuid + extension); refuse anything else rather than join it to a path.
  if (!/^[0-9a-f-]{36}\.(jpg|png|webp)$/.test(row.photoFile)) return null;
  try {
    return { bytes: await fs.readFile(path.join(photoDir, row.photoFile)), contentType: row.photoContentType };
  } catch {
    return null;
  }
}

/**
 * A store's indicators week by week (newest first): sales in packs, days with a sales upload, whether the
 * week's order was placed (and not failed), and visits. Null when out of scope.
 */
export async function storeIndicators(db: DB, user: ScopeUser, retailerId: number, now = new Date(), weeks = INDICATOR_WEEKS) {
  if (!Number.isSafeInteger(retailerId)) return null;
  const shop = await db
    .selectFrom('retailers')
    .leftJoin('benchmarkMarks', 'benchmarkMarks.retailerId', 'retailers.id')
    .select(['retailers.id', 'retailers.name', 'retailers.licenceNo', 'retailers.phone', 'retailers.isBenchmark', 'benchmarkMarks.reason'])
    .where('retailers.id', '=', retailerId)
    .where(retailerInScope(user, 'retailers.id'))
    .executeTakeFirst();
  if (!shop) return null;
  const thisMonday = mondayOf(shanghaiDayOf(now));
  const from = addDays(thisMonday, -7 * (weeks - 1));
  const [sales, uploadDays, cycles, orders, visits] = await Promise.all([
    db
      .selectFrom('posDailySales')
      .select(['salesDate', sql<number>`sum(qty_packs)`.as('packs')])
      .where('retailerId', '=', shop.id)
      .where('salesDate', '>=', from)
      .groupBy('salesDate')
      .execute(),
    db
      .selectFrom('uploads')
      .select('businessDate')
      .distinct()
      .where('retailerId', '=', shop.id)
      .where('kind', '=', 'sales')
      .where('businessDate', '>=', from)
      .execute(),
    db.selectFrom('orderCycles').select(['startsOn', 'code']).where('startsOn', '>=', from).where('startsOn', '<=', thisMonday).execute(),
    db
      .selectFrom('orders')
      .innerJoin('orderCycles', 'orderCycles.id', 'orders.cycleId')
      .select(['orderCycles.startsOn', 'orders.status'])
      .where('orders.retailerId', '=', shop.id)
      .where('orderCycles.startsOn', '>=', from)
      .execute(),
    db.selectFrom('storeVisits').select('visitedOn').where('retailerId', '=', shop.id).where('visitedOn', '>=', from).execute(),
  ]);
  const rows = Array.from({ length: weeks }, (_, i) => {
    const weekStart = addDays(thisMonday, -7 * i);
    return { weekStart, salesPacks: 0, uploadDays: 0, cycleCode: null as string | null, ordered: null as boolean | null, visits: 0 };
  });
  const byWeek = new Map(rows.map((r) => [r.weekStart, r]));
  const weekOf = (day: unknown) => byWeek.get(mondayOf(String(day)));
  for (const s of sales) {
    const w = weekOf(s.salesDate);
    if (w) w.salesPacks += Number(s.packs);
  }
  for (const u of uploadDays) {
    const w = weekOf(u.businessDate);
    if (w) w.uploadDays += 1;
  }
  // A week with a cycle and no order row is a week the shop did not order; a week without a cycle has no answer.
  for (const c of cycles) {
    const w = weekOf(c.startsOn);
    if (w) {
      w.cycleCode = c.code;
      w.ordered = false;
    }
  }
  for (const o of orders) {
    const w = weekOf(o.startsOn);
    if (w) w.ordered = PLACED_STATUSES.includes(o.status);
  }
  for (const v of visits) {
    const w = weekOf(v.visitedOn);
    if (w) w.visits += 1;
  }
  return { shop, weeks: rows };
}
