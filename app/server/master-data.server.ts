/**
 * Staff's master-data import (retailers, specs, account managers), with the shops' upload standard:
 *   stage (read the file, keep its table server-side for this staff user, nothing written)
 *   → preview (rows read, bad rows by row/column/reason, and the diff: new, changed field by field,
 *     unchanged, missing from the file)
 *   → confirm (recomputes the diff inside one transaction and applies exactly what the preview showed — its
 *     fingerprint must match — or nothing) | discard.
 * A file with bad rows writes nothing unless the user chooses to keep the good rows; retailers missing from the
 * file are only deactivated when the user ticks that choice. Grade changes are kept with their business day.
 */
import crypto from 'node:crypto';
import { NO_SIGN_IN_HASH } from '~/domain/master-data/accounts';
import { recogniseMasterColumns } from '~/domain/master-data/columns';
import { diffRecords, type ExistingRecord } from '~/domain/master-data/diff';
import { FIELDS_OF, KEY_FIELD, LABEL_FIELD } from '~/domain/master-data/fields';
import { MASTER_MAX_ROWS, type FieldChange, type FieldValue, type MasterDiff, type MasterKind, type MasterRecord, type MasterRowProblem, type NewManager } from '~/domain/master-data/types';
import { validateRows, type MasterRefs } from '~/domain/master-data/validate';
import { shanghaiDayOf } from '~/domain/time';
import { chunks } from '../../db/chunks';
import type { Transaction } from 'kysely';
import type { BusinessType, Database, MarketType } from '../../db/schema';
import type { DB } from './db.server';
import { recordAttributeChanges, type AttributeChange } from './retailer-history.server';
import { resumRollups } from './rollups.server';
import type { ScopeUser } from './scope.server';
import { readUpload } from './uploads/read-pool.server';
import { unpackTable } from './uploads/staged-table.server';

/** A staged file is kept this long for its preview and confirm, then dropped. */
export const MASTER_STAGED_TTL_MS = 12 * 3600_000;
const LIST_LIMIT = 300;

export type MasterStageResult = { ok: true; stagedId: string } | { ok: false; code: string; detail?: Record<string, string | number> };

const isStaff = (actor: ScopeUser) => actor.role === 'staff';

export async function stageMasterFile(db: DB, actor: ScopeUser, kind: MasterKind, fileName: string, bytes: Uint8Array, now = new Date()): Promise<MasterStageResult> {
  if (!isStaff(actor)) return { ok: false, code: 'forbidden' };
  const read = await readUpload(fileName, bytes, { maxRows: MASTER_MAX_ROWS, need: { for: 'master_data', kind } });
  if (!read.ok) return { ok: false, code: read.error.code, detail: read.error.detail };
  const plan = recogniseMasterColumns(kind, read.head.header);
  if (plan.missing.length) {
    const detail: Record<string, string> = { columns: plan.missing.map((d) => `${d.zh} / ${d.en}`).join(', ') };
    if (read.head.sheetName !== undefined) detail.sheet = read.head.sheetName;
    return { ok: false, code: 'missing_columns', detail };
  }
  const stagedId = crypto.randomBytes(16).toString('base64url');
  await db.deleteFrom('masterDataStaged').where('expiresAt', '<=', now.toISOString()).execute();
  await db
    .insertInto('masterDataStaged')
    .values({
      id: stagedId,
      userId: actor.userId,
      kind,
      fileName: fileName.slice(0, 200),
      contentSha256: crypto.createHash('sha256').update(bytes).digest('hex'),
      tableGz: read.tableGz,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + MASTER_STAGED_TTL_MS).toISOString(),
    })
    .execute();
  return { ok: true, stagedId };
}

