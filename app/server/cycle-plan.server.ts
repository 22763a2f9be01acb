/**
 * A cycle's plan (staff only): supply per spec (投放量, or unlimited) and caps by grade band (限量), edited on
 * the page, copied from the previous cycle, or imported from a CSV/Excel file — read by the same reader as
 * shop uploads, staged, previewed with every problem named by row and column, and written only when staff
 * confirm a file without problems. The plan may change until the cycle's allocation is published.
 */
import crypto from 'node:crypto';
import { checkBands, normaliseSpecCode, readPlanFile, type Band, type BandProblem, type PlanFileKind } from '~/domain/allocation';
import type { DB } from './db.server';
import type { ScopeUser } from './scope.server';
import { readUpload } from './uploads/read-pool.server';
import { unpackTable } from './uploads/staged-table.server';

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

type PlanOfSpec = { supplyCartons: number | null | undefined; bands: Band[] };

/** One cycle's supply rows and bands by spec (a spec with neither has no entry). */
async function planBySpec(db: DB, cycleId: number): Promise<Map<number, PlanOfSpec>> {
  const [supply, caps] = await Promise.all([
    db.selectFrom('cycleSupply').select(['specId', 'supplyCartons']).where('cycleId', '=', cycleId).execute(),
    db.selectFrom('caps').select(['specId', 'gradeFrom', 'gradeTo', 'capCartons']).where('cycleId', '=', cycleId).orderBy('specId').orderBy('gradeFrom').execute(),
  ]);
  const out = new Map<number, PlanOfSpec>();
  const of = (specId: number) => out.get(specId) ?? (out.set(specId, { supplyCartons: undefined, bands: [] }), out.get(specId)!);
  for (const s of supply) of(s.specId).supplyCartons = s.supplyCartons;
  for (const c of caps) of(c.specId).bands.push({ gradeFrom: c.gradeFrom, gradeTo: c.gradeTo, capCartons: c.capCartons });
  return out;
}

/** One spec whose plan the copy would change: supply and bands now and after (supply undefined = no row, unlimited). */
export interface CopyChange {
  specId: number;
  code: string;
  name: string;
  supply: { from: number | null; to: number | null } | null;
  bands: { from: Band[]; to: Band[] } | null;
}

const sameBands = (a: Band[], b: Band[]) => a.length === b.length && a.every((x, i) => x.gradeFrom === b[i]!.gradeFrom && x.gradeTo === b[i]!.gradeTo && x.capCartons === b[i]!.capCartons);

/**
 * What copying the previous cycle's plan would do, written nowhere: every spec whose supply or bands differ
 * (now → after), and a token of both plans as they are, which the copy must be given back — so a copy is only ever
 * the one staff saw, and a plan edited (or imported) since the preview is not replaced unseen.
 */
export async function copyPlanPreview(db: DB, user: ScopeUser, cycleId: number) {
  const ctx = await editableCycle(db, user, cycleId);
  if ('error' in ctx) return { ok: false as const, reason: ctx.error! };
  const previous = await previousCycle(db, ctx.cycle.startsOn);
  if (!previous) return { ok: false as const, reason: 'no_previous' as const };
  const [now, after] = await Promise.all([planBySpec(db, cycleId), planBySpec(db, previous.id)]);
  const diff = diffPlans(now, after);
  const names = diff.length ? await db.selectFrom('specs').select(['id', 'code', 'name']).where('id', 'in', diff.map((d) => d.specId)).execute() : [];
  const nameOf = new Map(names.map((n) => [n.id, n]));
  const changes: CopyChange[] = diff.map((d) => ({ ...d, code: nameOf.get(d.specId)?.code ?? '', name: nameOf.get(d.specId)?.name ?? '' }));
  const token = planToken(now, after);
  return { ok: true as const, fromCode: previous.code, changes, token, supplyRows: [...after.values()].filter((p) => p.supplyCartons !== undefined).length, capRows: [...after.values()].reduce((n, p) => n + p.bands.length, 0) };
}

