/**
 * Issue 19's browser test arranges a new spec of its own in the e2e county: orderable, new (新品), capped by grade
 * band in the cycle the shop orders in now, so the order page gives it an introduction card and the supply notice
 * a line — whatever the seed left. Its picture is then set by staff through the page, as a person would.
 */
import { orderingCycle } from '~/server/orders.server';
import { connect } from '../../db/connect';
import { E2E_DATABASE } from './arrange';

export const NEW_SPEC = { code: 'E2E19NEW', name: '测试新品细支' } as const;

export async function newSpecFor(licenceNo: string): Promise<void> {
  const db = connect({ url: E2E_DATABASE });
  try {
    const shop = await db.selectFrom('retailers').select(['orderWeekday']).where('licenceNo', '=', licenceNo).executeTakeFirstOrThrow();
    const cycle = await orderingCycle(db, shop.orderWeekday, new Date());
    if (!cycle) throw new Error('no ordering cycle in the e2e county');
    let spec = await db.selectFrom('specs').select('id').where('code', '=', NEW_SPEC.code).executeTakeFirst();
    if (!spec) {
      spec = await db
        .insertInto('specs')
        .values({
          code: NEW_SPEC.code,
          name: NEW_SPEC.name,
          brand: '黄鹤楼',
          manufacturer: '湖北中烟',
          cartonBarcode: '6901999190011',
          packBarcode: '6901999190012',
          packsPerCarton: 10,
          priceClass: 2,
          wholesalePriceFenPerCarton: 25_000,
          retailPriceFenPerCarton: 30_000,
          isScarce: 0,
          isNew: 1,
          launchDate: null,
          isOrderable: 1,
          isDiscontinued: 0,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
    }
    await db.deleteFrom('caps').where('cycleId', '=', cycle.id).where('specId', '=', spec.id).execute();
    await db
      .insertInto('caps')
      .values([
        { cycleId: cycle.id, specId: spec.id, gradeFrom: 1, gradeTo: 15, capCartons: 2 },
        { cycleId: cycle.id, specId: spec.id, gradeFrom: 16, gradeTo: 30, capCartons: 4 },
      ])
      .execute();
  } finally {
    await db.destroy();
  }
}

/** How many cartons of the new spec the shop's saved cart holds now (0: none). */
export async function savedCartCartons(licenceNo: string): Promise<number> {
  const db = connect({ url: E2E_DATABASE });
  try {
    const row = await db
      .selectFrom('cartLines')
      .innerJoin('orders', 'orders.id', 'cartLines.orderId')
      .innerJoin('retailers', 'retailers.id', 'orders.retailerId')
      .innerJoin('specs', 'specs.id', 'cartLines.specId')
      .select('cartLines.qtyCartons')
      .where('retailers.licenceNo', '=', licenceNo)
      .where('specs.code', '=', NEW_SPEC.code)
      .executeTakeFirst();
    return row?.qtyCartons ?? 0;
  } finally {
    await db.destroy();
  }
}
