import {
  data,
  redirect,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
} from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { DEFAULT_BANDS, type BandProblem } from '~/domain/allocation';
import { BAND_ROWS, bandsFromForm, cycleIdForm, deliverForm, specPlanForm } from '~/domain/forms/cycle';
import { requireRole } from '~/server/auth.server';
import { allocationOverview, publishAllocation, runAllocation } from '~/server/allocation.server';
import { closeCycle, cycleById, deliverRoute, deliveryPlan, lastCutoffOf, openCycle } from '~/server/cycle-admin.server';
import { copyPlanFromPrevious, cyclePlan, saveSpecPlan, stagePlanFile } from '~/server/cycle-plan.server';
import { formatDateTime, formatDay } from '~/ui/format';
import { useFileSizeCheck } from '~/ui/uploads/file-size-check';
import { isReadErrorCode, readErrorMessage, readErrorStatus, uploadRefusalHeaders } from '~/ui/uploads/read-error-message';
import { declaresFileOver } from '~/server/request-size.server';

const MAX_PLAN_FILE_BYTES = 5 * 1024 * 1024;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireRole(context.db, request, 'staff');
  const cycle = await cycleById(context.db, Number(params.cycleId));
  if (!cycle) throw new Response('Not Found', { status: 404 });
  const weekdays = await context.db.selectFrom('retailers').select('orderWeekday').distinct().where('active', '=', 1).where('isOnline', '=', 1).execute();
  const [plan, overview, deliveries] = await Promise.all([
    cyclePlan(context.db, cycle.id),
    allocationOverview(context.db, cycle.id),
    cycle.status === 'published' || cycle.status === 'delivered' ? deliveryPlan(context.db, cycle.id) : Promise.resolve([]),
  ]);
  return { cycle, lastCutoffAt: lastCutoffOf(cycle, weekdays.map((w) => w.orderWeekday)), plan, overview, deliveries };
}

