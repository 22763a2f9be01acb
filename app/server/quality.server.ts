/**
 * Data-quality issues (扫码错误必改正、库存误差必修改): found by the pure checks in app/domain/quality over a
 * shop's recent history, kept one row per finding, shown to the shop and its manager, and fixed in one step.
 * A fix changes the data itself (the suggestion rule reads the corrected numbers) and is logged.
 */
import { checkShop, qualityIssueKey } from '~/domain/quality';
import type { QualityIssue, ShopHistory } from '~/domain/quality/types';
import type { QualityIssueView } from '~/domain/quality/issue-view';
import type { QualityFixInput } from '~/domain/forms/quality';
import { HISTORY_DAYS } from '~/domain/replenishment';
import { addDays, shanghaiDayOf, shanghaiToInstant } from '~/domain/time';
import type { Insertable } from 'kysely';
import type { QualityIssueTable } from '../../db/schema';
import type { DB } from './db.server';
import { retailerInScope, type ScopeUser } from './scope.server';
import { markRollupsDirty } from './rollups.server';
import { clearUnknownSpecDay } from './unknown-spec-days.server';

/**
 * The checks read as far back as the suggestion rule does (HISTORY_DAYS, from app/domain/replenishment, so both
 * judge the same days), and report from REPORT_DAYS back.
 */
const REPORT_DAYS = 28;
/** Kinds that come from the upload itself rather than from re-reading the history. */
const RECORDED_KINDS = new Set(['unknown_barcode', 'delivery_mismatch']);
/** Issue keys per look-up and rows per insert (well under either dialect's limit on bound parameters). */
const KEYS_PER_QUERY = 500;
const ROWS_PER_INSERT = 200;

export async function loadShopHistory(db: DB, retailerId: number, fromDay: string): Promise<ShopHistory> {
  const [sales, receipts, countLines] = await Promise.all([
    db.selectFrom('posDailySales').select(['specId', 'salesDate as day', 'qtyPacks']).where('retailerId', '=', retailerId).where('salesDate', '>=', fromDay).execute(),
    db.selectFrom('receipts').select(['specId', 'receivedOn as day', 'qtyPacks']).where('retailerId', '=', retailerId).where('receivedOn', '>=', fromDay).execute(),
    db
      .selectFrom('stockCounts')
      .innerJoin('stockCountLines', 'stockCountLines.stockCountId', 'stockCounts.id')
      .select(['stockCounts.id', 'stockCounts.countedAt', 'stockCountLines.specId', 'stockCountLines.qtyPacks'])
      .where('stockCounts.retailerId', '=', retailerId)
      .where('stockCounts.countedAt', '>=', shanghaiToInstant(fromDay))
      .orderBy('stockCounts.countedAt')
      .execute(),
  ]);
  const counts = new Map<number, ShopHistory['counts'][number]>();
  for (const l of countLines) {
    const c = counts.get(l.id) ?? { countedAt: l.countedAt, day: shanghaiDayOf(l.countedAt), lines: [] };
    c.lines.push({ specId: l.specId, qtyPacks: l.qtyPacks });
    counts.set(l.id, c);
  }
  return { sales, receipts, counts: [...counts.values()].sort((a, b) => a.countedAt.localeCompare(b.countedAt)) };
}

/**
 * Re-runs the checks for one shop and brings its issues up to date: new findings open, changed numbers are
 * updated, and open findings the data no longer shows are closed as fixed. Returns the open issue count.
 */
