/**
 * Writing shop data, whichever way it came in (file, POS API, typed on the phone): one transaction records
 * the batch, replaces the shop's data for each day (sales, receipts) or count instant (stock counts) it
 * covers, keeps the rejected rows for later fixing, and re-runs the data-quality checks so today's issues
 * are there as soon as the data is.
 */
import type { DailyQty } from '~/domain/uploads/types';
import type { UploadKind, UploadSource } from '../../../db/schema';
import type { DB } from '../db.server';
import { refreshQualityIssues } from '../quality.server';

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
  rowsRead: number;
  /** Sales or receipts per spec and day. */
  daily?: DailyQty[];
  /** Every day the upload covers — a day with nothing sold is still a valid upload for that day. */
  days?: string[];
  /** Stock counts. */
  counts?: CountSnapshot[];
  rejections: Rejection[];
}

export interface IngestResult {
  batchId: number;
  accepted: number;
  rejected: number;
  /** Days (or count days) whose earlier data this upload replaced. */
  replacedDays: string[];
  openIssues: number;
}

export async function ingest(db: DB, input: IngestInput, now = new Date()): Promise<IngestResult> {
  const nowIso = now.toISOString();
  return db.transaction().execute(async (trx) => {
    const days = [...new Set([...(input.days ?? []), ...(input.daily ?? []).map((d) => d.day), ...(input.counts ?? []).map((c) => c.day)])].sort();
    const accepted = input.kind === 'stock_count' ? (input.counts ?? []).reduce((n, c) => n + c.lines.length, 0) : (input.daily ?? []).length;
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
        rowsRejected: input.rejections.length,
        dayFrom: days[0] ?? null,
        dayTo: days.at(-1) ?? null,
        outcome: input.rejections.length === 0 ? 'accepted' : accepted > 0 ? 'partial' : 'rejected',
      })
      .returning('id')
      .executeTakeFirstOrThrow();

    const replacedDays: string[] = [];
    if (input.kind === 'stock_count') {
      for (const count of input.counts ?? []) {
        const existing = await trx.selectFrom('stockCounts').select('id').where('retailerId', '=', input.retailerId).where('countedAt', '=', count.countedAt).execute();
        if (existing.length) {
          replacedDays.push(count.day);
          await trx.deleteFrom('stockCountLines').where('stockCountId', 'in', existing.map((e) => e.id)).execute();
          await trx.deleteFrom('stockCounts').where('id', 'in', existing.map((e) => e.id)).execute();
        }
        const upload = await insertUpload(trx, input, batch.id, count.day, count.lines.length, nowIso);
        const sc = await trx.insertInto('stockCounts').values({ retailerId: input.retailerId, countedAt: count.countedAt, uploadId: upload }).returning('id').executeTakeFirstOrThrow();
        if (count.lines.length) {
          await insertChunks(trx, 'stockCountLines', count.lines.map((l) => ({ stockCountId: sc.id, specId: l.specId, qtyPacks: l.qtyPacks })));
        }
      }
    } else {
      const byDay = new Map<string, DailyQty[]>();
      for (const d of input.daily ?? []) byDay.set(d.day, [...(byDay.get(d.day) ?? []), d]);
      for (const day of days) {
        const previous = await trx.selectFrom('uploads').select('id').where('retailerId', '=', input.retailerId).where('kind', '=', input.kind).where('businessDate', '=', day).execute();
        if (input.kind === 'sales') {
          await trx.deleteFrom('posDailySales').where('retailerId', '=', input.retailerId).where('salesDate', '=', day).execute();
        } else {
          await trx.deleteFrom('receipts').where('retailerId', '=', input.retailerId).where('receivedOn', '=', day).execute();
        }
        if (previous.length) {
          replacedDays.push(day);
          await trx.deleteFrom('uploads').where('id', 'in', previous.map((p) => p.id)).execute();
        }
        const rows = (byDay.get(day) ?? []).filter((d) => d.qtyPacks > 0);
        const uploadId = await insertUpload(trx, input, batch.id, day, rows.length, nowIso);
        if (!rows.length) continue;
        if (input.kind === 'sales') {
          await insertChunks(trx, 'posDailySales', rows.map((r) => ({ retailerId: input.retailerId, specId: r.specId, salesDate: day, qtyPacks: r.qtyPacks, uploadId })));
        } else {
          await insertChunks(trx, 'receipts', rows.map((r) => ({ retailerId: input.retailerId, specId: r.specId, receivedOn: day, qtyPacks: r.qtyPacks, uploadId, orderId: null })));
        }
      }
    }

    if (input.rejections.length) {
      await insertChunks(
        trx,
        'uploadRejections',
        input.rejections.map((r) => ({
          batchId: batch.id,
          retailerId: input.retailerId,
          rowNo: r.rowNo,
          columnName: r.columnName,
          code: r.code,
          value: r.value.slice(0, 200),
          barcode: r.barcode ?? null,
          day: r.day ?? null,
          qty: r.qty ?? null,
          resolvedAt: null,
        })),
      );
    }

    const openIssues = await refreshQualityIssues(trx, input.retailerId, now);
    return { batchId: batch.id, accepted, rejected: input.rejections.length, replacedDays, openIssues };
  });
}

async function insertUpload(trx: DB, input: IngestInput, batchId: number, day: string, rows: number, nowIso: string): Promise<number> {
  const row = await trx
    .insertInto('uploads')
    .values({ retailerId: input.retailerId, batchId, kind: input.kind, source: input.source, businessDate: day, createdByUserId: input.actorUserId, createdAt: nowIso, rowsAccepted: rows, rowsRejected: 0 })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Multi-row inserts in chunks that stay under SQLite's and PostgreSQL's bound-parameter limits. */
async function insertChunks<T extends 'posDailySales' | 'receipts' | 'stockCountLines' | 'uploadRejections'>(trx: DB, table: T, rows: Array<Record<string, unknown>>) {
  const columns = Object.keys(rows[0] ?? {}).length || 1;
  const size = Math.max(1, Math.floor(30_000 / columns));
  for (let i = 0; i < rows.length; i += size) await trx.insertInto(table).values(rows.slice(i, i + size) as never).execute();
}
