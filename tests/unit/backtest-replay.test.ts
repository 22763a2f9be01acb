/**
 * The replay of a whole history (app/domain/backtest/items.ts, replay.ts): rows to items (zeros on trading days,
 * closed days censored, items from their first row), every item on every order weekday, the forecast's error
 * against a 28-day moving average, the figures per demand class — on small generated histories, and on a small
 * cut of the real histories (tests/fixtures/real-demand, with their attribution).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  itemsFromRows,
  itemDemandClass,
  replayItems,
  sampleItems,
  WARMUP_DAYS,
  type DailyRow,
  type ReplayItem,
} from '~/domain/backtest';
import { DEFAULT_REPLENISHMENT_PARAMS, resolveReplenishmentParams, suggest } from '~/domain/replenishment';
import { addDays, daysBetween, isoWeekday } from '~/domain/time';
import { parseDailyRowsCsv, parseTradingDays, readMaybeGzipText } from '~/server/backtest-history.server';

const FIXTURES = 'tests/fixtures/real-demand';
const MONDAY = '2026-01-05';

function item(demandUnits: number[], closed: (t: number) => boolean = () => false, id = 'x'): ReplayItem {
  return { id, firstDay: MONDAY, demandUnits, closed: Uint8Array.from(demandUnits, (_, t) => (closed(t) ? 1 : 0)), packsPerCarton: null };
}

/** Σ|MA28 × P − actual| ÷ Σ actual over every test day whose period ends inside the history (open days only in the mean). */
function ma28Wape(items: readonly ReplayItem[], protectionDays: number): number {
  let error = 0;
  let actual = 0;
  for (const it of items) {
    const n = it.demandUnits.length;
    if (n - WARMUP_DAYS < 28) continue;
    for (let d = WARMUP_DAYS; d + protectionDays <= n; d++) {
      let sum = 0;
      let open = 0;
      for (let k = d - 28; k < d; k++) {
        if (it.closed[k] === 1) continue;
        sum += it.demandUnits[k]!;
        open++;
      }
      const forecast = open > 0 ? (sum / open) * protectionDays : 0;
      let real = 0;
      for (let k = d; k < d + protectionDays; k++) real += it.demandUnits[k]!;
      error += Math.abs(forecast - real);
      actual += real;
    }
  }
  return (100 * error) / actual;
}

