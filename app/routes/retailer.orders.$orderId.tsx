import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { allocationCheckForm } from '~/domain/forms/cycle';
import { allocationCheck, confirmAllocation, reportAllocationProblem } from '~/server/allocation.server';
import { requireRole } from '~/server/auth.server';
import { confirmDelivery } from '~/server/deliveries.server';
import { orderDetail } from '~/server/orders.server';
import { AllocationCheck } from '~/ui/allocation-check';
import { DeliveryCheck } from '~/ui/delivery-check';
import { formatDateTime, formatMoney } from '~/ui/format';

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireRole(context.db, request, 'retailer');
  const id = Number(params.orderId);
  // The scope check is in the query: another shop's order id finds nothing, exactly like a missing one.
  const order = Number.isSafeInteger(id) ? await orderDetail(context.db, user, id) : null;
  if (!order) throw new Response('Not Found', { status: 404 });
  return { ...order, check: await allocationCheck(context.db, user, id) };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(context.db, request, 'retailer');
  const form = await request.formData();
  const intent = form.get('intent');
  if (intent === 'allocation-confirm' || intent === 'allocation-problem') {
    // The shop's check of its published allocation (see app/server/allocation.server.ts).
    const parsed = allocationCheckForm.safeParse(Object.fromEntries(form));
    const r = !parsed.success
      ? ({ ok: false, reason: 'invalid' } as const)
      : parsed.data.intent === 'allocation-confirm'
        ? await confirmAllocation(context.db, user, Number(params.orderId))
        : await reportAllocationProblem(context.db, user, Number(params.orderId), parsed.data.problem);
    return r.ok ? { ok: true as const, error: null, intent } : data({ ok: false as const, error: r.reason, intent }, { status: r.reason === 'not_found' ? 404 : 400 });
  }
  const received = [...form.entries()]
    .filter(([k]) => k.startsWith('received.'))
    .map(([k, v]) => ({ specId: Number(k.slice('received.'.length)), qtyReceivedCartons: Number(v) }));
  const r = await confirmDelivery(context.db, user, Number(params.orderId), received);
  return r.ok ? { ok: true as const, error: null } : data({ ok: false as const, error: r.reason }, { status: r.reason === 'not_found' ? 404 : 400 });
}

export default function OrderDetail() {
  const o = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
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
        result={result && 'intent' in result ? result : undefined}
      />
      {result?.ok && !('intent' in result) ? <p className="form-ok">{t('delivery.done')}</p> : null}
      {result?.error && !('intent' in result) ? <p className="form-error" role="alert">{t(`delivery.error.${result.error}`)}</p> : null}
      {o.receiptConfirmedAt ? <p className="muted">{t('delivery.confirmed', { time: formatDateTime(o.receiptConfirmedAt) })}</p> : null}
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
