/**
 * A file's way in: staged (read, nothing written), previewed (rows read, good, bad with row/column/reason,
 * date range, specs, unknown barcodes, days it would replace), columns mapped by hand when a header was not
 * recognised, then imported — good rows only, by the user's choice — or discarded. The file's table waits in
 * `staged_uploads`, so the preview and the import read exactly the same rows.
 */
import crypto from 'node:crypto';
import { applyManualMapping, recogniseColumns } from '~/domain/uploads/columns';
import { countTotals, dailyTotals, refusedSpecDays, resolveBarcodes, splitOverLimit } from '~/domain/uploads/barcodes';
import { readLines } from '~/domain/uploads/lines';
import { rowMerges, type RowMerges } from '~/domain/uploads/merges';
import type { ReadyPreview, StagedPreview, StagedPreviewBase } from '~/domain/uploads/preview';
import type { ColumnField, ColumnMapping, RawTable, RowProblem, UploadKind } from '~/domain/uploads/types';
import { shanghaiDayOf } from '~/domain/time';
import type { DB } from '../db.server';
import { retailerInScope, retailerIsInScope, type ScopeUser } from '../scope.server';
import { barcodeSpecsFor } from './barcode-lookup.server';
import { ingest, IngestRefused, type IngestResult, type Rejection } from './ingest.server';
import { readUpload } from './read-pool.server';
import { unpackTable } from './staged-table.server';

/** Staged files older than this are dropped when someone stages a new one. */
const STAGED_TTL_MS = 24 * 3600_000;

export type StageResult = { ok: true; stagedId: string } | { ok: false; code: string; detail?: Record<string, string | number> };

export async function stageFile(db: DB, user: ScopeUser, retailerId: number, kind: UploadKind, fileName: string, bytes: Uint8Array, now = new Date()): Promise<StageResult> {
  if (!(await retailerIsInScope(db, user, retailerId))) return { ok: false, code: 'not_found' };
  // A shop deactivated in master data takes no more data, by any way in (as it takes no more orders).
  if (!(await shopIsActive(db, retailerId))) return { ok: false, code: 'shop_inactive' };
  const read = await readUpload(fileName, bytes, { need: { for: 'shop_upload', kind } });
  if (!read.ok) return { ok: false, code: read.error.code, detail: read.error.detail };
  const recognition = recogniseColumns(read.head.header, kind);
  const stagedId = crypto.randomBytes(16).toString('base64url');
  await db.deleteFrom('stagedUploads').where('createdAt', '<', new Date(now.getTime() - STAGED_TTL_MS).toISOString()).execute();
  await db
    .insertInto('stagedUploads')
    .values({
      id: stagedId,
      retailerId,
      userId: user.userId,
      kind,
      // PostgreSQL text cannot hold NUL; a file name never needs one.
      fileName: fileName.replaceAll('\u0000', '').slice(0, 200),
      contentSha256: crypto.createHash('sha256').update(bytes).digest('hex'),
      tableGz: read.tableGz,
      mappingJson: JSON.stringify(recognition.mapping),
      createdAt: now.toISOString(),
    })
    .execute();
  return { ok: true, stagedId };
}

async function shopIsActive(db: DB, retailerId: number): Promise<boolean> {
  const shop = await db.selectFrom('retailers').select('active').where('id', '=', retailerId).executeTakeFirst();
  return shop?.active === 1;
}

async function loadStaged(db: DB, user: ScopeUser, stagedId: string) {
  const row = await db.selectFrom('stagedUploads').selectAll().where('id', '=', stagedId).where(retailerInScope(user, 'stagedUploads.retailerId')).executeTakeFirst();
  if (!row) return null;
  return { ...row, table: unpackTable(row.tableGz), mapping: JSON.parse(row.mappingJson ?? '{}') as ColumnMapping };
}

const REQUIRED: Record<UploadKind, ColumnField[]> = { sales: ['barcode', 'qty', 'date'], receipts: ['barcode', 'qty', 'date'], stock_count: ['barcode', 'qty', 'date'] };

/** Everything the preview page shows; computed the same way the import will write. */
export async function previewStaged(db: DB, user: ScopeUser, stagedId: string, now = new Date()): Promise<StagedPreview | null> {
  const staged = await loadStaged(db, user, stagedId);
  return staged ? (await analyse(db, staged, now)).preview : null;
}

