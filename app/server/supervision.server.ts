/**
 * The market supervision line (市场监管, issue 18): shops whose orders of scarce specs run far beyond their scanned
 * sales, cycle after cycle, with the numbers behind each (app/domain/allocation/supervision.ts), and the notes
 * managers and staff keep on them.
 *
 * Computing the list reads every ordering shop's sales, receipts and counts over eight weeks — seconds for a county,
 * far more for a city — so it is a 'supervision' job (job-kinds.server.ts runSupervision: refreshSupervision here),
 * queued once a day by the runner's schedule and by the pages when the stored list is from an earlier day, and the
 * pages read what it stored (decision 0038). A manager sees its route's shops, staff the county: the scope is in the
 * query that reads the stored pairs and their notes, so a shop outside it is never read.
 */
import { superviseSpec, MIN_CYCLES_ORDERED, SUPERVISION_CYCLES, type SupervisionCase, type SupervisionList, type SupervisionNote } from '~/domain/allocation';
import { specHistory } from '~/domain/replenishment';
import { addDays, daysBetween, shanghaiDayOf } from '~/domain/time';
import type { DB } from './db.server';
import { retailerInScope, type ScopeUser } from './scope.server';
import { loadShopsData } from './suggestions/history.server';

/** Days before the window read for the opening stock's count (a count older than this is too old anyway). */
const OPENING_LOOKBACK_DAYS = 28;
const SHOPS_PER_READ = 400;
const CASES_PER_INSERT = 500;
const NOTES_SHOPS_PER_READ = 1_000;
/** Orders whose asks count: placed, whatever happened after (a failed payment still asked). */
const ASKED_STATUSES = ['submitted', 'allocated', 'confirmed', 'delivered', 'failed'] as const;

type Cycle = SupervisionList['cycles'][number];
/** A flagged pair as computed: its figures, before the shop's and spec's names are read for a page. */
type FlaggedPair = SupervisionCase & { retailerId: number; specId: number; packsPerCarton: number };

/**
 * The county's flagged shop × scarce spec pairs over the last SUPERVISION_CYCLES delivered cycles before `now`'s day
 * (long: the 'supervision' job's work). `onChunk` reports shops read.
 */
