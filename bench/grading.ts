/**
 * 档位评定 at city scale (issue 18: "the grade proposal for 20,000 shops < 30 s"): a fresh database with 20,000
 * active shops over 7 business types, 13 weekly delivered cycles with one order of 6 lines per shop each, and the
 * monitoring roll-ups' days (scanned packs, uploads) for the 12-week window; then `computeGradeProposal` timed end
 * to end — the figures read, every shop ranked within its business type, the changes stored — and the approval
 * applied when the next cycle opens (`openCycle`: every approved shop's grade with its history, one transaction).
 * Built with bulk inserts: the figure is about the proposal, not about building a city.
 *   npx tsx bench/grading.ts [--retailers 20000] [--postgres postgres://…]   (PostgreSQL in a scratch schema)
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { approveGradeProposal, computeGradeProposal, latestGradeProposal } from '../app/server/grading.server';
import { openCycle } from '../app/server/cycle-admin.server';
import { addDays } from '../app/domain/time';
import { BulkInserter } from '../db/bulk-insert';
import type { DB } from '../db/connect';
import { sqlFor } from '../db/dialect';
import { printFigureLines, withScratchDatabase, type Figure } from './lib';

const SPECS = 40;
const LINES = 6;
const TYPES = ['grocery', 'convenience', 'supermarket', 'tobacco_liquor', 'entertainment', 'catering', 'other'] as const;
/** Tuesday 24 November 2026: the window is 31 August – 22 November. */
const NOW = new Date('2026-11-24T04:00:00.000Z');
const WINDOW_FROM = '2026-08-31';

function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

async function buildCity(db: DB, retailers: number) {
  const bulk = new BulkInserter(db, { dialect: sqlFor(db).name });
  const now = NOW.toISOString();
  const random = rng(18_018);
  await bulk.insert({ table: 'stations', rows: [{ id: 1, code: 'S1', nameZh: '城关', nameEn: 'Chengguan' }] });
  const managers = Math.ceil(retailers / 200);
  await bulk.insert({
    table: 'users',
    rows: Array.from({ length: managers + 1 }, (_, i) => ({ id: i + 1, username: i === 0 ? 'staff01' : `mgr${i}`, passwordHash: 'x', role: i === 0 ? 'staff' : 'manager', displayName: i === 0 ? 'staff01' : `mgr${i}`, locale: null, largeText: 0, disabled: 0, createdAt: now })),
  });
  await bulk.insert({ table: 'accountManagers', rows: Array.from({ length: managers }, (_, i) => ({ id: i + 1, userId: i + 2, code: `mgr${i + 1}`, name: `经理${i + 1}`, phone: '1', stationId: 1 })) });
  // Each shop's size: a log-normal-ish spread, so the ranking has something to rank.
  const size = Array.from({ length: retailers }, () => Math.exp(random() * 3));
  await bulk.insert({
    table: 'retailers',
    rows: size.map((_, i) => ({
      id: i + 1,
      userId: null,
      licenceNo: String(440300000000 + i + 1),
      name: `店${i + 1}`,
      ownerName: '王',
      phone: '1',
      address: '城关镇',
      stationId: 1,
      managerId: 1 + (i % managers),
      businessType: TYPES[i % TYPES.length]!,
      marketType: 'urban',
      grade: 1 + Math.floor(random() * 30),
      orderWeekday: 1 + (i % 5),
      isOnline: 1,
      active: 1,
      isBenchmark: 0,
      depositBalanceFen: 5_000_000,
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
      wholesalePriceFenPerCarton: 5_000 + 2_500 * (4 - (s % 5)),
      retailPriceFenPerCarton: 6_000 + 2_500 * (4 - (s % 5)),
      isScarce: 0,
      isNew: 0,
      launchDate: null,
      isOrderable: 1,
      isDiscontinued: 0,
    })),
  });
  const cycles = Array.from({ length: 13 }, (_, w) => addDays(WINDOW_FROM, 7 * (w - 1)));
  await bulk.insert({
    table: 'orderCycles',
    rows: [
      ...cycles.map((startsOn, w) => ({ id: w + 1, code: `C${w + 1}`, startsOn, endsOn: addDays(startsOn, 6), opensAt: now, cutoffLocalTime: '17:00:00', leadDays: 1, status: 'delivered', createdAt: now })),
      { id: 100, code: '2026-W49', startsOn: '2026-11-30', endsOn: '2026-12-06', opensAt: '2026-11-28T01:00:00.000Z', cutoffLocalTime: '17:00:00', leadDays: 1, status: 'planned', createdAt: now },
    ],
  });
  let orderId = 1;
  let lineId = 1;
  for (const [w, startsOn] of cycles.entries()) {
    const orders: object[] = [];
    const lines: object[] = [];
    for (let r = 0; r < retailers; r++) {
      orders.push({ id: orderId, retailerId: r + 1, cycleId: w + 1, status: 'delivered', submittedByUserId: null, onBehalf: 0, submittedAt: now, totalCartons: 0, totalAmountFen: 0, failureReason: null, createdAt: now, updatedAt: now, deliveredOn: addDays(startsOn, 1), receiptConfirmedAt: null, allocationConfirmedAt: null, allocationProblem: null, allocationProblemAt: null });
      for (let k = 0; k < LINES; k++) {
        const specId = 1 + ((r * 7 + k * 5 + w) % SPECS);
        const qty = 1 + Math.floor(random() * size[r]!);
        lines.push({ id: lineId++, orderId, specId, qtyRequestedCartons: qty, capCartons: null, suggestedCartons: null, qtyAllocatedCartons: qty, unitPriceFen: 5_000 + 2_500 * (4 - ((specId - 1) % 5)), qtyReceivedCartons: null, deviationReason: null });
      }
      orderId++;
    }
    await bulk.insert({ table: 'orders', rows: orders });
    await bulk.insert({ table: 'orderLines', rows: lines });
  }
  // The roll-ups' days of the window: scanned packs, and an upload on most days for 80 % of the shops.
  for (let d = 0; d < 84; d++) {
    const day = addDays(WINDOW_FROM, d);
    await bulk.insert({
      table: 'monitoringRetailerDays',
      rows: Array.from({ length: retailers }, (_, r) => {
        const uploads = r % 5 !== 0 && random() < 0.9;
        return { retailerId: r + 1, day, uploaded: uploads ? 1 : 0, salesPacks: uploads ? Math.round(size[r]! * 3 * random()) : 0 };
      }),
    });
  }
  return { orders: orderId - 1, lines: lineId - 1 };
}