/** Reads the staged table once: the preview, and the lines the import would write. */
async function analyse(db: DB, staged: NonNullable<Awaited<ReturnType<typeof loadStaged>>>, now: Date) {
  const recognition = recogniseColumns(staged.table.header, staged.kind);
  const missing = REQUIRED[staged.kind].filter((f) => staged.mapping[f] === undefined);
  const base: StagedPreviewBase = {
    stagedId: staged.id,
    retailerId: staged.retailerId,
    kind: staged.kind,
    fileName: staged.fileName,
    encoding: staged.table.encoding,
    sheetName: staged.table.sheetName ?? null,
    header: staged.table.header,
    mapping: staged.mapping,
    unrecognised: recognition.unrecognised,
    sample: staged.table.rows.slice(0, 5),
  };
  if (missing.length) return { preview: { ...base, needsMapping: true, missing } satisfies StagedPreview, computed: null };

  const computed = await compute(db, staged, now);
  const days = [...new Set(computed.resolved.map((l) => l.day))].sort();
  const [existing, sameFile] = await Promise.all([
    days.length
      ? db
          .selectFrom('uploads')
          .select('businessDate')
          .distinct()
          .where('retailerId', '=', staged.retailerId)
          .where('kind', '=', staged.kind)
          .where('businessDate', 'in', days)
          .where('source', '!=', 'delivery')
          .execute()
      : [],
    db
      .selectFrom('uploadBatches')
      .select(['id', 'createdAt'])
      .where('retailerId', '=', staged.retailerId)
      .where('contentSha256', '=', staged.contentSha256)
      .orderBy('createdAt', 'desc')
      .executeTakeFirst(),
  ]);
  const preview: ReadyPreview = {
    ...base,
    needsMapping: false,
    rowsRead: staged.table.rows.length,
    rowsGood: computed.goodRows,
    rowsBad: staged.table.rows.length - computed.goodRows - computed.skipped.length,
    rowsSkipped: computed.skipped.length,
    stored: computed.stored,
    merges: computed.merges,
    conversions: computed.conversions,
    conversionCount: computed.conversionCount,
    problems: computed.problems.slice(0, 200),
    problemCount: computed.problems.length,
    unknown: computed.unknown,
    dayFrom: days[0] ?? null,
    dayTo: days.at(-1) ?? null,
    specCount: new Set(computed.resolved.map((l) => l.specId)).size,
    totalPacks: computed.resolved.reduce((n, l) => n + l.qtyPacks, 0),
    replacesDays: existing.map((e) => e.businessDate).sort(),
    sameFileImportedAt: sameFile?.createdAt ?? null,
  };
  return { preview, computed };
}

/** At most this many converted quantities are listed in the preview (their count is always given). */
const CONVERSIONS_SHOWN = 20;

async function compute(db: DB, staged: NonNullable<Awaited<ReturnType<typeof loadStaged>>>, now: Date) {
  const { lines, problems, skipped, refused } = readLines(staged.table, staged.mapping, staged.kind, { today: shanghaiDayOf(now) });
  const specs = await barcodeSpecsFor(db, staged.retailerId);
  const { resolved: all, unknown } = resolveBarcodes(lines, specs);
  const { within: resolved, over } = splitOverLimit(all);
  const lineByRow = new Map(lines.map((l) => [l.rowNo, l]));
  const qtyIndex = staged.mapping.qty;
  const qtyColumn = qtyIndex === undefined ? 'qty' : staged.table.header[qtyIndex] || 'qty';
  const cellOf = (rowNo: number, fallback: number) => (qtyIndex === undefined ? undefined : rowByNo(staged.table, rowNo)?.cells[qtyIndex]) ?? String(fallback);
  for (const l of over) problems.push({ rowNo: l.rowNo, column: qtyColumn, field: 'qty', code: 'too_large', value: cellOf(l.rowNo, lineByRow.get(l.rowNo)?.qty ?? l.qtyPacks) });
  // Refused rows (bad quantity, or over the limit) leave their spec's earlier figure for the day alone.
  const keep = refusedSpecDays(refused, specs, over);
  // Quantities that were not packs as written: a unit in the cell ('3条') or a carton code.
  const converted = resolved.filter((l) => lineByRow.get(l.rowNo)!.unit !== null || lineByRow.get(l.rowNo)!.qty !== l.qtyPacks);
  const conversions = converted.slice(0, CONVERSIONS_SHOWN).map((l) => ({ rowNo: l.rowNo, written: cellOf(l.rowNo, lineByRow.get(l.rowNo)!.qty), qtyPacks: l.qtyPacks, byUnit: lineByRow.get(l.rowNo)!.unit !== null }));
  const badRows = new Set<number>([...problems.map((p) => p.rowNo), ...unknown.flatMap((u) => u.rowNos)]);
  // Total lines (合计) at the bottom of POS reports are neither good nor bad: they are not data.
  const goodRows = staged.table.rows.length - badRows.size - skipped.length;
  // What the import writes, computed once: one figure per spec and day (or count), rows of the same adding up.
  const daily = staged.kind === 'stock_count' ? [] : dailyTotals(resolved);
  const counts = staged.kind === 'stock_count' ? countsOf(countTotals(resolved)) : [];
  const stored = staged.kind === 'stock_count' ? counts.reduce((n, c) => n + c.lines.length, 0) : daily.length;
  const merges = rowMerges(staged.kind, resolved);
  return { lines, problems, resolved, unknown, keep, skipped, goodRows, daily, counts, stored, merges, conversions, conversionCount: converted.length };
}

