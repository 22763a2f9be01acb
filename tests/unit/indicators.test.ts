import { describe, expect, it } from 'vitest';
import {
  addCounts,
  coverDays,
  emptyCounts,
  forecastCounts,
  indicatorValues,
  nextEmptyStreak,
  orderDayCounts,
  periodOf,
  previousPeriod,
  elapsed,
  dayCount,
  stockIsKnown,
  stockStep,
  stockToSales,
  subtractCounts,
  sumCounts,
  trendWindow,
  defaultAnchor,
  reportingPeriods,
  dimensionValue,
  drillValue,
  type Counts,
  type OrderLineFact,
} from '~/domain/indicators';

const line = (over: Partial<OrderLineFact>): OrderLineFact => ({
  requestedCartons: 1,
  capCartons: null,
  suggestedCartons: null,
  allocatedCartons: null,
  isScarce: false,
  isNew: false,
  soldSoonAfter: false,
  ...over,
});

const counts = (over: Partial<Counts>): Counts => ({ ...emptyCounts(), ...over });
const noQuality = { found: 0, fixedSameDay: 0, open: 0 };
const noService = { answered: 0, answerMinutes: 0 };

describe('order-day counts', () => {
  // A grade-12 shop orders three lines: a scarce spec capped at 3 (asked 3, got 2, suggested 2), an ordinary
  // spec (asked 5, got 5, suggested 4) and a new spec (asked 1, got 1, no suggestion, sold within 14 days);
  // it was also suggested 2 cartons of a spec it did not order.
  const lines = [
    line({ requestedCartons: 3, capCartons: 3, suggestedCartons: 2, allocatedCartons: 2, isScarce: true }),
    line({ requestedCartons: 5, suggestedCartons: 4, allocatedCartons: 5 }),
    line({ requestedCartons: 1, capCartons: 2, allocatedCartons: 1, isNew: true, soldSoonAfter: true }),
  ];

  it('counts a delivered order by hand', () => {
    const c = orderDayCounts({ status: 'delivered', lines, unorderedSuggestionsCartons: [2], scarceEligible: true });
    expect(c.dueOrder).toBe(1);
    expect(c.orderedOk).toBe(1);
    expect(c.orderFailed).toBe(0);
    // fulfilment: (2 + 5 + 1) / (3 + 5 + 1)
    expect([c.fulAllocatedCartons, c.fulRequestedCartons]).toEqual([8, 9]);
    // capped lines: scarce (3 of cap 3: full) and new (1 of cap 2)
    expect([c.capLines, c.capLinesFull, c.capRequestedCartons, c.capCartons]).toEqual([2, 1, 4, 5]);
    // match: |3−2| + |5−4| + |1−0| + the unordered suggestion 2 → 5 of 2 + 4 + 0 + 2 = 8
    expect([c.matchAbsDiffCartons, c.matchSuggestedCartons]).toEqual([5, 8]);
    expect([c.scarceEligible, c.scarceCovered]).toEqual([1, 1]);
    expect([c.newAllocated, c.newListed]).toEqual([1, 1]);
    const v = indicatorValues({ sum: c, closing: emptyCounts(), days: 1, quality: noQuality, service: noService });
    expect(v.fulfilment).toBeCloseTo(8 / 9);
    expect(v.capFill).toBeCloseTo(4 / 5);
    expect(v.capBreadth).toBeCloseTo(1 / 2);
    expect(v.suggestionMatch).toBeCloseTo(1 - 5 / 8);
    expect(v.orderSuccess).toBe(1);
    expect(v.notOrdered).toBe(0);
  });

  it('a failed, cancelled or missing order is due but not successful and contributes no lines', () => {
    for (const status of ['failed', 'cancelled', 'draft', null]) {
      const c = orderDayCounts({ status, lines, unorderedSuggestionsCartons: [2], scarceEligible: true });
      expect(c).toEqual(counts({ dueOrder: 1, orderFailed: status === 'failed' ? 1 : 0, scarceEligible: 1 }));
    }
  });

  it('a submitted order not yet allocated has no fulfilment and no scarce coverage yet', () => {
    const c = orderDayCounts({ status: 'submitted', lines: lines.map((l) => ({ ...l, allocatedCartons: null })), unorderedSuggestionsCartons: [], scarceEligible: true });
    expect([c.fulRequestedCartons, c.scarceCovered, c.newAllocated]).toEqual([0, 0, 0]);
    expect(c.capLines).toBe(2);
  });

  it('coverage needs eligibility: a shop whose grade has no scarce cap is neither counted nor covered', () => {
    const c = orderDayCounts({ status: 'allocated', lines, unorderedSuggestionsCartons: [], scarceEligible: false });
    expect([c.scarceEligible, c.scarceCovered]).toEqual([0, 0]);
  });
});