/** A staged file of this staff user's, still in date. */
async function loadStaged(db: DB, actor: ScopeUser, stagedId: string, now: Date) {
  if (!isStaff(actor)) return null;
  const row = await db
    .selectFrom('masterDataStaged')
    .selectAll()
    .where('id', '=', stagedId)
    .where('userId', '=', actor.userId)
    .where('expiresAt', '>', now.toISOString())
    .executeTakeFirst();
  return row ? { ...row, table: unpackTable(row.tableGz) } : null;
}
type Staged = NonNullable<Awaited<ReturnType<typeof loadStaged>>>;

async function loadRefs(db: DB, kind: MasterKind): Promise<MasterRefs> {
  const stations = await db.selectFrom('stations').select(['code', 'nameZh', 'nameEn']).execute();
  const managerCodes = kind === 'retailers' ? new Set((await db.selectFrom('accountManagers').select('code').execute()).map((m) => m.code)) : new Set<string>();
  let usernamesTaken = new Set<string>();
  if (kind === 'managers' || kind === 'retailers') {
    // A manager's sign-in name is its code: a code already used by another user (not that manager's own) clashes.
    // Retailers files may create managers too.
    const users = await db.selectFrom('users').leftJoin('accountManagers', 'accountManagers.userId', 'users.id').select(['users.username', 'accountManagers.code']).execute();
    usernamesTaken = new Set(users.filter((u) => u.code !== u.username).map((u) => u.username));
  }
  const barcodeOwners = new Map<string, string>();
  if (kind === 'specs') {
    for (const s of await db.selectFrom('specs').select(['code', 'cartonBarcode', 'packBarcode']).execute()) {
      barcodeOwners.set(s.cartonBarcode, s.code);
      barcodeOwners.set(s.packBarcode, s.code);
    }
  }
  return { stations, managerCodes, usernamesTaken, barcodeOwners };
}

/**
 * Every retailer as the master-data file has it (codes, not ids): what an import compares a file with, and what the
 * export writes so that a downloaded file goes back in unchanged.
 */
export function retailerRecords(db: DB) {
  return db
    .selectFrom('retailers')
    .innerJoin('stations', 'stations.id', 'retailers.stationId')
    .innerJoin('accountManagers', 'accountManagers.id', 'retailers.managerId')
    .select([
      'retailers.licenceNo',
      'retailers.name',
      'retailers.ownerName',
      'retailers.phone',
      'retailers.address',
      'stations.code as stationCode',
      'accountManagers.code as managerCode',
      'retailers.businessType',
      'retailers.marketType',
      'retailers.grade',
      'retailers.orderWeekday',
      'retailers.depositBalanceFen',
      'retailers.active',
    ]);
}

/** What the database holds, keyed and shaped like the file's records (codes, not ids). */
async function loadExisting(db: DB, kind: MasterKind): Promise<Map<string, ExistingRecord>> {
  const map = new Map<string, ExistingRecord>();
  if (kind === 'retailers') {
    const rows = await retailerRecords(db).orderBy('retailers.licenceNo').execute();
    for (const r of rows) map.set(r.licenceNo, { label: r.name, record: r, active: r.active === 1 });
  } else if (kind === 'specs') {
    const rows = await db
      .selectFrom('specs')
      .select([
        'code',
        'name',
        'brand',
        'manufacturer',
        'cartonBarcode',
        'packBarcode',
        'packsPerCarton',
        'priceClass',
        'wholesalePriceFenPerCarton',
        'retailPriceFenPerCarton',
        'isScarce',
        'isNew',
        'launchDate',
        'isOrderable',
        'isDiscontinued',
      ])
      .orderBy('code')
      .execute();
    for (const s of rows) map.set(s.code, { label: s.name, record: s, active: true });
  } else {
    const rows = await db
      .selectFrom('accountManagers')
      .innerJoin('stations', 'stations.id', 'accountManagers.stationId')
      .select(['accountManagers.code', 'accountManagers.name', 'accountManagers.phone', 'stations.code as stationCode'])
      .orderBy('accountManagers.code')
      .execute();
    for (const m of rows) map.set(m.code, { label: m.name, record: m, active: true });
  }
  return map;
}