export async function computeSupervision(db: DB, now = new Date(), onChunk?: (doneShops: number, totalShops: number) => Promise<void>): Promise<{ cycles: Cycle[]; pairs: FlaggedPair[] }> {
  const today = shanghaiDayOf(now);
  const cycles = (
    await db
      .selectFrom('orderCycles')
      .select(['id', 'code', 'startsOn', 'endsOn'])
      .where('status', '=', 'delivered')
      .where('endsOn', '<', today)
      .orderBy('startsOn', 'desc')
      .limit(SUPERVISION_CYCLES)
      .execute()
  ).reverse();
  if (!cycles.length) return { cycles, pairs: [] };
  const lines = await db
    .selectFrom('orderLines')
    .innerJoin('orders', 'orders.id', 'orderLines.orderId')
    .innerJoin('specs', 'specs.id', 'orderLines.specId')
    .select(['orders.retailerId', 'orders.cycleId', 'orders.status', 'orderLines.specId', 'orderLines.qtyRequestedCartons', 'orderLines.qtyAllocatedCartons'])
    .where('specs.isScarce', '=', 1)
    .where('orders.status', 'in', [...ASKED_STATUSES])
    .where(
      'orders.cycleId',
      'in',
      cycles.map((c) => c.id),
    )
    .execute();
  // Candidates: a shop × spec ordered in enough cycles to be flagged at all.
  const ordered = new Map<string, { retailerId: number; specId: number; byCycle: Map<number, { asked: number; allocated: number }> }>();
  for (const l of lines) {
    const key = `${l.retailerId}:${l.specId}`;
    let p = ordered.get(key);
    if (!p) ordered.set(key, (p = { retailerId: l.retailerId, specId: l.specId, byCycle: new Map() }));
    const c = p.byCycle.get(l.cycleId) ?? { asked: 0, allocated: 0 };
    c.asked += l.qtyRequestedCartons;
    c.allocated += l.status === 'failed' ? 0 : (l.qtyAllocatedCartons ?? 0);
    p.byCycle.set(l.cycleId, c);
  }
  const candidates = [...ordered.values()].filter((p) => p.byCycle.size >= MIN_CYCLES_ORDERED);
  if (!candidates.length) return { cycles, pairs: [] };

  const shopIds = [...new Set(candidates.map((c) => c.retailerId))].sort((a, b) => a - b);
  const specIds = [...new Set(candidates.map((c) => c.specId))];
  const specs = await db.selectFrom('specs').select(['id', 'packsPerCarton']).where('id', 'in', specIds).execute();
  const specOf = new Map(specs.map((s) => [s.id, s]));

  // The window: the first cycle's Monday to the last cycle's Sunday, with a few weeks before it for the opening count.
  const windowStart = cycles[0]!.startsOn;
  const windowEnd = cycles.at(-1)!.endsOn;
  const readFrom = addDays(windowStart, -OPENING_LOOKBACK_DAYS);
  const days = Array.from({ length: daysBetween(readFrom, windowEnd) + 1 }, (_, i) => addDays(readFrom, i));
  const before = days.slice(0, OPENING_LOOKBACK_DAYS);
  const cycleDays = cycles.map((c) => Array.from({ length: daysBetween(c.startsOn, c.endsOn) + 1 }, (_, i) => addDays(c.startsOn, i)));
  const byShop = new Map<number, typeof candidates>();
  for (const c of candidates) byShop.set(c.retailerId, [...(byShop.get(c.retailerId) ?? []), c]);

  const pairs: FlaggedPair[] = [];
  for (let i = 0; i < shopIds.length; i += SHOPS_PER_READ) {
    const chunk = shopIds.slice(i, i + SHOPS_PER_READ);
    const data = await loadShopsData(db, chunk, days);
    for (const retailerId of chunk) {
      const shopData = data.get(retailerId)!;
      for (const p of byShop.get(retailerId)!) {
        const spec = specOf.get(p.specId);
        if (!spec) continue;
        const sales = shopData.sales.get(p.specId);
        const receipts = shopData.receipts.get(p.specId);
        const result = superviseSpec({
          packsPerCarton: spec.packsPerCarton,
          cycles: cycles.map((c, k) => ({
            cycleCode: c.code,
            askedCartons: p.byCycle.get(c.id)?.asked ?? 0,
            allocatedCartons: p.byCycle.get(c.id)?.allocated ?? 0,
            soldPacks: cycleDays[k]!.reduce((n, d) => n + (shopData.uploadedDays.has(d) ? (sales?.get(d) ?? 0) : 0), 0),
            uploadedDays: cycleDays[k]!.filter((d) => shopData.uploadedDays.has(d)).length,
            days: cycleDays[k]!.length,
          })),
          receivedPacks: days.slice(OPENING_LOOKBACK_DAYS).reduce((n, d) => n + (receipts?.get(d) ?? 0), 0),
          openingStockPacks: specHistory(before, shopData, p.specId).onHandPacks,
          closingStockPacks: specHistory(days, shopData, p.specId).onHandPacks,
        });
        if (result.flagged) pairs.push({ ...result, retailerId, specId: p.specId, packsPerCarton: spec.packsPerCarton });
      }
    }
    await onChunk?.(Math.min(i + SHOPS_PER_READ, shopIds.length), shopIds.length);
  }
  return { cycles, pairs };
}

const excessOf = (r: { askedCartons: number; packsPerCarton: number; windowSoldPacks: number | null }) => r.askedCartons * r.packsPerCarton - (r.windowSoldPacks ?? 0);

/**
 * The 'supervision' job's work: the county's list computed and stored in place of the previous one (one short
 * transaction; the pages read the previous list until it commits). Returns what it stored.
 */
export async function refreshSupervision(db: DB, now = new Date(), onChunk?: (doneShops: number, totalShops: number) => Promise<void>): Promise<{ rows: number; cycles: number }> {
  const { cycles, pairs } = await computeSupervision(db, now, onChunk);
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('supervisionCases').execute();
    await trx.deleteFrom('supervisionRuns').execute();
    const run = await trx
      .insertInto('supervisionRuns')
      .values({ computedAt: now.toISOString(), computedForDay: shanghaiDayOf(now), cyclesJson: JSON.stringify(cycles), rowsCount: pairs.length })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (let i = 0; i < pairs.length; i += CASES_PER_INSERT) {
      await trx
        .insertInto('supervisionCases')
        .values(pairs.slice(i, i + CASES_PER_INSERT).map(({ retailerId, specId, packsPerCarton, ...figures }) => ({ runId: run.id, retailerId, specId, excessPacks: excessOf({ ...figures, packsPerCarton }), figuresJson: JSON.stringify(figures) })))
        .execute();
    }
  });
  return { rows: pairs.length, cycles: cycles.length };
}

/** Whether the stored list is missing or from an earlier day than `now`'s (the pages and the schedule then queue the job). */
export async function supervisionIsStale(db: DB, now = new Date()): Promise<boolean> {
  const run = await db.selectFrom('supervisionRuns').select('computedForDay').orderBy('id', 'desc').limit(1).executeTakeFirst();
  return !run || run.computedForDay < shanghaiDayOf(now);
}

/**
 * The stored list as `user` may see it: the flagged pairs of its scope (a manager's route, staff the county), the
 * largest excess first, each with the shop's and spec's names as they are now and its notes, oldest first.
 * Retailers see nothing. `computedAt` is null before the first computation.
 */
