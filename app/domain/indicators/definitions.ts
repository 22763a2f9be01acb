/**
 * The indicators of the staff page (DOMAIN.md), each a pure function of summed counts. A rate is null when its
 * denominator is 0 (nothing to measure), never 0 % or 100 % by accident.
 */
import type { Counts } from './counts';

export const INDICATOR_IDS = [
  'uploadRate',
  'orderSuccess',
  'notOrdered',
  'fulfilment',
  'capFill',
  'capBreadth',
  'suggestionMatch',
  'scarceCoverage',
  'newListing',
  'forecastAccuracy',
  'stockToSales',
  'coverDays',
  'stockoutRate',
  'openIssues',
  'sameDayFixRate',
  'answerHours',
] as const;

export type IndicatorId = (typeof INDICATOR_IDS)[number];

export function isIndicatorId(value: unknown): value is IndicatorId {
  return typeof value === 'string' && (INDICATOR_IDS as readonly string[]).includes(value);
}

/** How a value is shown: a share (0–1), a plain count, a ratio (×) or a number of days. */
export type IndicatorFormat = 'rate' | 'count' | 'ratio' | 'days' | 'hours';

export const INDICATOR_FORMAT: Record<IndicatorId, IndicatorFormat> = {
  uploadRate: 'rate',
  orderSuccess: 'rate',
  notOrdered: 'count',
  fulfilment: 'rate',
  capFill: 'rate',
  capBreadth: 'rate',
  suggestionMatch: 'rate',
  scarceCoverage: 'rate',
  newListing: 'rate',
  forecastAccuracy: 'rate',
  stockToSales: 'ratio',
  coverDays: 'days',
  stockoutRate: 'rate',
  openIssues: 'count',
  sameDayFixRate: 'rate',
  answerHours: 'hours',
};

/** Data-quality issues, which are read live (they are fixed outside the write paths that feed the roll-ups). */
export interface QualityCounts {
  /** Issues found in the period. */
  found: number;
  /** …of which fixed or explained on the (Asia/Shanghai) day they were found. */
  fixedSameDay: number;
  /** Open now. */
  open: number;
}

/** Retailers' questions answered in the period (issue 19), read live like the quality issues. */
export interface ServiceCounts {
  /** Questions answered (on an Asia/Shanghai day of the period). */
  answered: number;
  /** …and the whole minutes each took from asking to the answer, summed. */
  answerMinutes: number;
}

export interface PeriodCounts {
  /** Counts summed over every day of the period. */
  sum: Counts;
  /** Counts of the period's last day (closing stock is a level, not a flow). */
  closing: Counts;
  /** Days in the period (for average daily sales). */
  days: number;
  quality: QualityCounts;
  service: ServiceCounts;
}

export function ratio(numerator: number, denominator: number): number | null {
  return denominator > 0 ? numerator / denominator : null;
}

/** 1 − error ÷ base (match rate, forecast accuracy); null without a base. */
export function oneMinus(error: number, base: number): number | null {
  return base > 0 ? 1 - error / base : null;
}

/** 信息上传率 = retailer-days with a valid upload ÷ retailer-days required (a week is the mean of its days). */
export const uploadRate = (c: Counts) => ratio(c.uploaded, c.dueUpload);
/** 订单成功率 = retailers whose order was submitted and not failed ÷ retailers whose order day fell in the period. */
export const orderSuccess = (c: Counts) => ratio(c.orderedOk, c.dueOrder);
/** 未订货客户: due and without a successful order (none, draft, cancelled or failed). */
export const notOrdered = (c: Counts) => c.dueOrder - c.orderedOk;
/** 订单满足率 = Σ qtyAllocated ÷ Σ qtyRequested. */
export const fulfilment = (c: Counts) => ratio(c.fulAllocatedCartons, c.fulRequestedCartons);
/** 订足率 = Σ qtyRequested ÷ Σ cap over capped lines. */
export const capFill = (c: Counts) => ratio(c.capRequestedCartons, c.capCartons);
/** 订足面 = capped lines ordered to the full cap ÷ capped lines. */
export const capBreadth = (c: Counts) => ratio(c.capLinesFull, c.capLines);
/** 配货匹配率 = 1 − Σ|qtyRequested − suggested| ÷ Σ suggested. */
export const suggestionMatch = (c: Counts) => oneMinus(c.matchAbsDiffCartons, c.matchSuggestedCartons);
/** 紧俏品牌覆盖率 = retailers allocated ≥ 1 carton of a scarce spec ÷ retailers eligible for one. */
export const scarceCoverage = (c: Counts) => ratio(c.scarceCovered, c.scarceEligible);
/** 新品上柜率 = (retailer, new spec) allocated and sold within N days ÷ allocated. */
export const newListing = (c: Counts) => ratio(c.newListed, c.newAllocated);
/** 预测准确率 = 1 − Σ|forecast − actual| ÷ Σ actual. */
export const forecastAccuracy = (c: Counts) => oneMinus(c.fcAbsErrorPacks, c.fcActualPacks);
/**
 * 客户断货率 = (shop, spec) pairs out of stock ÷ pairs carried, as seen at the shops' stock counts (weekly, so a
 * week's figure is each counting shop's carried specs once).
 */
