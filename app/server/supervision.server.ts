/**
 * The market supervision line (市场监管, issue 18): shops whose orders of scarce specs run far beyond their scanned
 * sales, cycle after cycle, with the numbers behind each (app/domain/allocation/supervision.ts). A manager sees
 * its route's shops, staff the county: the scope is in the query that finds the orders, so a shop outside it is
 * never read.
 */
import { superviseSpec, MIN_CYCLES_ORDERED, SUPERVISION_CYCLES, type SupervisionList, type SupervisionRow } from '~/domain/allocation';
import { specHistory } from '~/domain/replenishment';
import { addDays, daysBetween, shanghaiDayOf } from '~/domain/time';
import type { DB } from './db.server';
import { retailerInScope, type ScopeUser } from './scope.server';
import { loadShopsData } from './suggestions/history.server';

/** Days before the window read for the opening stock's count (a count older than this is too old anyway). */
const OPENING_LOOKBACK_DAYS = 28;
const SHOPS_PER_READ = 400;
/** Orders whose asks count: placed, whatever happened after (a failed payment still asked). */
const ASKED_STATUSES = ['submitted', 'allocated', 'confirmed', 'delivered', 'failed'] as const;

/**
 * The flagged shop × scarce spec pairs over the last SUPERVISION_CYCLES delivered cycles, the largest excess first.
 * Retailers see nothing (an empty list).
 */
