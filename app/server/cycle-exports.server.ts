/**
 * A cycle's Excel exports for staff (export.server's writeWorkbook): the allocation result — by spec, by spec and
 * grade, by grade and by shop, each with a 合计 row that is the sum of its rows (fulfilment: the cycle's rate) —,
 * the failed orders, and the supply plan in the columns of the supply and caps import files (so it can be edited
 * and uploaded again; no 合计 row there, which an upload would read as a spec). Figures come from the orders and lines as the allocation left them.
 * A shop's grade, station, manager and 业态 are what it was in the cycle (on its order day: attributesInCycle,
 * decision 0024), not what it is now: a past cycle's export stays put when a shop is regraded or handed over.
 */
import type { TFunction } from 'i18next';
import { ratio } from '~/domain/indicators';
import { formatDateTime } from '~/ui/format';
import type { DB } from './db.server';
import type { Cell, Column, SheetSpec } from './export.server';
import { reportTitle } from './report-title.server';
import { retailerInScope, type ScopeUser } from './scope.server';
import { cyclePlan } from './cycle-plan.server';
import { attributesInCycle } from './retailer-history.server';

type T = TFunction<'common'>;

export type CycleExport = { ok: true; fileName: string; sheets: SheetSpec[] } | { ok: false; reason: 'not_found' | 'not_run' };

/** Orders whose lines carry an allocation (a run set qtyAllocated; failed orders are listed on their own). */
const ALLOCATED_STATUSES = ['submitted', 'allocated', 'confirmed', 'delivered'] as const;

const ALLOCATED_CYCLE: readonly string[] = ['allocated', 'published', 'delivered'];

async function cycleOf(db: DB, user: ScopeUser, cycleId: number) {
  if (user.role !== 'staff' || !Number.isSafeInteger(cycleId)) return null;
  return (await db.selectFrom('orderCycles').select(['id', 'code', 'startsOn', 'endsOn', 'status']).where('id', '=', cycleId).executeTakeFirst()) ?? null;
}

const stationName = (s: { nameZh: string; nameEn: string } | undefined, language: string) => (s ? (language === 'en' ? s.nameEn : s.nameZh) : null);

function cycleLine(t: T, c: { code: string; startsOn: string; endsOn: string }) {
  return t('reports.cycle', { code: c.code, from: c.startsOn, to: c.endsOn });
}

interface Sums {
  requested: number;
  allocated: number;
  amountFen: number;
}
const addSums = (a: Sums, b: Sums): Sums => ({ requested: a.requested + b.requested, allocated: a.allocated + b.allocated, amountFen: a.amountFen + b.amountFen });
const zero = (): Sums => ({ requested: 0, allocated: 0, amountFen: 0 });
const sumCells = (s: Sums): Cell[] => [s.requested, s.allocated, ratio(s.allocated, s.requested), s.amountFen];

/** Station and manager names by id, for rows placed under what the shop was in the cycle. */
async function namesOf(db: DB) {
  const [stations, managers] = await Promise.all([
    db.selectFrom('stations').select(['id', 'nameZh', 'nameEn']).execute(),
    db.selectFrom('accountManagers').select(['id', 'name', 'phone']).execute(),
  ]);
  return { station: new Map(stations.map((s) => [s.id, s])), manager: new Map(managers.map((m) => [m.id, m])) };
}