export async function refreshQualityIssues(db: DB, retailerId: number, now = new Date()): Promise<number> {
  const today = shanghaiDayOf(now);
  const fromDay = addDays(today, -REPORT_DAYS);
  const history = await loadShopHistory(db, retailerId, addDays(today, -HISTORY_DAYS));
  const found = checkShop(history, { fromDay });
  const unknown = await db
    .selectFrom('uploadRejections')
    .select(['barcode', 'day', 'qty'])
    .where('retailerId', '=', retailerId)
    .where('code', '=', 'unknown_barcode')
    .where('resolvedAt', 'is', null)
    .where('barcode', 'is not', null)
    .execute();
  const unknownByBarcode = new Map<string, { day: string; qty: number; rows: number }>();
  for (const u of unknown) {
    const e = unknownByBarcode.get(u.barcode!) ?? { day: u.day ?? today, qty: 0, rows: 0 };
    e.day = u.day && u.day < e.day ? u.day : e.day;
    e.qty += u.qty ?? 0;
    e.rows += 1;
    unknownByBarcode.set(u.barcode!, e);
  }
  const all: Array<QualityIssue & { key: string }> = [
    ...found.map((i) => ({ ...i, key: qualityIssueKey(i) })),
    ...[...unknownByBarcode].map(([barcode, e]) => ({
      kind: 'unknown_barcode' as const,
      specId: null,
      day: e.day,
      detail: { barcode, qty: e.qty, rows: e.rows },
      // One issue per unknown code, whatever days it turns up on.
      key: `unknown_barcode::${barcode}`,
    })),
  ];
  const nowIso = now.toISOString();
  // Only what is new or changed is written. A day sent again (a till resending it, the POS API replacing it) finds
  // the same issues, and writing every one of them again, one statement each, was most of such a call's time
  // (a few hundred upserts for a 300-line day).
  const byKey = new Map(all.map((i) => [i.key, i])); // one row per key; a later finding of a key wins, as before
  const open = await db.selectFrom('qualityIssues').select(['id', 'issueKey', 'kind', 'day', 'detailJson']).where('retailerId', '=', retailerId).where('status', '=', 'open').execute();
  const stored = new Map<string, { id: number; day: string; detailJson: string }>(open.map((o) => [o.issueKey, o]));
  // Issues found again that were closed before keep their status (only their numbers follow the data).
  const notOpen = [...byKey.keys()].filter((key) => !stored.has(key));
  for (let i = 0; i < notOpen.length; i += KEYS_PER_QUERY) {
    const closed = await db
      .selectFrom('qualityIssues')
      .select(['id', 'issueKey', 'day', 'detailJson'])
      .where('retailerId', '=', retailerId)
      .where('issueKey', 'in', notOpen.slice(i, i + KEYS_PER_QUERY))
      .execute();
    for (const c of closed) stored.set(c.issueKey, c);
  }
  const fresh: Array<Insertable<QualityIssueTable>> = [];
  for (const issue of byKey.values()) {
    const detailJson = JSON.stringify(issue.detail);
    const existing = stored.get(issue.key);
    if (!existing) {
      fresh.push({ retailerId, issueKey: issue.key, kind: issue.kind, specId: issue.specId, day: issue.day, detailJson, status: 'open', foundAt: nowIso, resolvedAt: null, resolvedByUserId: null, resolutionNote: null });
    } else if (existing.detailJson !== detailJson || existing.day !== issue.day) {
      await db.updateTable('qualityIssues').set({ detailJson, day: issue.day }).where('id', '=', existing.id).execute();
    }
  }
  for (let i = 0; i < fresh.length; i += ROWS_PER_INSERT) {
    await db
      .insertInto('qualityIssues')
      .values(fresh.slice(i, i + ROWS_PER_INSERT))
      // A concurrent writer of the same shop may have just stored the same finding (PostgreSQL): keep one row.
      .onConflict((oc) => oc.columns(['retailerId', 'issueKey']).doUpdateSet((eb) => ({ detailJson: eb.ref('excluded.detailJson'), day: eb.ref('excluded.day') })))
      .execute();
  }
  // What the corrected data no longer shows is fixed (by whoever corrected it: the fix log says who).
  const gone = open.filter((i) => !byKey.has(i.issueKey) && (i.kind === 'unknown_barcode' || (!RECORDED_KINDS.has(i.kind) && i.day >= fromDay)));
  if (gone.length) {
    await db
      .updateTable('qualityIssues')
      .set({ status: 'fixed', resolvedAt: nowIso, resolutionNote: 'data corrected' })
      .where('id', 'in', gone.map((g) => g.id))
      .execute();
  }
  return open.length - gone.length + fresh.length;
}

