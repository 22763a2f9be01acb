/**
 * The cycle's allocation page (app/routes/staff.cycles.$cycleId_.allocation.tsx), by job: what it shows, and one
 * function per form — estimate demand again (queued as a job), a spec's method, run the allocation — each answering
 * with conform's reply (app/server/http.server.ts). The rules are in allocation-demand.server.ts and allocation.server.ts.
 */
import type { Submission } from '@conform-to/react';
import { redirect } from '@remix-run/node';
import type { TFunction } from 'i18next';
import type { AllocationMethod, MethodProblem } from '~/domain/allocation';
import { allocationBreakdown, demandFillRate, orderFillRate, PREPARABLE, regularCoverage, setAllocationMethod, sumFigures, type AllocationBreakdown, type DemandFigures } from './allocation-demand.server';
import { runAllocation } from './allocation.server';
import type { Cell, Column, SheetSpec } from './export.server';
import { reportTitle } from './report-title.server';
import type { DB } from './db.server';
import { done, refused } from './http.server';
import { latestJobViewFor, queueJob } from './jobs.server';
import type { ScopeUser } from './scope.server';

export type AllocationPageIntent = 'prepare' | 'method' | 'run';

export interface AllocationPageExtra {
  intent: AllocationPageIntent;
  detail?: Record<string, number>;
  /** A refused method: which spec, and each problem with the figures its message names. */
  problems?: { specId: number; items: Array<MethodProblem & { floor?: number; supply?: number; sum?: number }> };
}

/**
 * The page with the cycle's latest demand job (queued when the cycle closed, or by the page): its progress, then
 * when the estimates were computed.
 */
export async function allocationPage(db: DB, user: ScopeUser, cycleId: number) {
  const page = await allocationBreakdown(db, user, cycleId);
  if (!page) return null;
  return { ...page, demandJob: await latestJobViewFor(db, 'demand', { cycleId }) };
}

/** Estimating demand is long work: queued as the cycle's 'demand' job; the page then shows its progress. */
export async function prepareForm(db: DB, user: ScopeUser, cycleId: number, submission: Submission<unknown>) {
  const extra: AllocationPageExtra = { intent: 'prepare' };
  const cycle = await db.selectFrom('orderCycles').select('status').where('id', '=', cycleId).executeTakeFirst();
  if (!cycle) return refused(submission, 'not_found', { extra });
  if (!PREPARABLE.includes(cycle.status)) return refused(submission, 'bad_status', { extra });
  await queueJob(db, user, 'demand', { cycleId });
  throw redirect(`/staff/cycles/${cycleId}/allocation`);
}

function withFigures(problems: MethodProblem[], method: AllocationMethod, supply: number | undefined) {
  return problems.map((p) => ({
    ...p,
    ...(p.field === 'floorCartons' && method.kind !== 'grade' ? { floor: method.floorCartons, supply } : {}),
    ...(p.code === 'weights_not_100' && method.kind === 'blend' ? { sum: method.gradePercent + method.demandPercent } : {}),
  }));
}

export async function methodForm(
  db: DB,
  user: ScopeUser,
  cycleId: number,
  submission: Submission<unknown>,
  value: { specId: number; method: AllocationMethod['kind']; floorCartons: number; gradePercent: number; demandPercent: number },
) {
  const method: AllocationMethod =
    value.method === 'grade'
      ? { kind: 'grade' }
      : value.method === 'demand'
        ? { kind: 'demand', floorCartons: value.floorCartons }
        : { kind: 'blend', floorCartons: value.floorCartons, gradePercent: value.gradePercent, demandPercent: value.demandPercent };
  const r = await setAllocationMethod(db, user, cycleId, value.specId, method);
  if (r.ok) return done(submission, { intent: 'method' } satisfies AllocationPageExtra);
  if (r.reason !== 'bad_method') return refused(submission, r.reason, { extra: { intent: 'method' } satisfies AllocationPageExtra });
  const supply = await db.selectFrom('cycleSupply').select('supplyCartons').where('cycleId', '=', cycleId).where('specId', '=', value.specId).executeTakeFirst();
  return refused(submission, 'bad_method', {
    extra: { intent: 'method', problems: { specId: value.specId, items: withFigures(r.problems, method, supply?.supplyCartons ?? undefined) } } satisfies AllocationPageExtra,
  });
}