export async function benchGrading(options: { retailers?: number; postgresUrl?: string } = {}): Promise<Figure[]> {
  const retailers = options.retailers ?? 20_000;
  return withScratchDatabase('grading', options.postgresUrl, async (db) => {
    const t0 = performance.now();
    const city = await db.transaction().execute((trx) => buildCity(trx, retailers));
    const buildMs = performance.now() - t0;
    const dialect = sqlFor(db).name === 'postgres' ? 'PostgreSQL' : 'SQLite';
    const staff = { userId: 1, role: 'staff' as const };
    const t1 = performance.now();
    const r = await computeGradeProposal(db, 1, NOW);
    const proposeMs = performance.now() - t1;
    const proposal = (await latestGradeProposal(db, staff))!;
    await approveGradeProposal(db, staff, proposal.id, NOW);
    const t2 = performance.now();
    const opened = await openCycle(db, staff, 100, NOW);
    const applyMs = performance.now() - t2;
    if (!opened.ok) throw new Error(`openCycle refused: ${opened.reason}`);
    return [
      { name: `grading bench city (${retailers} shops, ${city.orders} orders, ${city.lines} lines, ${retailers * 84} roll-up days), built`, value: buildMs / 1000, unit: 's' },
      { name: `grade proposal, ${retailers} shops (${dialect}; ${r.judged} graded, ${r.up} up, ${r.down} down)`, value: proposeMs / 1000, unit: 's', target: '< 30' },
      { name: `approved grades applied when the next cycle opens, ${r.up + r.down} shops (${dialect})`, value: applyMs / 1000, unit: 's' },
    ];
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({ options: { retailers: { type: 'string' }, postgres: { type: 'string' } } });
  const figures = await benchGrading({ retailers: values.retailers ? Number(values.retailers) : undefined, postgresUrl: values.postgres });
  printFigureLines(figures);
}