type Result =
  | { kind: 'done'; intent: string; detail?: Record<string, string | number | boolean> }
  | { kind: 'error'; intent: string; reason: string; detail?: Record<string, string | number>; fileName?: string }
  | { kind: 'bands'; specId: number; problems: BandProblem[] | null; row?: number; rows?: number[] };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(context.db, request, 'staff');
  const cycleId = Number(params.cycleId);
  // A cycle (or spec) id that names nothing is "not found", like every other page's foreign id.
  const fail = (intent: string, reason: string, status = reason === 'not_found' ? 404 : 400, detail?: Record<string, string | number>) =>
    data<Result>({ kind: 'error', intent, reason, ...(detail ? { detail } : {}) }, { status });

  if ((request.headers.get('Content-Type') ?? '').startsWith('multipart/form-data')) {
    const tooLarge = { maxBytes: MAX_PLAN_FILE_BYTES };
    if (declaresFileOver(request, MAX_PLAN_FILE_BYTES)) return fail('upload', 'too_large', 413, tooLarge);
    let form: FormData;
    try {
      form = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: MAX_PLAN_FILE_BYTES }));
    } catch {
      return fail('upload', 'too_large', 413, tooLarge);
    }
    const file = form.get('file');
    const kind = form.get('kind') === 'supply' ? 'supply' : 'caps';
    if (!(file instanceof File) || file.size === 0) return fail('upload', file instanceof File ? 'empty_file' : 'no_file');
    const staged = await stagePlanFile(context.db, user, cycleId, kind, file.name, new Uint8Array(await file.arrayBuffer()));
    if (!staged.ok) {
      const status = staged.code === 'not_found' ? 404 : isReadErrorCode(staged.code) ? readErrorStatus(staged.code) : 422;
      return data<Result>({ kind: 'error', intent: 'upload', reason: staged.code, detail: staged.detail ?? {}, fileName: file.name }, { status, headers: uploadRefusalHeaders(staged.code) });
    }
    return redirect(`/staff/cycles/${cycleId}/import/${staged.importId}`);
  }

  const form = Object.fromEntries(await request.formData());
  if (form.intent === 'spec') {
    const parsed = specPlanForm.safeParse(form);
    if (!parsed.success) return fail('spec', 'bad_supply');
    const bands = bandsFromForm(form);
    if (!bands.ok) return data<Result>({ kind: 'bands', specId: parsed.data.specId, problems: null, row: bands.row }, { status: 400 });
    const r = await saveSpecPlan(context.db, user, cycleId, parsed.data.specId, parsed.data.supplyCartons, bands.bands);
    if (!r.ok) return r.reason === 'bad_bands' ? data<Result>({ kind: 'bands', specId: parsed.data.specId, problems: r.problems, rows: bands.rows }, { status: 400 }) : fail('spec', r.reason);
    return redirect(`/staff/cycles/${cycleId}?saved=${parsed.data.specId}#plan`);
  }
  if (form.intent === 'deliver') {
    const parsed = deliverForm.safeParse(form);
    if (!parsed.success) return fail('deliver', 'invalid');
    const r = await deliverRoute(context.db, user, cycleId, parsed.data.managerId, parsed.data.day);
    return r.ok ? data<Result>({ kind: 'done', intent: 'deliver', detail: { delivered: r.delivered, cycleDelivered: r.cycleDelivered } }) : fail('deliver', r.reason);
  }
  const parsed = cycleIdForm.safeParse(form);
  if (!parsed.success) return fail('unknown', 'invalid');
  const intent = parsed.data.intent;
  switch (intent) {
    case 'open': {
      const r = await openCycle(context.db, user, cycleId);
      return r.ok ? data<Result>({ kind: 'done', intent }) : fail(intent, r.reason);
    }
    case 'close': {
      const r = await closeCycle(context.db, user, cycleId);
      return r.ok ? data<Result>({ kind: 'done', intent }) : fail(intent, r.reason);
    }
    case 'run': {
      const r = await runAllocation(context.db, user, cycleId);
      return r.ok
        ? data<Result>({ kind: 'done', intent, detail: { orders: r.summary.inputs.orders, allocated: r.summary.outputs.allocatedCartons, failed: r.summary.outputs.failedOrderIds.length } })
        : fail(intent, r.reason);
    }
    case 'publish': {
      const r = await publishAllocation(context.db, user, cycleId);
      return r.ok ? data<Result>({ kind: 'done', intent, detail: { orders: r.orders } }) : fail(intent, r.reason);
    }
    case 'copy': {
      const r = await copyPlanFromPrevious(context.db, user, cycleId);
      return r.ok ? data<Result>({ kind: 'done', intent, detail: { code: r.fromCode, supply: r.supply, caps: r.caps } }) : fail(intent, r.reason);
    }
  }
}

const EDITABLE = ['planned', 'open', 'closed', 'allocated'];

