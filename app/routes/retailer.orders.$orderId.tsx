import { parseWithZod } from '@conform-to/zod/v4';
import { type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { orderPageForm } from '~/domain/forms/cycle';
import { allocationCheck, confirmAllocation, reportAllocationProblem } from '~/server/allocation.server';
import { requireRole } from '~/server/auth.server';
import { confirmDelivery } from '~/server/deliveries.server';
import { done, getParams, idParam, invalid, invariantResponse, refused } from '~/server/http.server';
import { orderDetail } from '~/server/orders.server';
import { AllocationCheck } from '~/ui/allocation-check';
import { AskButton } from '~/ui/ask-question';
import { DeliveryCheck } from '~/ui/delivery-check';
import { DeliveryReport } from '~/ui/delivery-report';
import { formatDateTime, formatMoney } from '~/ui/format';
import { replyDone, replyError, replyIntent } from '~/ui/form-reply';

const Params = z.object({ orderId: idParam });

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireRole(context.db, request, 'retailer');
  const { orderId } = getParams(params, Params);
  // The scope check is in the query: another shop's order id finds nothing, exactly like a missing one.
  const order = await orderDetail(context.db, user, orderId);
  invariantResponse(order, 'Not Found');
  return { ...order, check: await allocationCheck(context.db, user, orderId) };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(context.db, request, 'retailer');
  const { orderId } = getParams(params, Params);
  const submission = parseWithZod(await request.formData(), { schema: orderPageForm });
  if (submission.status !== 'success') return invalid(submission);
  const form = submission.value;
  // The shop's check of its published allocation (app/server/allocation.server.ts), or of what was delivered.
  const r =
    form.intent === 'allocation-confirm'
      ? await confirmAllocation(context.db, user, orderId)
      : form.intent === 'allocation-problem'
        ? await reportAllocationProblem(context.db, user, orderId, form.problem)
        : await confirmDelivery(
            context.db,
            user,
            orderId,
            Object.entries(form.received).map(([specId, qty]) => ({ specId: Number(specId), qtyReceivedCartons: Number(qty ?? 0) })),
          );
  return r.ok ? done(submission) : refused(submission, r.reason);
}

export default function OrderDetail() {
  const o = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const intent = replyIntent(reply);
  const error = replyError(reply);
  const { t } = useTranslation();
  const awaitingConfirmation = o.status === 'delivered' && !o.receiptConfirmedAt;
  return (
    <>
      <div className="row-between no-print">
        <Link to="/retailer/orders">← {t('history.back')}</Link>
        <button type="button" className="button secondary" onClick={() => window.print()}>
          {t('history.print')}
        </button>
      </div>
      <h1>{t('history.detailTitle', { code: o.cycleCode })}</h1>
      <dl className="facts card">
        <dt>{t('manager.retailer')}</dt>
        <dd>{o.retailerName}</dd>
        <dt>{t('manager.licence')}</dt>
        <dd>{o.licenceNo}</dd>
        <dt>{t('history.status')}</dt>
        <dd>{t(`orderStatus.${o.status}`)}</dd>
        <dt>{t('history.submittedAt')}</dt>
        <dd>{o.submittedAt ? formatDateTime(o.submittedAt) : t('history.none')}</dd>
        <dt>{t('history.submittedBy')}</dt>
        <dd>{o.onBehalf ? `${t('history.byManager')} (${o.submittedBy ?? ''})` : t('history.self')}</dd>
      </dl>
      <AllocationCheck
        mayCheck={o.check?.mayCheck ?? false}
        status={o.status}
        confirmedAt={o.check?.allocationConfirmedAt ?? null}
        problem={o.check?.allocationProblem ?? null}
        problemAt={o.check?.allocationProblemAt ?? null}
        failureReason={o.failureReason}
        lines={o.lines}
        result={intent?.startsWith('allocation') ? { ok: replyDone(reply), error, intent } : undefined}
      />
      {intent === 'delivery-confirm' && error ? <p className="form-error" role="alert">{t(`delivery.error.${error as 'invalid'}`)}</p> : null}
      {/* A question about this allocation or delivery goes to the shop's manager with the order (issue 19). */}
      {o.status === 'allocated' || o.status === 'confirmed' || o.status === 'delivered' ? (
        <p className="no-print">
          <AskButton
            context={{ about: o.status === 'delivered' ? 'delivery' : 'allocation', orderId: o.id }}
            label={`${t(o.status === 'delivered' ? 'questions.about.delivery' : 'questions.about.allocation')} · ${o.cycleCode}`}
          />
        </p>
      ) : null}
      {/* What the shop reported on receiving it — short or over, by spec — not only "received". */}
      {o.receiptConfirmedAt ? <DeliveryReport lines={o.lines} confirmedAt={o.receiptConfirmedAt} justConfirmed={intent === 'delivery-confirm' && replyDone(reply)} /> : null}
      {awaitingConfirmation ? (
        <DeliveryCheck
          lines={o.lines
            .filter((l) => (l.qtyAllocatedCartons ?? 0) > 0)
            .map((l) => ({ specId: l.specId, name: l.name, cartonBarcode: l.cartonBarcode, allocatedCartons: l.qtyAllocatedCartons ?? 0 }))}
        />
      ) : null}
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('history.spec')}</th>
              <th scope="col" className="num">{t('history.requested')}</th>
              <th scope="col" className="num">{t('history.allocatedQty')}</th>
              <th scope="col" className="num">{t('history.unitPrice')}</th>
              <th scope="col" className="num">{t('history.lineAmount')}</th>
            </tr>
          </thead>
          <tbody>
            {o.lines.map((l) => (
              <tr key={l.specId}>
                <td>
                  {l.name}
                  <div className="muted print-only">{l.cartonBarcode}</div>
                </td>
                <td className="num">{l.qtyRequestedCartons}</td>
                <td className="num">{l.qtyAllocatedCartons ?? t('history.none')}</td>
                <td className="num">{formatMoney(l.unitPriceFen, t)}</td>
                <td className="num">{formatMoney(l.qtyRequestedCartons * l.unitPriceFen, t)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t('history.total')}</th>
              <td className="num">{o.totalCartons}</td>
              <td />
              <td />
              <td className="num">{formatMoney(o.totalAmountFen, t)}</td>
            </tr>
          </tfoot>
        </table>
      </div>
    </>
  );
}
