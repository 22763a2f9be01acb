/**
 * The data-quality checks against the demo seed's recorded truth (SQLite and PostgreSQL): seed a small county
 * with a high error rate, load every shop's sales, receipts and counts as the app would, run checkShop, and
 * compare with seed_injections.
 *
 * Which issue an injection "explains": one on the same shop and spec, from the injection day up to and
 * including the next count that lists the spec (a wrong sale shows on its day and in the count after it; a
 * wrong count on its day, or — for a spec's first count — on the next one), and an outlier_day on the day
 * of a sales injection. Everything else is a false alarm: the seed's history is otherwise exact.
 *
 * What is promised, and asserted:
 * - every scan_x10 with counts on both sides of its day is found (looks_times_ten on the day, or the
 *   stock_discrepancy of the following count); without a later count only looks_times_ten can see it,
 *   and only where the day stands out from the spec's usual days — that share is reported, not promised;
 * - every count_discrepancy beyond the tolerance (the seed's offsets are 1–4 packs; 1–2 are within the
 *   default tolerance by design) is found as a stock_discrepancy;
 * - fewer than 1 false alarm per 20 shop-weeks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkShop, DEFAULT_TOLERANCE_PACKS, type QualityIssue, type ShopHistory } from '~/domain/quality';
import { shanghaiDayOf } from '~/domain/time';
import type { SeedOptions } from '../../db/seed/generate';
import { postgresSkipped, useTestDb, type TestDb } from '../support/db';
import { seedDemo } from '~/server/seed.server';

const OPTIONS: SeedOptions = {
  seed: 4242,
  retailers: 80,
  specs: 40,
  weeks: 10,
  today: '2026-11-23',
  // Far above the demo's 0.75 % so a small county carries dozens of each kind of injected error.
  errorRatePerRetailerWeek: 0.2,
};

interface Injection {
  retailerId: number;
  specId: number;
  day: string;
  kind: 'scan_x10' | 'unknown_barcode' | 'count_discrepancy' | 'sales_spike';
  detail: Record<string, unknown>;
}

async function loadShops(t: TestDb): Promise<Map<number, ShopHistory>> {
  const shops = new Map<number, ShopHistory>();
  const shopOf = (retailerId: number) => {
    let shop = shops.get(retailerId);
    if (!shop) shops.set(retailerId, (shop = { sales: [], receipts: [], counts: [] }));
    return shop;
  };
  const sales = await t.db.selectFrom('posDailySales').select(['retailerId', 'specId', 'salesDate', 'qtyPacks']).execute();
  for (const s of sales) shopOf(s.retailerId).sales.push({ specId: s.specId, day: s.salesDate, qtyPacks: Number(s.qtyPacks) });
  const receipts = await t.db.selectFrom('receipts').select(['retailerId', 'specId', 'receivedOn', 'qtyPacks']).execute();
  for (const r of receipts) shopOf(r.retailerId).receipts.push({ specId: r.specId, day: r.receivedOn, qtyPacks: Number(r.qtyPacks) });
  const lines = await t.db
    .selectFrom('stockCounts')
    .innerJoin('stockCountLines', 'stockCountLines.stockCountId', 'stockCounts.id')
    .select(['stockCounts.id', 'stockCounts.retailerId', 'stockCounts.countedAt', 'stockCountLines.specId', 'stockCountLines.qtyPacks'])
    .orderBy('stockCounts.countedAt')
    .orderBy('stockCounts.id')
    .execute();
  let current: { id: number; lines: Array<{ specId: number; qtyPacks: number }> } | undefined;
  for (const l of lines) {
    if (current?.id !== l.id) {
      current = { id: l.id, lines: [] };
      // countedAt is a UTC instant; the count belongs to its Asia/Shanghai morning.
      shopOf(l.retailerId).counts.push({ countedAt: l.countedAt, day: shanghaiDayOf(l.countedAt), lines: current.lines });
    }
    current.lines.push({ specId: l.specId, qtyPacks: Number(l.qtyPacks) });
  }
  return shops;
}

describe.skipIf(postgresSkipped())('data-quality checks on the demo seed', () => {
  let t: TestDb;
  let shops: Map<number, ShopHistory>;
  let injections: Injection[];
  const issuesByShop = new Map<number, QualityIssue[]>();

  beforeAll(async () => {
    t = await useTestDb();
    await seedDemo(t.db, OPTIONS);
    shops = await loadShops(t);
    const rows = await t.db.selectFrom('seedInjections').selectAll().execute();
    injections = rows.map((r) => ({ ...r, detail: JSON.parse(r.detail) as Record<string, unknown> }));
    for (const [retailerId, history] of shops) issuesByShop.set(retailerId, checkShop(history));
  });

  afterAll(async () => {
    await t?.close();
  });

  /** Days of the shop's counts that list the spec, ascending. */
  const countDaysOf = (retailerId: number, specId: number) =>
    (shops.get(retailerId)?.counts ?? []).filter((c) => c.lines.some((l) => l.specId === specId)).map((c) => c.day);

  /** The last day an injection can show: the next count listing the spec after its day (open: none yet). */
  const reachOf = (inj: Injection) => countDaysOf(inj.retailerId, inj.specId).find((day) => day > inj.day) ?? null;

  const explains = (inj: Injection, retailerId: number, issue: QualityIssue): boolean => {
    if (inj.retailerId !== retailerId) return false;
    if (issue.specId === null) return issue.day === inj.day && (inj.kind === 'scan_x10' || inj.kind === 'sales_spike');
    const reach = reachOf(inj);
    return issue.specId === inj.specId && issue.day >= inj.day && (reach === null || issue.day <= reach);
  };

  const foundFor = (inj: Injection) => (issuesByShop.get(inj.retailerId) ?? []).filter((i) => explains(inj, inj.retailerId, i));

  it('finds every ×10 whose count window has closed, and says how many of the rest it sees', () => {
    const x10 = injections.filter((i) => i.kind === 'scan_x10');
    expect(x10.length).toBeGreaterThan(10);
    const closed = x10.filter((inj) => countDaysOf(inj.retailerId, inj.specId).some((d) => d <= inj.day) && reachOf(inj) !== null);
    const missed = closed.filter((inj) => !foundFor(inj).some((i) => (i.kind === 'looks_times_ten' && i.day === inj.day) || (i.kind === 'stock_discrepancy' && i.day === reachOf(inj))));
    expect(missed).toEqual([]);
    const open = x10.filter((inj) => !closed.includes(inj));
    const openFound = open.filter((inj) => foundFor(inj).some((i) => i.kind === 'looks_times_ten' && i.day === inj.day));
    const onTheDay = x10.filter((inj) => foundFor(inj).some((i) => i.kind === 'looks_times_ten' && i.day === inj.day));
    console.info(
      `[quality-seed] scan_x10: ${closed.length}/${closed.length} with a closed count window found; ` +
        `${openFound.length}/${open.length} without one found by looks_times_ten; ${onTheDay.length}/${x10.length} flagged on the day itself`,
    );
  });

  it('finds every count error beyond the tolerance as a stock discrepancy', () => {
    const counts = injections.filter((i) => i.kind === 'count_discrepancy');
    const detectable = counts.filter((inj) => Math.abs(Number(inj.detail.offsetPacks)) > DEFAULT_TOLERANCE_PACKS);
    expect(detectable.length).toBeGreaterThan(5);
    const missed = detectable.filter((inj) => !foundFor(inj).some((i) => i.kind === 'stock_discrepancy'));
    expect(missed).toEqual([]);
    const withinTolerance = counts.length - detectable.length;
    console.info(`[quality-seed] count_discrepancy: ${detectable.length}/${detectable.length} beyond ±${DEFAULT_TOLERANCE_PACKS} packs found (${withinTolerance} within the tolerance, not sought)`);
  });

  it('raises fewer than 1 false alarm per 20 shop-weeks, and reports the figures', () => {
    const falseAlarms: Array<QualityIssue & { retailerId: number }> = [];
    let issueCount = 0;
    for (const [retailerId, issues] of issuesByShop) {
      issueCount += issues.length;
      for (const issue of issues) if (!injections.some((inj) => explains(inj, retailerId, issue))) falseAlarms.push({ ...issue, retailerId });
    }
    const uploadingShops = [...shops.values()].filter((h) => h.sales.length > 0).length;
    const shopWeeks = uploadingShops * OPTIONS.weeks;
    const rate = falseAlarms.length / shopWeeks;

    const recall = (['scan_x10', 'sales_spike', 'count_discrepancy', 'unknown_barcode'] as const).map((kind) => {
      const ofKind = injections.filter((i) => i.kind === kind);
      const found = ofKind.filter((inj) => foundFor(inj).length > 0).length;
      return `${kind} ${found}/${ofKind.length} (${ofKind.length ? Math.round((100 * found) / ofKind.length) : 0} %)`;
    });
    const byKind = new Map<string, number>();
    for (const f of falseAlarms) byKind.set(f.kind, (byKind.get(f.kind) ?? 0) + 1);
    console.info(
      [
        `[quality-seed] ${OPTIONS.retailers} shops (${uploadingShops} uploading) × ${OPTIONS.weeks} weeks, ${injections.length} injected errors, ${issueCount} issues`,
        `[quality-seed] found (any issue the injection explains): ${recall.join(', ')}`,
        `[quality-seed] false alarms: ${falseAlarms.length} in ${shopWeeks} shop-weeks = ${rate.toFixed(4)} per shop-week ${JSON.stringify(Object.fromEntries(byKind))}`,
      ].join('\n'),
    );
    expect(issueCount).toBeGreaterThan(injections.length / 2);
    expect(rate).toBeLessThan(1 / 20);
  });
});
