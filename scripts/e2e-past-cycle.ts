/**
 * For browser tests only: a cycle whose every cut-off has passed, still open, with submitted orders from a
 * dozen shops (scarce specs short of supply, capped by grade), so a test can close it, run and publish the
 * allocation, and have a shop confirm it. It takes the free week just before the seeded history.
 * `tsx scripts/e2e-past-cycle.ts` on DATABASE_URL; the shop that confirms is 440300100009.
 */
import { connect } from '../db/connect';
import { addDays, isoWeekCode, shanghaiToInstant } from '../app/domain/time';

const SHOPS = ['440300100009', ...Array.from({ length: 11 }, (_, i) => `4403001000${10 + i}`)];
const BANDS = [
  [1, 10, 1],
  [11, 20, 2],
  [21, 30, 3],
] as const;

const db = connect();
try {
  const earliest = await db.selectFrom('orderCycles').select(['startsOn']).orderBy('startsOn').executeTakeFirstOrThrow();
  const startsOn = addDays(earliest.startsOn, -7);
  const now = new Date().toISOString();
  const cycle = await db
    .insertInto('orderCycles')
    .values({ code: isoWeekCode(startsOn), startsOn, endsOn: addDays(startsOn, 6), opensAt: shanghaiToInstant(addDays(startsOn, -2), '09:00:00'), cutoffLocalTime: '17:00:00', leadDays: 1, status: 'open', createdAt: now })
    .returning(['id', 'code'])
    .executeTakeFirstOrThrow();
  const specs = await db.selectFrom('specs').select(['id', 'isScarce', 'wholesalePriceFenPerCarton']).where('isOrderable', '=', 1).where('isDiscontinued', '=', 0).orderBy('isScarce', 'desc').orderBy('id').execute();
  const scarce = specs.filter((s) => s.isScarce).slice(0, 2);
  const plain = specs.find((s) => !s.isScarce)!;
  await db.insertInto('caps').values(scarce.flatMap((s) => BANDS.map(([gradeFrom, gradeTo, capCartons]) => ({ cycleId: cycle.id, specId: s.id, gradeFrom, gradeTo, capCartons })))).execute();
  const shops = await db.selectFrom('retailers').select(['id', 'userId', 'grade', 'licenceNo']).where('licenceNo', 'in', SHOPS).execute();
  let asked = 0;
  for (const shop of shops) {
    const cap = BANDS.find(([from, to]) => shop.grade >= from && shop.grade <= to)![2];
    const lines = [...scarce.map((s) => ({ spec: s, qty: cap })), { spec: plain, qty: 2 }];
    asked += cap;
    const totalAmountFen = lines.reduce((n, l) => n + l.qty * l.spec.wholesalePriceFenPerCarton, 0);
    const submittedAt = shanghaiToInstant(startsOn, '10:00:00');
    const order = await db
      .insertInto('orders')
      .values({ retailerId: shop.id, cycleId: cycle.id, status: 'submitted', submittedByUserId: shop.userId, onBehalf: 0, submittedAt, totalCartons: lines.reduce((n, l) => n + l.qty, 0), totalAmountFen, failureReason: null, createdAt: submittedAt, updatedAt: submittedAt, deliveredOn: null, receiptConfirmedAt: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('orderLines')
      .values(lines.map((l) => ({ orderId: order.id, specId: l.spec.id, qtyRequestedCartons: l.qty, capCartons: l.spec.isScarce ? cap : null, suggestedCartons: null, qtyAllocatedCartons: null, unitPriceFen: l.spec.wholesalePriceFenPerCarton, qtyReceivedCartons: null, deviationReason: null })))
      .execute();
    if (shop.licenceNo === SHOPS[0]) await db.updateTable('retailers').set({ depositBalanceFen: Math.max(totalAmountFen * 2, 1_000_000) }).where('id', '=', shop.id).execute();
  }
  // The first scarce spec is short: about two thirds of what was asked.
  await db.insertInto('cycleSupply').values(scarce.map((s, i) => ({ cycleId: cycle.id, specId: s.id, supplyCartons: i === 0 ? Math.ceil((asked * 2) / 3) : asked }))).execute();
  console.log(`cycle ${cycle.code} is past its cut-offs with ${shops.length} orders`);
} finally {
  await db.destroy();
}