interface Analysis {
  newManagers: NewManager[];
  problems: MasterRowProblem[];
  badRowNos: number[];
  goodRows: number;
  diff: MasterDiff;
  ignored: Array<{ index: number; header: string }>;
  fingerprint: string;
}

/** Reads the staged table against the database as it is now: the preview, and what a confirm would write. */
async function analyse(db: DB, staged: Staged): Promise<Analysis> {
  const kind = staged.kind;
  const plan = recogniseMasterColumns(kind, staged.table.header);
  const [refs, existing] = await Promise.all([loadRefs(db, kind), loadExisting(db, kind)]);
  const checked = validateRows(kind, staged.table, plan, refs);
  const diff = diffRecords(KEY_FIELD[kind], LABEL_FIELD[kind], checked.good, existing, checked.keysInFile);
  // The fingerprint covers everything the user is shown and agrees to: which rows are bad, and the diff.
  const fingerprint = crypto
    .createHash('sha256')
    .update(JSON.stringify([kind, checked.badRowNos, checked.newManagers, diff.created, diff.changed, diff.unchanged.length, diff.missing.map((m) => m.key)]))
    .digest('hex');
  return { newManagers: checked.newManagers, problems: checked.problems, badRowNos: checked.badRowNos, goodRows: checked.good.length, diff, ignored: plan.ignored, fingerprint };
}

export async function previewMasterFile(db: DB, actor: ScopeUser, stagedId: string, now = new Date()) {
  const staged = await loadStaged(db, actor, stagedId, now);
  if (!staged) return null;
  const a = await analyse(db, staged);
  return {
    stagedId: staged.id,
    kind: staged.kind,
    fileName: staged.fileName,
    encoding: staged.table.encoding,
    /** The worksheet the rows come from (Excel files). */
    sheetName: staged.table.sheetName ?? null,
    expiresAt: staged.expiresAt,
    rowsRead: staged.table.rows.length,
    rowsGood: a.goodRows,
    rowsBad: a.badRowNos.length,
    problems: a.problems.slice(0, LIST_LIMIT),
    problemCount: a.problems.length,
    ignoredColumns: a.ignored.map((c) => c.header),
    created: a.diff.created.slice(0, LIST_LIMIT).map((c) => ({ rowNo: c.rowNo, key: c.key, label: String(c.record[LABEL_FIELD[staged.kind]] ?? '') })),
    createdCount: a.diff.created.length,
    changed: a.diff.changed.slice(0, LIST_LIMIT),
    changedCount: a.diff.changed.length,
    unchangedCount: a.diff.unchanged.length,
    missing: a.diff.missing.slice(0, LIST_LIMIT),
    missingCount: a.diff.missing.length,
    newManagers: a.newManagers.map((m) => ({ code: m.code, name: m.name, stationCode: m.stationCode, rowNo: m.rowNo })),
    gradeChanges: staged.kind === 'retailers' ? a.diff.changed.filter((c) => c.changes.some((f) => f.field === 'grade')).length : 0,
    fingerprint: a.fingerprint,
  };
}
export type MasterPreview = NonNullable<Awaited<ReturnType<typeof previewMasterFile>>>;

export interface ConfirmOptions {
  keepGood: boolean;
  deactivateMissing: boolean;
  fingerprint: string;
}

export type ConfirmCode = 'not_found' | 'has_bad_rows' | 'nothing_good' | 'changed_since_preview';
export interface ImportSummary {
  importId: number;
  created: number;
  changed: number;
  unchanged: number;
  missing: number;
  deactivated: number;
  skipped: number;
  gradeChanges: number;
}
export type ConfirmResult = ({ ok: true } & ImportSummary) | { ok: false; code: ConfirmCode };

class Refused extends Error {
  constructor(readonly code: ConfirmCode) {
    super(code);
  }
}