export async function supervisionList(db: DB, user: ScopeUser, now = new Date()): Promise<SupervisionList> {
  if (user.role !== 'staff' && user.role !== 'manager') return { cycles: [], rows: [] };
  const today = shanghaiDayOf(now);
  const cycles = (
    await db
      .selectFrom('orderCycles')
      .select(['id', 'code', 'startsOn', 'endsOn'])
      .where('status', '=', 'delivered')
      .where('endsOn', '<', today)
      .orderBy('startsOn', 'desc')
      .limit(SUPERVISION_CYCLES)
      .execute()
  ).reverse();
  if (!cycles.length) return { cycles, rows: [] };
  const lines = await db
    .selectFrom('orderLines')
    .innerJoin('orders', 'orders.id', 'orderLines.orderId')
    .innerJoin('specs', 'specs.id', 'orderLines.specId')
    .select(['orders.retailerId', 'orders.cycleId', 'orders.status', 'orderLines.specId', 'orderLines.qtyRequestedCartons', 'orderLines.qtyAllocatedCartons'])
    .where(retailerInScope(user, 'orders.retailerId'))
    .where('specs.isScarce', '=', 1)
    .where('orders.status', 'in', [...ASKED_STATUSES])
    .where(
      'orders.cycleId',
      'in',
      cycles.map((c) => c.id),
    )
    .execute();
  // Candidates: a shop × spec ordered in enough cycles to be flagged at all.
  const pairs = new Map<string, { retailerId: number; specId: number; byCycle: Map<number, { asked: number; allocated: number }> }>();
  for (const l of lines) {
    const key = `${l.retailerId}:${l.specId}`;
    let p = pairs.get(key);
    if (!p) pairs.set(key, (p = { retailerId: l.retailerId, specId: l.specId, byCycle: new Map() }));
    const c = p.byCycle.get(l.cycleId) ?? { asked: 0, allocated: 0 };
    c.asked += l.qtyRequestedCartons;
    c.allocated += l.status === 'failed' ? 0 : (l.qtyAllocatedCartons ?? 0);
    p.byCycle.set(l.cycleId, c);
  }
  const candidates = [...pairs.values()].filter((p) => p.byCycle.size >= MIN_CYCLES_ORDERED);
  if (!candidates.length) return { cycles, rows: [] };

  const shopIds = [...new Set(candidates.map((c) => c.retailerId))].sort((a, b) => a - b);
  const specIds = [...new Set(candidates.map((c) => c.specId))];
  const [shops, specs] = await Promise.all([
    db
      .selectFrom('retailers')
      .innerJoin('accountManagers', 'accountManagers.id', 'retailers.managerId')
      .select(['retailers.id', 'retailers.name', 'retailers.licenceNo', 'retailers.grade', 'accountManagers.name as managerName'])
      .where('retailers.id', 'in', shopIds)
      .where(retailerInScope(user, 'retailers.id'))
      .execute(),
    db.selectFrom('specs').select(['id', 'code', 'name', 'packsPerCarton']).where('id', 'in', specIds).execute(),
  ]);
  const shopOf = new Map(shops.map((s) => [s.id, s]));
  const specOf = new Map(specs.map((s) => [s.id, s]));

  // The window: the first cycle's Monday to the last cycle's Sunday, with a few weeks before it for the opening count.
  const windowStart = cycles[0]!.startsOn;
  const windowEnd = cycles.at(-1)!.endsOn;
  const readFrom = addDays(windowStart, -OPENING_LOOKBACK_DAYS);
  const days = Array.from({ length: daysBetween(readFrom, windowEnd) + 1 }, (_, i) => addDays(readFrom, i));
  const before = days.slice(0, OPENING_LOOKBACK_DAYS);
  const cycleDays = cycles.map((c) => Array.from({ length: daysBetween(c.startsOn, c.endsOn) + 1 }, (_, i) => addDays(c.startsOn, i)));
  const byShop = new Map<number, typeof candidates>();
  for (const c of candidates) byShop.set(c.retailerId, [...(byShop.get(c.retailerId) ?? []), c]);

  const rows: SupervisionRow[] = [];
  for (let i = 0; i < shopIds.length; i += SHOPS_PER_READ) {
    const chunk = shopIds.slice(i, i + SHOPS_PER_READ).filter((id) => shopOf.has(id));
    if (!chunk.length) continue;
    const data = await loadShopsData(db, chunk, days);
    for (const retailerId of chunk) {
      const shopData = data.get(retailerId)!;
      const shop = shopOf.get(retailerId)!;
      for (const p of byShop.get(retailerId)!) {
        const spec = specOf.get(p.specId);
        if (!spec) continue;
        const sales = shopData.sales.get(p.specId);
        const receipts = shopData.receipts.get(p.specId);
        const result = superviseSpec({
          packsPerCarton: spec.packsPerCarton,
          cycles: cycles.map((c, k) => ({
            cycleCode: c.code,
            askedCartons: p.byCycle.get(c.id)?.asked ?? 0,
            allocatedCartons: p.byCycle.get(c.id)?.allocated ?? 0,
            soldPacks: cycleDays[k]!.reduce((n, d) => n + (shopData.uploadedDays.has(d) ? (sales?.get(d) ?? 0) : 0), 0),
            uploadedDays: cycleDays[k]!.filter((d) => shopData.uploadedDays.has(d)).length,
            days: cycleDays[k]!.length,
          })),
          receivedPacks: days.slice(OPENING_LOOKBACK_DAYS).reduce((n, d) => n + (receipts?.get(d) ?? 0), 0),
          openingStockPacks: specHistory(before, shopData, p.specId).onHandPacks,
          closingStockPacks: specHistory(days, shopData, p.specId).onHandPacks,
        });
        if (!result.flagged) continue;
        rows.push({
          ...result,
          retailerId,
          retailerName: shop.name,
          licenceNo: shop.licenceNo,
          grade: shop.grade,
          managerName: shop.managerName,
          specId: p.specId,
          specCode: spec.code,
          specName: spec.name,
          packsPerCarton: spec.packsPerCarton,
        });
      }
    }
  }
  const excess = (r: SupervisionRow) => r.askedCartons * r.packsPerCarton - (r.windowSoldPacks ?? 0);
  rows.sort((a, b) => excess(b) - excess(a) || a.licenceNo.localeCompare(b.licenceNo) || a.specCode.localeCompare(b.specCode));
  return { cycles, rows };
}