/** 配货结果: by spec, by spec × grade, by grade, by shop. */
export async function allocationExport(db: DB, user: ScopeUser, cycleId: number, t: T, language: string, now = new Date()): Promise<CycleExport> {
  const cycle = await cycleOf(db, user, cycleId);
  if (!cycle) return { ok: false, reason: 'not_found' };
  // A run moves the cycle to 'allocated' (then published, delivered); before that no line has an allocation.
  if (!ALLOCATED_CYCLE.includes(cycle.status)) return { ok: false, reason: 'not_run' };
  const rawLines = await db
    .selectFrom('orderLines')
    .innerJoin('orders', 'orders.id', 'orderLines.orderId')
    .innerJoin('retailers', 'retailers.id', 'orders.retailerId')
    .innerJoin('specs', 'specs.id', 'orderLines.specId')
    .select([
      'orders.id as orderId',
      'orders.status',
      'orders.retailerId',
      'retailers.licenceNo',
      'retailers.name as retailerName',
      'retailers.orderWeekday',
      'retailers.grade',
      'retailers.businessType',
      'retailers.stationId',
      'retailers.managerId',
      'retailers.marketType',
      'specs.id as specId',
      'specs.code as specCode',
      'specs.name as specName',
      'specs.brand',
      'specs.isScarce',
      'orderLines.qtyRequestedCartons',
      'orderLines.qtyAllocatedCartons',
      'orderLines.unitPriceFen',
    ])
    .where('orders.cycleId', '=', cycleId)
    .where('orders.status', 'in', [...ALLOCATED_STATUSES])
    .where(retailerInScope(user, 'orders.retailerId'))
    .orderBy('retailers.licenceNo')
    .orderBy('specs.code')
    .execute();
  const supply = new Map((await db.selectFrom('cycleSupply').select(['specId', 'supplyCartons']).where('cycleId', '=', cycleId).execute()).map((s) => [s.specId, s.supplyCartons]));
  const [inCycle, names] = await Promise.all([attributesInCycle(db, String(cycle.startsOn), rawLines), namesOf(db)]);
  const lines = rawLines.map((l) => ({ ...l, ...inCycle(l) }));

  const bySpec = new Map<number, { code: string; name: string; brand: string; scarce: boolean; shops: Set<number>; s: Sums }>();
  const bySpecGrade = new Map<string, { specId: number; grade: number; shops: Set<number>; s: Sums }>();
  const byGrade = new Map<number, { shops: Set<number>; s: Sums }>();
  const byShop = new Map<number, { l: (typeof lines)[number]; lines: number; s: Sums }>();
  let all = zero();
  for (const l of lines) {
    const allocated = l.qtyAllocatedCartons ?? 0;
    const s: Sums = { requested: l.qtyRequestedCartons, allocated, amountFen: allocated * l.unitPriceFen };
    all = addSums(all, s);
    const spec = bySpec.get(l.specId) ?? { code: l.specCode, name: l.specName, brand: l.brand, scarce: l.isScarce === 1, shops: new Set<number>(), s: zero() };
    spec.shops.add(l.orderId);
    spec.s = addSums(spec.s, s);
    bySpec.set(l.specId, spec);
    const key = `${l.specId}:${l.grade}`;
    const sg = bySpecGrade.get(key) ?? { specId: l.specId, grade: l.grade, shops: new Set<number>(), s: zero() };
    sg.shops.add(l.orderId);
    sg.s = addSums(sg.s, s);
    bySpecGrade.set(key, sg);
    const g = byGrade.get(l.grade) ?? { shops: new Set<number>(), s: zero() };
    g.shops.add(l.orderId);
    g.s = addSums(g.s, s);
    byGrade.set(l.grade, g);
    const shop = byShop.get(l.orderId) ?? { l, lines: 0, s: zero() };
    shop.lines += 1;
    shop.s = addSums(shop.s, s);
    byShop.set(l.orderId, shop);
  }
  const c = (k: string) => t(`reports.col.${k}` as 'reports.col.grade');
  const sumColumns: Column[] = [
    { header: c('requested'), kind: 'integer' },
    { header: c('allocated'), kind: 'integer' },
    { header: c('fulfilment'), kind: 'percent' },
    { header: c('amount'), kind: 'yuan' },
  ];
  const shopsTotal = byShop.size;
  const title = reportTitle(t, {
    title: t('reports.allocation.title', { cycle: cycle.code }),
    lines: [cycleLine(t, cycle)],
    units: [t('reports.cycleUnits'), t('reports.allocation.totals')],
    now,
  });
  const specs = [...bySpec.entries()].sort((a, b) => a[1].code.localeCompare(b[1].code));
  const supplyTotal = specs.reduce((n, [id]) => n + (supply.get(id) ?? 0), 0);
  const sheets: SheetSpec[] = [
    {
      name: t('reports.allocation.sheets.bySpec'),
      title,
      columns: [{ header: c('specCode') }, { header: c('specName'), width: 20 }, { header: c('brand') }, { header: c('scarce') }, { header: c('supply'), kind: 'integer' }, { header: c('shops'), kind: 'integer' }, ...sumColumns],
      rows: specs.map(([id, s]) => [s.code, s.name, s.brand, s.scarce ? c('yes') : c('no'), supply.get(id) ?? null, s.shops.size, ...sumCells(s.s)]),
      total: [t('reports.total'), null, null, null, supplyTotal, null, ...sumCells(all)],
    },
    {
      name: t('reports.allocation.sheets.bySpecGrade'),
      title,
      columns: [{ header: c('specCode') }, { header: c('specName'), width: 20 }, { header: c('grade'), kind: 'integer' }, { header: c('shops'), kind: 'integer' }, ...sumColumns],
      rows: [...bySpecGrade.values()]
        .sort((a, b) => bySpec.get(a.specId)!.code.localeCompare(bySpec.get(b.specId)!.code) || b.grade - a.grade)
        .map((g) => [bySpec.get(g.specId)!.code, bySpec.get(g.specId)!.name, g.grade, g.shops.size, ...sumCells(g.s)]),
      total: [t('reports.total'), null, null, null, ...sumCells(all)],
    },
    {
      name: t('reports.allocation.sheets.byGrade'),
      title,
      columns: [{ header: c('grade'), kind: 'integer' }, { header: c('shops'), kind: 'integer' }, ...sumColumns],
      rows: [...byGrade.entries()].sort((a, b) => b[0] - a[0]).map(([grade, g]) => [grade, g.shops.size, ...sumCells(g.s)]),
      total: [t('reports.total'), shopsTotal, ...sumCells(all)],
    },
    {
      name: t('reports.allocation.sheets.byShop'),
      title,
      columns: [
        { header: c('licenceNo') },
        { header: c('retailer'), width: 22 },
        { header: c('station') },
        { header: c('manager') },
        { header: c('grade'), kind: 'integer' },
        { header: c('businessType') },
        { header: c('status') },
        ...sumColumns,
      ],
      rows: [...byShop.values()].map(({ l, s }) => [
        l.licenceNo,
        l.retailerName,
        stationName(names.station.get(l.stationId), language),
        names.manager.get(l.managerId)?.name ?? null,
        l.grade,
        t(`businessType.${l.businessType}` as 'businessType.grocery'),
        t(`orderStatus.${l.status}` as 'orderStatus.none'),
        ...sumCells(s),
      ]),
      total: [t('reports.total'), null, null, null, null, null, null, ...sumCells(all)],
    },
  ];
  return { ok: true, fileName: `${t('reports.allocation.file', { cycle: cycle.code })}.xlsx`, sheets };
}

