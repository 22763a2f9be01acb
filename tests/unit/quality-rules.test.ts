/**
 * Each data-quality rule on small crafted histories, with the exact issues expected. Days are written as
 * offsets from a Monday (d(0), d(1) …); counts are taken at 08:00 Asia/Shanghai, before the day's trade.
 */
import { describe, expect, it } from 'vitest';
import { checkShop, qualityIssueKey } from '~/domain/quality';
import { prepareHistory } from '~/domain/quality/history';
import { findNegativeStockEpisodes } from '~/domain/quality/negative-stock';
import type { DayQty, QualityIssue, ShopHistory } from '~/domain/quality/types';
import { addDays, shanghaiToInstant } from '~/domain/time';

const START = '2026-09-07';
const d = (offset: number) => addDays(START, offset);

type Flow = [specId: number, dayOffset: number, qtyPacks: number];
type Count = [dayOffset: number, lines: Record<number, number>, localTime?: string];

function shop(parts: { sales?: Flow[]; receipts?: Flow[]; counts?: Count[] }): ShopHistory {
  const toDayQty = ([specId, offset, qtyPacks]: Flow): DayQty => ({ specId, day: d(offset), qtyPacks });
  return {
    sales: (parts.sales ?? []).map(toDayQty),
    receipts: (parts.receipts ?? []).map(toDayQty),
    counts: (parts.counts ?? []).map(([offset, lines, localTime]) => ({
      countedAt: shanghaiToInstant(d(offset), localTime ?? '08:00:00'),
      day: d(offset),
      lines: Object.entries(lines).map(([specId, qtyPacks]) => ({ specId: Number(specId), qtyPacks })),
    })),
  };
}

/** One spec's sales on consecutive days from `fromOffset`. */
function daily(specId: number, fromOffset: number, quantities: number[]): Flow[] {
  return quantities.map((qty, i) => [specId, fromOffset + i, qty]);
}

const kinds = (issues: QualityIssue[]) => issues.map((i) => `${i.kind}@${i.day}:${i.specId ?? '-'}`);