describe('itemsFromRows', () => {
  it('fills trading days without a row with zeros, starts each item at its first row, and adds up repeated rows', () => {
    const rows: DailyRow[] = [
      { day: '2026-01-05', item: 'a', units: 2 },
      { day: '2026-01-07', item: 'a', units: 1 },
      { day: '2026-01-07', item: 'a', units: 3 },
      { day: '2026-01-08', item: 'b', units: 5 },
    ];
    const built = itemsFromRows(rows);
    expect(built).toMatchObject({ firstDay: '2026-01-05', lastDay: '2026-01-08', refusedRows: 0 });
    expect(built.items.map((i) => [i.id, i.firstDay, i.demandUnits, [...i.closed]])).toEqual([
      ['a', '2026-01-05', [2, 0, 4, 0], [0, 0, 0, 0]],
      ['b', '2026-01-08', [5], [0]],
    ]);
  });

  it('reads a day missing from the trading days, or flagged closed, as closed (no demand, censored)', () => {
    const tradingDays = new Set(['2026-01-05', '2026-01-06', '2026-01-08', '2026-01-09']);
    const rows: DailyRow[] = [
      { day: '2026-01-05', item: 'a', units: 2 },
      { day: '2026-01-07', item: 'a', units: 9 }, // on a day the list says was closed: the list decides
      { day: '2026-01-09', item: 'a', units: 0, closed: true },
    ];
    const built = itemsFromRows(rows, tradingDays);
    expect(built.items[0]).toMatchObject({ demandUnits: [2, 0, 0, 0, 0] });
    expect([...built.items[0]!.closed]).toEqual([0, 0, 1, 0, 1]);
    expect(built.salesOnClosedDays).toBe(1);
  });

  it('reads a trading day on which no item sold as closed when the items sell too often for it to be chance (issue 14)', () => {
    // 20 items over 8 weeks, each selling on 3 days of 4; nothing at all sold on day 30 (the shop was shut, its POS
    // sent the day empty). A single item selling like that keeps its empty days as zeros.
    const start = '2026-03-02';
    const rowsOf = (itemCount: number): DailyRow[] =>
      Array.from({ length: 56 }, (_, t) => t).flatMap((t) =>
        Array.from({ length: itemCount }, (_, k) => k)
          .filter((k) => t !== 30 && (t + k) % 4 !== 0)
          .map((k) => ({ day: addDays(start, t), item: `i${k}`, units: 1 })),
      );
    const shop = itemsFromRows(rowsOf(20));
    expect(shop.emptyDaysClosed).toBe(1);
    expect(shop.items.every((i) => i.closed[30 - daysBetween(start, i.firstDay)] === 1)).toBe(true);
    expect(shop.items.every((i) => i.closed.reduce((n, c) => n + c, 0) === 1)).toBe(true);
    expect(itemsFromRows(rowsOf(20), null, { readEmptyDaysAsClosed: false }).emptyDaysClosed).toBe(0);
    const single = itemsFromRows(rowsOf(1));
    expect(single.emptyDaysClosed).toBe(0);
    expect(single.items[0]!.demandUnits[30 - daysBetween(start, single.items[0]!.firstDay)]).toBe(0);
  });

  it('refuses rows it cannot read, and says which', () => {
    const built = itemsFromRows([
      { day: '2026-02-30', item: 'a', units: 1 },
      { day: '2026-01-05', item: 'a', units: -1 },
      { day: '2026-01-05', item: 'a', units: Number.NaN },
      { day: '2026-01-05', item: '', units: 1 },
      { day: '2026-01-05', item: 'a', units: 1 },
    ]);
    expect(built.refusedRows).toBe(4);
    expect(built.refusedExamples[0]).toContain('2026-02-30');
    expect(built.items).toHaveLength(1);
  });

  it('samples an even spread, the same every time', () => {
    const many = Array.from({ length: 10 }, (_, i) => i);
    expect(sampleItems(many, 4)).toEqual([0, 2, 5, 7]);
    expect(sampleItems(many, 20)).toEqual(many);
    expect(sampleItems(many, null)).toEqual(many);
  });
});