export async function listQualityIssues(db: DB, user: ScopeUser, retailerId: number, status: 'open' | 'all' = 'open'): Promise<QualityIssueView[]> {
  let q = db
    .selectFrom('qualityIssues')
    .leftJoin('specs', 'specs.id', 'qualityIssues.specId')
    .select(['qualityIssues.id', 'qualityIssues.kind', 'qualityIssues.specId', 'qualityIssues.day', 'qualityIssues.detailJson', 'qualityIssues.status', 'qualityIssues.foundAt', 'qualityIssues.resolutionNote', 'specs.name as specName', 'specs.packsPerCarton'])
    .where('qualityIssues.retailerId', '=', retailerId)
    .where(retailerInScope(user, 'qualityIssues.retailerId'))
    .orderBy('qualityIssues.day', 'desc')
    .orderBy('qualityIssues.id', 'desc')
    .limit(200);
  if (status === 'open') q = q.where('qualityIssues.status', '=', 'open');
  const rows = await q.execute();
  return rows.map(({ detailJson, ...r }) => ({ ...r, detail: JSON.parse(detailJson) as Record<string, number | string | null> }));
}

export type QualityFix =
  | { action: 'correct_sales'; qtyPacks: number }
  | { action: 'recount'; qtyPacks: number }
  | { action: 'map_barcode'; specId: number; unit: 'pack' | 'carton' }
  | { action: 'explain'; note: string };

/** The fix a form asks for (app/domain/forms/quality.ts): the form's intent is the fix's action. */
export function fixOf(input: QualityFixInput): QualityFix {
  const { intent, issueId: _issueId, ...values } = input;
  return { action: intent, ...values } as QualityFix;
}

export type FixResult = { ok: true } | { ok: false; reason: 'not_found' | 'not_applicable' | 'invalid' };

