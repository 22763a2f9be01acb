/**
 * One cycle's page (app/routes/staff.cycles.$cycleId.tsx), by job: what the page shows, and one function per
 * form — the plan file (multipart), a spec's supply and caps, marking a delivery round, and the cycle's steps
 * (open, close, run and publish the allocation, copy the previous plan). Each answers with conform's reply
 * (app/server/http.server.ts) and the figures the page shows; the rules themselves are in the services named.
 */
import type { Submission } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod/v4';
import { redirect } from '@remix-run/node';
import { bandsFromForm, planUploadForm, type CyclePageReplyExtra } from '~/domain/forms/cycle';
import { shanghaiDayOf } from '~/domain/time';
import { isReadErrorCode, readErrorStatus, uploadRefusalHeaders } from '~/ui/uploads/read-error-message';
import { allocationOverview, publishAllocation, runAllocation } from './allocation.server';
import { closeCycle, cycleById, deliverDay, deliverRoute, deliveryPlan, lastCutoffOf, onlineOrderWeekdays, openCycle } from './cycle-admin.server';
import { copyPlanFromPrevious, copyPlanPreview, cyclePlan, saveSpecPlan, stagePlanFile } from './cycle-plan.server';
import type { DB } from './db.server';
import { done, refused } from './http.server';
import { readFileForm } from './file-form.server';
import { queueJob } from './jobs.server';
import type { ScopeUser } from './scope.server';

export const MAX_PLAN_FILE_BYTES = 5 * 1024 * 1024;

/**
 * Everything the page shows; null for a cycle that does not exist. With `copyPreview`, also what copying the
 * previous cycle's plan would change (nothing is written until staff confirm it).
 */
export async function cyclePage(db: DB, user: ScopeUser, cycleId: number, options: { copyPreview?: boolean; now?: Date } = {}) {
  const cycle = await cycleById(db, cycleId);
  if (!cycle) return null;
  const [weekdays, plan, overview, deliveries, copy] = await Promise.all([
    onlineOrderWeekdays(db),
    cyclePlan(db, cycle.id),
    allocationOverview(db, cycle.id),
    cycle.status === 'published' || cycle.status === 'delivered' ? deliveryPlan(db, cycle.id) : Promise.resolve([]),
    options.copyPreview ? copyPlanPreview(db, user, cycle.id) : Promise.resolve(null),
  ]);
  return { cycle, lastCutoffAt: lastCutoffOf(cycle, weekdays), plan, overview, deliveries, today: shanghaiDayOf(options.now ?? new Date()), copyPreview: copy };
}

const reply = (extra: CyclePageReplyExtra) => extra;

/**
 * The plan file: read with readFileForm (at most MAX_PLAN_FILE_BYTES), its fields checked like any form's, then
 * staged for a preview (a redirect to it) or refused with the reader's reason.
 */
export async function uploadPlanFile(db: DB, user: ScopeUser, cycleId: number, request: Request) {
  // Refused before the body is read: answered like any refusal, over an empty submission.
  const tooLarge = () =>
    refused(parseWithZod(new FormData(), { schema: planUploadForm }), 'too_large', { status: 413, extra: reply({ intent: 'upload', detail: { maxBytes: MAX_PLAN_FILE_BYTES } }) });
  const read = await readFileForm(request, MAX_PLAN_FILE_BYTES);
  const upload = reply({ intent: 'upload' });
  if (!read.ok) return read.reason === 'too_large' ? tooLarge() : refused(parseWithZod(new FormData(), { schema: planUploadForm }), 'no_file', { extra: upload });
  const submission = parseWithZod(read.form, { schema: planUploadForm });
  if (submission.status !== 'success') return refused(submission, 'no_file', { extra: upload });
  const { kind, file } = submission.value;
  if (!file) return refused(submission, 'no_file', { extra: upload });
  if (file.size === 0) return refused(submission, 'empty_file', { extra: upload });
  const staged = await stagePlanFile(db, user, cycleId, kind, file.name, new Uint8Array(await file.arrayBuffer()));
  if (!staged.ok) {
    const status = staged.code === 'not_found' ? 404 : isReadErrorCode(staged.code) ? readErrorStatus(staged.code) : 422;
    return refused(submission, staged.code, { status, headers: uploadRefusalHeaders(staged.code), extra: reply({ intent: 'upload', detail: staged.detail ?? {}, fileName: file.name }) });
  }
  throw redirect(`/staff/cycles/${cycleId}/import/${staged.importId}`);
}