describe('stock_discrepancy (库存误差)', () => {
  // 20 counted, 20 received on day 2, 3 sold a day for a week ⇒ 19 expected on the next order day.
  const week = (counted: number) =>
    shop({ counts: [[0, { 1: 20 }], [7, { 1: counted }]], receipts: [[1, 2, 20]], sales: daily(1, 0, [3, 3, 3, 3, 3, 3, 3]) });

  it('is silent when the identity holds, and reports the gap with the numbers behind it', () => {
    expect(checkShop(week(19))).toEqual([]);
    expect(checkShop(week(24))).toEqual([
      {
        kind: 'stock_discrepancy',
        specId: 1,
        day: d(7),
        detail: { previousCountDay: d(0), previousQtyPacks: 20, receiptsPacks: 20, salesPacks: 21, expectedQtyPacks: 19, countedQtyPacks: 24, differencePacks: 5 },
      },
    ]);
  });

  it('tolerates up to tolerancePacks (default 2) either way', () => {
    expect(checkShop(week(21))).toEqual([]);
    expect(checkShop(week(17))).toEqual([]);
    expect(kinds(checkShop(week(16)))).toEqual([`stock_discrepancy@${d(7)}:1`]);
    expect(checkShop(week(16))[0]!.detail.differencePacks).toBe(-3);
    expect(checkShop(week(16), { tolerancePacks: 3 })).toEqual([]);
    expect(kinds(checkShop(week(20), { tolerancePacks: 0 }))).toEqual([`stock_discrepancy@${d(7)}:1`]);
  });

  it('puts a receipt on a count day after that morning’s count', () => {
    const history = shop({ counts: [[0, { 1: 10 }], [7, { 1: 10 }], [14, { 1: 20 }]], receipts: [[1, 7, 10]] });
    expect(checkShop(history)).toEqual([]);
  });

  it('passes over a count that does not list the spec: not counted, never read as 0', () => {
    const counts: Count[] = [[0, { 1: 10, 2: 5 }], [7, { 2: 5 }], [14, { 1: 4, 2: 5 }]];
    expect(checkShop(shop({ counts, sales: [[1, 3, 6]] }))).toEqual([]);
    const off = checkShop(shop({ counts: [counts[0]!, counts[1]!, [14, { 1: 9, 2: 5 }]], sales: [[1, 3, 6]] }));
    expect(off).toHaveLength(1);
    expect(off[0]).toMatchObject({ kind: 'stock_discrepancy', specId: 1, day: d(14), detail: { previousCountDay: d(0), expectedQtyPacks: 4, differencePacks: 5 } });
  });

  it('reports one wrong count once, on its own day, not again on the correct count after it', () => {
    // Truth: 30, 16, 2 (2 sold a day). The middle count reads 21.
    const sales = daily(1, 0, Array<number>(14).fill(2));
    const issues = checkShop(shop({ counts: [[0, { 1: 30 }], [7, { 1: 21 }], [14, { 1: 2 }]], sales }));
    expect(kinds(issues)).toEqual([`stock_discrepancy@${d(7)}:1`]);
    expect(issues[0]!.detail).toMatchObject({ expectedQtyPacks: 16, countedQtyPacks: 21, differencePacks: 5 });
  });

  it('cannot judge a wrong first count by itself: the pair after it is reported, on the next count', () => {
    const sales = daily(1, 0, Array<number>(14).fill(2));
    const issues = checkShop(shop({ counts: [[0, { 1: 35 }], [7, { 1: 16 }], [14, { 1: 2 }]], sales }));
    expect(kinds(issues)).toEqual([`stock_discrepancy@${d(7)}:1`]);
    expect(issues[0]!.detail.differencePacks).toBe(-5);
  });

  it('reports two real losses in a row, both', () => {
    // 1 sold a day; 4 packs go missing in each week.
    const sales = daily(1, 0, Array<number>(14).fill(1));
    const issues = checkShop(shop({ counts: [[0, { 1: 30 }], [7, { 1: 19 }], [14, { 1: 8 }]], sales }));
    expect(kinds(issues)).toEqual([`stock_discrepancy@${d(7)}:1`, `stock_discrepancy@${d(14)}:1`]);
    expect(issues.map((i) => i.detail.differencePacks)).toEqual([-4, -4]);
  });

  it('lets a recount the same morning replace the earlier count', () => {
    const sales = daily(1, 0, Array<number>(7).fill(1));
    expect(checkShop(shop({ counts: [[0, { 1: 30 }], [7, { 1: 50 }, '07:40:00'], [7, { 1: 23 }, '08:20:00']], sales }))).toEqual([]);
  });
});

describe('negative_stock', () => {
  it('reports each episode once, on its first negative day, from the count it starts from', () => {
    // 5 counted; 2+2+2 sold ⇒ −1 at the end of day 2, −2 after day 3; 20 arrive on day 4 ⇒ 18; 10+10 ⇒ −2 on day 9.
    const history = shop({
      counts: [[0, { 1: 5 }]],
      sales: [[1, 0, 2], [1, 1, 2], [1, 2, 2], [1, 3, 1], [1, 8, 10], [1, 9, 10]],
      receipts: [[1, 4, 20]],
    });
    expect(checkShop(history)).toEqual([
      { kind: 'negative_stock', specId: 1, day: d(2), detail: { derivedQtyPacks: -1, fromCountDay: d(0) } },
      { kind: 'negative_stock', specId: 1, day: d(9), detail: { derivedQtyPacks: -2, fromCountDay: d(0) } },
    ]);
  });

  it('starts again from each new count of the spec', () => {
    const history = shop({ counts: [[0, { 1: 1 }], [3, { 1: 0 }]], sales: [[1, 1, 1], [1, 2, 1], [1, 4, 1]] });
    // Day 2: 1 − 1 − 1 = −1. The count on day 3 (0) ends that episode; day 4 sells one more ⇒ a new one.
    expect(checkShop(history).filter((i) => i.kind === 'negative_stock')).toEqual([
      { kind: 'negative_stock', specId: 1, day: d(2), detail: { derivedQtyPacks: -1, fromCountDay: d(0) } },
      { kind: 'negative_stock', specId: 1, day: d(4), detail: { derivedQtyPacks: -1, fromCountDay: d(3) } },
    ]);
  });

  it('does not judge days before the spec’s first count (the opening stock is unknown)', () => {
    const history = shop({ counts: [[3, { 1: 4 }]], sales: daily(1, 0, [2, 2, 2, 2, 2]) });
    expect(checkShop(history)).toEqual([]);
  });
});

