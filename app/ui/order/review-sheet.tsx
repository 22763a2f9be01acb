/**
 * Before a submit: what will be submitted, each line marked against the order it is compared with (the order
 * submitted this cycle, else the shop's last order: app/domain/order-list.ts reviewOrder), the specs dropped, the
 * totals and a deposit shortfall, with the one button that submits. A modal dialog sheet at the bottom of the
 * screen: the page behind it is inert, Esc or "back" closes it.
 */
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { reviewOrder, type CartonLine, type ReviewLine } from '~/domain/order-list';
import type { CatalogueSpec } from '~/domain/ordering-context';
import { formatMoney } from '../format';

export function ReviewSheet({
  lines,
  baseline,
  specsById,
  summary,
  totalAmountFen,
  shortfallFen,
  resubmit,
  onConfirm,
  onClose,
}: {
  lines: CartonLine[];
  baseline: { lines: CartonLine[]; label: string } | null;
  specsById: Map<number, CatalogueSpec>;
  summary: string;
  totalAmountFen: number;
  shortfallFen: number;
  resubmit: boolean;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);
  const review = reviewOrder(lines, baseline?.lines ?? null);
  const name = (specId: number) => specsById.get(specId)?.name ?? String(specId);
  const mark = (l: ReviewLine) =>
    !baseline || l.mark === 'same'
      ? null
      : l.mark === 'new'
        ? t('order.review.new')
        : t(l.mark === 'more' ? 'order.review.more' : 'order.review.fewer', { count: Math.abs(l.qtyCartons - (l.baselineCartons ?? 0)), was: l.baselineCartons });
  return (
    <dialog ref={dialog} className="review-sheet" aria-labelledby="review-title" onClose={onClose} onCancel={onClose}>
      <h2 id="review-title">{resubmit ? t('order.review.titleChanges') : t('order.review.title')}</h2>
      <p className="muted review-against">
        {baseline ? (review.changedCount ? t('order.review.changed', { count: review.changedCount, against: baseline.label }) : t('order.review.noChange', { against: baseline.label })) : t('order.review.firstOrder')}
      </p>
      <ul className="review-lines">
        {review.lines.map((l) => {
          const m = mark(l);
          return (
            <li key={l.specId} className={m ? 'changed' : undefined}>
              <span className="review-name">{name(l.specId)}</span>
              <strong className="review-qty">{t('order.review.qty', { count: l.qtyCartons })}</strong>
              {m ? <span className="badge warn review-mark">{m}</span> : null}
            </li>
          );
        })}
        {review.dropped.map((d) => (
          <li key={`dropped-${d.specId}`} className="changed dropped">
            <span className="review-name">{name(d.specId)}</span>
            <strong className="review-qty">{t('order.review.qty', { count: 0 })}</strong>
            <span className="badge warn review-mark">{t('order.review.dropped', { was: d.baselineCartons })}</span>
          </li>
        ))}
      </ul>
      <p className="review-total">
        <strong>{summary}</strong> · {t('order.amount', { amount: formatMoney(totalAmountFen, t) })}
      </p>
      {shortfallFen > 0 ? <p className="form-error">{t('order.balanceLow', { amount: formatMoney(shortfallFen, t) })}</p> : null}
      <div className="review-actions">
        <button type="button" className="button" onClick={onConfirm}>
          {resubmit ? t('order.review.confirmChanges') : t('order.review.confirm')}
        </button>
        <button type="button" className="button secondary" onClick={onClose}>
          {t('order.review.back')}
        </button>
      </div>
    </dialog>
  );
}
