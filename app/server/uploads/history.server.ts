/**
 * A shop's upload history as the shop lived it: every day of data it has, by whatever way it came in — a file, its
 * till's POS API, typed on the phone, the history imported when it joined (seeded), a delivery booked in — read
 * from `uploads` (one row per shop, kind and business day), newest day first, a page at a time. upload_batches
 * holds only the batches of files, API calls and typed counts; seeded history has none, so a list of batches
 * told a shop with months of data that it had "no uploads".
 */
import type { UploadHistoryPage } from '~/domain/uploads/history';
import type { DB } from '../db.server';
import { retailerInScope, type ScopeUser } from '../scope.server';

export const UPLOADS_PER_PAGE = 20;

/** One page (1-based; past the last page gives the last) of the shop's uploads; null when the shop is not the user's. */
export async function listUploads(db: DB, user: ScopeUser, retailerId: number, page = 1, perPage = UPLOADS_PER_PAGE): Promise<UploadHistoryPage | null> {
  const shop = await db.selectFrom('retailers').select('id').where('id', '=', retailerId).where(retailerInScope(user, 'retailers.id')).executeTakeFirst();
  if (!shop) return null;
  const totals = await db
    .selectFrom('uploads')
    .select((eb) => [eb.fn.countAll<number>().as('total'), eb.fn.count<number>('uploads.businessDate').distinct().as('days')])
    .where('uploads.retailerId', '=', shop.id)
    .executeTakeFirstOrThrow();
  const total = Number(totals.total);
  const pages = Math.max(1, Math.ceil(total / perPage));
  const current = Math.min(Math.max(1, Math.floor(page)), pages);
  const rows = await db
    .selectFrom('uploads')
    .leftJoin('uploadBatches', 'uploadBatches.id', 'uploads.batchId')
    .leftJoin('users', 'users.id', 'uploads.createdByUserId')
    .leftJoin('apiTokens', 'apiTokens.id', 'uploadBatches.apiTokenId')
    .select([
      'uploads.id',
      'uploads.kind',
      'uploads.source',
      'uploads.businessDate',
      'uploads.createdAt',
      'uploads.rowsAccepted',
      'uploads.rowsRejected',
      'uploadBatches.fileName',
      'users.displayName as byUser',
      'apiTokens.name as byToken',
    ])
    .where('uploads.retailerId', '=', shop.id)
    .orderBy('uploads.businessDate', 'desc')
    .orderBy('uploads.createdAt', 'desc')
    .orderBy('uploads.id', 'desc')
    .limit(perPage)
    .offset((current - 1) * perPage)
    .execute();
  return {
    items: rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      source: r.source,
      businessDate: String(r.businessDate),
      createdAt: new Date(r.createdAt).toISOString(),
      // An API call authenticates with its key alone: the key's name says which till sent it.
      byUser: r.source === 'api' ? null : r.byUser,
      byToken: r.byToken,
      fileName: r.fileName,
      figures: r.rowsAccepted,
      rowsRejected: r.rowsRejected,
    })),
    total,
    days: Number(totals.days),
    page: current,
    pages,
    perPage,
  };
}