describe('sales_never_received', () => {
  it('flags a spec sold after a count that did not list it, with no receipt before', () => {
    const history = shop({ counts: [[0, { 1: 10 }]], sales: [[1, 1, 2], [2, 3, 2], [2, 4, 1]] });
    expect(checkShop(history)).toEqual([
      { kind: 'sales_never_received', specId: 2, day: d(3), detail: { salesPacks: 2, evidenceCountDay: d(0), evidenceCountQtyPacks: null } },
    ]);
  });

  it('takes a count of 0 as evidence too, and leaves the negative stock it causes to this issue', () => {
    const history = shop({ counts: [[0, { 1: 10, 2: 0 }]], sales: [[2, 3, 2]] });
    expect(findNegativeStockEpisodes(prepareHistory(history))).toHaveLength(1);
    expect(checkShop(history)).toEqual([
      { kind: 'sales_never_received', specId: 2, day: d(3), detail: { salesPacks: 2, evidenceCountDay: d(0), evidenceCountQtyPacks: 0 } },
    ]);
  });

  it('stays silent on a shop’s first recorded days: a sale before any count shows the shop had the spec', () => {
    const history = shop({ counts: [[2, { 1: 10 }]], sales: [[2, 0, 1], [2, 5, 1]] });
    expect(checkShop(history)).toEqual([]);
  });

  it('accepts a receipt on or before the sale day, but not one after it', () => {
    const counts: Count[] = [[0, { 1: 10 }]];
    expect(checkShop(shop({ counts, receipts: [[2, 3, 10]], sales: [[2, 3, 2]] }))).toEqual([]);
    expect(checkShop(shop({ counts, receipts: [[2, 1, 10]], sales: [[2, 3, 2]] }))).toEqual([]);
    expect(kinds(checkShop(shop({ counts, receipts: [[2, 4, 10]], sales: [[2, 3, 2]] })))).toEqual([`sales_never_received@${d(3)}:2`]);
  });

  it('is not about running out: a spec once counted above zero is a negative-stock matter', () => {
    const history = shop({ counts: [[0, { 1: 10, 2: 3 }], [7, { 1: 10, 2: 0 }]], sales: [[2, 2, 3], [2, 8, 1]] });
    expect(kinds(checkShop(history))).toEqual([`negative_stock@${d(8)}:2`]);
  });

  it('needs a count with lines: no counts at all, or an empty one, cannot show what the shop lacked', () => {
    expect(checkShop(shop({ sales: [[2, 3, 2]] }))).toEqual([]);
    expect(checkShop(shop({ counts: [[0, {}]], sales: [[2, 3, 2]] }))).toEqual([]);
  });
});

