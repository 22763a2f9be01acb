/**
 * "My grade" (我的档位): the shop's grade, its history, what caps the grade gives in the cycle it orders in, the
 * shop's own figures that grades are set from, and staff's text on how grades are set (kept in `staff_texts`,
 * written on /staff/grade-rules). Every query about a shop is limited to the caller's scope.
 */
import { capsAtGrade, GRADE_FIGURE_WEEKS, GRADE_RULES_MAX_CHARS, salesStructure } from '~/domain/shop/grade';
import { addDays, shanghaiDayOf } from '~/domain/time';
import type { DB } from './db.server';
import { latestGradingOf } from './grading.server';
import { orderingCycle, PLACED_STATUSES } from './orders.server';
import { retailerInScope, type ScopeUser } from './scope.server';

export const GRADE_RULES_KEY = 'grade_rules';

/** Staff's text on how grades are set, or null when none was written. */
export async function gradeRulesText(db: DB) {
  const row = await db.selectFrom('staffTexts').select(['body', 'updatedAt']).where('key', '=', GRADE_RULES_KEY).executeTakeFirst();
  return row && row.body.trim() ? row : null;
}

export type SaveTextResult = { ok: true } | { ok: false; reason: 'not_found' | 'too_long' };

/** Staff write (or clear, with an empty text) how grades are set. */
export async function saveGradeRulesText(db: DB, user: ScopeUser, body: string, now = new Date()): Promise<SaveTextResult> {
  if (user.role !== 'staff') return { ok: false, reason: 'not_found' };
  const text = body.replace(/\r\n/g, '\n').trim();
  if (text.length > GRADE_RULES_MAX_CHARS) return { ok: false, reason: 'too_long' };
  const updatedAt = now.toISOString();
  await db
    .insertInto('staffTexts')
    .values({ key: GRADE_RULES_KEY, body: text, updatedByUserId: user.userId, updatedAt })
    .onConflict((oc) => oc.column('key').doUpdateSet({ body: text, updatedByUserId: user.userId, updatedAt }))
    .execute();
  return { ok: true };
}

/** The shop's grade page. Null when the shop is not in the user's scope. */
export async function shopGrade(db: DB, user: ScopeUser, retailerId: number, now = new Date()) {
  if (!Number.isSafeInteger(retailerId)) return null;
  const retailer = await db
    .selectFrom('retailers')
    .select(['id', 'name', 'grade', 'businessType', 'marketType', 'orderWeekday'])
    .where('id', '=', retailerId)
    .where(retailerInScope(user, 'retailers.id'))
    .executeTakeFirst();
  if (!retailer) return null;
  const today = shanghaiDayOf(now);
  const from = addDays(today, -7 * GRADE_FIGURE_WEEKS);
  const cycle = await orderingCycle(db, retailer.orderWeekday, now);

  const [history, caps, ordered, sales, uploadDays, rules] = await Promise.all([
    db
      .selectFrom('retailerGradeHistory')
      .select(['gradeFrom', 'gradeTo', 'effectiveOn'])
      .where('retailerId', '=', retailer.id)
      .where(retailerInScope(user, 'retailerGradeHistory.retailerId'))
      .orderBy('effectiveOn', 'desc')
      .orderBy('id', 'desc')
      .limit(20)
      .execute(),
    cycle
      ? db
          .selectFrom('caps')
          .innerJoin('specs', 'specs.id', 'caps.specId')
          .select(['caps.specId', 'caps.gradeFrom', 'caps.gradeTo', 'caps.capCartons', 'specs.name', 'specs.brand', 'specs.isScarce'])
          .where('caps.cycleId', '=', cycle.id)
          .orderBy('specs.brand')
          .orderBy('specs.name')
          .execute()
      : [],
    db
      .selectFrom('orders')
      .innerJoin('orderCycles', 'orderCycles.id', 'orders.cycleId')
      .select((eb) => [eb.fn.count<number>('orders.id').as('orders'), eb.fn.sum<number>('orders.totalCartons').as('cartons'), eb.fn.sum<number>('orders.totalAmountFen').as('amountFen')])
      .where('orders.retailerId', '=', retailer.id)
      .where(retailerInScope(user, 'orders.retailerId'))
      .where('orders.status', 'in', PLACED_STATUSES)
      .where('orderCycles.startsOn', '>=', from)
      .where('orderCycles.startsOn', '<=', today)
      .executeTakeFirst(),
    db
      .selectFrom('posDailySales')
      .innerJoin('specs', 'specs.id', 'posDailySales.specId')
      .select((eb) => [
        'specs.priceClass',
        eb.fn.sum<number>('posDailySales.qtyPacks').as('packs'),
        // At the suggested retail price: packs × the carton's price ÷ its packs (multiplied first: whole fen).
        eb.fn.sum<number>(eb(eb(eb.ref('posDailySales.qtyPacks'), '*', eb.ref('specs.retailPriceFenPerCarton')), '/', eb.ref('specs.packsPerCarton'))).as('amountFen'),
      ])
      .where('posDailySales.retailerId', '=', retailer.id)
      .where(retailerInScope(user, 'posDailySales.retailerId'))
      .where('posDailySales.salesDate', '>=', from)
      .where('posDailySales.salesDate', '<', today)
      .groupBy('specs.priceClass')
      .execute(),
    db
      .selectFrom('uploads')
      .select((eb) => eb.fn.count<number>('uploads.businessDate').distinct().as('n'))
      .where('retailerId', '=', retailer.id)
      .where(retailerInScope(user, 'uploads.retailerId'))
      .where('kind', '=', 'sales')
      .where('businessDate', '>=', from)
      .where('businessDate', '<', today)
      .executeTakeFirst(),
    gradeRulesText(db),
  ]);
  // The shop's latest grade change from 档位评定, with the numbers it was made from (its own, and its place).
  const grading = await latestGradingOf(db, retailer.id);

  const bands = new Map<number, { specId: number; name: string; brand: string; isScarce: number; bands: Array<{ gradeFrom: number; gradeTo: number; capCartons: number }> }>();
  for (const c of caps) {
    const spec = bands.get(c.specId) ?? { specId: c.specId, name: c.name, brand: c.brand, isScarce: c.isScarce, bands: [] };
    spec.bands.push({ gradeFrom: c.gradeFrom, gradeTo: c.gradeTo, capCartons: c.capCartons });
    bands.set(c.specId, spec);
  }
  const atGrade = capsAtGrade([...bands.values()], retailer.grade).map((c) => {
    const spec = bands.get(c.specId)!;
    return { ...c, name: spec.name, brand: spec.brand, isScarce: spec.isScarce === 1 };
  });
  const structure = salesStructure(sales.map((s) => ({ priceClass: s.priceClass, amountFen: Math.round(Number(s.amountFen ?? 0)) })));

  return {
    retailer: { id: retailer.id, name: retailer.name, grade: retailer.grade, businessType: retailer.businessType, marketType: retailer.marketType },
    history,
    cycle: cycle ? { code: cycle.code } : null,
    caps: atGrade,
    figures: {
      weeks: GRADE_FIGURE_WEEKS,
      orders: Number(ordered?.orders ?? 0),
      orderedCartons: Number(ordered?.cartons ?? 0),
      orderedAmountFen: Number(ordered?.amountFen ?? 0),
      soldPacks: sales.reduce((s, r) => s + Number(r.packs ?? 0), 0),
      soldAmountFen: structure.reduce((s, r) => s + r.amountFen, 0),
      structure,
      salesUploadDays: Number(uploadDays?.n ?? 0),
    },
    rules,
    grading,
  };
}