/**
 * Applies the staged file's diff in one transaction. The staged row is claimed (deleted) first, so two
 * confirms of the same file cannot both apply it; any refusal rolls that back and the file stays staged.
 */
export async function confirmMasterImport(db: DB, actor: ScopeUser, stagedId: string, opts: ConfirmOptions, now = new Date()): Promise<ConfirmResult> {
  const staged = await loadStaged(db, actor, stagedId, now);
  if (!staged) return { ok: false, code: 'not_found' };
  try {
    const summary = await db.transaction().execute(async (trx) => {
      const claimed = await trx.deleteFrom('masterDataStaged').where('id', '=', stagedId).where('userId', '=', actor.userId).executeTakeFirst();
      if (Number(claimed.numDeletedRows) !== 1) throw new Refused('not_found');
      const a = await analyse(trx, staged);
      if (a.fingerprint !== opts.fingerprint) throw new Refused('changed_since_preview');
      if (a.badRowNos.length && !opts.keepGood) throw new Refused('has_bad_rows');
      if (a.goodRows === 0) throw new Refused('nothing_good');
      return applyDiff(trx, actor, staged, a, opts, now);
    });
    return { ok: true, ...summary };
  } catch (e) {
    if (e instanceof Refused) return { ok: false, code: e.code };
    throw e;
  }
}

