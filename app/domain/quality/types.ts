/**
 * Data-quality checks (扫码错误必改正、库存误差必修改): pure functions over one shop's recorded data.
 * Conventions (see db/seed/README.md): stock counts are taken on a day's morning before trade, so between
 * counts on days D1 < D2:  count(D2) = count(D1) + Σ receipts[D1, D2) − Σ sales[D1, D2).
 */

export type QualityIssueKind =
  /** 库存误差: a count differs from the previous count rolled forward by more than the tolerance. */
  | 'stock_discrepancy'
  /** Stock derived from the last count, receipts and sales goes below zero. */
  | 'negative_stock'
  /** Sales of a spec the shop has never received (no receipt, no count > 0 before). */
  | 'sales_never_received'
  /** A day's quantity about 10× what the shop usually records for that spec (packs typed as cartons). */
  | 'looks_times_ten'
  /** A day's total sales far outside the shop's usual range. */
  | 'outlier_day'
  /** An upload row whose barcode matches no spec. */
  | 'unknown_barcode'
  /** A delivered line the shop says did not arrive as allocated. */
  | 'delivery_mismatch';

export interface DayQty {
  specId: number;
  day: string;
  qtyPacks: number;
}

export interface StockCountSnapshot {
  /** ISO UTC instant. */
  countedAt: string;
  /** Asia/Shanghai day of the count. */
  day: string;
  lines: Array<{ specId: number; qtyPacks: number }>;
}

export interface ShopHistory {
  sales: DayQty[];
  receipts: DayQty[];
  /** Oldest first. */
  counts: StockCountSnapshot[];
}

export interface QualityIssue {
  kind: QualityIssueKind;
  /** null for shop-level issues (an outlier day's total). */
  specId: number | null;
  /** The day the issue is about ('YYYY-MM-DD'). */
  day: string;
  /** The numbers behind it, for the explanation and the one-step fix (e.g. expected vs counted packs). */
  detail: Record<string, number | string | null>;
}

export interface QualityOptions {
  /** Stock identity tolerance in packs (absolute); default 2. */
  tolerancePacks?: number;
  /** Only issues on or after this day are reported (checks still read older history for context). */
  fromDay?: string;
}