/** 失败订单: each failed order with its shop, manager, amount, the shop's balance and the reason. */
export async function failedOrdersExport(db: DB, user: ScopeUser, cycleId: number, t: T, language: string, now = new Date()): Promise<CycleExport> {
  const cycle = await cycleOf(db, user, cycleId);
  if (!cycle) return { ok: false, reason: 'not_found' };
  const rawOrders = await db
    .selectFrom('orders')
    .innerJoin('retailers', 'retailers.id', 'orders.retailerId')
    .select([
      'orders.retailerId',
      'retailers.licenceNo',
      'retailers.name',
      'retailers.phone',
      'retailers.orderWeekday',
      'retailers.grade',
      'retailers.stationId',
      'retailers.managerId',
      'retailers.businessType',
      'retailers.marketType',
      'retailers.depositBalanceFen',
      'orders.submittedAt',
      'orders.totalCartons',
      'orders.totalAmountFen',
      'orders.failureReason',
    ])
    .where('orders.cycleId', '=', cycleId)
    .where('orders.status', '=', 'failed')
    .where(retailerInScope(user, 'orders.retailerId'))
    .orderBy('retailers.licenceNo')
    .execute();
  const [inCycle, names] = await Promise.all([attributesInCycle(db, String(cycle.startsOn), rawOrders), namesOf(db)]);
  const orders = rawOrders.map((o) => ({ ...o, ...inCycle(o) }));
  const c = (k: string) => t(`reports.col.${k}` as 'reports.col.grade');
  const sum = (f: (o: (typeof orders)[number]) => number) => orders.reduce((n, o) => n + f(o), 0);
  const sheet: SheetSpec = {
    name: t('reports.failed.sheet'),
    title: reportTitle(t, { title: t('reports.failed.title', { cycle: cycle.code }), lines: [cycleLine(t, cycle)], units: [t('reports.cycleUnits')], now }),
    columns: [
      { header: c('licenceNo') },
      { header: c('retailer'), width: 22 },
      { header: c('phone') },
      { header: c('station') },
      { header: c('manager') },
      { header: c('managerPhone') },
      { header: c('grade'), kind: 'integer' },
      { header: c('submittedAt') },
      { header: c('requested'), kind: 'integer' },
      { header: c('requestedAmount'), kind: 'yuan' },
      { header: c('balance'), kind: 'yuan' },
      { header: c('failureReason'), width: 36 },
    ],
    rows: orders.map((o) => [
      o.licenceNo,
      o.name,
      o.phone,
      stationName(names.station.get(o.stationId), language),
      names.manager.get(o.managerId)?.name ?? null,
      names.manager.get(o.managerId)?.phone ?? null,
      o.grade,
      o.submittedAt ? formatDateTime(o.submittedAt) : null,
      o.totalCartons,
      Number(o.totalAmountFen),
      o.depositBalanceFen,
      o.failureReason,
    ]),
    total: [t('reports.total'), null, null, null, null, null, null, null, sum((o) => o.totalCartons), sum((o) => Number(o.totalAmountFen)), sum((o) => o.depositBalanceFen), null],
  };
  return { ok: true, fileName: `${t('reports.failed.file', { cycle: cycle.code })}.xlsx`, sheets: [sheet] };
}