async function applyDiff(trx: Transaction<Database>, actor: ScopeUser, staged: Staged, a: Analysis, opts: ConfirmOptions, now: Date): Promise<ImportSummary> {
  const nowIso = now.toISOString();
  const deactivate = staged.kind === 'retailers' && opts.deactivateMissing ? a.diff.missing.map((m) => m.key) : [];
  const importId = (
    await trx
      .insertInto('masterDataImports')
      .values({
        kind: staged.kind,
        fileName: staged.fileName,
        contentSha256: staged.contentSha256,
        userId: actor.userId,
        createdAt: nowIso,
        rowsRead: staged.table.rows.length,
        rowsSkipped: a.badRowNos.length,
        createdCount: a.diff.created.length,
        changedCount: a.diff.changed.length,
        unchangedCount: a.diff.unchanged.length,
        missingCount: a.diff.missing.length,
        deactivatedCount: deactivate.length,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  let gradeChanges = 0;
  if (staged.kind === 'retailers') {
    await insertManagers(trx, a.newManagers, now);
    gradeChanges = await applyRetailers(trx, actor, a.diff, deactivate, importId, now);
  }
  else if (staged.kind === 'specs') await applySpecs(trx, a.diff);
  else await applyManagers(trx, a.diff, now);
  return {
    importId,
    created: a.diff.created.length,
    changed: a.diff.changed.length,
    unchanged: a.diff.unchanged.length,
    missing: a.diff.missing.length,
    deactivated: deactivate.length,
    skipped: a.badRowNos.length,
    gradeChanges,
  };
}

/** Rows per insert or update statement. */
const CHUNK = 200;

async function idsByCode(trx: DB) {
  const [stations, managers] = await Promise.all([
    trx.selectFrom('stations').select(['id', 'code']).execute(),
    trx.selectFrom('accountManagers').select(['id', 'code']).execute(),
  ]);
  return { station: new Map(stations.map((s) => [s.code, s.id])), manager: new Map(managers.map((m) => [m.code, m.id])) };
}

const str = (r: MasterRecord, f: string, fallback = '') => (typeof r[f] === 'string' ? (r[f]) : fallback);
const num = (r: MasterRecord, f: string, fallback: number) => (typeof r[f] === 'number' ? (r[f]) : fallback);

/** Columns of an update from a row's changed fields: codes become ids, everything else keeps its name. */
function retailerUpdate(changes: FieldChange[], ids: Awaited<ReturnType<typeof idsByCode>>) {
  const set: Record<string, string | number | null> = {};
  for (const c of changes) {
    if (c.field === 'stationCode') set.stationId = ids.station.get(c.to as string)!;
    else if (c.field === 'managerCode') set.managerId = ids.manager.get(c.to as string)!;
    else set[c.field] = c.to;
  }
  return set;
}

const ATTRIBUTE_FIELDS = new Set(['stationId', 'managerId', 'businessType', 'marketType', 'grade']);

/** A shop's update split into the attributes figures are broken down by (kept as history) and the rest. */
function splitUpdate(set: Record<string, string | number | null>) {
  const attributes: Record<string, string | number | null> = {};
  const rest: Record<string, string | number | null> = {};
  for (const [k, v] of Object.entries(set)) (ATTRIBUTE_FIELDS.has(k) ? attributes : rest)[k] = v;
  return { attributes: attributes as AttributeChange['set'], rest };
}

async function applyRetailers(trx: Transaction<Database>, actor: ScopeUser, diff: MasterDiff, deactivate: string[], importId: number, now: Date): Promise<number> {
  const nowIso = now.toISOString();
  const effectiveOn = shanghaiDayOf(now);
  const ids = await idsByCode(trx);
  let gradeChanges = 0;
  const history = (retailerId: number, gradeFrom: number | null, gradeTo: number) => ({
    retailerId,
    gradeFrom,
    gradeTo,
    effectiveOn,
    changedAt: nowIso,
    changedByUserId: actor.userId,
    importId,
  });

  for (const part of chunks(diff.created, CHUNK)) {
    const inserted = await trx
      .insertInto('retailers')
      .values(
        part.map(({ record: r }) => ({
          userId: null,
          licenceNo: str(r, 'licenceNo'),
          name: str(r, 'name'),
          ownerName: str(r, 'ownerName'),
          phone: str(r, 'phone'),
          address: str(r, 'address'),
          stationId: ids.station.get(str(r, 'stationCode'))!,
          managerId: ids.manager.get(str(r, 'managerCode'))!,
          businessType: str(r, 'businessType') as BusinessType,
          marketType: str(r, 'marketType') as MarketType,
          grade: num(r, 'grade', 1),
          orderWeekday: num(r, 'orderWeekday', 1),
          isOnline: 1,
          active: 1,
          isBenchmark: 0,
          depositBalanceFen: num(r, 'depositBalanceFen', 0),
          createdAt: nowIso,
        })),
      )
      .returning(['id', 'grade'])
      .execute();
    await trx
      .insertInto('retailerGradeHistory')
      .values(inserted.map((i) => history(i.id, null, i.grade)))
      .execute();
  }

  const current = await retailerIdsOf(
    trx,
    diff.changed.map((c) => c.key),
  );
  // Station, manager, 业态, market type and grade change from today with what the shop was before kept as history
  // (retailer-history.server.ts), so the figures of past days stay where they were; the other fields just change.
  const attributeChanges: AttributeChange[] = [];
  for (const row of diff.changed) {
    const before = current.get(row.key)!;
    const { attributes, rest } = splitUpdate(retailerUpdate(row.changes, ids));
    if (Object.keys(rest).length) await trx.updateTable('retailers').set(rest).where('id', '=', before.id).execute();
    if (Object.keys(attributes).length) attributeChanges.push({ retailerId: before.id, set: attributes });
    const grade = row.changes.find((c) => c.field === 'grade');
    if (grade) {
      gradeChanges++;
      await trx
        .insertInto('retailerGradeHistory')
        .values(history(before.id, grade.from as number, grade.to as number))
        .execute();
    }
    const name = row.changes.find((c) => c.field === 'name');
    if (name && before.userId !== null) await trx.updateTable('users').set({ displayName: name.to as string }).where('id', '=', before.userId).execute();
  }
  if ((await recordAttributeChanges(trx, attributeChanges, effectiveOn, 'import', actor.userId, now)).length) {
    // Today's figures already summed move with the shops; earlier days stay.
    await resumRollups(trx, effectiveOn, effectiveOn);
  }

  // A deactivated shop takes no more orders or data: its sign-in's sessions end with it (in this transaction),
  // and its POS tokens are refused while it stays inactive (authenticateApiToken). Its sign-in itself is
  // staff's to disable on the accounts page; a shop back in a later file is active again and its tokens work.
  for (const part of chunks(deactivate, CHUNK)) {
    const shops = await trx.selectFrom('retailers').select(['id', 'userId']).where('licenceNo', 'in', part).where('active', '=', 1).execute();
    if (!shops.length) continue;
    await trx.updateTable('retailers').set({ active: 0 }).where('id', 'in', shops.map((r) => r.id)).execute();
    const userIds = shops.flatMap((r) => (r.userId === null ? [] : [r.userId]));
    if (userIds.length) await trx.deleteFrom('sessions').where('userId', 'in', userIds).execute();
  }
  return gradeChanges;
}

async function retailerIdsOf(trx: DB, licences: string[]) {
  const map = new Map<string, { id: number; userId: number | null }>();
  for (const part of chunks(licences, 500)) {
    for (const r of await trx.selectFrom('retailers').select(['id', 'userId', 'licenceNo']).where('licenceNo', 'in', part).execute()) map.set(r.licenceNo, r);
  }
  return map;
}

async function applySpecs(trx: DB, diff: MasterDiff) {
  // Barcodes are unique: a file that moves a barcode from one spec to another (or swaps two) would collide
  // half-way through, so the specs whose barcodes change first park them on placeholders no barcode can equal.
  const moving = diff.changed.filter((row) => row.changes.some((c) => c.field === 'cartonBarcode' || c.field === 'packBarcode'));
  const before = new Map(
    (moving.length ? await trx.selectFrom('specs').select(['code', 'cartonBarcode', 'packBarcode']).where('code', 'in', moving.map((r) => r.key)).execute() : []).map((s) => [s.code, s]),
  );
  for (const row of moving) {
    await trx.updateTable('specs').set({ cartonBarcode: `~c${row.key}`, packBarcode: `~p${row.key}` }).where('code', '=', row.key).execute();
  }
  for (const part of chunks(diff.created, CHUNK)) {
    await trx
      .insertInto('specs')
      .values(
        part.map(({ record: r }) => ({
          code: str(r, 'code'),
          name: str(r, 'name'),
          brand: str(r, 'brand'),
          manufacturer: str(r, 'manufacturer'),
          cartonBarcode: str(r, 'cartonBarcode'),
          packBarcode: str(r, 'packBarcode'),
          packsPerCarton: num(r, 'packsPerCarton', 10),
          priceClass: num(r, 'priceClass', 3),
          wholesalePriceFenPerCarton: num(r, 'wholesalePriceFenPerCarton', 0),
          retailPriceFenPerCarton: num(r, 'retailPriceFenPerCarton', 0),
          isScarce: num(r, 'isScarce', 0),
          isNew: num(r, 'isNew', 0),
          launchDate: typeof r.launchDate === 'string' ? r.launchDate : null,
          isOrderable: num(r, 'isOrderable', 1),
          isDiscontinued: num(r, 'isDiscontinued', 0),
        })),
      )
      .execute();
  }
  for (const row of diff.changed) {
    const set: Record<string, FieldValue> = Object.fromEntries(row.changes.map((c) => [c.field, c.to]));
    const old = before.get(row.key);
    if (old) {
      // The side the file left alone goes back to what it was.
      set.cartonBarcode ??= old.cartonBarcode;
      set.packBarcode ??= old.packBarcode;
    }
    await trx.updateTable('specs').set(set).where('code', '=', row.key).execute();
  }
}

/** New managers, each with a user that cannot sign in until staff create its account (see accounts.server). */
async function insertManagers(trx: DB, managers: Array<Pick<NewManager, 'code' | 'name' | 'phone' | 'stationCode'>>, now: Date) {
  if (managers.length === 0) return;
  const { station } = await idsByCode(trx);
  for (const m of managers) {
    const userId = (
      await trx
        .insertInto('users')
        .values({ username: m.code, passwordHash: NO_SIGN_IN_HASH, role: 'manager', displayName: m.name, locale: null, createdAt: now.toISOString() })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    await trx.insertInto('accountManagers').values({ userId, code: m.code, name: m.name, phone: m.phone, stationId: station.get(m.stationCode)! }).execute();
  }
}

async function applyManagers(trx: DB, diff: MasterDiff, now: Date) {
  await insertManagers(
    trx,
    diff.created.map(({ record: r }) => ({ code: str(r, 'code'), name: str(r, 'name'), phone: str(r, 'phone'), stationCode: str(r, 'stationCode') })),
    now,
  );
  const ids = await idsByCode(trx);
  for (const row of diff.changed) {
    const set: Record<string, string | number> = {};
    for (const c of row.changes) {
      if (c.field === 'stationCode') set.stationId = ids.station.get(c.to as string)!;
      else set[c.field] = c.to as string;
    }
    const manager = await trx.updateTable('accountManagers').set(set).where('code', '=', row.key).returning('userId').executeTakeFirstOrThrow();
    if (typeof set.name === 'string') await trx.updateTable('users').set({ displayName: set.name }).where('id', '=', manager.userId).execute();
  }
}

export async function discardMasterFile(db: DB, actor: ScopeUser, stagedId: string): Promise<boolean> {
  if (!isStaff(actor)) return false;
  const r = await db.deleteFrom('masterDataStaged').where('id', '=', stagedId).where('userId', '=', actor.userId).executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

/** The master-data page: how much there is, and the latest imports. */
export async function masterDataOverview(db: DB, actor: ScopeUser, limit = 20) {
  if (!isStaff(actor)) return null;
  const count = async (table: 'retailers' | 'specs' | 'accountManagers' | 'stations') =>
    Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const [retailers, activeRetailers, specs, managers, stations, imports] = await Promise.all([
    count('retailers'),
    db.selectFrom('retailers').select((eb) => eb.fn.countAll<number>().as('n')).where('active', '=', 1).executeTakeFirstOrThrow(),
    count('specs'),
    count('accountManagers'),
    db.selectFrom('stations').select(['code', 'nameZh', 'nameEn']).orderBy('code').execute(),
    db
      .selectFrom('masterDataImports')
      .innerJoin('users', 'users.id', 'masterDataImports.userId')
      .select([
        'masterDataImports.id',
        'masterDataImports.kind',
        'masterDataImports.fileName',
        'masterDataImports.createdAt',
        'masterDataImports.rowsRead',
        'masterDataImports.rowsSkipped',
        'masterDataImports.createdCount',
        'masterDataImports.changedCount',
        'masterDataImports.unchangedCount',
        'masterDataImports.missingCount',
        'masterDataImports.deactivatedCount',
        'users.displayName as byUser',
      ])
      .orderBy('masterDataImports.id', 'desc')
      .limit(limit)
      .execute(),
  ]);
  return { counts: { retailers, activeRetailers: Number(activeRetailers.n), specs, managers }, stations, imports };
}

/** A shop's grades over time, newest first. */
export async function gradeHistory(db: DB, actor: ScopeUser, retailerId: number) {
  if (!isStaff(actor)) return [];
  return db
    .selectFrom('retailerGradeHistory')
    .select(['gradeFrom', 'gradeTo', 'effectiveOn', 'changedAt', 'importId'])
    .where('retailerId', '=', retailerId)
    .orderBy('id', 'desc')
    .execute();
}

/** Template columns of a kind, for the download. */
export function templateColumns(kind: MasterKind) {
  return FIELDS_OF[kind].map((d) => ({ zh: d.zh, en: d.en, example: d.example, required: d.required }));
}
