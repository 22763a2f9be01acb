/**
 * "How did the suggestions do for me": a shop's recent cycles, suggested vs ordered vs sold and days without
 * stock (definitions in app/domain/shop/suggestion-record.ts). Every query is limited to the caller's scope: the
 * shop itself, the manager's route, or staff's county. Null when the shop is not in scope.
 */
import { sql } from 'kysely';
import { cutoffOf, deliveryDayOf, orderDayOf } from '~/domain/cycle';
import { COUNT_MAX_AGE_DAYS, cycleRecord, dayKey, RECORD_CYCLES, recordSummary, type CycleRecordInput, type StockHistory } from '~/domain/shop/suggestion-record';
import { addDays, daysBetween, shanghaiDayOf, shanghaiToInstant } from '~/domain/time';
import type { DB } from './db.server';
import { retailerInScope, type ScopeUser } from './scope.server';

export async function suggestionRecord(db: DB, user: ScopeUser, retailerId: number, now = new Date()) {
  if (!Number.isSafeInteger(retailerId)) return null;
  const retailer = await db
    .selectFrom('retailers')
    .select(['id', 'name', 'orderWeekday'])
    .where('id', '=', retailerId)
    .where(retailerInScope(user, 'retailers.id'))
    .executeTakeFirst();
  if (!retailer) return null;
  const today = shanghaiDayOf(now);

  // The shop's recent cycles whose order day has come (the cycle of today's order day included).
  const cycles = (
    await db
      .selectFrom('orderCycles')
      .select(['id', 'code', 'startsOn', 'endsOn', 'cutoffLocalTime', 'leadDays'])
      .where('startsOn', '<=', today)
      .orderBy('startsOn', 'desc')
      .limit(RECORD_CYCLES + 1)
      .execute()
  )
    .map((c) => {
      const startsOn = String(c.startsOn);
      const deliveryDay = deliveryDayOf({ startsOn, leadDays: c.leadDays }, retailer.orderWeekday);
      return {
        id: c.id,
        code: c.code,
        orderDay: orderDayOf({ startsOn }, retailer.orderWeekday),
        cutoffAt: cutoffOf({ startsOn, cutoffLocalTime: c.cutoffLocalTime }, retailer.orderWeekday),
        periodFrom: deliveryDay,
        periodTo: addDays(deliveryDay, daysBetween(startsOn, String(c.endsOn))),
      };
    })
    .filter((c) => c.orderDay <= today)
    .slice(0, RECORD_CYCLES);
  if (!cycles.length) return { retailer: { id: retailer.id, name: retailer.name }, cycles: [], summary: recordSummary([]), specsOut: [] };

  const cycleIds = cycles.map((c) => c.id);
  const from = addDays(cycles.reduce((min, c) => (c.periodFrom < min ? c.periodFrom : min), cycles[0]!.periodFrom), -COUNT_MAX_AGE_DAYS);
  const mine = retailerInScope(user, 'retailerId');
  const [orders, suggestions, sales, receipts, countLines, uploadDays] = await Promise.all([
    db
      .selectFrom('orders')
      .leftJoin('orderLines', 'orderLines.orderId', 'orders.id')
      .select(['orders.cycleId', 'orders.status', 'orderLines.specId', 'orderLines.qtyRequestedCartons', 'orderLines.suggestedCartons'])
      .where('orders.retailerId', '=', retailer.id)
      .where(retailerInScope(user, 'orders.retailerId'))
      .where('orders.cycleId', 'in', cycleIds)
      .execute(),
    db
      .selectFrom('suggestions')
      .select((eb) => [
        'cycleId',
        'specId',
        'suggestedCartons',
        'computedAt',
        // Offered because similar shops sell it (the note draftLinesOf leaves out of the draft).
        sql<number>`case when ${eb.ref('explanationJson')} like '%"common_in_peer_group"%' then 1 else 0 end`.as('offered'),
      ])
      .where('retailerId', '=', retailer.id)
      .where(mine)
      .where('cycleId', 'in', cycleIds)
      .execute(),
    db.selectFrom('posDailySales').select(['specId', 'salesDate as day', 'qtyPacks']).where('retailerId', '=', retailer.id).where(mine).where('salesDate', '>=', from).where('salesDate', '<', today).execute(),
    db.selectFrom('receipts').select(['specId', 'receivedOn as day', 'qtyPacks']).where('retailerId', '=', retailer.id).where(mine).where('receivedOn', '>=', from).where('receivedOn', '<', today).execute(),
    db
      .selectFrom('stockCounts')
      .innerJoin('stockCountLines', 'stockCountLines.stockCountId', 'stockCounts.id')
      .select(['stockCounts.id', 'stockCounts.countedAt', 'stockCountLines.specId', 'stockCountLines.qtyPacks'])
      .where('stockCounts.retailerId', '=', retailer.id)
      .where(retailerInScope(user, 'stockCounts.retailerId'))
      .where('stockCounts.countedAt', '>=', shanghaiToInstant(from))
      .orderBy('stockCounts.countedAt')
      .execute(),
    db.selectFrom('uploads').select('businessDate').distinct().where('retailerId', '=', retailer.id).where(mine).where('kind', '=', 'sales').where('businessDate', '>=', from).execute(),
  ]);

  const history: StockHistory = {
    sales: new Map(sales.map((s) => [dayKey(s.specId, String(s.day)), s.qtyPacks])),
    receipts: new Map(receipts.map((r) => [dayKey(r.specId, String(r.day)), r.qtyPacks])),
    counts: [],
  };
  // A count replaces the shop's earlier one of the same day: the day's last count stands.
  const countsByDay = new Map<string, Map<number, number>>();
  const countIdOfDay = new Map<string, number>();
  for (const l of countLines) {
    const day = shanghaiDayOf(l.countedAt);
    if (countIdOfDay.get(day) !== l.id) {
      countIdOfDay.set(day, l.id);
      countsByDay.set(day, new Map());
    }
    countsByDay.get(day)!.set(l.specId, l.qtyPacks);
  }
  history.counts = [...countsByDay].sort(([a], [b]) => a.localeCompare(b)).map(([day, lines]) => ({ day, lines }));

  const specIds = [...new Set([...sales.map((s) => s.specId), ...receipts.map((r) => r.specId), ...countLines.map((l) => l.specId)])];
  const specs = specIds.length ? await db.selectFrom('specs').select(['id', 'name', 'packsPerCarton']).where('id', 'in', specIds).execute() : [];
  const packsPerCarton = new Map(specs.map((s) => [s.id, s.packsPerCarton]));
  const salesUploadDays = new Set(uploadDays.map((u) => String(u.businessDate)));

  const records = cycles.map((c) => {
    const rows = orders.filter((o) => o.cycleId === c.id);
    const input: CycleRecordInput = {
      code: c.code,
      orderDay: c.orderDay,
      cutoffAt: c.cutoffAt,
      periodFrom: c.periodFrom,
      periodTo: c.periodTo,
      orderStatus: rows[0]?.status ?? null,
      lines: rows.flatMap((r) => (r.specId === null ? [] : [{ specId: r.specId, requestedCartons: r.qtyRequestedCartons ?? 0, suggestedCartons: r.suggestedCartons }])),
      suggestions: suggestions.filter((s) => s.cycleId === c.id).map((s) => ({ specId: s.specId, suggestedCartons: s.suggestedCartons, computedAt: s.computedAt, offered: Number(s.offered) === 1 })),
    };
    return cycleRecord(input, history, packsPerCarton, salesUploadDays, specIds, today);
  });
  const names = new Map(specs.map((s) => [s.id, s.name]));
  const outCounts = new Map<number, number>();
  for (const r of records) for (const s of r.specsOut) outCounts.set(s, (outCounts.get(s) ?? 0) + 1);
  return {
    retailer: { id: retailer.id, name: retailer.name },
    // Oldest first, as the chart reads left to right.
    cycles: records.reverse(),
    summary: recordSummary(records),
    // The specs that ran out in the most cycles, for the plain words.
    specsOut: [...outCounts]
      .sort(([a, n], [b, m]) => m - n || a - b)
      .slice(0, 5)
      .map(([specId, cycleCount]) => ({ specId, name: names.get(specId) ?? String(specId), cycles: cycleCount })),
  };
}
