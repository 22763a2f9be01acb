/**
 * A cycle's plan (staff only): supply per spec (投放量, or unlimited) and caps by grade band (限量), edited on
 * the page, copied from the previous cycle, or imported from a CSV/Excel file — read by the same reader as
 * shop uploads, staged, previewed with every problem named by row and column, and written only when staff
 * confirm a file without problems. The plan may change until the cycle's allocation is published.
 */
import crypto from 'node:crypto';
import { checkBands, normaliseSpecCode, readPlanFile, type Band, type BandProblem, type PlanFileKind } from '~/domain/allocation';
import type { RawTable } from '~/domain/uploads/types';
import type { DB } from './db.server';
import type { ScopeUser } from './scope.server';
import { readUpload } from './uploads/read-pool.server';

const EDITABLE = ['planned', 'open', 'closed', 'allocated'];
const STAGED_TTL_MS = 24 * 3600_000;

export type PlanError = 'not_found' | 'locked' | 'no_previous' | 'has_problems';

async function editableCycle(db: DB, user: ScopeUser, cycleId: number) {
  if (user.role !== 'staff' || !Number.isSafeInteger(cycleId)) return { error: 'not_found' as const };
  const cycle = await db.selectFrom('orderCycles').select(['id', 'status', 'startsOn']).where('id', '=', cycleId).executeTakeFirst();
  if (!cycle) return { error: 'not_found' as const };
  if (!EDITABLE.includes(cycle.status)) return { error: 'locked' as const };
  return { cycle };
}

/** Every orderable spec with its supply, bands and what shops have asked for so far (submitted orders). */
export async function cyclePlan(db: DB, cycleId: number) {
  const [specs, supply, caps, requested] = await Promise.all([
    db
      .selectFrom('specs')
      .select(['id', 'code', 'name', 'brand', 'isScarce', 'isNew', 'priceClass'])
      .where('isOrderable', '=', 1)
      .where('isDiscontinued', '=', 0)
      .orderBy('isScarce', 'desc')
      .orderBy('priceClass')
      .orderBy('brand')
      .orderBy('name')
      .execute(),
    db.selectFrom('cycleSupply').select(['specId', 'supplyCartons']).where('cycleId', '=', cycleId).execute(),
    db.selectFrom('caps').select(['specId', 'gradeFrom', 'gradeTo', 'capCartons']).where('cycleId', '=', cycleId).orderBy('specId').orderBy('gradeFrom').execute(),
    db
      .selectFrom('orderLines')
      .innerJoin('orders', 'orders.id', 'orderLines.orderId')
      .select(['orderLines.specId', (eb) => eb.fn.sum<number>('orderLines.qtyRequestedCartons').as('n')])
      .where('orders.cycleId', '=', cycleId)
      .where('orders.status', 'in', ['submitted', 'allocated', 'confirmed', 'delivered', 'failed'])
      .groupBy('orderLines.specId')
      .execute(),
  ]);
  const supplyBySpec = new Map(supply.map((s) => [s.specId, s.supplyCartons]));
  const bandsBySpec = new Map<number, Band[]>();
  for (const c of caps) bandsBySpec.set(c.specId, [...(bandsBySpec.get(c.specId) ?? []), { gradeFrom: c.gradeFrom, gradeTo: c.gradeTo, capCartons: c.capCartons }]);
  const requestedBySpec = new Map(requested.map((r) => [r.specId, Number(r.n)]));
  return specs.map((s) => ({
    ...s,
    /** undefined = no supply row (unlimited); null = unlimited, explicitly. */
    supplyCartons: supplyBySpec.has(s.id) ? supplyBySpec.get(s.id)! : null,
    bands: bandsBySpec.get(s.id) ?? [],
    requestedCartons: requestedBySpec.get(s.id) ?? 0,
  }));
}

export type SaveSpecResult = { ok: true } | { ok: false; reason: PlanError | 'bad_supply' } | { ok: false; reason: 'bad_bands'; problems: BandProblem[] };

