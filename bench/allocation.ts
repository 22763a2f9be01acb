/**
 * The allocation run for one cycle at county scale (target < 10 s for 20,000 retailers): a fresh database with
 * 20,000 shops, each with a submitted order of ~12 lines (scarce specs short of supply, capped by grade band,
 * shared 按需 or by a blend with stored demand estimates; a few shops' deposits too low), then `runAllocation` timed end to end — reads, the allocation itself, every
 * line's write, the failures and the run record, in its one transaction. The orders are bulk-inserted directly
 * (db/bulk-insert.ts): the figure is about the run, not about building a county.
 *   npx tsx bench/allocation.ts [--retailers 20000] [--postgres postgres://…]   alone (PostgreSQL in a scratch schema;
 *   BENCH_ALLOCATION_GRADE_ONLY=1 leaves every spec 按档位, for comparison),
 *   or through npm run bench (SQLite)
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { BulkInserter } from '../db/bulk-insert';
import type { DB } from '../db/connect';
import { sqlFor } from '../db/dialect';
import { runAllocation } from '../app/server/allocation.server';
import { printFigureLines, withScratchDatabase, type Figure } from './lib';

const SPECS = 60;
const SCARCE = 12;
const LINES_PER_ORDER = 12;

/** A deterministic stream of numbers in [0, 1) (mulberry32), so every run builds the same county. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

async function buildCounty(db: DB, retailers: number) {
  const bulk = new BulkInserter(db, { dialect: sqlFor(db).name });
  const now = new Date().toISOString();
  const random = rng(20_000);
  await bulk.insert({ table: 'stations', rows: [{ id: 1, code: 'S1', nameZh: '城关', nameEn: 'Chengguan' }] });
  const managers = Math.ceil(retailers / 200);
  await bulk.insert({
    table: 'users',
    rows: Array.from({ length: managers + 1 }, (_, i) => ({ id: i + 1, username: i === 0 ? 'staff01' : `mgr${i}`, passwordHash: 'x', role: i === 0 ? 'staff' : 'manager', displayName: i === 0 ? 'staff01' : `mgr${i}`, locale: null, largeText: 0, disabled: 0, createdAt: now })),
  });
  await bulk.insert({ table: 'accountManagers', rows: Array.from({ length: managers }, (_, i) => ({ id: i + 1, userId: i + 2, code: `mgr${i + 1}`, name: `经理${i + 1}`, phone: '1', stationId: 1 })) });
  const grades = Array.from({ length: retailers }, () => 1 + Math.floor(random() * 30));
  await bulk.insert({
    table: 'retailers',
    rows: grades.map((grade, i) => ({
      id: i + 1,
      userId: null,
      licenceNo: String(440300000000 + i + 1),
      name: `店${i + 1}`,
      ownerName: '王',
      phone: '1',
      address: '城关镇',
      stationId: 1,
      managerId: 1 + (i % managers),
      businessType: 'grocery',
      marketType: 'urban',
      grade,
      orderWeekday: 1 + (i % 5),
      isOnline: 1,
      active: 1,
      isBenchmark: 0,
      // About 2 % of shops cannot pay for what they ask.
      depositBalanceFen: random() < 0.02 ? 20_000 : 5_000_000,
      createdAt: now,
    })),
  });
  await bulk.insert({
    table: 'specs',
    rows: Array.from({ length: SPECS }, (_, s) => ({
      id: s + 1,
      code: `S${String(s + 1).padStart(3, '0')}`,
      name: `品规${s + 1}`,
      brand: '玉溪',
      manufacturer: '云南中烟',
      cartonBarcode: String(6901000000000 + s * 2),
      packBarcode: String(6901000000001 + s * 2),
      packsPerCarton: 10,
      priceClass: 1 + (s % 5),
      wholesalePriceFenPerCarton: 10_000 + 1_000 * (s % 20),
      retailPriceFenPerCarton: 12_000 + 1_000 * (s % 20),
      isScarce: s < SCARCE ? 1 : 0,
      isNew: 0,
      launchDate: null,
      isOrderable: 1,
      isDiscontinued: 0,
    })),
  });
  await bulk.insert({
    table: 'orderCycles',
    rows: [{ id: 1, code: '2026-W48', startsOn: '2026-11-23', endsOn: '2026-11-29', opensAt: '2026-11-21T01:00:00.000Z', cutoffLocalTime: '17:00:00', leadDays: 1, status: 'closed', createdAt: now }],
  });
  const bands = [
    [1, 10, 1],
    [11, 20, 2],
    [21, 30, 4],
  ] as const;
  await bulk.insert({ table: 'caps', rows: Array.from({ length: SCARCE }, (_, s) => bands.map(([gradeFrom, gradeTo, capCartons]) => ({ cycleId: 1, specId: s + 1, gradeFrom, gradeTo, capCartons }))).flat() });

  const orders: object[] = [];
  const lines: object[] = [];
  const requestedBySpec = new Array<number>(SPECS + 1).fill(0);
  let lineId = 1;
  for (let r = 0; r < retailers; r++) {
    const chosen = new Set<number>();
    while (chosen.size < LINES_PER_ORDER) chosen.add(1 + Math.floor(random() * SPECS));
    let totalCartons = 0;
    let totalAmountFen = 0;
    for (const specId of chosen) {
      const qty = 1 + Math.floor(random() * (specId <= SCARCE ? 4 : 6));
      const price = 10_000 + 1_000 * ((specId - 1) % 20);
      requestedBySpec[specId]! += qty;
      totalCartons += qty;
      totalAmountFen += qty * price;
      lines.push({ id: lineId++, orderId: r + 1, specId, qtyRequestedCartons: qty, capCartons: null, suggestedCartons: null, qtyAllocatedCartons: null, unitPriceFen: price, qtyReceivedCartons: null, deviationReason: null });
    }
    orders.push({ id: r + 1, retailerId: r + 1, cycleId: 1, status: 'submitted', submittedByUserId: null, onBehalf: 0, submittedAt: now, totalCartons, totalAmountFen, failureReason: null, createdAt: now, updatedAt: now, deliveredOn: null, receiptConfirmedAt: null });
  }
  await bulk.insert({ table: 'orders', rows: orders });
  await bulk.insert({ table: 'orderLines', rows: lines });
  // Scarce specs get about 60 % of what is asked; every other spec has a generous supply or none.
  await bulk.insert({
    table: 'cycleSupply',
    rows: Array.from({ length: SPECS }, (_, s) => ({ cycleId: 1, specId: s + 1, supplyCartons: s < SCARCE ? Math.round(requestedBySpec[s + 1]! * 0.6) : s % 2 ? null : requestedBySpec[s + 1]! * 2 })),
  });
  // 按需 (issue 18): a stored demand estimate for every scarce line, as a preparation would leave them, and the
  // scarce specs shared by demand (floor 1) or a 50/50 blend, so the run reads estimates instead of computing them.
  const estimates = (lines as Array<{ orderId: number; specId: number }>)
    .filter((l) => l.specId <= SCARCE)
    .map((l) => ({ cycleId: 1, specId: l.specId, retailerId: l.orderId, demandCartons: Math.round(random() * 500) / 100, regularSeller: random() < 0.7 ? 1 : 0, cappedOrder: 0, explanationJson: '{}', computedAt: now }));
  for (let i = 0; i < estimates.length; i += 5_000) await bulk.insert({ table: 'demandEstimates', rows: estimates.slice(i, i + 5_000) });
  if (process.env.BENCH_ALLOCATION_GRADE_ONLY === '1') return { lines: lines.length, estimates: estimates.length };
  await bulk.insert({
    table: 'cycleAllocationMethods',
    rows: Array.from({ length: SCARCE }, (_, s) => ({ cycleId: 1, specId: s + 1, method: s % 3 === 2 ? 'blend' : 'demand', floorCartons: 1, gradePercent: s % 3 === 2 ? 50 : 0, demandPercent: s % 3 === 2 ? 50 : 100, setByUserId: 1, setAt: now })),
  });
  return { lines: lines.length, estimates: estimates.length };
}

export async function benchAllocation(options: { retailers?: number; postgresUrl?: string } = {}): Promise<Figure[]> {
  const retailers = options.retailers ?? 20_000;
  return withScratchDatabase('allocation', options.postgresUrl, async (db) => {
    const t0 = performance.now();
    const county = await db.transaction().execute((trx) => buildCounty(trx, retailers));
    const buildMs = performance.now() - t0;
    const staff = { userId: 1, role: 'staff' as const };
    const t1 = performance.now();
    const first = await runAllocation(db, staff, 1);
    const runMs = performance.now() - t1;
    const t2 = performance.now();
    const again = await runAllocation(db, staff, 1);
    const rerunMs = performance.now() - t2;
    if (!first.ok || !again.ok) throw new Error('allocation run refused');
    const dialect = sqlFor(db).name === 'postgres' ? 'PostgreSQL' : 'SQLite';
    return [
      { name: `allocation bench county (${retailers} orders, ${county.lines} lines, ${county.estimates} demand estimates), built`, value: buildMs / 1000, unit: 's' },
      { name: `allocation run, ${retailers} retailers (${dialect}, incl. writes)`, value: runMs / 1000, unit: 's', target: '< 10' },
      { name: `allocation re-run, ${retailers} retailers (${dialect})`, value: rerunMs / 1000, unit: 's', target: '< 10' },
      { name: `allocation run: orders failed for deposit (${first.summary.outputs.specs.filter((s) => s.short).length} specs short)`, value: first.summary.outputs.failedOrderIds.length, unit: 'orders' },
    ];
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({ options: { retailers: { type: 'string' }, postgres: { type: 'string' } } });
  const figures = await benchAllocation({ retailers: values.retailers ? Number(values.retailers) : undefined, postgresUrl: values.postgres });
  printFigureLines(figures);
}
