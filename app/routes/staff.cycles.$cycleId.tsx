/**
 * One cycle's page for staff: its summary and next step, the allocation runs, the delivery rounds and the plan
 * (supply and caps). The jobs live apart: what each form does in app/server/cycle-page.server.ts, each card in
 * app/ui/cycles/. This file only parses (params, then the form by its `intent`) and hands over.
 */
import { parseWithZod } from '@conform-to/zod/v4';
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { cyclePageForm, cyclePageSearch } from '~/domain/forms/cycle';
import { requireRole } from '~/server/auth.server';
import { copyPlanForm, cyclePage, cycleStep, deliverDayForm, deliverForm, MAX_PLAN_FILE_BYTES, saveSpecForm, uploadPlanFile } from '~/server/cycle-page.server';
import { getParams, getSearch, invalid, invariantResponse, refused } from '~/server/http.server';
import { AllocationRuns } from '~/ui/cycles/allocation-runs';
import { CycleSummary } from '~/ui/cycles/cycle-summary';
import { DeliveryRounds } from '~/ui/cycles/delivery-rounds';
import { PlanSection } from '~/ui/cycles/plan-section';
import { replyDone, replyError } from '~/ui/form-reply';
import { readErrorMessage } from '~/ui/uploads/read-error-message';

const CycleParams = z.object({ cycleId: z.coerce.number().int().positive() });

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireRole(context.db, request, 'staff');
  const { cycleId } = getParams(params, CycleParams);
  const search = getSearch(request, cyclePageSearch);
  const page = await cyclePage(context.db, user, cycleId, { copyPreview: search.copy === 'preview' });
  invariantResponse(page, 'Not Found');
  return { ...page, maxPlanFileBytes: MAX_PLAN_FILE_BYTES };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(context.db, request, 'staff');
  const { cycleId } = getParams(params, CycleParams);
  // The plan file streams in as multipart; every other form is a plain one told apart by its intent.
  if ((request.headers.get('Content-Type') ?? '').startsWith('multipart/form-data')) return uploadPlanFile(context.db, user, cycleId, request);
  const submission = parseWithZod(await request.formData(), { schema: cyclePageForm });
  if (submission.status !== 'success') {
    // A spec form that does not read is about its supply figure (the band rows are read on their own, by row).
    return submission.payload.intent === 'spec' ? refused(submission, 'bad_supply', { extra: { intent: 'spec' as const } }) : invalid(submission);
  }
  const form = submission.value;
  switch (form.intent) {
    case 'spec':
      return saveSpecForm(context.db, user, cycleId, submission, form);
    case 'deliver':
      return deliverForm(context.db, user, cycleId, submission, form);
    case 'deliver-day':
      return deliverDayForm(context.db, user, cycleId, submission, form);
    case 'copy':
      return copyPlanForm(context.db, user, cycleId, submission, form);
    default:
      return cycleStep(context.db, user, cycleId, submission, form.intent);
  }
}

const EDITABLE = ['planned', 'open', 'closed', 'allocated'];

export default function StaffCycle() {
  const { cycle, lastCutoffAt, plan, overview, deliveries, today, copyPreview, maxPlanFileBytes } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const [search] = useSearchParams();
  const { t } = useTranslation();
  const busy = useNavigation().state !== 'idle';
  const editable = EDITABLE.includes(cycle.status);
  const bandsRefused = reply && 'bands' in reply && reply.bands ? reply.bands : null;
  const editId = Number(search.get('edit') ?? bandsRefused?.specId ?? 0);
  const editing = plan.find((s) => s.id === editId);
  const imported = search.get('imported');
  const error = replyError(reply);
  const intent = reply && 'intent' in reply ? reply.intent : undefined;
  const detail = reply && 'detail' in reply ? reply.detail : undefined;
  const fileName = reply && 'fileName' in reply ? reply.fileName : undefined;

  return (
    <>
      <p className="no-print">
        <Link to="/staff/cycles">← {t('cycles.back')}</Link>
      </p>
      <div className="row-between">
        <h1>{t('cycles.cycleTitle', { code: cycle.code })}</h1>
        <span className={`badge cycle-${cycle.status}`}>{t(`cycles.status.${cycle.status}`)}</span>
      </div>
      {search.get('created') ? <p className="form-ok">{t('cycles.created', { code: cycle.code })}</p> : null}
      {imported ? <p className="form-ok">{t('cycles.imported', { count: Number(imported) })}</p> : null}
      {search.get('copied') ? (
        <p className="form-ok" role="status">
          {t('cycles.done.copy', { code: search.get('copied'), count: Number(search.get('specs') ?? 0) })}
        </p>
      ) : null}
      {replyDone(reply) && intent ? (
        <p className="form-ok" role="status">
          {t(`cycles.done.${intent as 'open'}`, detail ?? {})}
        </p>
      ) : null}
      {error === 'demand_not_prepared' ? (
        <p className="form-info" role="status">
          {t('cycles.error.demand_not_prepared')} <Link to={`/staff/cycles/${cycle.id}/allocation`}>{t('cycles.demandProgress')}</Link>
        </p>
      ) : error && !bandsRefused ? (
        <p className="form-error" role="alert">
          {intent === 'upload'
            ? (readErrorMessage(t, error, detail as Record<string, string | number> | undefined, fileName) ??
              (error === 'no_file' ? t('uploads.error.no_file') : t(`cycles.error.${error as 'invalid'}`)))
            : t(`cycles.error.${error as 'invalid'}`, detail ?? {})}
        </p>
      ) : null}

      <CycleSummary cycle={cycle} lastCutoffAt={lastCutoffAt} statusCounts={overview.statusCounts as Record<string, number>} busy={busy} />
      <AllocationRuns cycleId={cycle.id} overview={overview} />
      <DeliveryRounds deliveries={deliveries} today={today} busy={busy} />
      <PlanSection
        cycleId={cycle.id}
        plan={plan}
        editable={editable}
        editing={editing}
        bandsRefused={bandsRefused}
        copyPreview={copyPreview}
        maxFileBytes={maxPlanFileBytes}
        busy={busy}
      />
    </>
  );
}