/** Replaces one spec's supply and bands (no bands = no cap). */
export async function saveSpecPlan(db: DB, user: ScopeUser, cycleId: number, specId: number, supplyCartons: number | null, bands: Band[]): Promise<SaveSpecResult> {
  const ctx = await editableCycle(db, user, cycleId);
  if ('error' in ctx) return { ok: false, reason: ctx.error! };
  if (supplyCartons !== null && (!Number.isSafeInteger(supplyCartons) || supplyCartons < 0)) return { ok: false, reason: 'bad_supply' };
  const problems = bands.length ? checkBands(bands) : [];
  if (problems.length) return { ok: false, reason: 'bad_bands', problems };
  const spec = await db.selectFrom('specs').select('id').where('id', '=', specId).executeTakeFirst();
  if (!spec) return { ok: false, reason: 'not_found' };
  await db.transaction().execute(async (trx) => {
    await writeSupply(trx, cycleId, [{ specId, supplyCartons }]);
    await trx.deleteFrom('caps').where('cycleId', '=', cycleId).where('specId', '=', specId).execute();
    if (bands.length) await trx.insertInto('caps').values(bands.map((b) => ({ cycleId, specId, ...b }))).execute();
  });
  return { ok: true };
}

async function writeSupply(db: DB, cycleId: number, rows: Array<{ specId: number; supplyCartons: number | null }>) {
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insertInto('cycleSupply')
      .values(rows.slice(i, i + 500).map((r) => ({ cycleId, ...r })))
      .onConflict((oc) => oc.columns(['cycleId', 'specId']).doUpdateSet((eb) => ({ supplyCartons: eb.ref('excluded.supplyCartons') })))
      .execute();
  }
}

/** Replaces this cycle's supply and caps with the previous cycle's (the one starting just before it). */
export async function copyPlanFromPrevious(db: DB, user: ScopeUser, cycleId: number): Promise<{ ok: true; fromCode: string; supply: number; caps: number } | { ok: false; reason: PlanError }> {
  const ctx = await editableCycle(db, user, cycleId);
  if ('error' in ctx) return { ok: false, reason: ctx.error! };
  const previous = await db.selectFrom('orderCycles').select(['id', 'code']).where('startsOn', '<', ctx.cycle.startsOn).orderBy('startsOn', 'desc').executeTakeFirst();
  if (!previous) return { ok: false, reason: 'no_previous' };
  return db.transaction().execute(async (trx) => {
    const [supply, caps] = await Promise.all([
      trx.selectFrom('cycleSupply').select(['specId', 'supplyCartons']).where('cycleId', '=', previous.id).execute(),
      trx.selectFrom('caps').select(['specId', 'gradeFrom', 'gradeTo', 'capCartons']).where('cycleId', '=', previous.id).execute(),
    ]);
    await trx.deleteFrom('cycleSupply').where('cycleId', '=', cycleId).execute();
    await trx.deleteFrom('caps').where('cycleId', '=', cycleId).execute();
    for (let i = 0; i < supply.length; i += 500) await trx.insertInto('cycleSupply').values(supply.slice(i, i + 500).map((s) => ({ cycleId, ...s }))).execute();
    for (let i = 0; i < caps.length; i += 500) await trx.insertInto('caps').values(caps.slice(i, i + 500).map((c) => ({ cycleId, ...c }))).execute();
    return { ok: true as const, fromCode: previous.code, supply: supply.length, caps: caps.length };
  });
}

export type StageResult = { ok: true; importId: string } | { ok: false; code: string; detail?: Record<string, string | number> };

/** Reads the file and keeps its table for the preview; nothing of the plan is written here. */
export async function stagePlanFile(db: DB, user: ScopeUser, cycleId: number, kind: PlanFileKind, fileName: string, bytes: Uint8Array, now = new Date()): Promise<StageResult> {
  const ctx = await editableCycle(db, user, cycleId);
  if ('error' in ctx) return { ok: false, code: ctx.error! };
  const read = await readUpload(fileName, bytes, { maxRows: 50_000, need: { for: 'cycle_plan', kind } });
  if (!read.ok) return { ok: false, code: read.error.code, detail: read.error.detail };
  const importId = crypto.randomBytes(16).toString('base64url');
  await db.deleteFrom('cycleImports').where('createdAt', '<', new Date(now.getTime() - STAGED_TTL_MS).toISOString()).execute();
  await db
    .insertInto('cycleImports')
    .values({ id: importId, cycleId, userId: user.userId, kind, fileName: fileName.slice(0, 200), tableJson: read.tableJson, createdAt: now.toISOString() })
    .execute();
  return { ok: true, importId };
}