describe('looks_times_ten (packs typed as cartons)', () => {
  const steady = [3, 2, 3, 4, 3, 2, 3, 3];
  const withDay8 = (qty: number) => daily(1, 0, [...steady, qty, 3]);

  it('flags a sales day ten times the spec’s typical day and suggests ÷ 10', () => {
    expect(checkShop(shop({ sales: withDay8(30) }))).toEqual([
      { kind: 'looks_times_ten', specId: 1, day: d(8), detail: { flow: 'sales', recordedQtyPacks: 30, typicalQtyPacks: 3, suggestedQtyPacks: 3 } },
    ]);
  });

  it('needs a multiple of 10, at least 8 × the typical day, ÷ 10 believable, and 5 other days to know the spec', () => {
    expect(checkShop(shop({ sales: withDay8(31) }))).toEqual([]);
    expect(checkShop(shop({ sales: withDay8(20) }))).toEqual([]);
    expect(checkShop(shop({ sales: withDay8(1000) }))).toEqual([]);
    expect(checkShop(shop({ sales: daily(1, 0, [3, 2, 3, 3, 30]) }))).toEqual([]);
    expect(kinds(checkShop(shop({ sales: daily(1, 0, [3, 2, 3, 3, 2, 30]) })))).toEqual([`looks_times_ten@${d(5)}:1`]);
  });

  it('believes a big day that the count after it confirms (a customer bought a whole carton)', () => {
    const sold = [...steady, 30, 3].reduce((a, b) => a + b, 0);
    expect(checkShop(shop({ counts: [[0, { 1: 100 }], [10, { 1: 100 - sold }]], sales: withDay8(30) }))).toEqual([]);
  });

  it('is confirmed by the count after it when the ×10 was a typo; the 库存误差 is reported too, the negative stock is not', () => {
    const trulySold = [...steady, 3, 3].reduce((a, b) => a + b, 0); // 29
    const history = shop({ counts: [[0, { 1: 30 }], [10, { 1: 30 - trulySold }]], sales: withDay8(30) });
    // Recorded: 23 sold by day 7, then 30 on day 8 ⇒ −23; that negative stock is the ×10's doing.
    expect(findNegativeStockEpisodes(prepareHistory(history))).toHaveLength(1);
    const issues = checkShop(history);
    expect(kinds(issues)).toEqual([`looks_times_ten@${d(8)}:1`, `stock_discrepancy@${d(10)}:1`]);
    expect(issues[1]!.detail).toMatchObject({ expectedQtyPacks: -26, countedQtyPacks: 1, differencePacks: 27 });
  });

  it('checks receipts the same way', () => {
    const receipts: Flow[] = [0, 7, 14, 21, 28, 35].map((offset) => [1, offset, 20]);
    receipts.push([1, 42, 200]);
    expect(checkShop(shop({ receipts }))).toEqual([
      { kind: 'looks_times_ten', specId: 1, day: d(42), detail: { flow: 'receipts', recordedQtyPacks: 200, typicalQtyPacks: 20, suggestedQtyPacks: 20 } },
    ]);
  });

  it('does not call a big delivery ×10 when ÷ 10 would not be whole cartons, as every delivery is', () => {
    const receipts: Flow[] = [0, 7, 14, 21, 28, 35].map((offset) => [1, offset, 10]);
    receipts.push([1, 42, 80]);
    expect(checkShop(shop({ receipts }))).toEqual([]);
  });

  it('reports one issue when sales and receipts of a spec both look ×10 on the same day (the sales one)', () => {
    const receipts: Flow[] = [0, 1, 2, 3, 4, 5].map((offset) => [1, offset, 20]);
    receipts.push([1, 8, 200]);
    const issues = checkShop(shop({ sales: withDay8(30), receipts }));
    expect(kinds(issues)).toEqual([`looks_times_ten@${d(8)}:1`]);
    expect(issues[0]!.detail.flow).toBe('sales');
  });
});