export const stockoutRate = (c: Counts) => ratio(c.stockoutPairs, c.carriedPairs);

/** 存销比 is stated per this many days of sales, whatever the period, so a day, a week and a month compare. */
export const STOCK_TO_SALES_DAYS = 7;

/**
 * 存销比 = closing stock ÷ a week's sales at the period's pace (the period's sales ÷ its days × 7), over the shops
 * whose stock is known: for a week it is closing stock ÷ that week's sales; a day and a month read on the same
 * scale (a day's raw stock ÷ sales would be about 7 times a week's, a month's about a quarter).
 */
export function stockToSales(p: Pick<PeriodCounts, 'sum' | 'closing' | 'days'>): number | null {
  if (p.days <= 0) return null;
  return ratio(p.closing.stockPacks, (p.sum.stockSalesPacks / p.days) * STOCK_TO_SALES_DAYS);
}

/** 周转天数 = closing stock ÷ average daily sales. */
export function coverDays(p: Pick<PeriodCounts, 'sum' | 'closing' | 'days'>): number | null {
  const daily = p.days > 0 ? p.sum.stockSalesPacks / p.days : 0;
  return ratio(p.closing.stockPacks, daily);
}

export const sameDayFixRate = (q: QualityCounts) => ratio(q.fixedSameDay, q.found);

/** 平均答复时长 = Σ minutes from question to answer ÷ questions answered, in hours (the shop's manager and station when it asked). */
export const answerHours = (s: ServiceCounts) => (s.answered > 0 ? s.answerMinutes / s.answered / 60 : null);

export type IndicatorValues = Record<IndicatorId, number | null>;

export function indicatorValues(p: PeriodCounts): IndicatorValues {
  const c = p.sum;
  return {
    uploadRate: uploadRate(c),
    orderSuccess: orderSuccess(c),
    notOrdered: notOrdered(c),
    fulfilment: fulfilment(c),
    capFill: capFill(c),
    capBreadth: capBreadth(c),
    suggestionMatch: suggestionMatch(c),
    scarceCoverage: scarceCoverage(c),
    newListing: newListing(c),
    forecastAccuracy: forecastAccuracy(c),
    stockToSales: stockToSales(p),
    coverDays: coverDays(p),
    stockoutRate: stockoutRate(c),
    openIssues: p.quality.open,
    sameDayFixRate: sameDayFixRate(p.quality),
    answerHours: answerHours(p.service),
  };
}

/** An indicator from one retailer's (or one list's) numerator and denominator, as a drill-down shows it. */
export function drillValue(id: IndicatorId, numerator: number, denominator: number, days: number): number | null {
  switch (id) {
    case 'suggestionMatch':
    case 'forecastAccuracy':
      return oneMinus(numerator, denominator);
    case 'coverDays':
      return days > 0 ? ratio(numerator, denominator / days) : null;
    case 'stockToSales':
      return days > 0 ? ratio(numerator, (denominator / days) * STOCK_TO_SALES_DAYS) : null;
    case 'openIssues':
    case 'notOrdered':
      return numerator;
    case 'answerHours':
      return answerHours({ answerMinutes: numerator, answered: denominator });
    default:
      return ratio(numerator, denominator);
  }
}
