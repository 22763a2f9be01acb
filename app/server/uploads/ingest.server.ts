/**
 * Writing shop data, whichever way it came in (file, POS API, typed on the phone): one transaction records
 * the batch, replaces the shop's data for each day (sales, receipts) or count instant (stock counts) it
 * covers, keeps the rejected rows for later fixing, and re-runs the data-quality checks so today's issues
 * are there as soon as the data is.
 */
import type { DailyQty, SpecDay } from '~/domain/uploads/types';
import type { Transaction } from 'kysely';
import { chunks } from '../../../db/chunks';
import { bulkInsert } from '../../../db/dialect';
import type { Database, UploadKind, UploadSource } from '../../../db/schema';
import type { DB } from '../db.server';
import { refreshQualityIssues } from '../quality.server';
import { markRollupsDirty } from '../rollups.server';
import { replaceUnknownSpecDays } from '../unknown-spec-days.server';

export interface CountSnapshot {
  countedAt: string;
  day: string;
  lines: Array<{ specId: number; qtyPacks: number }>;
}

export interface Rejection {
  rowNo: number;
  columnName: string;
  code: string;
  value: string;
  barcode?: string | null;
  day?: string | null;
  qty?: number | null;
}

export interface IngestInput {
  retailerId: number;
  kind: UploadKind;
  source: Exclude<UploadSource, 'seed'>;
  actorUserId: number | null;
  apiTokenId?: number | null;
  fileName?: string | null;
  contentSha256?: string | null;
  /** Rows (or API lines) read, including refused ones. */
  rowsRead: number;
  /** Rows that are neither data nor errors (a report's 合计 line); counted in neither accepted nor rejected. */
  rowsSkipped?: number;
  /** Sales or receipts per spec and day. */
  daily?: DailyQty[];
  /** Every day the upload covers — a day with nothing sold is still a valid upload for that day. */
  days?: string[];
  /** Stock counts. */
  counts?: CountSnapshot[];
  /** Every problem found, one per bad cell or line (a row may have several). */
  rejections: Rejection[];
  /**
   * Spec-days (or spec-counts) this upload names only in refused lines: their earlier data stays as it was
   * rather than being replaced by nothing (see SpecDay).
   */
  keep?: SpecDay[];
  /**
   * A file import: the staged upload it came from. The transaction claims (deletes) that staged row first and
   * records its id on the batch, so the import and "no longer staged" commit together; when the row is already
   * gone (another confirm of the same file got there first) nothing is written and IngestRefused('staged_gone')
   * is thrown.
   */
  stagedUploadId?: string;
  /** Refuse (IngestRefused('shop_inactive'), nothing written) when the shop has been deactivated in master data. */
  onlyActiveShop?: boolean;
}

/** Why a write was refused inside its transaction (rolled back: nothing of it is written). */
export class IngestRefused extends Error {
  constructor(readonly code: 'staged_gone' | 'shop_inactive') {
    super(code);
  }
}

export interface IngestResult {
  batchId: number;
  /** Rows (or lines) accepted and rows refused: the same counting the preview shows. */
  accepted: number;
  rejected: number;
  /** What those rows were stored as: one figure per spec and day (or count), rows of the same adding up. */
  stored: number;
  /** Days (or count days) whose earlier data this upload replaced. */
  replacedDays: string[];
  openIssues: number;
}