/** The import files' headers (app/domain/allocation/plan-file.ts reads them; the cycle's templates write them). */
const PLAN_HEADERS = {
  'zh-CN': { caps: ['品规编码', '品名', '档位起', '档位止', '限量(条)'], supply: ['品规编码', '品名', '投放量(条)'] },
  en: { caps: ['spec code', 'name', 'grade from', 'grade to', 'cap (cartons)'], supply: ['spec code', 'name', 'supply (cartons)'] },
} as const;

/** 投放计划: a supply sheet and a caps sheet, in the columns of the supply and caps import files. */
export async function planExport(db: DB, user: ScopeUser, cycleId: number, t: T, language: string, now = new Date()): Promise<CycleExport> {
  const cycle = await cycleOf(db, user, cycleId);
  if (!cycle) return { ok: false, reason: 'not_found' };
  const plan = await cyclePlan(db, cycleId);
  const h = PLAN_HEADERS[language === 'en' ? 'en' : 'zh-CN'];
  const title = reportTitle(t, {
    title: t('reports.plan.title', { cycle: cycle.code }),
    lines: [cycleLine(t, cycle)],
    units: [t('reports.cycleUnits'), t('reports.plan.note')],
    now,
  });
  const sheets: SheetSpec[] = [
    {
      name: t('reports.plan.sheets.supply'),
      title,
      columns: [{ header: h.supply[0] }, { header: h.supply[1], width: 20 }, { header: h.supply[2], kind: 'integer' }],
      rows: plan.filter((s) => s.supplyCartons !== null || s.isScarce === 1).map((s) => [s.code, s.name, s.supplyCartons ?? t('reports.plan.unlimited')]),
    },
    {
      name: t('reports.plan.sheets.caps'),
      title,
      columns: [{ header: h.caps[0] }, { header: h.caps[1], width: 20 }, { header: h.caps[2], kind: 'integer' }, { header: h.caps[3], kind: 'integer' }, { header: h.caps[4], kind: 'integer' }],
      rows: plan.flatMap((s) => s.bands.map((b) => [s.code, s.name, b.gradeFrom, b.gradeTo, b.capCartons])),
    },
  ];
  return { ok: true, fileName: `${t('reports.plan.file', { cycle: cycle.code })}.xlsx`, sheets };
}