/** The specs whose supply or bands differ between two plans, by spec id. */
function diffPlans(now: Map<number, PlanOfSpec>, after: Map<number, PlanOfSpec>): Array<Omit<CopyChange, 'code' | 'name'>> {
  const none: PlanOfSpec = { supplyCartons: undefined, bands: [] };
  const out: Array<Omit<CopyChange, 'code' | 'name'>> = [];
  for (const specId of [...new Set([...now.keys(), ...after.keys()])].sort((a, b) => a - b)) {
    const a = now.get(specId) ?? none;
    const b = after.get(specId) ?? none;
    // No supply row and an explicit "unlimited" read the same (null) and allocate the same.
    const supply = (a.supplyCartons ?? null) === (b.supplyCartons ?? null) ? null : { from: a.supplyCartons ?? null, to: b.supplyCartons ?? null };
    const bands = sameBands(a.bands, b.bands) ? null : { from: a.bands, to: b.bands };
    if (supply || bands) out.push({ specId, supply, bands });
  }
  return out;
}

function planToken(now: Map<number, PlanOfSpec>, after: Map<number, PlanOfSpec>): string {
  const flat = (m: Map<number, PlanOfSpec>) => [...m].sort((a, b) => a[0] - b[0]).map(([id, p]) => [id, p.supplyCartons ?? 'u', p.bands.map((b) => [b.gradeFrom, b.gradeTo, b.capCartons])]);
  return crypto.createHash('sha256').update(JSON.stringify([flat(now), flat(after)])).digest('base64url').slice(0, 32);
}

function previousCycle(db: DB, startsOn: string) {
  return db.selectFrom('orderCycles').select(['id', 'code']).where('startsOn', '<', startsOn).orderBy('startsOn', 'desc').executeTakeFirst();
}

/**
 * Replaces this cycle's supply and caps with the previous cycle's (the one starting just before it) — only when
 * given the token of the preview staff confirmed (copyPlanPreview), and only while both plans are still as that
 * preview showed them; otherwise nothing is written ('plan_changed').
 */
export async function copyPlanFromPrevious(
  db: DB,
  user: ScopeUser,
  cycleId: number,
  confirmedToken: string,
): Promise<{ ok: true; fromCode: string; supply: number; caps: number; specs: number } | { ok: false; reason: PlanError | 'plan_changed' }> {
  const ctx = await editableCycle(db, user, cycleId);
  if ('error' in ctx) return { ok: false, reason: ctx.error! };
  const previous = await previousCycle(db, ctx.cycle.startsOn);
  if (!previous) return { ok: false, reason: 'no_previous' };
  return db.transaction().execute(async (trx) => {
    const [now, after] = await Promise.all([planBySpec(trx, cycleId), planBySpec(trx, previous.id)]);
    if (!confirmedToken || planToken(now, after) !== confirmedToken) return { ok: false as const, reason: 'plan_changed' as const };
    const supply = [...after].filter(([, p]) => p.supplyCartons !== undefined).map(([specId, p]) => ({ cycleId, specId, supplyCartons: p.supplyCartons ?? null }));
    const caps = [...after].flatMap(([specId, p]) => p.bands.map((b) => ({ cycleId, specId, ...b })));
    await trx.deleteFrom('cycleSupply').where('cycleId', '=', cycleId).execute();
    await trx.deleteFrom('caps').where('cycleId', '=', cycleId).execute();
    for (let i = 0; i < supply.length; i += 500) await trx.insertInto('cycleSupply').values(supply.slice(i, i + 500)).execute();
    for (let i = 0; i < caps.length; i += 500) await trx.insertInto('caps').values(caps.slice(i, i + 500)).execute();
    return { ok: true as const, fromCode: previous.code, supply: supply.length, caps: caps.length, specs: diffPlans(now, after).length };
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
    .values({ id: importId, cycleId, userId: user.userId, kind, fileName: fileName.slice(0, 200), tableGz: read.tableGz, createdAt: now.toISOString() })
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
  const table = unpackTable(staged.tableGz);
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
