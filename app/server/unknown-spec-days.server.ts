/**
 * Spec-days whose figure is unknown (table unknown_spec_days). An upload replaces a shop's days; a line it refuses
 * (whose barcode and day could be read) keeps the spec's earlier figure for that day. When there is no earlier
 * figure — the day was never uploaded before, or its figure was already unknown — the spec-day would otherwise
 * have no row on a day with an upload, which reads as a recorded zero. It is recorded here instead, so the
 * suggestions read it as unknown (censored), and removed as soon as an upload of the day gives the spec's figure
 * or a later upload of the day no longer refuses it.
 */
import type { DailyQty, SpecDay } from '~/domain/uploads/types';
import { chunks } from '../../db/chunks';
import type { DB } from './db.server';

type Kind = 'sales' | 'receipts';

/** Days go in chunks small enough for any database's parameter limit. */
const PER_STATEMENT = 500;

const keyOf = (specId: number, day: string) => `${specId}|${day}`;

/**
 * After an upload replaced `days` of `kind` for a shop (inside its transaction): the spec-days it leaves unknown,
 * replacing what was recorded for those days. `keep` are the spec-days named only in refused lines, `given` the
 * good lines, `kept` the earlier figures kept for refused lines, `uploadedBefore` the days that had an upload
 * before this one (a spec-day of such a day with no row and no record was a recorded zero, and stays one).
 */
export async function replaceUnknownSpecDays(
  trx: DB,
  args: { retailerId: number; kind: Kind; batchId: number; days: readonly string[]; keep: readonly SpecDay[]; given: readonly DailyQty[]; kept: readonly DailyQty[]; uploadedBefore: ReadonlySet<string> },
): Promise<void> {
  const { retailerId, kind, days } = args;
  const covered = new Set(days);
  const known = new Set([...args.given, ...args.kept].map((d) => keyOf(d.specId, d.day)));
  const earlierUnknown = new Set<string>();
  for (const part of chunks(days, PER_STATEMENT)) {
    const rows = await trx.selectFrom('unknownSpecDays').select(['specId', 'day']).where('retailerId', '=', retailerId).where('kind', '=', kind).where('day', 'in', part).execute();
    for (const r of rows) earlierUnknown.add(keyOf(r.specId, r.day));
    if (rows.length) await trx.deleteFrom('unknownSpecDays').where('retailerId', '=', retailerId).where('kind', '=', kind).where('day', 'in', part).execute();
  }
  const unknown = new Map<string, { specId: number; day: string }>();
  for (const k of args.keep) {
    const key = keyOf(k.specId, k.day);
    if (!covered.has(k.day) || known.has(key)) continue;
    if (args.uploadedBefore.has(k.day) && !earlierUnknown.has(key)) continue;
    unknown.set(key, { specId: k.specId, day: k.day });
  }
  for (const part of chunks([...unknown.values()], PER_STATEMENT)) {
    await trx
      .insertInto('unknownSpecDays')
      .values(part.map((u) => ({ retailerId, kind, day: u.day, specId: u.specId, batchId: args.batchId })))
      .execute();
  }
}

/** A figure of the spec-day was set by hand (a data-quality fix): it is no longer unknown. */
export async function clearUnknownSpecDay(trx: DB, retailerId: number, kind: Kind, specId: number, day: string): Promise<void> {
  await trx.deleteFrom('unknownSpecDays').where('retailerId', '=', retailerId).where('kind', '=', kind).where('specId', '=', specId).where('day', '=', day).execute();
}
