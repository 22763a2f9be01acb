/**
 * The additive counts every monitoring indicator is built from. One set per retailer and day; sums of them
 * per dimension value and day; sums of those over a period. Keeping only sums (never ratios) is what lets a
 * week be the sum of its days and a station the sum of its retailers, so all figures agree with each other.
 */
export const COUNT_KEYS = [
  /** 信息上传率: the retailer had to upload sales for the day (active, online distribution). */
  'dueUpload',
  /** …and did (a sales upload for that business day). */
  'uploaded',
  /** 订单成功率: the retailer's order day of a cycle fell on this day (active retailers). */
  'dueOrder',
  /** …and its order for the cycle was submitted and not failed (submitted, allocated, confirmed, delivered). */
  'orderedOk',
  /** …its order failed (扣款失败 …). */
  'orderFailed',
  /** 未订货: due, not ordered, and the second (or later) empty cycle in a row. */
  'notOrderedStreak2',
  /** 订单满足率: Σ qtyRequested and Σ qtyAllocated over allocated lines of successful orders. */
  'fulRequestedCartons',
  'fulAllocatedCartons',
  /** 订足率 / 订足面: capped lines of successful orders, those ordered to the full cap, Σ requested, Σ cap. */
  'capLines',
  'capLinesFull',
  'capRequestedCartons',
  'capCartons',
  /** 配货匹配率: Σ|qtyRequested − suggested| and Σ suggested over lines with a suggestion or an order. */
  'matchAbsDiffCartons',
  'matchSuggestedCartons',
  /** 紧俏品牌覆盖率: retailer-cycles eligible for a scarce spec (cap > 0 for its grade), and allocated ≥ 1 carton. */
  'scarceEligible',
  'scarceCovered',
  /** 新品上柜率: (retailer, new spec) pairs allocated ≥ 1 carton, and of those sold within N days. */
  'newAllocated',
  'newListed',
  /** 预测准确率: Σ|forecast − actual| and Σ actual over (shop, spec) pairs of the cycle. */
  'fcAbsErrorPacks',
  'fcActualPacks',
  /** Packs sold that day. */
  'salesPacks',
  /** 存销比: 1 when the retailer's stock is known that day (a count in the last STOCK_KNOWN_DAYS days). */
  'stockKnown',
  /** …its estimated closing stock (count rolled forward with receipts and sales), and that day's sales. */
  'stockPacks',
  'stockSalesPacks',
  /**
   * 客户断货率, per (shop, spec) pair at the day's stock count: specs the shop carries (on the shelf, or sold
   * in the CARRIED_SALES_DAYS before the count), and those of them counted at 0 packs.
   */
  'carriedPairs',
  'stockoutPairs',
] as const;

export type CountKey = (typeof COUNT_KEYS)[number];
export type Counts = Record<CountKey, number>;

const ZERO = Object.freeze(Object.fromEntries(COUNT_KEYS.map((k) => [k, 0])) as Counts);

export function emptyCounts(): Counts {
  // A spread of a frozen template: this runs once per retailer-day in the roll-up build.
  return { ...ZERO };
}

/** a + b, as a new object. */
export function addCounts(a: Counts, b: Counts): Counts {
  const out = emptyCounts();
  for (const k of COUNT_KEYS) out[k] = a[k] + b[k];
  return out;
}

/** a − b, as a new object. */
export function subtractCounts(a: Counts, b: Counts): Counts {
  const out = emptyCounts();
  for (const k of COUNT_KEYS) out[k] = a[k] - b[k];
  return out;
}

export function isZero(c: Counts): boolean {
  return COUNT_KEYS.every((k) => c[k] === 0);
}

/** Sums rows (any objects carrying the count keys; numbers from a database may arrive as strings). */
export function sumCounts(rows: Iterable<Partial<Record<CountKey, number | string | null>>>): Counts {
  const out = emptyCounts();
  for (const r of rows) for (const k of COUNT_KEYS) out[k] += Number(r[k] ?? 0);
  return out;
}