describe('replayItems on generated histories', () => {
  it('replays every item on every order weekday, pools them, and measures a steady seller as the moving average does', () => {
    // 3 a day for 20 weeks: any average is exact, so both forecasts are right to the pack.
    const steady = item(new Array<number>(140).fill(3));
    const r = replayItems([steady], { leadDays: 1, packsPerCarton: 1, serviceLevels: [0.5, 0.9], b1Multipliers: [1, 1.5] });
    expect(r.items).toBe(1);
    expect(r.orderWeekdays).toEqual([1, 2, 3, 4, 5, 6, 7]);
    for (const s of [...r.rule, ...r.b1, r.b0, r.b2]) expect(s.series).toBe(7);
    // One point per test day whose 8-day period ends inside the history.
    expect(r.forecast.points).toBe(140 - WARMUP_DAYS - 8 + 1);
    expect(r.forecast.wapeMa28).toBe(0);
    expect(r.forecast.wapeRule).toBeCloseTo(0, 9);
    expect(r.b1[0]!.fillRate).toBe(1);
    expect(r.byClass.smooth?.items).toBe(1);
  });

  it('skips an item that leaves fewer than four weeks after its warm-up', () => {
    const r = replayItems([item(new Array<number>(WARMUP_DAYS + 27).fill(1)), item(new Array<number>(WARMUP_DAYS + 28).fill(1))], {
      leadDays: 1,
      packsPerCarton: 1,
      serviceLevels: [0.9],
      orderWeekdays: [1],
    });
    expect(r.skippedItems).toBe(1);
    expect(r.items).toBe(1);
  });

  it('a shop closed on Sundays: no demand then, and the rule counts the period\'s Sunday as 0 where the moving average does not', () => {
    const closedSunday = (t: number) => isoWeekday(addDays(MONDAY, t)) === 7;
    const shop = item(Array.from({ length: 140 }, (_, t) => (closedSunday(t) ? 0 : 4)), closedSunday);
    const r = replayItems([shop], { leadDays: 1, packsPerCarton: 1, serviceLevels: [0.5], b1Multipliers: [1] });
    // The moving average of the open days is 4; over 8 days it says 32 where the period holds 7 open days (28).
    expect(r.forecast.biasMa28).toBeGreaterThan(10);
    expect(Math.abs(r.forecast.biasRule!)).toBeLessThan(2);
    expect(r.forecast.wapeRule!).toBeLessThan(0.2 * r.forecast.wapeMa28!);
    expect(r.forecast.wapeMa28).toBeCloseTo(ma28Wape([shop], 8), 9);
  });

  it('holds its bookkeeping on any history: every policy faces the same demand, sells no more than it, keeps stock ≥ 0', () => {
    const historyArb = fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 20, max: 60 })), { minLength: 84, maxLength: 130 });
    fc.assert(
      fc.property(fc.array(historyArb, { minLength: 1, maxLength: 3 }), fc.constantFrom(1, 10), fc.constantFrom(1, 2), (histories, packsPerCarton, leadDays) => {
        const items = histories.map((h, i) => item(h, (t) => t % 13 === 5 && h[t] === 0, `i${i}`));
        const r = replayItems(items, { leadDays, packsPerCarton, serviceLevels: [0.3, 0.9], b1Multipliers: [1, 2], orderWeekdays: [2, 6] });
        const all = [...r.rule, ...r.b1, r.b0, r.b2];
        for (const s of all) {
          expect(s.demandPacks).toBe(all[0]!.demandPacks);
          expect(s.soldPacks).toBeLessThanOrEqual(s.demandPacks);
          expect(s.averageStockPacks).toBeGreaterThanOrEqual(0);
        }
        // The classes partition the items and their demand.
        const classes = Object.values(r.byClass);
        expect(classes.reduce((n, c) => n + c.items, 0)).toBe(r.items);
        expect(classes.reduce((n, c) => n + c.b0.demandPacks, 0)).toBe(r.b0.demandPacks);
        expect(r.forecast.wapeMa28 ?? 0).toBeCloseTo(r.forecast.actualUnits > 0 ? ma28Wape(items, 7 + leadDays) : 0, 6);
      }),
      { numRuns: 25 },
    );
  });
});

