/**
 * Scheduled Excel reports (issue 17): staff schedule the 周分析 and 月对标 per language; the jobs runner (jobs.server.ts)
 * looks each minute for a schedule whose last complete period has not been queued yet — from 06:00 Asia/Shanghai on
 * the day after the period closes — and queues a 'report' job, whose body (produceReport) writes the workbook
 * (monitoring-reports' indicatorReport through export.server's writeWorkbook) and keeps it in report_files for
 * download. Staff may also produce any day, week or month now. A report is kept here and not sent: the notification
 * outbox (notifications.server.ts) reaches shops, but staff have no in-app inbox or push sign-up to receive it yet.
 */
import { enqueueJob } from '../../db/jobs';
import type { ReportKind, ReportLanguage, ScheduleKind } from '~/domain/forms/reports';
import { periodOf, type Period } from '~/domain/indicators';
import { addDays, shanghaiDayOf } from '~/domain/time';
import type { DB } from './db.server';
import { writeWorkbook } from './export.server';
import { i18next } from './i18n.server';
import { indicatorReport, reportPeriod } from './monitoring-reports.server';
import type { ScopeUser } from './scope.server';

/** The local (Asia/Shanghai) hour from which the period that closed yesterday is produced. */
export const REPORT_HOUR = 6;

export interface ReportResult {
  reportId: number;
  kind: ReportKind;
  from: string;
  to: string;
}

/** The last complete period of this kind, once it may be produced (from REPORT_HOUR on the day after it). */
export function dueReportPeriod(kind: ScheduleKind, now: Date): Period {
  const local = new Date(now.getTime() + 8 * 3_600_000);
  // Before the hour, "today" is still yesterday: the period that closed last night waits until then.
  const today = local.getUTCHours() < REPORT_HOUR ? addDays(shanghaiDayOf(now), -1) : shanghaiDayOf(now);
  return periodOf(kind, addDays(periodOf(kind, today).from, -1));
}

/**
 * Queues the report of each schedule whose last complete period has not been queued yet (once per period, even
 * when the run fails: staff can produce it again by hand). Called by the jobs runner; safe on several instances
 * (the update that marks the period queued is the claim). Returns how many were queued.
 */
export async function queueDueReports(db: DB, now = new Date()): Promise<number> {
  const schedules = await db.selectFrom('reportSchedules').selectAll().execute();
  let queued = 0;
  for (const s of schedules) {
    const period = dueReportPeriod(s.kind as ScheduleKind, now);
    if (s.lastQueuedFrom !== null && String(s.lastQueuedFrom) >= period.from) continue;
    const claimed = await db
      .updateTable('reportSchedules')
      .set({ lastQueuedFrom: period.from })
      .where('id', '=', s.id)
      .where((eb) => eb.or([eb('lastQueuedFrom', 'is', null), eb('lastQueuedFrom', '<', period.from)]))
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) continue;
    await enqueueJob(db, { kind: 'report', payload: { kind: s.kind, from: period.from, language: s.language }, requestedByUserId: s.createdByUserId, now });
    queued++;
  }
  return queued;
}

/** The job's body: the workbook of the period holding `from`, kept (replacing one already produced for it). */
export async function produceReport(db: DB, user: ScopeUser, input: { kind: ReportKind; from: string; language: ReportLanguage }, now = new Date()): Promise<ReportResult | null> {
  const t = await i18next.getFixedT(input.language, 'common');
  const r = await indicatorReport(db, user, input.kind, input.from, t, input.language, now);
  if (!r) return null;
  const content = Buffer.from(await writeWorkbook(r.sheets));
  const id = await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('reportFiles').where('kind', '=', input.kind).where('language', '=', input.language).where('periodFrom', '=', r.period.from).execute();
    const row = await trx
      .insertInto('reportFiles')
      .values({
        kind: input.kind,
        language: input.language,
        periodFrom: r.period.from,
        periodTo: r.period.to,
        fileName: r.fileName,
        content,
        sizeBytes: content.byteLength,
        requestedByUserId: user.userId || null,
        createdAt: now.toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  });
  return { reportId: id, kind: input.kind, from: r.period.from, to: r.period.to };
}

// ------------------------------------------------------------------ the page

export async function reportsPage(db: DB, user: ScopeUser, limit = 100) {
  if (user.role !== 'staff') return null;
  const [schedules, files] = await Promise.all([
    db
      .selectFrom('reportSchedules')
      .innerJoin('users', 'users.id', 'reportSchedules.createdByUserId')
      .select(['reportSchedules.id', 'reportSchedules.kind', 'reportSchedules.language', 'reportSchedules.createdAt', 'reportSchedules.lastQueuedFrom', 'users.displayName as createdBy'])
      .orderBy('reportSchedules.kind')
      .orderBy('reportSchedules.language')
      .execute(),
    db
      .selectFrom('reportFiles')
      .select(['id', 'kind', 'language', 'periodFrom', 'periodTo', 'fileName', 'sizeBytes', 'createdAt'])
      .orderBy('periodFrom', 'desc')
      .orderBy('kind')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute(),
  ]);
  return {
    schedules: schedules.map((s) => ({ ...s, kind: s.kind as ScheduleKind, lastQueuedFrom: s.lastQueuedFrom === null ? null : String(s.lastQueuedFrom) })),
    files: files.map((f) => ({ ...f, kind: f.kind as ReportKind, periodFrom: String(f.periodFrom), periodTo: String(f.periodTo) })),
  };
}

export async function addSchedule(db: DB, user: ScopeUser, kind: ScheduleKind, language: ReportLanguage, now = new Date()): Promise<{ ok: true } | { ok: false; reason: 'forbidden' | 'exists' }> {
  if (user.role !== 'staff') return { ok: false, reason: 'forbidden' };
  const r = await db
    .insertInto('reportSchedules')
    .values({ kind, language, createdByUserId: user.userId, createdAt: now.toISOString(), lastQueuedFrom: null })
    .onConflict((oc) => oc.columns(['kind', 'language']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return r ? { ok: true } : { ok: false, reason: 'exists' };
}

export async function removeSchedule(db: DB, user: ScopeUser, scheduleId: number): Promise<{ ok: true } | { ok: false; reason: 'not_found' }> {
  if (user.role !== 'staff') return { ok: false, reason: 'not_found' };
  const r = await db.deleteFrom('reportSchedules').where('id', '=', scheduleId).executeTakeFirst();
  return Number(r.numDeletedRows) === 1 ? { ok: true } : { ok: false, reason: 'not_found' };
}

/** A produced report's file, for staff. */
export async function reportFile(db: DB, user: ScopeUser, reportId: number) {
  if (user.role !== 'staff') return null;
  const row = await db.selectFrom('reportFiles').select(['fileName', 'content']).where('id', '=', reportId).executeTakeFirst();
  return row ? { fileName: row.fileName, content: new Uint8Array(row.content) } : null;
}

/** The first day of the period staff asked for (the one holding a chosen day, or the last complete one): the job's input. */
export function producePeriodFrom(kind: ReportKind, day: string | undefined, now = new Date()): string {
  return reportPeriod(kind, shanghaiDayOf(now), day).from;
}