/** Applies one fix to one issue of a shop in the user's scope, logs it and re-runs the checks. */
export async function fixQualityIssue(db: DB, user: ScopeUser, issueId: number, fix: QualityFix, now = new Date()): Promise<FixResult> {
  return db.transaction().execute(async (trx) => {
    const issue = await trx
      .selectFrom('qualityIssues')
      .selectAll()
      .where('id', '=', issueId)
      .where(retailerInScope(user, 'qualityIssues.retailerId'))
      .executeTakeFirst();
    if (!issue) return { ok: false, reason: 'not_found' };
    if (issue.status !== 'open') return { ok: false, reason: 'not_applicable' };
    const nowIso = now.toISOString();
    const detail = JSON.parse(issue.detailJson) as Record<string, number | string | null>;
    let before: unknown = null;
    let after: unknown = null;

    if (fix.action === 'correct_sales') {
      if (issue.specId === null || !['looks_times_ten', 'outlier_day', 'negative_stock', 'sales_never_received'].includes(issue.kind)) return { ok: false, reason: 'not_applicable' };
      if (!Number.isInteger(fix.qtyPacks) || fix.qtyPacks < 0 || fix.qtyPacks > 100_000) return { ok: false, reason: 'invalid' };
      if (detail.flow === 'receipts') {
        // A receipt typed ×10: correct what arrived, not what was sold.
        const row = await trx.selectFrom('receipts').select(['qtyPacks', 'uploadId', 'orderId']).where('retailerId', '=', issue.retailerId).where('specId', '=', issue.specId).where('receivedOn', '=', issue.day).executeTakeFirst();
        if (!row) return { ok: false, reason: 'not_applicable' };
        before = { qtyPacks: row.qtyPacks, flow: 'receipts' };
        await trx.updateTable('receipts').set({ qtyPacks: fix.qtyPacks }).where('retailerId', '=', issue.retailerId).where('specId', '=', issue.specId).where('receivedOn', '=', issue.day).execute();
      } else {
        const row = await trx.selectFrom('posDailySales').select('qtyPacks').where('retailerId', '=', issue.retailerId).where('specId', '=', issue.specId).where('salesDate', '=', issue.day).executeTakeFirst();
        before = { qtyPacks: row?.qtyPacks ?? 0 };
        await trx.deleteFrom('posDailySales').where('retailerId', '=', issue.retailerId).where('specId', '=', issue.specId).where('salesDate', '=', issue.day).execute();
        await clearUnknownSpecDay(trx, issue.retailerId, 'sales', issue.specId, issue.day);
        if (fix.qtyPacks > 0) {
          await trx.insertInto('posDailySales').values({ retailerId: issue.retailerId, specId: issue.specId, salesDate: issue.day, qtyPacks: fix.qtyPacks, uploadId: null }).execute();
        }
      }
      after = { qtyPacks: fix.qtyPacks };
      await markRollupsDirty(trx, issue.retailerId, issue.day);
    } else if (fix.action === 'recount') {
      if (issue.specId === null || issue.kind !== 'stock_discrepancy') return { ok: false, reason: 'not_applicable' };
      if (!Number.isInteger(fix.qtyPacks) || fix.qtyPacks < 0 || fix.qtyPacks > 100_000) return { ok: false, reason: 'invalid' };
      const count = await trx
        .selectFrom('stockCounts')
        .innerJoin('stockCountLines', 'stockCountLines.stockCountId', 'stockCounts.id')
        .select(['stockCounts.id', 'stockCountLines.qtyPacks'])
        .where('stockCounts.retailerId', '=', issue.retailerId)
        .where('stockCountLines.specId', '=', issue.specId)
        .where('stockCounts.countedAt', '>=', shanghaiToInstant(issue.day))
        .where('stockCounts.countedAt', '<', shanghaiToInstant(addDays(issue.day, 1)))
        .orderBy('stockCounts.countedAt', 'desc')
        .executeTakeFirst();
      if (!count) return { ok: false, reason: 'not_applicable' };
      before = { qtyPacks: count.qtyPacks };
      await trx.updateTable('stockCountLines').set({ qtyPacks: fix.qtyPacks }).where('stockCountId', '=', count.id).where('specId', '=', issue.specId).execute();
      after = { qtyPacks: fix.qtyPacks };
      await markRollupsDirty(trx, issue.retailerId, issue.day);
    } else if (fix.action === 'map_barcode') {
      const barcode = typeof detail.barcode === 'string' ? detail.barcode : null;
      if (issue.kind !== 'unknown_barcode' || !barcode) return { ok: false, reason: 'not_applicable' };
      const spec = await trx.selectFrom('specs').select(['id', 'packsPerCarton']).where('id', '=', fix.specId).executeTakeFirst();
      if (!spec) return { ok: false, reason: 'invalid' };
      const packsPerUnit = fix.unit === 'carton' ? spec.packsPerCarton : 1;
      await trx
        .insertInto('barcodeAliases')
        .values({ retailerId: issue.retailerId, barcode, specId: spec.id, qtyPacksPerUnit: packsPerUnit, createdByUserId: user.userId, createdAt: nowIso })
        .onConflict((oc) => oc.columns(['retailerId', 'barcode']).doUpdateSet({ specId: spec.id, qtyPacksPerUnit: packsPerUnit }))
        .execute();
      // The rows rejected for this barcode now count as sales of the mapped spec on their days.
      const rows = await trx
        .selectFrom('uploadRejections')
        .innerJoin('uploadBatches', 'uploadBatches.id', 'uploadRejections.batchId')
        .select(['uploadRejections.id', 'uploadRejections.day', 'uploadRejections.qty', 'uploadBatches.kind'])
        .where('uploadRejections.retailerId', '=', issue.retailerId)
        .where('uploadRejections.barcode', '=', barcode)
        .where('uploadRejections.code', '=', 'unknown_barcode')
        .where('uploadRejections.resolvedAt', 'is', null)
        .execute();
      let packs = 0;
      let firstDay: string | null = null;
      for (const r of rows) {
        if (!r.day || !r.qty || r.kind !== 'sales') continue;
        if (firstDay === null || r.day < firstDay) firstDay = r.day;
        const qtyPacks = r.qty * packsPerUnit;
        packs += qtyPacks;
        const existing = await trx.selectFrom('posDailySales').select('qtyPacks').where('retailerId', '=', issue.retailerId).where('specId', '=', spec.id).where('salesDate', '=', r.day).executeTakeFirst();
        if (existing) {
          await trx.updateTable('posDailySales').set({ qtyPacks: existing.qtyPacks + qtyPacks }).where('retailerId', '=', issue.retailerId).where('specId', '=', spec.id).where('salesDate', '=', r.day).execute();
        } else {
          await trx.insertInto('posDailySales').values({ retailerId: issue.retailerId, specId: spec.id, salesDate: r.day, qtyPacks, uploadId: null }).execute();
        }
      }
      if (rows.length) await trx.updateTable('uploadRejections').set({ resolvedAt: nowIso }).where('id', 'in', rows.map((r) => r.id)).execute();
      // The sales re-imported under the mapped spec change the shop's figures from their first day.
      if (firstDay) await markRollupsDirty(trx, issue.retailerId, firstDay);
      before = { barcode };
      after = { specId: spec.id, packsPerUnit, rowsImported: rows.length, packs };
      await trx.updateTable('qualityIssues').set({ status: 'fixed', resolvedAt: nowIso, resolvedByUserId: user.userId, resolutionNote: null }).where('id', '=', issue.id).execute();
    } else {
      const note = fix.note.trim();
      if (!note || note.length > 500) return { ok: false, reason: 'invalid' };
      await trx.updateTable('qualityIssues').set({ status: 'explained', resolvedAt: nowIso, resolvedByUserId: user.userId, resolutionNote: note }).where('id', '=', issue.id).execute();
    }

    await trx
      .insertInto('qualityFixLog')
      .values({ issueId: issue.id, at: nowIso, userId: user.userId, action: fix.action, beforeJson: before === null ? null : JSON.stringify(before), afterJson: after === null ? JSON.stringify(fix) : JSON.stringify(after), note: fix.action === 'explain' ? fix.note.trim() : null })
      .execute();
    await refreshQualityIssues(trx, issue.retailerId, now);
    // A corrected number the checks still dislike stays open; a fix the checks accept closes the issue.
    if (fix.action === 'correct_sales' || fix.action === 'recount') {
      const after2 = await trx.selectFrom('qualityIssues').select('status').where('id', '=', issue.id).executeTakeFirstOrThrow();
      if (after2.status === 'fixed') await trx.updateTable('qualityIssues').set({ resolvedByUserId: user.userId }).where('id', '=', issue.id).execute();
    }
    return { ok: true };
  });
}

/** The specs a correction may name (every spec not discontinued), by brand and name. */
export async function specChoices(db: DB) {
  return db.selectFrom('specs').select(['id', 'name']).where('isDiscontinued', '=', 0).orderBy('brand').orderBy('name').execute();
}

/** How many of the shop's data-quality issues are still open. */
/** A shop's open issues from a day on, oldest first, at most 100 (what a POS API call answers with). */
export async function recentOpenIssues(db: DB, retailerId: number, fromDay: string) {
  return db
    .selectFrom('qualityIssues')
    .select(['kind', 'specId', 'day', 'detailJson'])
    .where('retailerId', '=', retailerId)
    .where('status', '=', 'open')
    .where('day', '>=', fromDay)
    .orderBy('day')
    .limit(100)
    .execute();
}

export async function openIssueCount(db: DB, retailerId: number): Promise<number> {
  const row = await db.selectFrom('qualityIssues').select((eb) => eb.fn.countAll<number>().as('n')).where('retailerId', '=', retailerId).where('status', '=', 'open').executeTakeFirstOrThrow();
  return Number(row.n);
}
