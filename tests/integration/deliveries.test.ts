import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmDelivery, markDelivered } from '~/server/deliveries.server';
import { listQualityIssues } from '~/server/quality.server';
import { submitOrder } from '~/server/orders.server';
import { MONDAY, orderingFixture, smallCounty } from '../support/fixtures';
import { postgresSkipped, useTestDb, type TestDb } from '../support/db';

/** Tuesday 2026-11-24, 10:00 in Asia/Shanghai. */
const TUESDAY = new Date('2026-11-24T02:00:00.000Z');

describe.skipIf(postgresSkipped())('deliveries book receipts; the shop confirms or reports a mismatch', () => {
  let t: TestDb;
  let county: Awaited<ReturnType<typeof smallCounty>>;
  let fx: Awaited<ReturnType<typeof orderingFixture>>;
  let orderId: number;
  const shop = () => county.retailers[0]!;
  const asShop = () => ({ userId: shop().userId, role: 'retailer' as const });
  const asStaff = () => ({ userId: county.staffUserId, role: 'staff' as const });

  beforeAll(async () => {
    t = await useTestDb();
    county = await smallCounty(t.db);
    fx = await orderingFixture(t.db);
    const r = await submitOrder(t.db, asShop(), shop().id, [{ specId: fx.specs.scarce, qtyCartons: 1 }, { specId: fx.specs.plain, qtyCartons: 4 }], MONDAY.open);
    if (!r.ok) throw new Error('submit failed');
    orderId = r.orderId;
  });
  afterAll(() => t?.close());

  const receiptsOf = () =>
    t.db.selectFrom('receipts').select(['specId', 'receivedOn', 'qtyPacks', 'orderId']).where('retailerId', '=', shop().id).orderBy('specId').execute();

  it('only an allocated order can be delivered, and only by staff', async () => {
    expect(await markDelivered(t.db, asStaff(), orderId, '2026-11-24', TUESDAY)).toEqual({ ok: false, reason: 'not_deliverable' });
    await t.db.updateTable('orderLines').set({ qtyAllocatedCartons: 1 }).where('orderId', '=', orderId).where('specId', '=', fx.specs.scarce).execute();
    await t.db.updateTable('orderLines').set({ qtyAllocatedCartons: 3 }).where('orderId', '=', orderId).where('specId', '=', fx.specs.plain).execute();
    await t.db.updateTable('orders').set({ status: 'allocated' }).where('id', '=', orderId).execute();
    expect(await markDelivered(t.db, asShop(), orderId, '2026-11-24', TUESDAY)).toEqual({ ok: false, reason: 'not_found' });
    expect(await receiptsOf()).toEqual([]);
  });

  it('a delivery day still to come is refused and books nothing', async () => {
    // Monday evening in Shanghai: Tuesday has not come.
    expect(await markDelivered(t.db, asStaff(), orderId, '2026-11-24', MONDAY.afterCutoff)).toEqual({ ok: false, reason: 'future_day' });
    expect(await markDelivered(t.db, asStaff(), orderId, '2026-13-01', TUESDAY)).toEqual({ ok: false, reason: 'invalid' });
    expect(await receiptsOf()).toEqual([]);
    expect((await t.db.selectFrom('orders').select(['status', 'deliveredOn']).where('id', '=', orderId).executeTakeFirstOrThrow())).toEqual({ status: 'allocated', deliveredOn: null });
  });

  it('marking it delivered books the allocated cartons as that day’s receipts, in packs', async () => {
    expect(await markDelivered(t.db, asStaff(), orderId, '2026-11-24', TUESDAY)).toEqual({ ok: true });
    expect(await receiptsOf()).toEqual([
      { specId: fx.specs.scarce, receivedOn: '2026-11-24', qtyPacks: 10, orderId },
      { specId: fx.specs.plain, receivedOn: '2026-11-24', qtyPacks: 30, orderId },
    ]);
    expect((await t.db.selectFrom('orders').select(['status', 'deliveredOn']).where('id', '=', orderId).executeTakeFirstOrThrow())).toEqual({ status: 'delivered', deliveredOn: '2026-11-24' });
  });

  it('another shop cannot confirm it; the shop reports one carton short and that becomes an issue for its manager', async () => {
    const other = county.retailers[2]!;
    expect(await confirmDelivery(t.db, { userId: other.userId, role: 'retailer' }, orderId, [])).toEqual({ ok: false, reason: 'not_found' });
    expect(await confirmDelivery(t.db, asShop(), orderId, [{ specId: fx.specs.plain, qtyReceivedCartons: -2 }])).toEqual({ ok: false, reason: 'invalid' });
    expect(await confirmDelivery(t.db, asShop(), orderId, [{ specId: fx.specs.scarce, qtyReceivedCartons: 1 }, { specId: fx.specs.plain, qtyReceivedCartons: 2 }], new Date('2026-11-24T10:00:00Z'))).toEqual({ ok: true });
    expect((await receiptsOf()).find((r) => r.specId === fx.specs.plain)!.qtyPacks).toBe(20);
    const manager = county.managers.find((m) => m.managerId === shop().managerId)!;
    const issues = await listQualityIssues(t.db, { userId: manager.userId, role: 'manager' }, shop().id);
    expect(issues.filter((i) => i.kind === 'delivery_mismatch').map((i) => [i.specId, i.detail])).toEqual([[fx.specs.plain, { orderId, allocatedCartons: 3, receivedCartons: 2 }]]);
    expect(await confirmDelivery(t.db, asShop(), orderId, [])).toEqual({ ok: false, reason: 'already_confirmed' });
  });
});
