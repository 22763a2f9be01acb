/**
 * The order list on a phone (issue 16, item 3), pure: the shop's frequent specs first, and the review of what a
 * submit will send, each line marked against the order it is compared with (the order already submitted this
 * cycle, else the shop's last order).
 */

export interface CartonLine {
  specId: number;
  qtyCartons: number;
}

/**
 * The specs in the order the list shows them: those the shop orders most often first (in `frequent`'s order,
 * most often first), then the rest as they came. Stable: a quantity typed never moves a line.
 */
export function frequentFirst<S extends { id: number }>(specs: readonly S[], frequent: readonly number[]): S[] {
  const rank = new Map(frequent.map((id, i) => [id, i]));
  return specs
    .map((spec, i) => ({ spec, key: rank.get(spec.id) ?? frequent.length + i }))
    .sort((a, b) => a.key - b.key)
    .map((x) => x.spec);
}

export type ReviewMark = 'new' | 'more' | 'fewer' | 'same';

export interface ReviewLine extends CartonLine {
  /** Cartons in the order compared with; null when it did not have the spec. */
  baselineCartons: number | null;
  mark: ReviewMark;
}

export interface OrderReview {
  /** What will be submitted: changed lines first (new, more, fewer), then the unchanged ones, each in cart order. */
  lines: ReviewLine[];
  /** Specs of the order compared with that will not be ordered now. */
  dropped: Array<{ specId: number; baselineCartons: number }>;
  /** Lines that differ from the order compared with, dropped ones included (0 with nothing to compare with). */
  changedCount: number;
}

const MARK_ORDER: Record<ReviewMark, number> = { new: 0, more: 1, fewer: 2, same: 3 };

/** The cart (lines of 0 left out) against `baseline`; with no baseline every line is new and nothing counts as changed. */
export function reviewOrder(cart: readonly CartonLine[], baseline: readonly CartonLine[] | null): OrderReview {
  const before = new Map((baseline ?? []).filter((l) => l.qtyCartons > 0).map((l) => [l.specId, l.qtyCartons]));
  const wanted = cart.filter((l) => l.qtyCartons > 0);
  const inCart = new Set(wanted.map((l) => l.specId));
  const lines = wanted
    .map((l, i): ReviewLine & { i: number } => {
      const was = before.get(l.specId) ?? null;
      const mark: ReviewMark = was === null ? 'new' : l.qtyCartons > was ? 'more' : l.qtyCartons < was ? 'fewer' : 'same';
      return { specId: l.specId, qtyCartons: l.qtyCartons, baselineCartons: was, mark, i };
    })
    .sort((a, b) => MARK_ORDER[a.mark] - MARK_ORDER[b.mark] || a.i - b.i)
    .map(({ i: _i, ...line }) => line);
  const dropped = [...before].filter(([specId]) => !inCart.has(specId)).map(([specId, baselineCartons]) => ({ specId, baselineCartons }));
  const changedCount = baseline ? lines.filter((l) => l.mark !== 'same').length + dropped.length : 0;
  return { lines, dropped, changedCount };
}

/** True when the cart is exactly the submitted order (nothing to submit again). */
export function sameLines(cart: readonly CartonLine[], submitted: readonly CartonLine[]): boolean {
  const review = reviewOrder(cart, submitted);
  return review.dropped.length === 0 && review.lines.every((l) => l.mark === 'same') && review.lines.length === submitted.filter((l) => l.qtyCartons > 0).length;
}