function rowByNo(table: RawTable, rowNo: number) {
  // Rows are in file order with increasing numbers: a binary search, since a file may have 200,000 of them.
  let lo = 0;
  let hi = table.rows.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const row = table.rows[mid]!;
    if (row.rowNo === rowNo) return row;
    if (row.rowNo < rowNo) lo = mid + 1;
    else hi = mid - 1;
  }
  return undefined;
}

export type MappingResult = { ok: true } | { ok: false; code: string };

/** The user's choice of which column is which, for headers the reader did not recognise. */
export async function setStagedMapping(db: DB, user: ScopeUser, stagedId: string, choice: Partial<Record<ColumnField, number>>): Promise<MappingResult> {
  const staged = await loadStaged(db, user, stagedId);
  if (!staged) return { ok: false, code: 'not_found' };
  // The form sends every field: what the user left empty is "no such column".
  const applied = applyManualMapping(staged.table.header, {}, choice);
  if (!applied.ok) return { ok: false, code: applied.errors.some((e) => e.code === 'column_used_twice') ? 'duplicate_column' : 'bad_column' };
  await db.updateTable('stagedUploads').set({ mappingJson: JSON.stringify(applied.recognition.mapping) }).where('id', '=', stagedId).execute();
  return { ok: true };
}

export type ImportResult =
  /** alreadyImported: this staged file had been imported before (a retry after a crash or a lost answer); nothing was written now. */
  | ({ ok: true; alreadyImported: false; merges: RowMerges } & IngestResult)
  | { ok: true; alreadyImported: true; batchId: number; accepted: number; rejected: number }
  | { ok: false; code: 'not_found' | 'needs_mapping' | 'nothing_good' | 'confirm_replace' | 'shop_inactive' };

/**
 * Imports the good rows of a staged file (never the bad ones) and forgets the file, in one transaction: the
 * staged row is deleted and its id recorded on the batch inside it (ingest's stagedUploadId). So after a crash
 * the file is either still staged with nothing written, or imported and no longer staged — never imported
 * and still staged, which a retry would take for a new file over days that already have data. A confirm of a
 * staged id that was already imported (the retry after a crash or a lost answer, a second click) answers
 * with that import's outcome and writes nothing.
 */