export async function runForm(db: DB, user: ScopeUser, cycleId: number, submission: Submission<unknown>) {
  const r = await runAllocation(db, user, cycleId);
  if (r.ok) return done(submission, { intent: 'run', detail: { orders: r.summary.inputs.orders, count: r.summary.outputs.allocatedCartons } } satisfies AllocationPageExtra);
  // 按需 reads stored estimates: none yet, so they are queued and nothing is allocated. Answered 202 (the estimating
  // was accepted), not 4xx: Remix reloads the page's data only after a 2xx action, and the page shows the job's progress.
  if (r.reason === 'demand_not_prepared') {
    await queueJob(db, user, 'demand', { cycleId });
    return refused(submission, r.reason, { status: 202, extra: { intent: 'run' } satisfies AllocationPageExtra });
  }
  if (r.reason === 'bad_method') return refused(submission, 'bad_method', { extra: { intent: 'run', problems: { specId: r.specId, items: r.problems } } satisfies AllocationPageExtra });
  return refused(submission, r.reason, { extra: { intent: 'run' } satisfies AllocationPageExtra });
}

/**
 * The page's figures as an Excel report (export.server's writeWorkbook, like every other report): a sheet of the
 * specs' totals with the evenness of fill, then one sheet per breakdown (grade band, station, business type), each
 * under the report's title block, numbers as numbers (rates as fractions with a % format) and a 合计 row whose rates
 * are recomputed from the summed figures (a spec-shop pair counts once per spec, as on the page).
 */
export function breakdownWorkbook(page: AllocationBreakdown, t: TFunction<'common'>, now = new Date()): SheetSpec[] {
  const figureColumns: Column[] = [
    { header: t('allocation.figures.shops'), kind: 'integer' },
    { header: t('allocation.figures.regular'), kind: 'integer' },
    { header: t('allocation.figures.requested'), kind: 'integer' },
    { header: t('allocation.figures.demand'), kind: 'ratio' },
    { header: t('allocation.figures.allocated'), kind: 'integer' },
    { header: t('allocation.figures.regularCovered'), kind: 'integer' },
    { header: t('allocation.figures.demandFill'), kind: 'percent' },
    { header: t('allocation.figures.orderFill'), kind: 'percent' },
    { header: t('allocation.figures.coverage'), kind: 'percent' },
  ];
  const figureCells = (f: DemandFigures): Cell[] => [
    f.shops,
    f.regularSellers,
    f.requestedCartons,
    Math.round(f.demandCartons * 100) / 100,
    f.allocatedCartons,
    f.regularCovered,
    demandFillRate(f),
    orderFillRate(f),
    regularCoverage(f),
  ];
  const specCells = (s: AllocationBreakdown['specs'][number]): Cell[] => [s.code, s.name, t(`allocation.method.${s.method.kind}`)];
  const specColumns: Column[] = [{ header: t('allocation.file.spec') }, { header: t('allocation.file.specName'), width: 20 }, { header: t('allocation.file.method') }];
  const title = reportTitle(t, { title: t('allocation.file.title', { code: page.cycle.code }), units: [t('reports.cycleUnits')], now });
  const total = sumFigures(page.specs.map((s) => s.total));
  const breakdown = (name: string, groups: (s: AllocationBreakdown['specs'][number]) => Array<{ group: string; figures: DemandFigures }>): SheetSpec => {
    const rows = page.specs.flatMap((s) => groups(s).map(({ group, figures }) => [...specCells(s), group, ...figureCells(figures)]));
    const sum = sumFigures(page.specs.flatMap((s) => groups(s).map((g) => g.figures)));
    return { name, title, columns: [...specColumns, { header: t('allocation.file.group') }, ...figureColumns], rows, total: [t('reports.total'), null, null, null, ...figureCells(sum)] };
  };
  return [
    {
      name: t('allocation.file.sheet'),
      title,
      columns: [
        ...specColumns,
        { header: t('allocation.figures.supply'), kind: 'integer' },
        ...figureColumns,
        { header: t('allocationEvenness.evenness'), kind: 'ratio' },
        { header: t('allocationEvenness.bandGap'), kind: 'points' },
      ],
      rows: page.specs.map((s) => [...specCells(s), s.supplyCartons, ...figureCells(s.total), s.evenness, s.bandFillGap]),
      total: [t('reports.total'), null, null, page.specs.reduce((n, s) => n + s.supplyCartons, 0), ...figureCells(total), null, null],
    },
    breakdown(t('allocation.by.grade'), (s) => s.byGradeBand.map((g) => ({ group: t('allocation.gradeBand', { band: g.key }), figures: g }))),
    breakdown(t('allocation.by.station'), (s) => s.byStation.map((g) => ({ group: g.key, figures: g }))),
    breakdown(t('allocation.by.businessType'), (s) => s.byBusinessType.map((g) => ({ group: t(`businessType.${g.key}`), figures: g }))),
  ];
}