describe('replayItems on a cut of the real histories', () => {
  it('reads the gzip cut of the UK history with its trading days, and the restaurant cut with its closed days', () => {
    const uk = itemsFromRows(parseDailyRowsCsv(readMaybeGzipText(`${FIXTURES}/online-retail-uk-4-items.csv.gz`)), parseTradingDays(readMaybeGzipText(`${FIXTURES}/online-retail-uk-trading-days.txt`)));
    expect(uk.items.map((i) => i.id)).toEqual(['10125', '15056N', '21781', '23164']);
    expect(uk.items.find((i) => i.id === '23164')!.firstDay).toBe('2011-05-03'); // launched in May
    // The shop never trades on Saturdays: every Saturday is closed.
    const first = uk.items[0]!;
    first.demandUnits.forEach((_, t) => {
      if (isoWeekday(addDays(first.firstDay, t)) === 6) expect(first.closed[t]).toBe(1);
    });
    const yaz = itemsFromRows(parseDailyRowsCsv(readMaybeGzipText(`${FIXTURES}/yaz-restaurant-2-dishes.csv`)));
    expect(yaz.items.map((i) => i.id)).toEqual(['calamari', 'steak']);
    const christmas = 82; // 2013-12-25, days after 2013-10-04
    expect(addDays(yaz.items[0]!.firstDay, christmas)).toBe('2013-12-25');
    expect(yaz.items[0]!.closed[christmas]).toBe(1);
  });

  it('replays them: the figures per class add up, and the moving average\'s error is the one computed by hand', () => {
    const uk = itemsFromRows(parseDailyRowsCsv(readMaybeGzipText(`${FIXTURES}/online-retail-uk-4-items.csv.gz`)), parseTradingDays(readMaybeGzipText(`${FIXTURES}/online-retail-uk-trading-days.txt`))).items;
    const r = replayItems(uk, { leadDays: 1, packsPerCarton: 10, orderWeekdays: [1, 4] });
    expect(r.items).toBe(4);
    expect(r.forecast.wapeMa28).toBeCloseTo(ma28Wape(uk, 8), 9);
    expect(r.headline.wapeRule).toBe(r.forecast.wapeRule);
    const classes = Object.entries(r.byClass);
    expect(classes.reduce((n, [, c]) => n + c.items, 0)).toBe(4);
    for (const [demandClass, c] of classes) {
      expect(uk.filter((i) => itemDemandClass(i, DEFAULT_REPLENISHMENT_PARAMS) === demandClass)).toHaveLength(c.items);
    }
    // The same run twice gives the same figures.
    expect(replayItems(uk, { leadDays: 1, packsPerCarton: 10, orderWeekdays: [1, 4] })).toEqual(r);
  });

  it('finds the item that stopped selling dead within weeks, where the eight-week test alone still orders', () => {
    const uk = itemsFromRows(parseDailyRowsCsv(readMaybeGzipText(`${FIXTURES}/online-retail-uk-4-items.csv.gz`)), parseTradingDays(readMaybeGzipText(`${FIXTURES}/online-retail-uk-trading-days.txt`))).items;
    const stopped = uk.find((i) => i.id === '21781')!; // 66 selling days from December to 2011-07-10, then none
    const lastSale = stopped.demandUnits.findLastIndex((u) => u > 0);
    expect(addDays(stopped.firstDay, lastSale)).toBe('2011-07-10');
    const historyTo = (end: number) =>
      Array.from({ length: 112 }, (_, k) => {
        const t = end - 112 + k;
        const day = addDays(stopped.firstDay, t);
        return stopped.closed[t] === 1 ? { day, qtyPacks: 0, censored: true } : { day, qtyPacks: stopped.demandUnits[t]! };
      });
    const input = (end: number) => ({
      specId: 1,
      packsPerCarton: 10,
      capCartons: null,
      discontinued: false,
      isNewSpec: false,
      newSpecStartCartons: null,
      serviceLevel: 0.9,
      history: historyTo(end),
      onHandPacks: 0,
      inTransitPacks: 0,
      protectionDays: 8,
    });
    const eightWeeks = resolveReplenishmentParams({ deadRunChance: 0 });
    // Four weeks after its last sale: dead by its own pace (it sold on about a third of its open days).
    expect(suggest(input(lastSale + 29)).explanation.reason).toBe('dead');
    expect(suggest(input(lastSale + 29), eightWeeks).explanation.reason).toBe('normal');
    expect(suggest(input(lastSale + 29), eightWeeks).suggestedCartons).toBeGreaterThan(0);
  });
});

describe('reading a history file', () => {
  it('reads date,item,units in any column order and case, with a BOM, and is_closed as a flag', () => {
    const rows = parseDailyRowsCsv('\uFEFFItem,Units,DATE,is_closed,extra\n a ,3,2026-01-05,0,x\nb,0,2026-01-06,1,y\n\n');
    expect(rows).toEqual([
      { day: '2026-01-05', item: 'a', units: 3 },
      { day: '2026-01-06', item: 'b', units: 0, closed: true },
    ]);
  });

  it('leaves out a bad row, reporting it by row and column, and reads its day as unknown rather than zero', () => {
    let reported: unknown = null;
    const rows = parseDailyRowsCsv('date,item,units\n2026-01-05,a,2\n2026-01-06,a,\n', (read) => (reported = read.problems));
    // A blank number is not a zero: the day is closed (censored) for the replay.
    expect(rows).toEqual([
      { day: '2026-01-05', item: 'a', units: 2 },
      { day: '2026-01-06', item: 'a', units: 0, closed: true },
    ]);
    expect(reported).toEqual([{ rowNo: 3, column: 'units', code: 'missing_value', value: '' }]);
  });

  it('refuses a file without the three columns, and a trading-day list with something else in it', () => {
    expect(() => parseDailyRowsCsv('when,item,amount\n2026-01-05,a,1\n')).toThrow(/"date"/);
    expect(parseTradingDays('# the shop\n2026-01-05\n\n2026-01-06\r\n')).toEqual(new Set(['2026-01-05', '2026-01-06']));
    expect(() => parseTradingDays('2026-01-05\nMonday\n')).toThrow(/Monday/);
  });
});