export async function ingest(db: DB, input: IngestInput, now = new Date()): Promise<IngestResult> {
  const nowIso = now.toISOString();
  return db.transaction().execute(async (trx) => {
    if (input.stagedUploadId !== undefined) {
      // First, so a concurrent confirm of the same file waits here (PostgreSQL row lock; SQLite's single writer) and then finds it gone.
      const claimed = await trx.deleteFrom('stagedUploads').where('id', '=', input.stagedUploadId).where('retailerId', '=', input.retailerId).executeTakeFirst();
      if (Number(claimed.numDeletedRows) !== 1) throw new IngestRefused('staged_gone');
    }
    if (input.onlyActiveShop) {
      const shop = await trx.selectFrom('retailers').select('active').where('id', '=', input.retailerId).executeTakeFirst();
      if (!shop?.active) throw new IngestRefused('shop_inactive');
    }
    const days = [...new Set([...(input.days ?? []), ...(input.daily ?? []).map((d) => d.day), ...(input.counts ?? []).map((c) => c.day)])].sort();
    const stored = input.kind === 'stock_count' ? (input.counts ?? []).reduce((n, c) => n + c.lines.length, 0) : (input.daily ?? []).length;
    const rejected = new Set(input.rejections.map((r) => r.rowNo)).size;
    const accepted = input.rowsRead - rejected - (input.rowsSkipped ?? 0);
    const batch = await trx
      .insertInto('uploadBatches')
      .values({
        retailerId: input.retailerId,
        kind: input.kind,
        source: input.source,
        fileName: input.fileName ?? null,
        contentSha256: input.contentSha256 ?? null,
        createdByUserId: input.actorUserId,
        apiTokenId: input.apiTokenId ?? null,
        createdAt: nowIso,
        rowsRead: input.rowsRead,
        rowsAccepted: accepted,
        rowsRejected: rejected,
        dayFrom: days[0] ?? null,
        dayTo: days.at(-1) ?? null,
        outcome: rejected === 0 ? 'accepted' : accepted > 0 ? 'partial' : 'rejected',
        stagedUploadId: input.stagedUploadId ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();

    const replacedDays: string[] = [];
    if (input.kind === 'stock_count') {
      for (const count of input.counts ?? []) {
        const existing = await trx.selectFrom('stockCounts').select('id').where('retailerId', '=', input.retailerId).where('countedAt', '=', count.countedAt).execute();
        const lines = [...count.lines];
        if (existing.length) {
          replacedDays.push(count.day);
          const given = new Set(count.lines.map((l) => l.specId));
          const kept = keptSpecs(input.keep, count.countedAt).filter((specId) => !given.has(specId));
          if (kept.length) {
            const earlier = await trx.selectFrom('stockCountLines').select(['specId', 'qtyPacks']).where('stockCountId', 'in', existing.map((e) => e.id)).where('specId', 'in', kept).execute();
            lines.push(...earlier);
          }
          await trx.deleteFrom('stockCountLines').where('stockCountId', 'in', existing.map((e) => e.id)).execute();
          await trx.deleteFrom('stockCounts').where('id', 'in', existing.map((e) => e.id)).execute();
        }
        const upload = await insertUpload(trx, input, batch.id, count.day, lines.length, nowIso);
        const sc = await trx.insertInto('stockCounts').values({ retailerId: input.retailerId, countedAt: count.countedAt, uploadId: upload }).returning('id').executeTakeFirstOrThrow();
        if (lines.length) {
          await bulkInsert(trx, { table: 'stockCountLines', rows: lines.map((l) => ({ stockCountId: sc.id, specId: l.specId, qtyPacks: l.qtyPacks })) });
        }
      }
    } else {
      replacedDays.push(...(await replaceDailyRows(trx, input, batch.id, days, nowIso)));
    }

    if (input.rejections.length) {
      await bulkInsert(trx, {
        table: 'uploadRejections',
        rows: input.rejections.map((r) => ({
          batchId: batch.id,
          retailerId: input.retailerId,
          rowNo: r.rowNo,
          code: r.code,
          // A refused cell is kept as the file had it, less NUL characters (PostgreSQL text cannot hold them).
          value: withoutNul(r.value).slice(0, 200),
          columnName: withoutNul(r.columnName).slice(0, 200),
          barcode: r.barcode == null ? null : withoutNul(r.barcode),
          day: r.day ?? null,
          qty: r.qty ?? null,
          resolvedAt: null,
        })),
      });
    }

    const openIssues = await refreshQualityIssues(trx, input.retailerId, now);
    // The monitoring roll-ups recompute this shop from its first uploaded day before the staff page next reads them.
    if (days[0]) await markRollupsDirty(trx, input.retailerId, days[0]);
    return { batchId: batch.id, accepted, rejected, stored, replacedDays, openIssues };
  });
}

/** The specs whose earlier figure for this day (or count instant) stays. */
function keptSpecs(keep: SpecDay[] | undefined, dayOrInstant: string): number[] {
  return (keep ?? []).filter((k) => (k.countedAt ?? k.day) === dayOrInstant).map((k) => k.specId);
}

function withoutNul(text: string): string {
  return text.replaceAll('\u0000', '');
}

async function insertUpload(trx: DB, input: IngestInput, batchId: number, day: string, rows: number, nowIso: string): Promise<number> {
  const row = await trx
    .insertInto('uploads')
    .values({ retailerId: input.retailerId, batchId, kind: input.kind, source: input.source, businessDate: day, createdByUserId: input.actorUserId, createdAt: nowIso, rowsAccepted: rows, rowsRejected: 0 })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * The earlier rows of the spec-days this upload keeps (input.keep), read before the days are replaced and
 * written back with them. Receipts booked by a delivery are not the shop's upload and are left to the delete as before.
 */
async function keptDailyRows(trx: DB, input: IngestInput, days: string[]): Promise<DailyQty[]> {
  // A spec-day that also has good lines takes their figure (the user chose to import the good rows).
  const given = new Set((input.daily ?? []).map((d) => `${d.specId}|${d.day}`));
  const keep = new Set((input.keep ?? []).map((k) => `${k.specId}|${k.day}`).filter((k) => !given.has(k)));
  if (!keep.size) return [];
  const specIds = [...new Set((input.keep ?? []).map((k) => k.specId))];
  const rows: DailyQty[] = [];
  for (const part of chunks(days, DAYS_PER_STATEMENT)) {
    for (const specPart of chunks(specIds, DAYS_PER_STATEMENT)) {
      const earlier =
        input.kind === 'sales'
          ? await trx.selectFrom('posDailySales').select(['specId', 'salesDate as day', 'qtyPacks']).where('retailerId', '=', input.retailerId).where('salesDate', 'in', part).where('specId', 'in', specPart).execute()
          : await trx.selectFrom('receipts').select(['specId', 'receivedOn as day', 'qtyPacks']).where('retailerId', '=', input.retailerId).where('receivedOn', 'in', part).where('specId', 'in', specPart).where('orderId', 'is', null).execute();
      rows.push(...earlier.filter((r) => keep.has(`${r.specId}|${r.day}`)));
    }
  }
  return rows;
}

/** Days go in chunks small enough for any database's parameter limit. */
const DAYS_PER_STATEMENT = 500;

/**
 * Sales or receipts for these days replace the shop's earlier rows for them, set-wise: one delete, one
 * lookup of the days' upload records, bulk inserts. Each day's upload record is taken over rather than
 * deleted (deleting it would make the database check millions of rows for references to it; the record's
 * history lives in upload_batches). Returns the days that had data before.
 */
async function replaceDailyRows(trx: Transaction<Database>, input: IngestInput, batchId: number, days: string[], nowIso: string): Promise<string[]> {
  const table = input.kind === 'sales' ? 'posDailySales' : 'receipts';
  const kept = await keptDailyRows(trx, input, days);
  const daily = [...(input.daily ?? []).filter((d) => d.qtyPacks > 0), ...kept];
  const rowsPerDay = new Map<string, number>(days.map((d) => [d, 0]));
  for (const d of daily) rowsPerDay.set(d.day, (rowsPerDay.get(d.day) ?? 0) + 1);

  const uploadIdByDay = new Map<string, number>();
  for (const part of chunks(days, DAYS_PER_STATEMENT)) {
    if (input.kind === 'sales') await trx.deleteFrom('posDailySales').where('retailerId', '=', input.retailerId).where('salesDate', 'in', part).execute();
    else await trx.deleteFrom('receipts').where('retailerId', '=', input.retailerId).where('receivedOn', 'in', part).execute();
    const existing = await trx
      .selectFrom('uploads')
      .select(['id', 'businessDate'])
      .where('retailerId', '=', input.retailerId)
      .where('kind', '=', input.kind)
      .where('businessDate', 'in', part)
      .orderBy('id', 'desc')
      .execute();
    for (const e of existing) uploadIdByDay.set(e.businessDate, e.id);
  }
  const replaced = days.filter((d) => uploadIdByDay.has(d));
  // A refused line with no earlier figure to keep leaves its spec-day unknown, not a recorded zero.
  await replaceUnknownSpecDays(trx, {
    retailerId: input.retailerId,
    kind: input.kind === 'sales' ? 'sales' : 'receipts',
    batchId,
    days,
    keep: input.keep ?? [],
    given: input.daily ?? [],
    kept,
    uploadedBefore: new Set(replaced),
  });
  for (const day of replaced) {
    await trx
      .updateTable('uploads')
      .set({ batchId, source: input.source, createdByUserId: input.actorUserId, createdAt: nowIso, rowsAccepted: rowsPerDay.get(day)!, rowsRejected: 0 })
      .where('id', '=', uploadIdByDay.get(day)!)
      .execute();
  }
  const fresh = days.filter((d) => !uploadIdByDay.has(d));
  for (const part of chunks(fresh, DAYS_PER_STATEMENT)) {
    const inserted = await trx
      .insertInto('uploads')
      .values(part.map((day) => ({ retailerId: input.retailerId, batchId, kind: input.kind, source: input.source, businessDate: day, createdByUserId: input.actorUserId, createdAt: nowIso, rowsAccepted: rowsPerDay.get(day)!, rowsRejected: 0 })))
      .returning(['id', 'businessDate'])
      .execute();
    for (const u of inserted) uploadIdByDay.set(u.businessDate, u.id);
  }

  const rows =
    table === 'posDailySales'
      ? daily.map((d) => ({ retailerId: input.retailerId, specId: d.specId, salesDate: d.day, qtyPacks: d.qtyPacks, uploadId: uploadIdByDay.get(d.day)! }))
      : daily.map((d) => ({ retailerId: input.retailerId, specId: d.specId, receivedOn: d.day, qtyPacks: d.qtyPacks, uploadId: uploadIdByDay.get(d.day)!, orderId: null }));
  if (rows.length) await bulkInsert(trx, { table, rows });
  return replaced;
}