describe('outlier_day', () => {
  // 20 days: spec 1 sells 20, 21, 22, 20 …; spec 2 sells 30 ⇒ totals 50–52, median 51, MAD 1.
  const days = (spec2OnDay15: number, spec1OnDay15 = 20, length = 20) =>
    Array.from({ length }, (_, i): Flow[] => [
      [1, i, i === 15 ? spec1OnDay15 : 20 + (i % 3)],
      [2, i, i === 15 ? spec2OnDay15 : 30],
    ]).flat();

  it('flags a day far above the shop’s usual total, with the baseline behind it', () => {
    expect(checkShop(shop({ sales: days(301) }))).toEqual([
      { kind: 'outlier_day', specId: null, day: d(15), detail: { totalPacks: 321, medianPacks: 51, madPacks: 1, nearbyMedianPacks: 51 } },
    ]);
  });

  it('needs 3 × the median as well as 6 MADs, and 14 other days of history', () => {
    expect(checkShop(shop({ sales: days(108) }))).toEqual([]);
    const sixteenDays = days(301, 20, 16);
    expect(checkShop(shop({ sales: sixteenDays }))).toHaveLength(1);
    expect(checkShop(shop({ sales: sixteenDays.filter(([, offset]) => offset !== 0) }))).toHaveLength(1);
    expect(checkShop(shop({ sales: sixteenDays.filter(([, offset]) => offset > 1) }))).toEqual([]);
  });

  it('leaves a day to looks_times_ten when the ×10 explains it, and not otherwise', () => {
    expect(kinds(checkShop(shop({ sales: days(300) })))).toEqual([`looks_times_ten@${d(15)}:2`]);
    expect(kinds(checkShop(shop({ sales: days(300, 201) })))).toEqual([`looks_times_ten@${d(15)}:2`, `outlier_day@${d(15)}:-`]);
  });
});

describe('checkShop', () => {
  it('returns nothing for an empty history, and refuses a meaningless tolerance or fromDay', () => {
    expect(checkShop({ sales: [], receipts: [], counts: [] })).toEqual([]);
    expect(() => checkShop({ sales: [], receipts: [], counts: [] }, { tolerancePacks: -1 })).toThrow(RangeError);
    expect(() => checkShop({ sales: [], receipts: [], counts: [] }, { tolerancePacks: Number.NaN })).toThrow(RangeError);
    expect(() => checkShop({ sales: [], receipts: [], counts: [] }, { fromDay: '2026-9-1' })).toThrow(RangeError);
  });

  it('sorts by day, then kind, then spec, whatever order the history came in', () => {
    const history = shop({
      counts: [[7, { 3: 0, 4: 5 }], [0, { 3: 0, 4: 10 }]],
      sales: [[5, 9, 1], [4, 8, 20], [3, 8, 1], [4, 2, 1]],
    });
    const issues = checkShop(history);
    // Spec 4: 10 − 1 ⇒ 9 expected, 5 counted; then 20 sold from 5. Specs 3 and 5 never came in.
    expect(kinds(issues)).toEqual([
      `stock_discrepancy@${d(7)}:4`,
      `negative_stock@${d(8)}:4`,
      `sales_never_received@${d(8)}:3`,
      `sales_never_received@${d(9)}:5`,
    ]);
    const reversed = checkShop({ sales: [...history.sales].reverse(), receipts: [], counts: history.counts });
    expect(reversed).toEqual(issues);
  });

  it('reports only issues on or after fromDay, judging them with the older history', () => {
    const sales = daily(1, 0, [3, 2, 3, 4, 3, 2, 3, 3, 30, 3]);
    expect(kinds(checkShop(shop({ sales }), { fromDay: d(8) }))).toEqual([`looks_times_ten@${d(8)}:1`]);
    expect(checkShop(shop({ sales }), { fromDay: d(9) })).toEqual([]);
  });

  it('keys each finding as kind:spec:day, unique within one run', () => {
    expect(qualityIssueKey({ kind: 'outlier_day', specId: null, day: d(1) })).toBe(`outlier_day::${d(1)}`);
    expect(qualityIssueKey({ kind: 'negative_stock', specId: 7, day: d(1) })).toBe(`negative_stock:7:${d(1)}`);
  });
});
