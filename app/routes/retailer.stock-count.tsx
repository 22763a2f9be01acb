import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { requireRetailer } from '~/server/auth.server';
import { carriedSpecs, saveTypedCount } from '~/server/stock-count.server';
import { BarcodeInput } from '~/ui/barcode-input';

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, retailerId } = await requireRetailer(context.db, request);
  const specs = await carriedSpecs(context.db, user, retailerId);
  if (!specs) throw new Response('Not Found', { status: 404 });
  return specs;
}

const countForm = z.record(z.string().regex(/^qty\.\d+$/), z.string());

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, retailerId } = await requireRetailer(context.db, request);
  const entries = countForm.safeParse(Object.fromEntries([...(await request.formData())].filter(([k]) => k.startsWith('qty.'))));
  if (!entries.success) return data({ ok: false as const, code: 'invalid' as const, count: 0 }, { status: 400 });
  const lines = Object.entries(entries.data)
    .filter(([, v]) => v.trim() !== '')
    .map(([k, v]) => ({ specId: Number(k.slice(4)), qtyPacks: Number(v) }));
  const r = await saveTypedCount(context.db, user, retailerId, lines);
  return r.ok ? { ok: true as const, code: null, count: lines.length } : data({ ok: false as const, code: r.code, count: 0 }, { status: 400 });
}

export default function StockCount() {
  const { carried, others } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
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
      {result?.ok ? (
        <p className="form-ok" role="status">
          {t('stockCount.saved', { count: result.count })}
        </p>
      ) : result ? (
        <p className="form-error" role="alert">
          {result.code === 'nothing' ? t('stockCount.nothing') : t('issues.error.invalid')}
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