export default function StaffCycle() {
  const { cycle, lastCutoffAt, plan, overview, deliveries } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [search] = useSearchParams();
  const { t } = useTranslation();
  const busy = useNavigation().state !== 'idle';
  const editable = EDITABLE.includes(cycle.status);
  const editId = Number(search.get('edit') ?? (result?.kind === 'bands' ? result.specId : 0));
  const editing = plan.find((s) => s.id === editId);
  const imported = search.get('imported');
  const sizeCheck = useFileSizeCheck(MAX_PLAN_FILE_BYTES);

  const statusAction = (intent: 'open' | 'close' | 'run' | 'publish', label: string) => (
    <Form method="post">
      <button type="submit" name="intent" value={intent} className="button" disabled={busy}>
        {label}
      </button>
    </Form>
  );

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
      {result?.kind === 'done' ? (
        <p className="form-ok" role="status">
          {t(`cycles.done.${result.intent as 'open'}`, result.detail ?? {})}
        </p>
      ) : null}
      {result?.kind === 'error' ? (
        <p className="form-error" role="alert">
          {result.intent === 'upload'
            ? (readErrorMessage(t, result.reason, result.detail, result.fileName) ??
              (result.reason === 'no_file' ? t('uploads.error.no_file') : t(`cycles.error.${result.reason as 'invalid'}`)))
            : t(`cycles.error.${result.reason as 'invalid'}`)}
        </p>
      ) : null}

      <section className="card">
        <dl className="facts">
          <dt>{t('cycles.week')}</dt>
          <dd>{t('cycles.weekRange', { from: cycle.startsOn, to: cycle.endsOn })}</dd>
          <dt>{t('cycles.opensLabel')}</dt>
          <dd>{formatDateTime(cycle.opensAt)}</dd>
          <dt>{t('cycles.cutoffTime')}</dt>
          <dd>{cycle.cutoffLocalTime.slice(0, 5)}</dd>
          <dt>{t('cycles.lastCutoff')}</dt>
          <dd>{formatDateTime(lastCutoffAt)}</dd>
          <dt>{t('cycles.leadDays')}</dt>
          <dd>{cycle.leadDays}</dd>
          <dt>{t('cycles.orders')}</dt>
          <dd>
            {Object.entries(overview.statusCounts)
              .map(([s, n]) => `${t(`orderStatus.${s as 'submitted'}`)} ${n}`)
              .join(' · ') || t('cycles.noOrders')}
          </dd>
        </dl>
        <div className="filter-row">
          {cycle.status === 'planned' ? statusAction('open', t('cycles.open')) : null}
          {cycle.status === 'open' ? statusAction('close', t('cycles.close')) : null}
          {cycle.status === 'closed' || cycle.status === 'allocated' ? statusAction('run', cycle.status === 'allocated' ? t('cycles.rerun') : t('cycles.run')) : null}
          {cycle.status === 'allocated' ? statusAction('publish', t('cycles.publish')) : null}
        </div>
        <p className="muted">{t(`cycles.next.${cycle.status}`)}</p>
      </section>

      {overview.runs.length ? (
        <section className="card" aria-labelledby="alloc-title">
          <h2 id="alloc-title">{t('cycles.allocation')}</h2>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('cycles.runAt')}</th>
                  <th scope="col" className="num">{t('cycles.runOrders')}</th>
                  <th scope="col" className="num">{t('cycles.requested')}</th>
                  <th scope="col" className="num">{t('cycles.allocated')}</th>
                  <th scope="col" className="num">{t('cycles.failed')}</th>
                  <th scope="col" className="num">{t('cycles.shortSpecs')}</th>
                </tr>
              </thead>
              <tbody>
                {overview.runs.map((r) => (
                  <tr key={r.id}>
                    <td>
                      {formatDateTime(r.runAt)} · {r.runBy}
                      {r.publishedAt ? <span className="badge ok"> {t('cycles.publishedRun')}</span> : null}
                    </td>
                    <td className="num">{r.ordersCount}</td>
                    <td className="num">{r.requestedCartons}</td>
                    <td className="num">{r.allocatedCartons}</td>
                    <td className="num">{r.failedOrders}</td>
                    <td className="num">{r.shortSpecs}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {overview.specOutcomes.length ? (
            <>
              <h3>{t('cycles.bySpec')}</h3>
              <div className="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t('cycles.spec')}</th>
                      <th scope="col" className="num">{t('cycles.supply')}</th>
                      <th scope="col" className="num">{t('cycles.eligible')}</th>
                      <th scope="col" className="num">{t('cycles.allocated')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {overview.specOutcomes.map((s) => (
                      <tr key={s.specId}>
                        <td>
                          {s.name} {s.short ? <span className="badge warn">{t('cycles.short')}</span> : null}
                        </td>
                        <td className="num">{s.supplyCartons}</td>
                        <td className="num">{s.eligibleCartons}</td>
                        <td className="num">{s.allocatedCartons}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          ) : null}
          {overview.failed.length ? (
            <>
              <h3>{t('cycles.failedOrders')}</h3>
              <ul className="todo">
                {overview.failed.map((f) => (
                  <li key={f.id}>
                    {f.name} ({f.licenceNo}): {f.failureReason}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {overview.problems.length ? (
            <>
              <h3>{t('cycles.problems')}</h3>
              <ul className="todo">
                {overview.problems.map((p) => (
                  <li key={p.id}>
                    {p.name} ({p.licenceNo}) · {p.allocationProblemAt ? formatDateTime(p.allocationProblemAt) : ''}: {p.allocationProblem}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </section>
      ) : null}

      {deliveries.length ? (
        <section className="card" aria-labelledby="delivery-title">
          <h2 id="delivery-title">{t('cycles.deliveryTitle')}</h2>
          <p className="muted">{t('cycles.deliveryIntro')}</p>
          <ul className="todo">
            {deliveries.map((d) => (
              <li key={`${d.managerId}:${d.day}`} className="row-between">
                <span>
                  {formatDay(d.day, t)} · {d.managerName} · {t('cycles.toDeliver', { count: d.toDeliver })} · {t('cycles.deliveredCount', { count: d.delivered })}
                </span>
                {d.toDeliver > 0 ? (
                  <Form method="post">
                    <input type="hidden" name="managerId" value={d.managerId} />
                    <input type="hidden" name="day" value={d.day} />
                    <button type="submit" name="intent" value="deliver" className="button secondary" disabled={busy}>
                      {t('cycles.markDelivered')}
                    </button>
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section className="card" id="plan" aria-labelledby="plan-title">
        <h2 id="plan-title">{t('cycles.plan')}</h2>
        <p className="muted">{editable ? t('cycles.planIntro') : t('cycles.planLocked')}</p>
        {editable ? (
          <>
            <Form method="post" encType="multipart/form-data" className="form" onSubmit={sizeCheck.onSubmit}>
              <div className="field">
                <label htmlFor="plan-kind">{t('cycles.fileKind')}</label>
                <select id="plan-kind" name="kind" className="select" defaultValue="caps">
                  <option value="caps">{t('cycles.kind.caps')}</option>
                  <option value="supply">{t('cycles.kind.supply')}</option>
                </select>
              </div>
              <div className="field">
                <label htmlFor="plan-file">{t('cycles.file')}</label>
                <input id="plan-file" name="file" type="file" accept=".xlsx,.csv,.txt" required />
                <span className="hint">
                  {t('cycles.templates')}: <a href="/staff/cycles/template?kind=caps&format=xlsx">{t('cycles.kind.caps')} Excel</a> ·{' '}
                  <a href="/staff/cycles/template?kind=caps&format=csv">{t('cycles.kind.caps')} CSV</a> ·{' '}
                  <a href="/staff/cycles/template?kind=supply&format=xlsx">{t('cycles.kind.supply')} Excel</a> ·{' '}
                  <a href="/staff/cycles/template?kind=supply&format=csv">{t('cycles.kind.supply')} CSV</a>
                </span>
              </div>
              {sizeCheck.error ? (
                <p className="form-error" role="alert">
                  {sizeCheck.error}
                </p>
              ) : null}
              <button type="submit" className="button secondary" disabled={busy}>
                {t('cycles.upload')}
              </button>
            </Form>
            <Form method="post" className="filter-row">
              <button type="submit" name="intent" value="copy" className="button secondary" disabled={busy}>
                {t('cycles.copyPrevious')}
              </button>
            </Form>
          </>
        ) : null}

        {editable && editing ? (
          <Form method="post" className="form card" id="edit" key={editing.id}>
            <h3>{t('cycles.editSpec', { name: editing.name })}</h3>
            <input type="hidden" name="specId" value={editing.id} />
            <div className="field">
              <label htmlFor="supplyCartons">{t('cycles.supplyLabel')}</label>
              <input id="supplyCartons" name="supplyCartons" inputMode="numeric" defaultValue={editing.supplyCartons ?? ''} />
              <span className="hint">{t('cycles.supplyHint')}</span>
            </div>
            <fieldset className="plain">
              <legend>{t('cycles.bands')}</legend>
              <p className="hint muted">{t('cycles.bandsHint')}</p>
              {Array.from({ length: BAND_ROWS }, (_, i) => {
                const band = editing.bands.length ? editing.bands[i] : DEFAULT_BANDS[i] ? { gradeFrom: DEFAULT_BANDS[i]![0], gradeTo: DEFAULT_BANDS[i]![1], capCartons: null } : undefined;
                return (
                  <div className="filter-row" key={i}>
                    <label className="visually-hidden" htmlFor={`from${i}`}>{t('cycles.gradeFrom', { row: i + 1 })}</label>
                    <input className="qty" id={`from${i}`} name={`from${i}`} inputMode="numeric" defaultValue={band?.gradeFrom ?? ''} placeholder={t('cycles.from')} />
                    <span>–</span>
                    <label className="visually-hidden" htmlFor={`to${i}`}>{t('cycles.gradeTo', { row: i + 1 })}</label>
                    <input className="qty" id={`to${i}`} name={`to${i}`} inputMode="numeric" defaultValue={band?.gradeTo ?? ''} placeholder={t('cycles.to')} />
                    <span>:</span>
                    <label className="visually-hidden" htmlFor={`cap${i}`}>{t('cycles.capOfRow', { row: i + 1 })}</label>
                    <input className="qty" id={`cap${i}`} name={`cap${i}`} inputMode="numeric" defaultValue={band?.capCartons ?? ''} placeholder={t('cycles.cap')} />
                  </div>
                );
              })}
            </fieldset>
            {result?.kind === 'bands' ? (
              <div className="form-error" role="alert">
                {result.problems
                  ? result.problems.map((p, i) => <p key={i}>{bandProblemText(p, result.rows ?? [], t)}</p>)
                  : t('cycles.bandRowInvalid', { row: (result.row ?? 0) + 1 })}
              </div>
            ) : null}
            <div className="filter-row">
              <button type="submit" name="intent" value="spec" className="button" disabled={busy}>
                {t('cycles.save')}
              </button>
              <Link to={`/staff/cycles/${cycle.id}#plan`}>{t('cycles.cancelEdit')}</Link>
            </div>
          </Form>
        ) : null}

        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('cycles.spec')}</th>
                <th scope="col" className="num">{t('cycles.supply')}</th>
                <th scope="col">{t('cycles.caps')}</th>
                <th scope="col" className="num">{t('cycles.requested')}</th>
              </tr>
            </thead>
            <tbody>
              {plan.map((s) => (
                <tr key={s.id}>
                  <td>
                    {editable ? <Link to={`?edit=${s.id}#edit`}>{s.name}</Link> : s.name}
                    <div className="muted">
                      {s.code}
                      {s.isScarce ? <span className="badge warn"> {t('order.scarce')}</span> : null}
                    </div>
                  </td>
                  <td className="num">{s.supplyCartons ?? t('cycles.unlimited')}</td>
                  <td>{s.bands.length ? s.bands.map((b) => `${b.gradeFrom}–${b.gradeTo}: ${b.capCartons}`).join(' · ') : t('cycles.noCap')}</td>
                  <td className="num">{s.requestedCartons}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}

/** A band problem named by the form row it is on (blank rows are skipped, so indexes differ). */
function bandProblemText(p: BandProblem, formRows: number[], t: TFunction<'common'>): string {
  const row = (formRows[p.index] ?? p.index) + 1;
  switch (p.code) {
    case 'gap':
      return t('cycles.band.gap', { row, from: p.from, to: p.to });
    case 'overlap':
      return t('cycles.band.overlap', { row, other: (formRows[p.other] ?? p.other) + 1 });
    default:
      return t(`cycles.band.${p.code}`, { row });
  }
}