describe('not-ordered streaks', () => {
  it('counts empty cycles in a row and resets on an order', () => {
    const oks = [true, false, false, false, true, false];
    const streaks: number[] = [];
    let s = 0;
    for (const ok of oks) streaks.push((s = nextEmptyStreak(s, ok)));
    expect(streaks).toEqual([0, 1, 2, 3, 0, 1]);
  });
});

describe('forecast counts', () => {
  it('rounds each forecast to whole packs and sums absolute errors', () => {
    // 10.4 → 10 vs 12: 2; 3.6 → 4 vs 1: 3
    expect(forecastCounts([{ specId: 1, forecastPacks: 10.4, actualPacks: 12 }, { specId: 2, forecastPacks: 3.6, actualPacks: 1 }])).toEqual({ fcAbsErrorPacks: 5, fcActualPacks: 13 });
    const v = indicatorValues({ sum: counts({ fcAbsErrorPacks: 5, fcActualPacks: 13 }), closing: emptyCounts(), days: 7, quality: noQuality, service: noService });
    expect(v.forecastAccuracy).toBeCloseTo(8 / 13);
  });
  it('is empty without pairs', () => {
    expect(forecastCounts([])).toEqual({ fcAbsErrorPacks: 0, fcActualPacks: 0 });
  });
});

describe('stock estimate', () => {
  it('rolls a morning count forward with receipts and sales', () => {
    let s = stockStep(null, '2026-11-02', null, 0, 3);
    expect(s).toEqual({ stockPacks: 0, countDay: null });
    s = stockStep(s, '2026-11-03', 40, 0, 5); // count 40 in the morning, sold 5
    expect(s).toEqual({ stockPacks: 35, countDay: '2026-11-03' });
    s = stockStep(s, '2026-11-04', null, 100, 7);
    expect(s).toEqual({ stockPacks: 128, countDay: '2026-11-03' });
    expect(stockIsKnown(s, '2026-11-04')).toBe(true);
    expect(stockIsKnown(s, '2026-12-08')).toBe(true); // 35 days
    expect(stockIsKnown(s, '2026-12-09')).toBe(false);
  });

  it('stock-to-sales and days of cover over a week', () => {
    // Closing stock 140 packs, 70 packs sold over 7 days → 2.0 and 14 days.
    const p = { sum: counts({ stockSalesPacks: 70 }), closing: counts({ stockPacks: 140 }), days: 7 };
    expect(stockToSales(p)).toBe(2);
    expect(coverDays(p)).toBe(14);
    expect(stockToSales({ sum: emptyCounts(), closing: counts({ stockPacks: 5 }), days: 7 })).toBeNull();
  });

  it('stock-to-sales reads on one scale for a day, a week and a month (a week of sales at the period’s pace)', () => {
    // The same shop, selling 10 packs a day with 140 on the shelf: 2.0 whatever the period.
    const at = (days: number) => stockToSales({ sum: counts({ stockSalesPacks: 10 * days }), closing: counts({ stockPacks: 140 }), days });
    expect(at(1)).toBe(2);
    expect(at(7)).toBe(2);
    expect(at(30)).toBeCloseTo(2, 12);
    expect(drillValue('stockToSales', 140, 300, 30)).toBeCloseTo(2, 12);
  });
});

describe('rates', () => {
  it('upload rate, stock-out rate and same-day fix rate by hand; null without a denominator', () => {
    const v = indicatorValues({
      sum: counts({ dueUpload: 8, uploaded: 6, carriedPairs: 4, stockoutPairs: 1 }),
      closing: emptyCounts(),
      days: 1,
      quality: { found: 5, fixedSameDay: 2, open: 7 },
      service: { answered: 4, answerMinutes: 300 },
    });
    // 平均答复时长: 300 minutes over 4 answers = 1.25 hours; the drill-down's sums read the same.
    expect(v.answerHours).toBe(1.25);
    expect(drillValue('answerHours', 300, 4, 1)).toBe(1.25);
    expect(indicatorValues({ sum: emptyCounts(), closing: emptyCounts(), days: 1, quality: noQuality, service: noService }).answerHours).toBeNull();
    expect(v.uploadRate).toBe(0.75);
    expect(v.stockoutRate).toBe(0.25);
    expect(v.sameDayFixRate).toBe(0.4);
    expect(v.openIssues).toBe(7);
    expect(v.orderSuccess).toBeNull();
    expect(v.fulfilment).toBeNull();
    expect(v.newListing).toBeNull();
  });

  it('a week is the sum of its days', () => {
    const mon = counts({ dueUpload: 10, uploaded: 9, dueOrder: 3, orderedOk: 2 });
    const tue = counts({ dueUpload: 10, uploaded: 7, dueOrder: 4, orderedOk: 4 });
    const week = sumCounts([mon, tue]);
    expect(week).toEqual(addCounts(mon, tue));
    expect(indicatorValues({ sum: week, closing: tue, days: 2, quality: noQuality, service: noService }).uploadRate).toBe(0.8);
    expect(indicatorValues({ sum: week, closing: tue, days: 2, quality: noQuality, service: noService }).notOrdered).toBe(1);
    expect(subtractCounts(week, tue)).toEqual(mon);
  });

  it('sums database rows whose numbers arrive as strings', () => {
    expect(sumCounts([{ uploaded: '3' }, { uploaded: 2, dueUpload: null }]).uploaded).toBe(5);
  });
});

