/**
 * The order page: a phone-first list of orderable specs — the shop's frequent ones first, compact rows with caps,
 * big +/− buttons, a quantity box that takes a number at once, "same as last" per line — search and filter chips
 * that bring their results into view, a cart kept on the server (through the phone, app/ui/offline/) as the owner
 * types, and a sticky bottom bar whose button opens a review of what will be submitted, each line marked against
 * the order it changes. Used by the retailer and, in its context, by its account manager.
 */
import { useFetcher, useRevalidator, useSearchParams } from '@remix-run/react';
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { checkLine, DEVIATION_REASONS, depositShortfallFen, fitToBalance, MAX_CARTONS_PER_LINE, repeatLastOrder, type DeviationReason, type LineProblem } from '~/domain/ordering';
import { frequentFirst, sameLines } from '~/domain/order-list';
import type { CatalogueSpec, OrderingContext } from '~/domain/ordering-context';
import { draftLinesOf, type DraftCheck } from '~/domain/replenishment';
import type { Suggestion as ShopSuggestion } from '~/domain/replenishment';
import { SuggestionWhy } from './suggestion-why';
import { AskButton } from '../ask-question';
import { orderReplyDone, orderReplyError, orderReplyIntent, type OrderPageResult } from './order-route';
import { ReviewSheet } from './review-sheet';
import { useDrawnRows } from './drawn-rows';
import { useServerBusy } from '../busy-retry';
import { Countdown } from '../countdown';
import { formatDateTime, formatMoney, formatQuantity, priceClassLabel } from '../format';
import { DraftCheckNotice } from './draft-check-notice';
import { outcomeMessage, PhoneOrderNotices } from '../offline/phone-order-notices';
import { pendingSubmit, type PhoneLine } from '../offline/outbox';
import { usePhoneOrder } from '../offline/use-phone-order';
import type { OrderShowcase } from '~/domain/showcase/order-showcase';
import { THUMB_CSS_PX, type SpecPictureView } from '~/domain/showcase/pictures';
import type { NoticeSpec } from '~/domain/showcase/supply-notice';
import { IntroCards, NoticeSpecText, NoticeSummary } from '../showcase/order-showcase';
import { SpecPicture } from '../showcase/spec-picture';

export type OrderingData = OrderingContext;
type Spec = CatalogueSpec;
type Quantities = Record<number, number>;

const SAVE_DELAY_MS = 700;
/** A page whose server time is older than this when it starts was served from the phone's cache. */
const STALE_PAGE_MS = 2 * 60_000;

type Reasons = Record<number, DeviationReason>;

function toLines(q: Quantities, reasons: Reasons = {}) {
  return Object.entries(q)
    .filter(([, n]) => n !== 0)
    .map(([specId, qtyCartons]) => ({ specId: Number(specId), qtyCartons, reason: reasons[Number(specId)] ?? null }));
}

function fromPhoneLines(lines: readonly PhoneLine[]): [Quantities, Reasons] {
  return [Object.fromEntries(lines.map((l) => [l.specId, l.qtyCartons])), Object.fromEntries(lines.flatMap((l) => (l.reason ? [[l.specId, l.reason]] : [])))];
}

function fromSuggestions(suggestions: readonly ShopSuggestion[]): Quantities {
  // Specs offered because similar shops sell them are shown, not put in the cart: the owner decides to try one.
  return Object.fromEntries(draftLinesOf(suggestions).map((s) => [s.specId, s.suggestedCartons]));
}

/**
 * `keepOnPhone` (the shop's own page): every change is kept on the phone first and sent from there, so a lost
 * signal loses nothing and a submit made offline goes when the link is back (app/ui/offline/).
 */
