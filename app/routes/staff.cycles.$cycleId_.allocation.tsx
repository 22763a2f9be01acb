/**
 * One cycle's allocation methods and demand (staff, issue 18): per short spec the method (按档位 / 按需 / blend),
 * who got what by grade band, station and business type with the estimated demand beside it, and 需求满足率 and
 * coverage. What each form does is in app/server/allocation-page.server.ts; the cards in app/ui/allocation/.
 */
import { parseWithZod } from '@conform-to/zod/v4';
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { allocationPageForm } from '~/domain/forms/allocation';
import { isJobActive } from '~/domain/jobs';
import { allocationPage, methodForm, prepareForm, runForm, type AllocationPageExtra } from '~/server/allocation-page.server';
import { requireRole } from '~/server/auth.server';
import { getParams, idParam, invalid, invariantResponse } from '~/server/http.server';
import { ProblemList, SpecAllocation } from '~/ui/allocation/spec-allocation';
import { formatDateTime } from '~/ui/format';
import { replyDone, replyError } from '~/ui/form-reply';
import { JobStatus, useJobPolling } from '~/ui/job-status';

const Params = z.object({ cycleId: idParam });
const RUNNABLE = ['closed', 'allocated'];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireRole(context.db, request, 'staff');
  const { cycleId } = getParams(params, Params);
  const page = await allocationPage(context.db, user, cycleId);
  invariantResponse(page, 'Not Found');
  return page;
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(context.db, request, 'staff');
  const { cycleId } = getParams(params, Params);
  const submission = parseWithZod(await request.formData(), { schema: allocationPageForm });
  if (submission.status !== 'success') return invalid(submission);
  const form = submission.value;
  switch (form.intent) {
    case 'prepare':
      return prepareForm(context.db, user, cycleId, submission);
    case 'method':
      return methodForm(context.db, user, cycleId, submission, form);
    case 'run':
      return runForm(context.db, user, cycleId, submission);
  }
}

export default function CycleAllocation() {
  const page = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as (AllocationPageExtra & Parameters<typeof replyError>[0]) | undefined;
  const { t } = useTranslation();
  const busy = useNavigation().state !== 'idle';
  const error = replyError(reply);
  const intent = reply?.intent;
  const runnable = RUNNABLE.includes(page.cycle.status);
  // Estimating demand runs as a job (queued when the cycle closed, or by the button): its progress, then its result.
  const estimating = isJobActive(page.demandJob);
  useJobPolling(estimating);
  return (
    <>
      <p className="no-print">
        <Link to={`/staff/cycles/${page.cycle.id}`}>← {t('allocation.back')}</Link>
      </p>
      <h1>{t('allocation.title', { code: page.cycle.code })}</h1>
      <p className="muted">{t('allocation.intro')}</p>
      {replyDone(reply) && intent ? (
        <p className="form-ok" role="status">
          {intent === 'method' ? t('allocation.done.method') : t(`allocation.done.${intent}`, { count: reply?.detail?.count ?? 0, shops: reply?.detail?.shops ?? 0, orders: reply?.detail?.orders ?? 0 })}
        </p>
      ) : null}
      {error === 'demand_not_prepared' ? (
        // Not a failure: the estimating was queued (202) and its progress shows below.
        <p className="form-info" role="status">
          {t('allocation.error.demand_not_prepared')}
        </p>
      ) : error && (intent !== 'method' || !reply?.problems) ? (
        <div className="form-error" role="alert">
          <p>{t(`allocation.error.${error as 'invalid'}`)}</p>
          {reply?.problems ? <ProblemList items={reply.problems.items} /> : null}
        </div>
      ) : null}
      <section className="card" aria-labelledby="demand-title">
        <h2 id="demand-title">{t('allocation.figures.demand')}</h2>
        <p>{page.preparedAt ? t('allocation.prepared', { at: formatDateTime(page.preparedAt) }) : t('allocation.notPrepared')}</p>
        <JobStatus id="demand-job" job={page.demandJob} result={(job) => t('allocation.done.prepare', { count: job.result.estimates, shops: job.result.shops })} />
        <div className="actions">
          {runnable ? (
            <Form method="post">
              <button type="submit" name="intent" value="prepare" className="secondary" disabled={busy || estimating}>
                {busy ? t('allocation.busy') : t('allocation.prepare')}
              </button>
            </Form>
          ) : null}
          {runnable ? (
            <Form method="post">
              <button type="submit" name="intent" value="run" disabled={busy || estimating}>
                {t('allocation.run')}
              </button>
            </Form>
          ) : null}
          <a className="button secondary" href={`/resources/allocation-export?cycleId=${page.cycle.id}`} download>
            {t('allocation.export')}
          </a>
        </div>
        <p className="muted">{t('allocation.definitions')}</p>
      </section>
      {page.specs.length === 0 ? <p>{t('allocation.noSpecs')}</p> : null}
      {page.specs.map((s) => (
        <SpecAllocation
          key={s.specId}
          spec={s}
          editable={page.cycle.status !== 'published' && page.cycle.status !== 'delivered'}
          busy={busy}
          problems={intent === 'method' && reply?.problems?.specId === s.specId ? reply.problems.items : null}
        />
      ))}
    </>
  );
}