async function specCodes(db: DB) {
  const specs = await db.selectFrom('specs').select(['id', 'code', 'name']).execute();
  return { codes: new Map(specs.map((s) => [normaliseSpecCode(s.code), s.id])), names: new Map(specs.map((s) => [s.id, { code: s.code, name: s.name }])) };
}

async function analyse(db: DB, user: ScopeUser, cycleId: number, importId: string) {
  if (user.role !== 'staff') return null;
  const staged = await db.selectFrom('cycleImports').selectAll().where('id', '=', importId).where('cycleId', '=', cycleId).executeTakeFirst();
  if (!staged) return null;
  const { codes, names } = await specCodes(db);
  const table = JSON.parse(staged.tableJson) as RawTable;
  const result = readPlanFile(table, staged.kind, codes);
  return { staged, table, result, names };
}

/** What the import would do: rows read, problems by row and column, the specs it would replace. */
export async function previewPlanFile(db: DB, user: ScopeUser, cycleId: number, importId: string) {
  const a = await analyse(db, user, cycleId, importId);
  if (!a) return null;
  const { staged, result, names } = a;
  const specIds = [...new Set(result.rows.map((r) => r.specId))];
  return {
    importId,
    kind: staged.kind,
    fileName: staged.fileName,
    /** The worksheet the rows come from (Excel files). */
    sheetName: a.table.sheetName ?? null,
    rowsRead: result.rowsRead,
    rowsGood: result.rows.length,
    problems: result.problems.slice(0, 500),
    problemCount: result.problems.length,
    specCount: specIds.length,
    rows: result.rows.slice(0, 300).map((r) => ({ ...r, code: names.get(r.specId)?.code ?? '', name: names.get(r.specId)?.name ?? '' })),
  };
}

/** Writes the staged file's rows (all of them, or nothing when any row has a problem) and drops the file. */
export async function confirmPlanFile(db: DB, user: ScopeUser, cycleId: number, importId: string): Promise<{ ok: true; kind: PlanFileKind; specs: number; rows: number } | { ok: false; reason: PlanError }> {
  const ctx = await editableCycle(db, user, cycleId);
  if ('error' in ctx) return { ok: false, reason: ctx.error! };
  const a = await analyse(db, user, cycleId, importId);
  if (!a) return { ok: false, reason: 'not_found' };
  const { result } = a;
  if (result.problems.length) return { ok: false, reason: 'has_problems' };
  const specIds = [...new Set(result.rows.map((r) => r.specId))];
  await db.transaction().execute(async (trx) => {
    if (result.kind === 'supply') await writeSupply(trx, cycleId, result.rows.map((r) => ({ specId: r.specId, supplyCartons: r.supplyCartons })));
    else {
      // The file is the whole cap table of every spec it names; specs it does not name keep theirs.
      for (let i = 0; i < specIds.length; i += 500) await trx.deleteFrom('caps').where('cycleId', '=', cycleId).where('specId', 'in', specIds.slice(i, i + 500)).execute();
      const rows = result.rows.map((r) => ({ cycleId, specId: r.specId, gradeFrom: r.gradeFrom, gradeTo: r.gradeTo, capCartons: r.capCartons }));
      for (let i = 0; i < rows.length; i += 500) await trx.insertInto('caps').values(rows.slice(i, i + 500)).execute();
    }
    await trx.deleteFrom('cycleImports').where('id', '=', importId).execute();
  });
  return { ok: true, kind: result.kind, specs: specIds.length, rows: result.rows.length };
}

export async function discardPlanFile(db: DB, user: ScopeUser, cycleId: number, importId: string): Promise<void> {
  if (user.role !== 'staff') return;
  await db.deleteFrom('cycleImports').where('id', '=', importId).where('cycleId', '=', cycleId).execute();
}

/** Two real scarce, orderable specs: the example rows of a caps or supply template, so it imports as it is. */
export async function planTemplateSpecs(db: DB) {
  return db.selectFrom('specs').select(['code', 'name']).where('isScarce', '=', 1).where('isOrderable', '=', 1).where('isDiscontinued', '=', 0).orderBy('code').limit(2).execute();
}