describe('periods', () => {
  it('day, ISO week and month, each with the one before', () => {
    expect(periodOf('day', '2026-11-23')).toEqual({ kind: 'day', from: '2026-11-23', to: '2026-11-23' });
    expect(periodOf('week', '2026-11-26')).toEqual({ kind: 'week', from: '2026-11-23', to: '2026-11-29' });
    expect(previousPeriod(periodOf('week', '2026-11-26'))).toEqual({ kind: 'week', from: '2026-11-16', to: '2026-11-22' });
    expect(periodOf('month', '2026-02-10')).toEqual({ kind: 'month', from: '2026-02-01', to: '2026-02-28' });
    expect(previousPeriod(periodOf('month', '2026-01-15'))).toEqual({ kind: 'month', from: '2025-12-01', to: '2025-12-31' });
    expect(periodOf('month', '2028-02-03').to).toBe('2028-02-29');
  });
  it('cuts a running period at today', () => {
    const p = periodOf('week', '2026-11-25');
    expect(elapsed(p, '2026-11-25')).toEqual({ kind: 'week', from: '2026-11-23', to: '2026-11-25' });
    expect(dayCount(elapsed(p, '2026-11-25')!)).toBe(3);
    expect(elapsed(p, '2026-11-20')).toBeNull();
    // The trend ends yesterday: today's unfinished day would read as a drop.
    expect(trendWindow('2026-11-23')).toEqual({ from: '2026-08-25', to: '2026-11-22' });
  });
  it('shows complete periods by default; a running one is its complete days, beside as many days before', () => {
    // Monday 2026-12-07: yesterday is a Sunday without order days, so the day shown is Saturday's (the latest with).
    expect(defaultAnchor('day', '2026-12-07', '2026-12-05')).toBe('2026-12-05');
    expect(defaultAnchor('day', '2026-12-07', null)).toBe('2026-12-06');
    expect(defaultAnchor('week', '2026-12-07')).toBe('2026-12-06');
    expect(defaultAnchor('week', '2026-12-09', null)).toBe('2026-12-06');
    expect(defaultAnchor('month', '2026-12-07', null)).toBe('2026-11-30');
    const whole = reportingPeriods('week', '2026-12-06', '2026-12-07');
    expect(whole).toEqual({ full: periodOf('week', '2026-12-06'), current: periodOf('week', '2026-12-06'), previous: periodOf('week', '2026-11-29'), running: false });
    // Month to date on 7 December: 1–6 December against 1–6 November; today is never measured.
    const mtd = reportingPeriods('month', '2026-12-07', '2026-12-07');
    expect(mtd.running).toBe(true);
    expect(mtd.current).toEqual({ kind: 'month', from: '2026-12-01', to: '2026-12-06' });
    expect(mtd.previous).toEqual({ kind: 'month', from: '2026-11-01', to: '2026-11-06' });
    // A running March of 31 days to date against a February of 28: the whole February.
    expect(reportingPeriods('month', '2027-03-31', '2027-04-01').running).toBe(false);
    expect(reportingPeriods('month', '2027-03-30', '2027-03-31').previous).toEqual({ kind: 'month', from: '2027-02-01', to: '2027-02-28' });
    // Today asked for reads as yesterday.
    expect(reportingPeriods('day', '2026-12-07', '2026-12-07').current).toEqual({ kind: 'day', from: '2026-12-06', to: '2026-12-06' });
  });
  it('rejects a non-day', () => {
    expect(() => periodOf('day', '2026-02-30')).toThrow(RangeError);
  });
});

describe('dimensions', () => {
  it('names a retailer’s value in each breakdown', () => {
    const r = { stationId: 2, managerId: 7, businessType: 'grocery', marketType: 'rural', grade: 12 };
    expect(['county', 'station', 'manager', 'businessType', 'marketType', 'grade'].map((d) => dimensionValue(d as never, r))).toEqual(['all', '2', '7', 'grocery', 'rural', '12']);
  });
});

describe('drill-down values', () => {
  it('reads one retailer’s numbers the way the page reads the totals', () => {
    expect(drillValue('uploadRate', 6, 7, 7)).toBeCloseTo(6 / 7);
    expect(drillValue('suggestionMatch', 2, 8, 7)).toBe(0.75);
    expect(drillValue('forecastAccuracy', 5, 0, 7)).toBeNull();
    expect(drillValue('coverDays', 140, 70, 7)).toBe(14);
    expect(drillValue('openIssues', 3, 3, 1)).toBe(3);
  });
});
