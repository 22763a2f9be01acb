import { parseWithZod } from '@conform-to/zod/v4';
import { type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { countedLines, stockCountForm } from '~/domain/forms/stock-count';
import { requireRetailer } from '~/server/auth.server';
import { done, invalid, invariantResponse, refused } from '~/server/http.server';
import { carriedSpecs, saveTypedCount } from '~/server/stock-count.server';
import { BarcodeInput } from '~/ui/barcode-input';
import { replyDone, replyError } from '~/ui/form-reply';

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, retailerId } = await requireRetailer(context.db, request);
  const specs = await carriedSpecs(context.db, user, retailerId);
  invariantResponse(specs, 'Not Found');
  return specs;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, retailerId } = await requireRetailer(context.db, request);
  const submission = parseWithZod(await request.formData(), { schema: stockCountForm });
  if (submission.status !== 'success') return invalid(submission);
  const lines = countedLines(submission.value.qty);
  const r = await saveTypedCount(context.db, user, retailerId, lines);
  return r.ok ? done(submission, { count: lines.length }) : refused(submission, r.code, { status: 400 });
}

export default function StockCount() {
  const { carried, others } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const error = replyError(reply);
  const { t } = useTranslation();
  const busy = useNavigation().state !== 'idle';
  const [extra, setExtra] = useState<number[]>([]);
  const [filled, setFilled] = useState(0);
  const [notFound, setNotFound] = useState<string | null>(null);
  const shown = useMemo(() => [...carried, ...others.filter((o) => extra.includes(o.id))], [carried, others, extra]);

  function find(code: string) {
    const c = code.trim();
    const spec = [...carried, ...others].find((s) => s.cartonBarcode === c || s.packBarcode === c);
    if (!spec) return setNotFound(c);
    setNotFound(null);
    if (!carried.some((s) => s.id === spec.id) && !extra.includes(spec.id)) setExtra((e) => [...e, spec.id]);
    setTimeout(() => document.getElementById(`qty-${spec.id}`)?.focus(), 0);
  }

  return (
    <>
      <h1>{t('stockCount.title')}</h1>
      <p className="muted">{t('stockCount.intro')}</p>
      {replyDone(reply) ? (
        <p className="form-ok" role="status">
          {t('stockCount.saved', { count: reply && 'count' in reply ? (reply.count ?? 0) : 0 })}
        </p>
      ) : error ? (
        <p className="form-error" role="alert">
          {error === 'nothing' ? t('stockCount.nothing') : t('issues.error.invalid')}
        </p>
      ) : null}
      <div className="card">
        <BarcodeInput id="count-barcode" onCode={find} />
        {notFound ? <p className="field-error">{t('stockCount.notFound', { barcode: notFound })}</p> : null}
      </div>
      <Form method="post" onChange={(e) => setFilled([...new FormData(e.currentTarget).entries()].filter(([k, v]) => k.startsWith('qty.') && String(v).trim() !== '').length)}>
        <ul className="spec-list">
          {shown.map((s) => (
            <li key={s.id} className="spec-line">
              <label htmlFor={`qty-${s.id}`} className="spec-info">
                <strong>{s.name}</strong>
                <div className="spec-meta muted">
                  {s.brand} · {s.packBarcode}
                  {'lastQtyPacks' in s && s.lastQtyPacks !== null ? ` · ${s.lastQtyPacks}` : ''}
                </div>
              </label>
              <input
                id={`qty-${s.id}`}
                name={`qty.${s.id}`}
                className="qty"
                type="number"
                inputMode="numeric"
                min={0}
                step={1}
                aria-label={t('stockCount.packs', { name: s.name })}
                enterKeyHint="next"
              />
            </li>
          ))}
        </ul>
        <div className="order-summary">
          <span aria-live="polite">{t('stockCount.filled', { filled, total: shown.length })}</span>
          <button type="submit" className="button" disabled={busy}>
            {t('stockCount.save')}
          </button>
        </div>
      </Form>
    </>
  );
}
