/**
 * What the phone-fit browser test arranges in the e2e county (tests/e2e/arrange.ts's way: through the app's server
 * functions), for a shop and a manager no other browser test uses.
 */
import { countExpectations } from '~/server/stock-count.server';
import { ingest } from '~/server/uploads/ingest.server';
import { unmarkBenchmark } from '~/server/visits.server';
import { addDays, shanghaiDayOf } from '~/domain/time';
import { connect, type DB } from '../../db/connect';
import { E2E_DATABASE } from './arrange';

async function withDb<T>(work: (db: DB) => Promise<T>): Promise<T> {
  const db = connect({ url: E2E_DATABASE });
  try {
    return await work(db);
  } finally {
    await db.destroy();
  }
}

/**
 * The shop has counted its shelf a minute ago (40 packs of the first spec it carries, by name) and its till sent
 * yesterday's sales through the POS API; returns that spec and the stock the records now expect of it.
 */
export function shopWithCountAndApiUpload(licenceNo: string): Promise<{ name: string; expectedPacks: number }> {
  return withDb(async (db) => {
    const shop = await db.selectFrom('retailers').select(['id', 'userId']).where('licenceNo', '=', licenceNo).executeTakeFirstOrThrow();
    const spec = await db.selectFrom('specs').select(['id', 'name']).where('isDiscontinued', '=', 0).orderBy('brand').orderBy('name').executeTakeFirstOrThrow();
    const now = new Date();
    const today = shanghaiDayOf(now);
    await ingest(db, { retailerId: shop.id, kind: 'sales', source: 'api', actorUserId: null, rowsRead: 1, days: [addDays(today, -1)], daily: [{ specId: spec.id, day: addDays(today, -1), qtyPacks: 2 }], rejections: [] });
    const countedAt = new Date(Math.floor((now.getTime() - 60_000) / 1000) * 1000).toISOString();
    await ingest(db, { retailerId: shop.id, kind: 'stock_count', source: 'manual', actorUserId: shop.userId, rowsRead: 1, counts: [{ countedAt, day: shanghaiDayOf(countedAt), lines: [{ specId: spec.id, qtyPacks: 40 }] }], rejections: [] });
    const expected = (await countExpectations(db, shop.id, today, [spec.id])).get(spec.id);
    if (!expected) throw new Error(`no expectation for ${spec.name} at ${licenceNo}`);
    return { name: spec.name, expectedPacks: expected.expectedPacks };
  });
}

/** The manager has no benchmark store, so the benchmarks page shows the form to mark one. */
export function managerWithoutBenchmarks(managerCode: string): Promise<void> {
  return withDb(async (db) => {
    const manager = await db.selectFrom('accountManagers').select(['id', 'userId']).where('code', '=', managerCode).executeTakeFirstOrThrow();
    const marked = await db.selectFrom('retailers').select('id').where('managerId', '=', manager.id).where('isBenchmark', '=', 1).execute();
    for (const shop of marked) await unmarkBenchmark(db, { userId: manager.userId, role: 'manager' }, shop.id);
  });
}

/** The shop's deposit balance is this many fen (a cart of a carton or more is then short of it). */
export function shopDepositFen(licenceNo: string, fen: number): Promise<void> {
  return withDb(async (db) => {
    await db.updateTable('retailers').set({ depositBalanceFen: fen }).where('licenceNo', '=', licenceNo).execute();
  });
}