export function OrderPage({
  ctx,
  suggestions,
  draftCheck,
  keepOnPhone = false,
  showcase,
  noticeHref,
}: {
  ctx: OrderingData;
  suggestions: ShopSuggestion[];
  draftCheck?: DraftCheck | null;
  keepOnPhone?: boolean;
  /** Pictures and the supply notice (issue 19); `noticeHref` links the notice's own page. */
  showcase?: OrderShowcase | null;
  noticeHref?: string;
}) {
  const { t } = useTranslation();
  const { cycle, retailer, order } = ctx;
  const editable = cycle.mayOrder;
  const suggestionBySpec = useMemo(() => new Map(suggestions.map((s) => [s.specId, s])), [suggestions]);
  // A shop that has not started this cycle's order finds its cart prepared from the suggestions.
  const prefilled = editable && !order && ctx.cart.length === 0 && suggestions.some((s) => s.suggestedCartons > 0);
  const [quantities, setQuantities] = useState<Quantities>(() =>
    prefilled ? fromSuggestions(suggestions) : Object.fromEntries(ctx.cart.map((l) => [l.specId, l.qtyCartons])),
  );
  const [reasons, setReasons] = useState<Reasons>({});
  const [fitted, setFitted] = useState<number | null>(null);
  // Home's "submit" buttons open the page on the review of what will be submitted (?review=1).
  const [searchParams] = useSearchParams();
  const [reviewing, setReviewing] = useState(() => editable && searchParams.get('review') === '1');
  const saver = useFetcher<OrderPageResult>({ key: 'order-cart' });
  const submitter = useFetcher<OrderPageResult>({ key: 'order-submit' });
  // A save or submit the server refused for lack of capacity is being sent again (app/ui/busy-retry.ts).
  const serverBusy = useServerBusy();
  const saveTimer = useRef<ReturnType<typeof setTimeout>>();
  const [cancelAsked, setCancelAsked] = useState(false);
  const phone = usePhoneOrder(keepOnPhone ? { retailerId: retailer.id, cycleId: cycle.id, version: ctx.version, now: ctx.now, cart: ctx.cart } : null);
  const revalidator = useRevalidator();
  // What the server said to a change sent from the phone, shown until the next change.
  const [phoneMessage, setPhoneMessage] = useState<{ kind: 'ok' | 'error'; text: string; lineProblems: Array<{ specId: number; problem: LineProblem }> } | null>(null);
  // The page came from the phone's cache and the phone knows a newer cart than it shows.
  const [pageFromPhoneAt, setPageFromPhoneAt] = useState<string | null>(null);
  const phoneRead = useRef(false);
  useEffect(() => {
    const record = phone.record;
    if (!phone.ready || !record || phoneRead.current) return;
    phoneRead.current = true;
    // What waits on the phone is what the owner last did: the page starts from it.
    const last = record.queue[record.queue.length - 1];
    if (last) {
      const [q, r] = fromPhoneLines(last.lines);
      setQuantities(q);
      setReasons(r);
    } else if (record.known.at > ctx.now) {
      setQuantities(fromPhoneLines(record.known.lines)[0]);
    }
    // A copy of the page older than a couple of minutes came from the phone's cache (the service worker's, offline).
    if (Date.now() - Date.parse(ctx.now) > STALE_PAGE_MS) setPageFromPhoneAt(ctx.now);
  }, [phone.ready, phone.record, ctx.now]);
  // Back online with a page from the cache: fetch the order as it is now; with nothing waiting, show it.
  useEffect(() => {
    if (!pageFromPhoneAt) return;
    if (Date.now() - Date.parse(ctx.now) <= STALE_PAGE_MS) {
      setPageFromPhoneAt(null);
      if (!phone.record?.queue.length) setQuantities(Object.fromEntries(ctx.cart.map((l) => [l.specId, l.qtyCartons])));
      return;
    }
    const reload = () => revalidator.revalidate();
    window.addEventListener('online', reload);
    return () => window.removeEventListener('online', reload);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [pageFromPhoneAt, ctx.now]);
  const outcome = phone.record?.outcome;
  useEffect(() => {
    if (!outcome) return;
    setPhoneMessage({ ...outcomeMessage(outcome, cycle.cutoffAt, t), lineProblems: outcome.kind === 'refused' ? outcome.lineProblems : [] });
    void phone.acknowledge();
    // The order's status (submitted, or the window now shut) comes from the server.
    if (outcome.kind === 'submitted' || outcome.reason !== 'invalid') revalidator.revalidate();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [outcome]);
  const conflictCart = phone.record?.conflict?.cart;
  async function takeServerOrder() {
    const cart = conflictCart ?? [];
    await phone.takeTheirs();
    setQuantities(fromPhoneLines(cart)[0]);
    revalidator.revalidate();
  }

  const specsById = useMemo(() => new Map(ctx.catalogue.map((s) => [s.id, s])), [ctx.catalogue]);
  // The shop's frequent specs first: the lines it edits every week are on the first screens, in the same place each time.
  const orderable = useMemo(
    () => frequentFirst(ctx.catalogue.filter((s) => s.isOrderable && !s.isDiscontinued), ctx.previouslyOrdered),
    [ctx.catalogue, ctx.previouslyOrdered],
  );
  const lastQty = useMemo(() => new Map((ctx.lastOrder?.lines ?? []).map((l) => [l.specId, l.qtyCartons])), [ctx.lastOrder]);
  const pictures = useMemo(() => new Map((showcase?.pictures ?? []).map((p) => [p.specId, p])), [showcase]);
  const noticeBySpec = useMemo(() => new Map((showcase?.notice?.specs ?? []).map((n) => [n.specId, n])), [showcase]);
  // New specs the shop has not ordered lately get an introduction card (a few, in the list's order).
  const introSpecs = useMemo(() => orderable.filter((s) => s.isNew && !ctx.previouslyOrdered.includes(s.id)).slice(0, 3), [orderable, ctx.previouslyOrdered]);

  // After a cancel the server's cart is empty: start again from it.
  useEffect(() => {
    if (submitter.state === 'idle' && orderReplyDone(submitter.data, 'cancel')) setQuantities({});
  }, [submitter.state, submitter.data]);

  function update(next: Quantities) {
    setQuantities(next);
    setPhoneMessage(null);
    if (phone.available) {
      void phone.save(toLines(next, reasons).filter((l) => l.qtyCartons !== 0));
      return;
    }
    clearTimeout(saveTimer.current);
    saveTimer.current = setTimeout(() => {
      saver.submit({ intent: 'save', lines: JSON.stringify(toLines(next).map(({ specId, qtyCartons }) => ({ specId, qtyCartons }))) }, { method: 'post' });
    }, SAVE_DELAY_MS);
  }
  // One function for every line, the same from render to render, so a line redraws only when its own figures
  // change (SpecLine is memoised): a tap redraws one row, not the whole list. It reads the latest render's cart.
  const setQtyNow = useRef<(specId: number, qty: number) => void>(() => undefined);
  setQtyNow.current = (specId, qty) => update({ ...quantities, [specId]: qty });
  const setQty = useCallback((specId: number, qty: number) => setQtyNow.current(specId, qty), []);
  const setReason = useCallback((specId: number, reason: DeviationReason) => setReasons((r) => ({ ...r, [specId]: reason })), []);

  function submit() {
    clearTimeout(saveTimer.current);
    setPhoneMessage(null);
    setReviewing(false);
    if (phone.available) {
      void phone.submit(toLines(quantities, reasons));
      return;
    }
    submitter.submit({ intent: 'submit', lines: JSON.stringify(toLines(quantities, reasons)) }, { method: 'post' });
  }

  // Problems: what the server said for the last submit, else what the page can see for itself.
  const result = submitter.state === 'idle' ? submitter.data : undefined;
  const problems = useMemo(() => {
    const server = new Map<number, LineProblem>();
    for (const p of result?.lineProblems ?? []) server.set(p.specId, p.problem);
    for (const p of phoneMessage?.lineProblems ?? []) server.set(p.specId, p.problem);
    const out = new Map<number, LineProblem>();
    for (const spec of orderable) {
      const problem = server.get(spec.id) ?? checkLine({ specId: spec.id, qtyCartons: quantities[spec.id] ?? 0 }, spec);
      if (problem) out.set(spec.id, problem);
    }
    return out;
  }, [orderable, quantities, result, phoneMessage]);

  const lines = toLines(quantities).filter((l) => l.qtyCartons > 0);
  const totalCartons = lines.reduce((n, l) => n + l.qtyCartons, 0);
  const totalAmountFen = lines.reduce((n, l) => n + l.qtyCartons * (specsById.get(l.specId)?.wholesalePriceFenPerCarton ?? 0), 0);
  const shortfall = depositShortfallFen(totalAmountFen, retailer.depositBalanceFen);
  const placed = !!order && ['submitted', 'allocated', 'confirmed', 'delivered'].includes(order.status);
  const submittedCart = useMemo(() => ctx.submittedLines.map((l) => ({ specId: l.specId, qtyCartons: l.qtyRequestedCartons })), [ctx.submittedLines]);
  // Nothing to send again: the cart is the order as submitted (and nothing waits on the phone).
  const unchanged = placed && !phone.record?.queue.length && sameLines(lines, submittedCart);
  const phoneSubmitting = phone.sending && pendingSubmit(phone.record) && !phone.offline;
  const busy = submitter.state !== 'idle' || phoneSubmitting;
  const localProblems = problems.size;
  const summary = t('order.summary', { specs: formatQuantity('specs', lines.length, t), cartons: formatQuantity('cartons', totalCartons, t) });
  const saveState = phone.available
    ? phone.record?.queue.length
      ? phone.offline || phone.record.queue.some((c) => c.waited)
        ? t('offline.keptOnPhone')
        : t('order.saving')
      : phone.record?.known.version
        ? t('order.saved')
        : ''
    : saver.state !== 'idle'
      ? t('order.saving')
      : orderReplyDone(saver.data, 'save')
        ? t('order.saved')
        : orderReplyError(saver.data) === 'unavailable'
          ? t('order.notSavedYet')
          : '';
  const mayReview = !busy && localProblems === 0 && lines.length > 0 && !conflictCart && !unchanged;
  // What the review compares with: the order submitted this cycle, else the shop's last order.
  const baseline = placed ? { lines: submittedCart, label: t('order.review.againstSubmitted') } : ctx.lastOrder ? { lines: ctx.lastOrder.lines, label: t('order.review.againstLast', { code: ctx.lastOrder.code }) } : null;

  function fitBalance() {
    const { quantities: next, removedCartons } = fitToBalance(
      lines.map((l) => {
        const sug = suggestionBySpec.get(l.specId);
        const spec = specsById.get(l.specId)!;
        return {
          specId: l.specId,
          qtyCartons: l.qtyCartons,
          priceFenPerCarton: spec.wholesalePriceFenPerCarton,
          suggestedCartons: sug?.suggestedCartons ?? null,
          forecastDailyPacks: sug?.explanation.forecastDailyPacks ?? 0,
          positionPacks: sug?.explanation.positionPacks ?? 0,
          packsPerCarton: sug?.explanation.packsPerCarton ?? 10,
        };
      }),
      retailer.depositBalanceFen,
    );
    setFitted(removedCartons);
    update(Object.fromEntries(next));
  }

  return (
    <div className="order-page">
      <StatusBanner ctx={ctx} result={result} phoneMessage={phoneMessage} />
      <PhoneOrderNotices phone={phone} pageFromPhoneAt={pageFromPhoneAt} onTakeTheirs={() => void takeServerOrder()} />

      {editable ? (
        <>
          {prefilled || draftCheck?.exceeded ? (
            // A draft far above the shop's orders says why on screen: open, not behind a tap (issue 14). Below
            // that there is nothing to say about the draft but that the cart was prepared from it.
            <details className="card order-notes" open={draftCheck?.exceeded ?? false}>
              <summary>{prefilled ? t('order.prefilled') : t('order.aboutDraft')}</summary>
              {draftCheck ? <DraftCheckNotice check={draftCheck} /> : null}
            </details>
          ) : null}
          {showcase?.notice ? <NoticeSummary notice={showcase.notice} href={noticeHref} /> : null}
          <Filters ctx={ctx} quantities={quantities} onRepeat={(q) => update(q)} specsById={specsById} onResetToSuggestions={suggestions.length ? () => update(fromSuggestions(suggestions)) : undefined} />
          <SpecList
            specs={orderable}
            ctx={ctx}
            ask={keepOnPhone}
            quantities={quantities}
            problems={problems}
            setQty={setQty}
            suggestionBySpec={suggestionBySpec}
            lastQty={lastQty}
            reasons={reasons}
            setReason={setReason}
            pictures={pictures}
            noticeBySpec={noticeBySpec}
          />
          {/* New specs' cards come after the list: the products stay on the first screen (issue 16). */}
          <IntroCards specs={introSpecs} pictures={pictures} qtyOf={(id) => quantities[id] ?? 0} onTry={(id) => setQty(id, 1)} />
          <div className="order-summary" role="region" aria-label={summary}>
            <div className="order-summary-text" aria-live="polite">
              <span className="order-totals">
                <strong>{summary}</strong> · {formatMoney(totalAmountFen, t)}
              </span>
              {saveState ? <span className="muted save-state">{saveState}</span> : null}
              {serverBusy ? (
                <span className="busy-state" role="status">
                  {t('order.serverBusy')}
                </span>
              ) : null}
            </div>
            <button type="button" className="button" onClick={() => setReviewing(true)} disabled={!mayReview}>
              {phoneSubmitting || (busy && submitter.formData?.get('intent') === 'submit')
                ? t('order.submitting')
                : unchanged
                  ? t('order.submittedNoChanges')
                  : placed
                    ? t('order.submitChanges')
                    : t('order.submit')}
            </button>
            {shortfall > 0 ? (
              <div className="shortfall-row">
                <span className="shortfall">{t('order.shortBy', { amount: formatMoney(shortfall, t) })}</span>
                <button type="button" className="link-button" onClick={fitBalance}>
                  {t('order.fitBalance')}
                </button>
              </div>
            ) : null}
            {fitted ? <p className="muted shortfall-row">{t('order.fitted', { count: fitted })}</p> : null}
          </div>
          {reviewing && mayReview ? (
            <ReviewSheet
              lines={lines}
              baseline={baseline}
              specsById={specsById}
              summary={summary}
              totalAmountFen={totalAmountFen}
              shortfallFen={shortfall}
              resubmit={placed}
              onConfirm={submit}
              onClose={() => setReviewing(false)}
            />
          ) : null}
          {placed || order?.status === 'draft' ? (
            <div className="cancel-box">
              {cancelAsked ? (
                <>
                  <span>{phone.offline ? t('offline.cancelOffline') : t('order.cancelConfirm')}</span>
                  <button
                    type="button"
                    className="button danger"
                    disabled={busy || phone.offline}
                    onClick={() => {
                      clearTimeout(saveTimer.current);
                      setCancelAsked(false);
                      // What waits on the phone would only bring the cancelled order back: dropped first, then
                      // the cancel sent (a click handler's promise is nobody's to await).
                      const dropped = phone.available ? phone.drop() : Promise.resolve();
                      void dropped.then(() => submitter.submit({ intent: 'cancel' }, { method: 'post' }));
                    }}
                  >
                    {t('order.cancelYes')}
                  </button>
                  <button type="button" className="link-button" onClick={() => setCancelAsked(false)}>
                    {t('order.cancelNo')}
                  </button>
                </>
              ) : placed ? (
                <button type="button" className="link-button" onClick={() => setCancelAsked(true)}>
                  {t('order.cancel')}
                </button>
              ) : null}
            </div>
          ) : null}
        </>
      ) : (
        <ReadOnlyLines ctx={ctx} />
      )}
    </div>
  );
}

function StatusBanner({ ctx, result, phoneMessage }: { ctx: OrderingData; result: OrderPageResult | undefined; phoneMessage?: { kind: 'ok' | 'error'; text: string } | null }) {
  const { t } = useTranslation();
  const { cycle, order } = ctx;
  const messages: Array<{ kind: 'info' | 'error' | 'ok'; text: string }> = [];
  if (phoneMessage) messages.push(phoneMessage);
  const intent = orderReplyIntent(result);
  const reason = orderReplyError(result);
  if (result && !reason && intent && intent !== 'save') {
    messages.push({ kind: 'ok', text: intent === 'cancel' ? t('order.successCancelled') : t('order.successSubmitted') });
  } else if (reason === 'invalid') {
    for (const p of result?.orderProblems ?? []) messages.push({ kind: 'error', text: t(`order.problem.${p.code}`, p) });
    const lineCount = result?.lineProblems?.length ?? 0;
    if (lineCount) messages.push({ kind: 'error', text: t('order.fixLines', { count: lineCount }) });
    // The form itself did not parse (no problem to name): as the page always said of it.
    if (!messages.length) messages.push({ kind: 'error', text: t('order.problem.empty') });
  } else if (reason === 'unavailable') {
    // Nothing is lost and trying again is safe: said as information, not as an error.
    messages.push({ kind: 'info', text: t('order.problem.unavailable') });
  } else if (reason) {
    messages.push({ kind: 'error', text: t(`order.problem.${reason}`, { defaultValue: t('order.problem.unavailable') }) });
  }
  if (!cycle.mayOrder) {
    messages.push({
      kind: 'info',
      text:
        cycle.state === 'closed'
          ? t('order.closedReadOnly', { time: formatDateTime(cycle.cutoffAt) })
          : cycle.status === 'open' || cycle.state === 'not_open'
            ? t('order.notOpenYet', { time: formatDateTime(cycle.opensAt) })
            : t('order.notOpenByStaff'),
    });
  }
  if (order?.status === 'submitted' && order.submittedAt) messages.push({ kind: 'info', text: t('order.submittedAt', { time: formatDateTime(order.submittedAt) }) });
  if (order?.onBehalf && order.status !== 'draft') messages.push({ kind: 'info', text: t('order.submittedByManager') });
  if (order?.status === 'cancelled' && cycle.mayOrder) messages.push({ kind: 'info', text: t('order.cancelled') });
  if (order?.status === 'failed' && order.failureReason) messages.push({ kind: 'error', text: t('order.failed', { reason: order.failureReason }) });
  if (ctx.hasUnsubmittedChanges && cycle.mayOrder) messages.push({ kind: 'error', text: t('order.unsubmittedChanges') });
  if (order && order.shortfallFen > 0) messages.push({ kind: 'error', text: t('order.balanceLow', { amount: formatMoney(order.shortfallFen, t) }) });

  return (
    <section className={`card window-banner ${cycle.state}`} aria-labelledby="order-title">
      <div className="row-between">
        <h1 id="order-title">
          {t('order.title')} · {cycle.code}
        </h1>
        <span className={`badge ${order ? (order.status === 'failed' ? 'bad' : 'ok') : 'warn'}`}>{t(`orderStatus.${order?.status ?? 'none'}`)}</span>
      </div>
      <p className="countdown-line">
        {cycle.mayOrder ? (
          <>
            <span className="muted">{t('window.timeLeft')} </span>
            <Countdown until={cycle.cutoffAt} serverNow={ctx.now} />
            <span className="muted"> · {formatDateTime(cycle.cutoffAt)} · </span>
          </>
        ) : null}
        <span className="muted">{t('order.balance', { amount: formatMoney(ctx.retailer.depositBalanceFen, t) })}</span>
      </p>
      <div aria-live="polite">
        {messages.map((m) => (
          <p key={m.text} className={m.kind === 'error' ? 'form-error' : m.kind === 'ok' ? 'form-ok' : 'form-info'} role={m.kind === 'error' ? 'alert' : undefined}>
            {m.text}
          </p>
        ))}
      </div>
    </section>
  );
}

interface FilterState {
  text: string;
  brand: string;
  priceClass: string;
  scarce: boolean;
  isNew: boolean;
  previous: boolean;
  inCart: boolean;
}

// Filters live in a tiny store shared by the filter bar and the list, without a context provider.
let filterListeners: Array<(f: FilterState) => void> = [];
let currentFilter: FilterState = { text: '', brand: '', priceClass: '', scarce: false, isNew: false, previous: false, inCart: false };
function useFilter(): [FilterState, (f: Partial<FilterState>) => void] {
  const [f, setF] = useState(currentFilter);
  useEffect(() => {
    filterListeners.push(setF);
    return () => {
      filterListeners = filterListeners.filter((l) => l !== setF);
    };
  }, []);
  return [
    f,
    (patch) => {
      currentFilter = { ...currentFilter, ...patch };
      for (const l of filterListeners) l(currentFilter);
    },
  ];
}

/** Brings the list's top into view after a filter changes, so its results are on the screen (not below the fold). */
function showListTop() {
  if (typeof document === 'undefined') return;
  const list = document.getElementById(LIST_ID);
  if (!list) return;
  // Only when the list's top is off the screen: a chip at the list's top does not jump the page.
  const top = list.getBoundingClientRect().top;
  if (top < 0 || top > window.innerHeight * 0.6) list.scrollIntoView({ block: 'start' });
}

const LIST_ID = 'order-list';

function Filters({
  ctx,
  quantities,
  onRepeat,
  specsById,
  onResetToSuggestions,
}: {
  ctx: OrderingData;
  quantities: Quantities;
  onRepeat: (q: Quantities) => void;
  specsById: Map<number, Spec>;
  onResetToSuggestions?: () => void;
}) {
  const { t } = useTranslation();
  const [f, setF] = useFilter();
  const brands = useMemo(() => [...new Set(ctx.catalogue.map((s) => s.brand))].sort((a, b) => a.localeCompare(b, 'zh-CN')), [ctx.catalogue]);
  const toggles: Array<[keyof FilterState, string]> = [
    ['previous', t('order.onlyPrevious')],
    ['inCart', t('order.onlyInCart')],
    ['scarce', t('order.onlyScarce')],
    ['isNew', t('order.onlyNew')],
  ];
  const choose = (patch: Partial<FilterState>) => {
    setF(patch);
    // After React has drawn the filtered list.
    requestAnimationFrame(showListTop);
  };
  const narrowed = !!(f.brand || f.priceClass);
  const [more, setMore] = useState(narrowed);
  return (
    <section className="card filters" aria-label={t('order.filters')}>
      <label className="visually-hidden" htmlFor="order-search">
        {t('order.searchLabel')}
      </label>
      {/* The search box with "更多…" beside it, then the four chips on one row (a long label wraps inside its chip):
          two rows of chips in English pushed the first product under the bottom bar with large text (issue 16). */}
      <div className="search-row">
        <input
          id="order-search"
          type="search"
          className="filter wide-input"
          placeholder={t('order.search')}
          value={f.text}
          onChange={(e) => setF({ text: e.target.value })}
          inputMode="search"
          autoComplete="off"
        />
        <button type="button" className="chip more-toggle" aria-expanded={more} aria-controls="order-more" onClick={() => setMore(!more)}>
          {t('order.moreFilters')}
        </button>
      </div>
      <div className="chips-row">
        {toggles.map(([key, label]) => (
          <button key={key} type="button" className="chip" aria-pressed={Boolean(f[key])} onClick={() => choose({ [key]: !f[key] })}>
            {label}
          </button>
        ))}
      </div>
      <div className="more-filters" id="order-more" hidden={!more}>
        <div className="filter-row">
          <label className="visually-hidden" htmlFor="order-brand">
            {t('order.brand')}
          </label>
          <select id="order-brand" value={f.brand} onChange={(e) => choose({ brand: e.target.value })}>
            <option value="">{t('order.allBrands')}</option>
            {brands.map((b) => (
              <option key={b} value={b}>
                {b}
              </option>
            ))}
          </select>
          <label className="visually-hidden" htmlFor="order-class">
            {t('order.priceClassLabel')}
          </label>
          <select id="order-class" value={f.priceClass} onChange={(e) => choose({ priceClass: e.target.value })}>
            <option value="">{t('order.allClasses')}</option>
            {[1, 2, 3, 4, 5].map((c) => (
              <option key={c} value={c}>
                {priceClassLabel(c, t)}
              </option>
            ))}
          </select>
        </div>
        <div className="filter-row">
          {onResetToSuggestions ? (
            <button type="button" className="button secondary" onClick={onResetToSuggestions}>
              {t('order.resetToSuggestions')}
            </button>
          ) : null}
          {ctx.lastOrder ? (
            <button
              type="button"
              className="button secondary"
              onClick={() => onRepeat(Object.fromEntries(repeatLastOrder(ctx.lastOrder!.lines, specsById).map((l) => [l.specId, l.qtyCartons])))}
            >
              {t('order.sameAsLast', { code: ctx.lastOrder.code })}
            </button>
          ) : null}
          {Object.values(quantities).some((n) => n > 0) ? (
            <button type="button" className="link-button" onClick={() => onRepeat({})}>
              {t('order.clearCart')}
            </button>
          ) : null}
        </div>
      </div>
    </section>
  );
}

function SpecList({
  specs,
  ctx,
  ask,
  quantities,
  problems,
  setQty,
  suggestionBySpec,
  lastQty,
  reasons,
  setReason,
  pictures,
  noticeBySpec,
}: {
  specs: Spec[];
  ctx: OrderingData;
  /** The shop's own page: each line has a "提问" (issue 19); the manager's on-behalf page has none. */
  ask: boolean;
  quantities: Quantities;
  problems: Map<number, LineProblem>;
  setQty: (specId: number, qty: number) => void;
  suggestionBySpec: Map<number, ShopSuggestion>;
  lastQty: Map<number, number>;
  reasons: Reasons;
  setReason: (specId: number, reason: DeviationReason) => void;
  pictures: Map<number, SpecPictureView>;
  noticeBySpec: Map<number, NoticeSpec>;
}) {
  const { t } = useTranslation();
  const [f] = useFilter();
  const previous = useMemo(() => new Set(ctx.previouslyOrdered), [ctx.previouslyOrdered]);
  const text = f.text.trim().toLowerCase();
  const shown = specs.filter(
    (s) =>
      (!text || s.name.toLowerCase().includes(text) || s.brand.toLowerCase().includes(text) || s.cartonBarcode.includes(text) || s.packBarcode.includes(text) || s.code.includes(text)) &&
      (!f.brand || s.brand === f.brand) &&
      (!f.priceClass || s.priceClass === Number(f.priceClass)) &&
      (!f.scarce || s.isScarce) &&
      (!f.isNew || s.isNew) &&
      (!f.previous || previous.has(s.id)) &&
      (!f.inCart || (quantities[s.id] ?? 0) > 0),
  );
  const drawn = useDrawnRows(shown.length);
  if (!shown.length)
    return (
      <p className="card muted" id={LIST_ID}>
        {t('order.noMatches')}
      </p>
    );
  return (
    // Busy while the rows past the first screens are still being drawn (a moment after the page opens).
    <ul className="spec-list" id={LIST_ID} aria-label={t('order.listLabel', { count: shown.length })} aria-busy={drawn < shown.length || undefined}>
      {shown.slice(0, drawn).map((s) => (
        <SpecLine
          key={s.id}
          spec={s}
          qty={quantities[s.id] ?? 0}
          problem={problems.get(s.id) ?? null}
          setQty={setQty}
          suggestion={suggestionBySpec.get(s.id)}
          askCycleId={ask ? ctx.cycle.id : null}
          last={lastQty.get(s.id)}
          reason={reasons[s.id]}
          setReason={setReason}
          picture={pictures.get(s.id)}
          notice={noticeBySpec.get(s.id)}
        />
      ))}
    </ul>
  );
}

// Memoised: a line redraws when its own figures change, not when another line's quantity or the bottom bar does.
const SpecLine = memo(function SpecLine({
  spec,
  qty,
  problem,
  setQty,
  suggestion,
  askCycleId,
  last,
  reason,
  setReason,
  picture,
  notice,
}: {
  spec: Spec;
  askCycleId: number | null;
  qty: number;
  problem: LineProblem | null;
  setQty: (id: number, q: number) => void;
  suggestion: ShopSuggestion | undefined;
  last: number | undefined;
  reason: DeviationReason | undefined;
  setReason: (specId: number, reason: DeviationReason) => void;
  picture: SpecPictureView | undefined;
  notice: NoticeSpec | undefined;
}) {
  const { t } = useTranslation();
  const differs = suggestion !== undefined && qty !== suggestion.suggestedCartons;
  const why = suggestion?.explanation;
  // Days of cover count the stock in the shop: not said when nobody knows it.
  const coverDays = why && why.onHandKnown && qty > suggestion.suggestedCartons && why.forecastDailyPacks > 0 ? Math.round((why.positionPacks + qty * why.packsPerCarton) / why.forecastDailyPacks) : null;
  const max = Math.min(spec.capCartons ?? MAX_CARTONS_PER_LINE, MAX_CARTONS_PER_LINE);
  // "Same as last": the last order's quantity in one tap (within this cycle's cap).
  const lastHere = last !== undefined ? Math.min(last, max) : undefined;
  const inputId = `qty-${spec.id}`;
  const errorId = `qty-${spec.id}-error`;
  return (
    <li className={`spec-line${qty > 0 ? ' in-cart' : ''}${problem ? ' has-problem' : ''}`} data-spec-id={spec.id}>
      <div className={`spec-info${picture?.image ? ' with-picture' : ''}`}>
        {picture?.image ? <SpecPicture webp={picture.image.thumbWebp} jpeg={picture.image.thumbJpeg} alt="" size={THUMB_CSS_PX} /> : null}
        <div className="spec-name">
          <strong>{spec.name}</strong>
          {spec.isScarce ? <span className="badge bad">{t('order.scarce')}</span> : null}
          {spec.isNew ? <span className="badge ok">{t('order.new')}</span> : null}
        </div>
        <div className="spec-meta">
          <span title={t('order.retail', { price: formatMoney(spec.retailPriceFenPerCarton, t) })}>{t('order.wholesale', { price: formatMoney(spec.wholesalePriceFenPerCarton, t) })}</span>
          {' · '}
          <span className={`spec-cap${spec.capCartons !== null ? ' capped' : ''}`}>{spec.capCartons !== null ? t('order.cap', { count: spec.capCartons }) : t('order.noCap')}</span>
          <span className="visually-hidden">
            {' · '}
            {spec.brand} · {priceClassLabel(spec.priceClass, t)}
          </span>
        </div>
      </div>
      <div className="stepper">
        <button type="button" className="step" aria-label={t('order.decrease', { name: spec.name })} disabled={qty <= 0} onClick={() => setQty(spec.id, Math.max(0, Math.floor(qty) - 1))}>
          −
        </button>
        <label className="visually-hidden" htmlFor={inputId}>
          {t('order.quantity', { name: spec.name })}
        </label>
        <input
          id={inputId}
          className="qty"
          type="number"
          inputMode="numeric"
          enterKeyHint="next"
          min={0}
          step={1}
          value={qty === 0 ? '' : qty}
          placeholder="0"
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? errorId : undefined}
          // The number already there is selected: the figure typed replaces it (no deleting first).
          onFocus={(e) => e.currentTarget.select()}
          onChange={(e) => setQty(spec.id, e.target.value === '' ? 0 : Number(e.target.value))}
        />
        <button type="button" className="step" aria-label={t('order.increase', { name: spec.name })} disabled={qty >= max} onClick={() => setQty(spec.id, Math.floor(qty) + 1)}>
          +
        </button>
      </div>
      {notice ? (
        <details className="spec-notice">
          <summary>{t('showcase.noticeShort')}</summary>
          <NoticeSpecText spec={notice} />
        </details>
      ) : null}
      {problem ? (
        <p className="field-error line-error" id={errorId} role="alert">
          {t(`order.problem.${problem.code}`, { ...problem, count: problem.code === 'over_cap' ? problem.cap : undefined })}
        </p>
      ) : null}
      {suggestion || lastHere !== undefined || askCycleId !== null ? (
        <div className="line-actions spec-suggestion">
          {lastHere !== undefined ? (
            <button
              type="button"
              className="chip last-qty"
              aria-pressed={qty === lastHere}
              aria-label={t('order.sameAsLastLine', { name: spec.name, count: lastHere })}
              onClick={() => setQty(spec.id, lastHere)}
            >
              {t('order.lastQty', { count: lastHere })}
            </button>
          ) : null}
          {suggestion ? (
            <>
              <span className={`badge ${differs ? 'warn' : 'ok'}`}>{t('order.suggested', { count: suggestion.suggestedCartons })}</span>
              {suggestion.explanation.reason === 'new_spec_start' ? <span className="badge ok">{t('order.newForYou')}</span> : null}
              {suggestion.explanation.notes.includes('common_in_peer_group') ? <span className="badge ok">{t('order.commonInPeers')}</span> : null}
              {suggestion.explanation.notes.includes('on_hand_unknown') ? <span className="badge warn">{t('order.stockUnknown')}</span> : null}
              {coverDays !== null ? <span className="muted">{t('order.cover', { count: coverDays })}</span> : null}
              <SuggestionWhy explanation={suggestion.explanation} suggestedCartons={suggestion.suggestedCartons} />
              {differs && qty > 0 ? (
                // Why the owner orders other than suggested (optional), in the same row: "与建议不同" as its prompt.
                <span className="line-reason">
                  <label className="visually-hidden" htmlFor={`reason-${spec.id}`}>
                    {t('order.reasonLabel')}
                  </label>
                  <select id={`reason-${spec.id}`} className="select" value={reason ?? ''} onChange={(e) => setReason(spec.id, e.target.value as DeviationReason)}>
                    <option value="">{t('order.differsWhy')}</option>
                    {DEVIATION_REASONS.map((r) => (
                      <option key={r} value={r}>
                        {t(`order.reason.${r}`)}
                      </option>
                    ))}
                  </select>
                </span>
              ) : null}
            </>
          ) : null}
          {askCycleId !== null ? <AskButton context={{ about: 'order_line', cycleId: askCycleId, specId: spec.id }} label={spec.name} /> : null}
        </div>
      ) : null}
    </li>
  );
});

function ReadOnlyLines({ ctx }: { ctx: OrderingData }) {
  const { t } = useTranslation();
  const byId = new Map(ctx.catalogue.map((s) => [s.id, s]));
  if (!ctx.submittedLines.length) return null;
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{t('history.spec')}</th>
            <th scope="col" className="num">
              {t('history.requested')}
            </th>
            <th scope="col" className="num">
              {t('history.allocatedQty')}
            </th>
          </tr>
        </thead>
        <tbody>
          {ctx.submittedLines.map((l) => (
            <tr key={l.specId}>
              <td>{byId.get(l.specId)?.name ?? l.specId}</td>
              <td className="num">{l.qtyRequestedCartons}</td>
              <td className="num">{l.qtyAllocatedCartons ?? t('history.none')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