/** One spec's supply and grade bands; a band row that does not read, or bands that do not fit together, named. */
export async function saveSpecForm(db: DB, user: ScopeUser, cycleId: number, submission: Submission<unknown>, value: { specId: number; supplyCartons: number | null }) {
  const bands = bandsFromForm(submission.payload);
  if (!bands.ok) return refused(submission, 'bad_bands', { extra: reply({ intent: 'spec', bands: { specId: value.specId, problems: null, row: bands.row } }) });
  const r = await saveSpecPlan(db, user, cycleId, value.specId, value.supplyCartons, bands.bands);
  if (!r.ok) {
    return r.reason === 'bad_bands'
      ? refused(submission, 'bad_bands', { extra: reply({ intent: 'spec', bands: { specId: value.specId, problems: r.problems, rows: bands.rows } }) })
      : refused(submission, r.reason, { extra: reply({ intent: 'spec' }) });
  }
  throw redirect(`/staff/cycles/${cycleId}?saved=${value.specId}#plan`);
}

/** One manager's delivery round of one day marked delivered. */
export async function deliverForm(db: DB, user: ScopeUser, cycleId: number, submission: Submission<unknown>, value: { managerId: number; day: string }) {
  const r = await deliverRoute(db, user, cycleId, value.managerId, value.day);
  return r.ok
    ? done(submission, reply({ intent: 'deliver', detail: { delivered: r.delivered, cycleDelivered: r.cycleDelivered } }))
    : refused(submission, r.reason, { extra: reply({ intent: 'deliver' }) });
}

/** Every route's deliveries of one day marked delivered at once, with how many. */
export async function deliverDayForm(db: DB, user: ScopeUser, cycleId: number, submission: Submission<unknown>, value: { day: string }) {
  const r = await deliverDay(db, user, cycleId, value.day);
  return r.ok
    ? done(submission, reply({ intent: 'deliver-day', detail: { count: r.delivered, cycleDelivered: r.cycleDelivered, day: value.day } }))
    : refused(submission, r.reason, { extra: reply({ intent: 'deliver-day', detail: { day: value.day } }) });
}

/** The previous cycle's plan copied, as the preview staff confirmed showed it (its token); otherwise nothing written. */
export async function copyPlanForm(db: DB, user: ScopeUser, cycleId: number, submission: Submission<unknown>, value: { token: string }) {
  const r = await copyPlanFromPrevious(db, user, cycleId, value.token);
  if (!r.ok) return refused(submission, r.reason, { status: r.reason === 'plan_changed' ? 409 : undefined, extra: reply({ intent: 'copy' }) });
  throw redirect(`/staff/cycles/${cycleId}?copied=${encodeURIComponent(r.fromCode)}&specs=${r.specs}#plan`);
}

/** The cycle's steps: open, close, run or publish the allocation. */
export async function cycleStep(db: DB, user: ScopeUser, cycleId: number, submission: Submission<unknown>, intent: 'open' | 'close' | 'run' | 'publish') {
  const refuse = (reason: string) => refused(submission, reason, { extra: reply({ intent }) });
  const ok = (detail?: CyclePageReplyExtra['detail']) => done(submission, reply({ intent, detail }));
  switch (intent) {
    case 'open': {
      const r = await openCycle(db, user, cycleId);
      return r.ok ? ok() : refuse(r.reason);
    }
    case 'close': {
      const r = await closeCycle(db, user, cycleId);
      if (!r.ok) return refuse(r.reason);
      // The orders are in: the shops' demand is estimated now, in the background, for a run with 按需 to read.
      await queueJob(db, user, 'demand', { cycleId });
      return ok();
    }
    case 'run': {
      const r = await runAllocation(db, user, cycleId);
      if (r.ok) return ok({ orders: r.summary.inputs.orders, allocated: r.summary.outputs.allocatedCartons, failed: r.summary.outputs.failedOrderIds.length });
      // 按需 reads stored estimates: none yet, so estimating is queued (the 'demand' job) and nothing is allocated.
      // Not a bad request: answered 202 (the estimating was accepted; Remix reloads the page after a 2xx) and the
      // page says so, with a link to its progress on the allocation page.
      if (r.reason === 'demand_not_prepared') {
        await queueJob(db, user, 'demand', { cycleId });
        return refused(submission, r.reason, { status: 202, extra: reply({ intent }) });
      }
      return refuse(r.reason);
    }
    case 'publish': {
      const r = await publishAllocation(db, user, cycleId);
      return r.ok ? ok({ orders: r.orders }) : refuse(r.reason);
    }
  }
}
