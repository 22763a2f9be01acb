/**
 * 货源公示 (issue 19): a cycle's notice, read from the cycle's own supply, caps and allocation methods (nothing is
 * entered for it), shown to shops once the cycle opens — on the order page beside the specs it concerns, and on a
 * page of its own (/retailer/supply-notice). The notice is the same for every shop of the county; a shop only
 * reaches it through its own ordering cycle.
 */
import { buildSupplyNotice, noticePublished, type NoticeSpecInput, type SupplyNotice } from '~/domain/showcase/supply-notice';
import type { DB } from '../db.server';
import { allocationMethods } from '../allocation-demand.server';
import { orderingCycle } from '../orders.server';
import { retailerInScope, type ScopeUser } from '../scope.server';

/** The notice of a cycle as it stands (published or not: the caller decides who may see it). */
export async function cycleSupplyNotice(db: DB, cycle: { id: number; code: string; opensAt: string }): Promise<SupplyNotice> {
  const [specs, supply, caps, methods] = await Promise.all([
    db.selectFrom('specs').select(['id', 'code', 'name', 'isScarce', 'isNew']).where('isOrderable', '=', 1).where('isDiscontinued', '=', 0).execute(),
    db.selectFrom('cycleSupply').select(['specId', 'supplyCartons']).where('cycleId', '=', cycle.id).execute(),
    db.selectFrom('caps').select(['specId', 'gradeFrom', 'gradeTo', 'capCartons']).where('cycleId', '=', cycle.id).execute(),
    allocationMethods(db, cycle.id),
  ]);
  const supplyOf = new Map(supply.map((s) => [s.specId, s.supplyCartons]));
  const inputs: NoticeSpecInput[] = specs.map((s) => ({
    specId: s.id,
    code: s.code,
    name: s.name,
    isScarce: s.isScarce === 1,
    isNew: s.isNew === 1,
    supplyCartons: supplyOf.get(s.id) ?? null,
    caps: caps.filter((c) => c.specId === s.id),
    method: methods.get(s.id) ?? null,
  }));
  return buildSupplyNotice(cycle, inputs);
}

/**
 * The notice of the cycle a shop is ordering in, once it has opened; null for a shop out of scope, and
 * `notice: null` when no cycle of the shop's is open yet.
 */
export async function shopSupplyNotice(db: DB, user: ScopeUser, retailerId: number, now = new Date()): Promise<{ notice: SupplyNotice | null; grade: number } | null> {
  const shop = await db.selectFrom('retailers').select(['id', 'grade', 'orderWeekday']).where('id', '=', retailerId).where(retailerInScope(user, 'retailers.id')).executeTakeFirst();
  if (!shop) return null;
  const cycle = await orderingCycle(db, shop.orderWeekday, now);
  if (!cycle || !noticePublished(cycle, now)) return { notice: null, grade: shop.grade };
  return { notice: await cycleSupplyNotice(db, cycle), grade: shop.grade };
}
