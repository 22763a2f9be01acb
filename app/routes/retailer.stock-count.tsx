import { parseWithZod } from '@conform-to/zod/v4';
import { type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { countedLines, stockCountForm } from '~/domain/forms/stock-count';
import { specOfBarcode } from '~/domain/uploads/barcodes';
import type { WildLine } from '~/domain/quality/count-check';
import { requireRetailer } from '~/server/auth.server';
import { done, invalid, invariantResponse, refused } from '~/server/http.server';
import { carriedSpecs, saveTypedCount } from '~/server/stock-count.server';
import { BarcodeInput } from '~/ui/barcode-input';
import { formatDay } from '~/ui/format';
import { replyDone, replyError } from '~/ui/form-reply';
import { CountConfirm, wildFigures } from '~/ui/stock-count/count-confirm';

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
  // Figures wildly off from the expected stock are saved only with the shop's explicit confirm (count-check.ts).
  const r = await saveTypedCount(context.db, user, retailerId, lines, new Date(), { confirmed: submission.value.confirm === '1' });
  if (r.ok) return done(submission, { count: lines.length });
  return refused(submission, r.code, { status: 400, extra: { wild: r.code === 'needs_confirm' ? r.wild : [] } });
}

export default function StockCount() {
  const { carried, others, barcodes } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const error = replyError(reply);
  const { t } = useTranslation();
  const busy = useNavigation().state !== 'idle';
  const [extra, setExtra] = useState<number[]>([]);
  const [filled, setFilled] = useState(0);
  const [notFound, setNotFound] = useState<string | null>(null);
  const shown = useMemo(() => [...carried, ...others.filter((o) => extra.includes(o.id))], [carried, others, extra]);
  const specs = useMemo(() => new Map([...carried, ...others].map((s) => [s.id, s])), [carried, others]);
  // A scanned code is read as a file's or the POS API's: carton, pack or the shop's mapped code, a 14-digit code
  // with a leading 0 the same as its 13 digits. The count itself is typed in packs whatever was scanned.
  const specOf = useMemo(() => specOfBarcode(barcodes), [barcodes]);
  // The figures to confirm: found on this phone before sending, or named by the server's refusal.
  const refusedWild = error === 'needs_confirm' && reply && 'wild' in reply ? ((reply.wild ?? []) as WildLine[]) : [];
  const [asking, setAsking] = useState<WildLine[]>(refusedWild);
  useEffect(() => setAsking(refusedWild), [reply]); // eslint-disable-line react-hooks/exhaustive-deps

  /** Before sending: ask about wildly-off figures unless this submit is the confirm itself. */
  function checkBeforeSend(event: React.FormEvent<HTMLFormElement>) {
    if ((event.nativeEvent as SubmitEvent).submitter?.getAttribute('name') === 'confirm') return;
    const wild = wildFigures(event.currentTarget, specs);
    if (wild.length) {
      event.preventDefault();
      setAsking(wild);
    }
  }

  function fix() {
    const first = asking[0];
    setAsking([]);
    if (first) document.getElementById(`qty-${first.specId}`)?.focus();
  }

  function find(code: string) {
    const c = code.trim();
    const specId = specOf(c);
    const spec = specId === undefined ? undefined : specs.get(specId);
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
      ) : error && error !== 'needs_confirm' ? (
        <p className="form-error" role="alert">
          {error === 'nothing' ? t('stockCount.nothing') : t('issues.error.invalid')}
        </p>
      ) : null}
      <div className="card">
        <BarcodeInput id="count-barcode" onCode={find} />
        {notFound ? <p className="field-error">{t('stockCount.notFound', { barcode: notFound })}</p> : null}
      </div>
      <Form
        method="post"
        onSubmit={checkBeforeSend}
        onChange={(e) => {
          setFilled([...new FormData(e.currentTarget).entries()].filter(([k, v]) => k.startsWith('qty.') && typeof v === 'string' && v.trim() !== '').length);
          // A figure changed after the question: it is asked again on the next save.
          if (asking.length) setAsking([]);
        }}
      >
        <ul className="spec-list">
          {shown.map((s) => (
            <li key={s.id} className="spec-line">
              <label htmlFor={`qty-${s.id}`} className="spec-info">
                <strong>{s.name}</strong>
                <div className="spec-meta muted">
                  {s.brand} · {s.packBarcode}
                </div>
                <div className="count-last">
                  {s.lastQtyPacks !== null && s.lastCountDay ? t('records.count.last', { count: s.lastQtyPacks, day: formatDay(s.lastCountDay, t) }) : t('records.count.never')}
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
        <div className="count-summary">
          {asking.length ? <CountConfirm wild={asking} specs={specs} busy={busy} onFix={fix} /> : null}
          <div className="count-summary-row">
            <span aria-live="polite">{t('stockCount.filled', { filled, total: shown.length })}</span>
            <button type="submit" className="button" disabled={busy}>
              {t('stockCount.save')}
            </button>
          </div>
        </div>
      </Form>
    </>
  );
}