export async function supervisionList(db: DB, user: ScopeUser): Promise<SupervisionList> {
  const empty: SupervisionList = { cycles: [], rows: [], computedAt: null };
  if (user.role !== 'staff' && user.role !== 'manager') return empty;
  const run = await db.selectFrom('supervisionRuns').select(['id', 'computedAt', 'cyclesJson']).orderBy('id', 'desc').limit(1).executeTakeFirst();
  if (!run) return empty;
  const cases = await db
    .selectFrom('supervisionCases')
    .innerJoin('retailers', 'retailers.id', 'supervisionCases.retailerId')
    .innerJoin('accountManagers', 'accountManagers.id', 'retailers.managerId')
    .innerJoin('specs', 'specs.id', 'supervisionCases.specId')
    .select([
      'supervisionCases.retailerId',
      'supervisionCases.specId',
      'supervisionCases.figuresJson',
      'retailers.name as retailerName',
      'retailers.licenceNo',
      'retailers.grade',
      'accountManagers.name as managerName',
      'specs.code as specCode',
      'specs.name as specName',
      'specs.packsPerCarton',
    ])
    .where('supervisionCases.runId', '=', run.id)
    .where(retailerInScope(user, 'supervisionCases.retailerId'))
    .orderBy('supervisionCases.excessPacks', 'desc')
    .orderBy('retailers.licenceNo')
    .orderBy('specs.code')
    .execute();
  const notes = await supervisionNotes(db, user, [...new Set(cases.map((c) => c.retailerId))]);
  return {
    cycles: JSON.parse(run.cyclesJson) as Cycle[],
    computedAt: run.computedAt,
    rows: cases.map(({ figuresJson, ...c }) => ({ ...(JSON.parse(figuresJson) as SupervisionCase), ...c, notes: notes.get(`${c.retailerId}:${c.specId}`) ?? [] })),
  };
}

/** The notes on the shops given (in `user`'s scope), by `${retailerId}:${specId}`, oldest first. */
async function supervisionNotes(db: DB, user: ScopeUser, retailerIds: number[]): Promise<Map<string, SupervisionNote[]>> {
  const byPair = new Map<string, SupervisionNote[]>();
  for (let i = 0; i < retailerIds.length; i += NOTES_SHOPS_PER_READ) {
    const rows = await db
      .selectFrom('supervisionNotes')
      .innerJoin('users', 'users.id', 'supervisionNotes.userId')
      .select(['supervisionNotes.id', 'supervisionNotes.retailerId', 'supervisionNotes.specId', 'supervisionNotes.body', 'supervisionNotes.createdAt', 'users.displayName as author', 'users.role as authorRole'])
      .where('supervisionNotes.retailerId', 'in', retailerIds.slice(i, i + NOTES_SHOPS_PER_READ))
      .where(retailerInScope(user, 'supervisionNotes.retailerId'))
      .orderBy('supervisionNotes.createdAt')
      .orderBy('supervisionNotes.id')
      .execute();
    for (const { retailerId, specId, ...note } of rows) {
      const key = `${retailerId}:${specId}`;
      const list = byPair.get(key);
      if (list) list.push(note);
      else byPair.set(key, [note]);
    }
  }
  return byPair;
}

export type SupervisionNoteResult = { ok: true; noteId: number } | { ok: false; reason: 'not_found' };

/**
 * A manager (on a shop of its route) or staff (any shop) adds a note to a shop × scarce spec of the list: what was
 * found on a visit, what the shop said. Another route's shop, a retailer, or a spec that is not scarce: not found,
 * and nothing is written. The text is checked by the form's schema (app/domain/forms/supervision.ts).
 */
export async function addSupervisionNote(db: DB, user: ScopeUser, retailerId: number, specId: number, body: string, now = new Date()): Promise<SupervisionNoteResult> {
  if (user.role !== 'staff' && user.role !== 'manager') return { ok: false, reason: 'not_found' };
  if (!Number.isSafeInteger(retailerId) || !Number.isSafeInteger(specId)) return { ok: false, reason: 'not_found' };
  const [shop, spec] = await Promise.all([
    db.selectFrom('retailers').select('id').where('id', '=', retailerId).where(retailerInScope(user, 'retailers.id')).executeTakeFirst(),
    db.selectFrom('specs').select('id').where('id', '=', specId).where('isScarce', '=', 1).executeTakeFirst(),
  ]);
  if (!shop || !spec) return { ok: false, reason: 'not_found' };
  const row = await db.insertInto('supervisionNotes').values({ retailerId, specId, userId: user.userId, body, createdAt: now.toISOString() }).returning('id').executeTakeFirstOrThrow();
  return { ok: true, noteId: row.id };
}