export async function importStaged(db: DB, user: ScopeUser, stagedId: string, opts: { confirmReplace: boolean }, now = new Date()): Promise<ImportResult> {
  const staged = await loadStaged(db, user, stagedId);
  if (!staged) return (await alreadyImported(db, user, stagedId)) ?? { ok: false, code: 'not_found' };
  if (!(await shopIsActive(db, staged.retailerId))) return { ok: false, code: 'shop_inactive' };
  const { preview, computed } = await analyse(db, staged, now);
  if (preview.needsMapping || !computed) return { ok: false, code: 'needs_mapping' };
  if (preview.rowsGood === 0) return { ok: false, code: 'nothing_good' };
  // The days may have data because another confirm of this very file committed since it was loaded here (a double click).
  if (preview.replacesDays.length && !opts.confirmReplace) return (await alreadyImported(db, user, stagedId)) ?? { ok: false, code: 'confirm_replace' };
  const { problems, resolved, unknown, lines, keep, skipped, daily, counts } = computed;
  const lineByRow = new Map(lines.map((l) => [l.rowNo, l]));
  const rejections: Rejection[] = [
    ...problems.map((p: RowProblem) => ({ rowNo: p.rowNo, columnName: p.column, code: p.code, value: p.value })),
    ...unknown.flatMap((u) =>
      u.rowNos.map((rowNo) => {
        const line = lineByRow.get(rowNo);
        return { rowNo, columnName: 'barcode', code: 'unknown_barcode', value: u.barcode, barcode: u.barcode, day: line?.day ?? null, qty: line?.qty ?? null };
      }),
    ),
  ];
  let result: IngestResult;
  try {
    result = await ingest(db, {
      retailerId: staged.retailerId,
      kind: staged.kind,
      source: 'file',
      actorUserId: user.userId,
      fileName: staged.fileName,
      contentSha256: staged.contentSha256,
      rowsRead: staged.table.rows.length,
      rowsSkipped: skipped.length,
      days: staged.kind === 'stock_count' ? undefined : [...new Set(resolved.map((l) => l.day))],
      daily: staged.kind === 'stock_count' ? undefined : daily,
      counts: staged.kind === 'stock_count' ? counts : undefined,
      rejections,
      keep,
      stagedUploadId: staged.id,
      onlyActiveShop: true,
    }, now);
  } catch (e) {
    if (!(e instanceof IngestRefused)) throw e;
    // Another confirm of this file committed while this one computed: its outcome is this one's answer.
    if (e.code === 'staged_gone') return (await alreadyImported(db, user, stagedId)) ?? { ok: false, code: 'not_found' };
    return { ok: false, code: e.code };
  }
  return { ok: true, alreadyImported: false, ...result, merges: computed.merges };
}

/** The import this staged id already became, if it did and its shop is in the user's scope. */
export async function importOfStaged(db: DB, user: ScopeUser, stagedId: string) {
  if (!stagedId) return null;
  return (
    (await db
      .selectFrom('uploadBatches')
      .select(['id', 'retailerId', 'rowsAccepted', 'rowsRejected'])
      .where('stagedUploadId', '=', stagedId)
      .where(retailerInScope(user, 'uploadBatches.retailerId'))
      .executeTakeFirst()) ?? null
  );
}

/** The outcome of the import this staged id already became, if it did (and the shop is in the user's scope). */
async function alreadyImported(db: DB, user: ScopeUser, stagedId: string): Promise<ImportResult | null> {
  const batch = await importOfStaged(db, user, stagedId);
  if (!batch) return null;
  return { ok: true, alreadyImported: true, batchId: batch.id, accepted: batch.rowsAccepted, rejected: batch.rowsRejected };
}

export async function discardStaged(db: DB, user: ScopeUser, stagedId: string): Promise<boolean> {
  const r = await db.deleteFrom('stagedUploads').where('id', '=', stagedId).where(retailerInScope(user, 'stagedUploads.retailerId')).executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

function countsOf(totals: ReturnType<typeof countTotals>) {
  const byInstant = new Map<string, { countedAt: string; day: string; lines: Array<{ specId: number; qtyPacks: number }> }>();
  for (const t of totals) {
    const c = byInstant.get(t.countedAt) ?? { countedAt: t.countedAt, day: shanghaiDayOf(t.countedAt), lines: [] };
    c.lines.push({ specId: t.specId, qtyPacks: t.qtyPacks });
    byInstant.set(t.countedAt, c);
  }
  return [...byInstant.values()];
}

/** The shop's recent uploads, newest first: who, when, how, counts, outcome. */
export async function listUploadBatches(db: DB, user: ScopeUser, retailerId: number, limit = 50) {
  return db
    .selectFrom('uploadBatches')
    .leftJoin('users', 'users.id', 'uploadBatches.createdByUserId')
    .leftJoin('apiTokens', 'apiTokens.id', 'uploadBatches.apiTokenId')
    .select([
      'uploadBatches.id',
      'uploadBatches.kind',
      'uploadBatches.source',
      'uploadBatches.fileName',
      'uploadBatches.createdAt',
      'uploadBatches.rowsRead',
      'uploadBatches.rowsAccepted',
      'uploadBatches.rowsRejected',
      'uploadBatches.dayFrom',
      'uploadBatches.dayTo',
      'uploadBatches.outcome',
      'users.displayName as byUser',
      'apiTokens.name as byToken',
    ])
    .where('uploadBatches.retailerId', '=', retailerId)
    .where(retailerInScope(user, 'uploadBatches.retailerId'))
    .orderBy('uploadBatches.createdAt', 'desc')
    .limit(limit)
    .execute();
}
