/**
 * Reading a daily history for the replay (app/domain/backtest/history-table.ts, history-plan.ts and
 * app/server/backtest-history.server.ts): columns by name in either language, every bad cell by row and column,
 * refused rows' days unknown rather than zero, the page's sample within its item-day limit (a property), and the
 * shared reader's ways in — GBK, Excel, gzip (and a gzip that is damaged or unpacks too far) — and trading days.
 */
import { gzipSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { dailyRowsFromTable, planHistoryReplay, recogniseHistoryColumns, replayRows, WARMUP_DAYS, MIN_TEST_DAYS, type DailyRow, type HistoryRows } from '~/domain/backtest';
import type { RawTable } from '~/domain/uploads/types';
import { addDays } from '~/domain/time';
import { readDailyHistory, readTradingDays, tradingDaysFromText } from '~/server/backtest-history.server';

const utf8 = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));

function table(header: string[], rows: string[][]): RawTable {
  return { fileName: 'h.csv', encoding: 'utf-8', header, headerRowNo: 1, rows: rows.map((cells, i) => ({ rowNo: i + 2, cells })) };
}

function rowsOf(read: HistoryRows) {
  return read.rows.map((r) => [r.day, r.item, r.units, r.closed ?? false]);
}

describe('history columns and rows', () => {
  it('finds the columns by name in either language, in any order, with other columns beside them', () => {
    expect(recogniseHistoryColumns(['Item', 'extra', 'UNITS', 'Date', 'is_closed'])).toEqual({ columns: { item: 0, units: 2, date: 3, closed: 4 }, missing: [] });
    expect(recogniseHistoryColumns(['销售日期', '品规', '销量(盒)'])).toEqual({ columns: { date: 0, item: 1, units: 2 }, missing: [] });
    expect(recogniseHistoryColumns(['when', 'item', 'amount']).missing).toEqual(['date', 'units']);
  });

  it('names every bad cell by row and column, keeps the good rows, and skips a total row', () => {
    const read = dailyRowsFromTable(
      table(['日期', '商品', '数量', '是否休息'], [
        ['2026-01-05', 'a', '3', '0'],
        ['2026/1/6', ' b ', '1,200', ''],
        ['2026-01-07', 'a', '2.5', ''],
        ['2026-02-30', '', '-1', ''],
        ['=TODAY()', 'a', '1', ''],
        ['2026-01-08', 'a', '0', '1'],
        ['合计', '', '1203', ''],
      ]),
      recogniseHistoryColumns(['日期', '商品', '数量', '是否休息']).columns,
    );
    expect(rowsOf(read)).toEqual([
      ['2026-01-05', 'a', 3, false],
      ['2026-01-06', 'b', 1200, false],
      ['2026-01-08', 'a', 0, true],
    ]);
    expect(read.problems.map((p) => [p.rowNo, p.column, p.code, p.value])).toEqual([
      [4, '数量', 'fractional', '2.5'],
      [5, '日期', 'bad_date', '2026-02-30'],
      [5, '商品', 'missing_value', ''],
      [5, '数量', 'negative', '-1'],
      [6, '日期', 'formula', '=TODAY()'],
    ]);
    expect(read).toMatchObject({ rowsRead: 7, rowsGood: 3, rowsBad: 3, rowsSkipped: 1, problemCount: 5 });
    // Only the row whose item and day are known names a day: it is unknown, not a zero.
    expect(read.unknownDays).toEqual([{ item: 'a', day: '2026-01-07' }]);
  });

  it('reads 01/02 by what the whole date column says, lists at most the first problems and counts them all', () => {
    const cells = [['13/01/2026', 'a', '1'], ['01/02/2026', 'a', '1'], ...Array.from({ length: 30 }, () => ['2026-01-09', 'a', 'x'])];
    const read = dailyRowsFromTable(table(['date', 'item', 'units'], cells), { date: 0, item: 1, units: 2 }, 5);
    expect(read.rows.map((r) => r.day)).toEqual(['2026-01-13', '2026-02-01']);
    expect(read.problems).toHaveLength(5);
    expect(read.problemCount).toBe(30);
  });
});

describe('what the page replays of a history', () => {
  const start = '2026-01-05';
  const daily = (item: string, from: number, to: number): DailyRow[] => Array.from({ length: to - from + 1 }, (_, k) => ({ day: addDays(start, from + k), item, units: (k % 3) + 1 }));
  const history = (rows: DailyRow[], unknownDays: HistoryRows['unknownDays'] = []): HistoryRows => ({ rows, unknownDays, rowsRead: rows.length, rowsGood: rows.length, rowsBad: unknownDays.length, rowsSkipped: 0, problems: [], problemCount: unknownDays.length });

  it('counts the items, leaves out those too short to replay, and reads a refused row’s day as closed', () => {
    const rows = [...daily('long', 0, 99), ...daily('short', 40, 99)];
    const plan = planHistoryReplay(history(rows, [{ item: 'long', day: addDays(start, 50) }, { item: 'ghost', day: addDays(start, 10) }]), null);
    if (!plan.ok) throw new Error(plan.code);
    expect(plan.facts).toMatchObject({ items: 2, days: 100, itemsTooShort: 1, itemsReplayable: 1, itemsReplayed: 1, itemDays: 100, itemDaysReplayed: 100, unknownItemDays: 1, sampled: false });
    const [long] = plan.items;
    expect(long!.id).toBe('long');
    expect(long!.closed[50]).toBe(1);
    expect(long!.demandUnits[50]).toBe(0);
    expect(long!.closed.reduce((n, c) => n + c, 0)).toBe(1);
    // The unknown day of an item without good rows makes no item.
    expect(replayRows(history(rows, [{ item: 'ghost', day: start }])).rows).toHaveLength(rows.length);
  });

  it('refuses a history longer than the page replays', () => {
    const plan = planHistoryReplay(history([...daily('a', 0, 90), { day: '2030-01-01', item: 'a', units: 1 }]), null);
    expect(plan).toMatchObject({ ok: false, code: 'history_too_long', detail: { firstDay: start, lastDay: '2030-01-01' } });
  });

  it('replays an even sample that fits the item-day limit, the same one each time, of items that can be replayed', () => {
    const need = WARMUP_DAYS + MIN_TEST_DAYS;
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 230 }), { minLength: 1, maxLength: 40 }), fc.integer({ min: 400, max: 6000 }), (starts, maxItemDays) => {
        const rows = starts.flatMap((s, i) => [{ day: addDays(start, s), item: `i${String(i).padStart(2, '0')}`, units: 1 }, { day: addDays(start, 240), item: `i${String(i).padStart(2, '0')}`, units: 1 }]);
        const plan = planHistoryReplay(history(rows), null, { maxItemDays, maxHistoryDays: 1000 });
        if (!plan.ok) return false;
        const f = plan.facts;
        const replayable = starts.filter((s) => 241 - s >= need).length;
        expect(f.itemsReplayable).toBe(replayable);
        expect(f.itemsTooShort).toBe(starts.length - replayable);
        expect(f.itemDaysReplayed).toBe(plan.items.reduce((n, it) => n + it.demandUnits.length, 0));
        // Every item is at most 241 days, so a sample of one always fits: the limit holds.
        expect(f.itemDaysReplayed).toBeLessThanOrEqual(maxItemDays);
        if (replayable > 0) expect(f.itemsReplayed).toBeGreaterThan(0);
        expect(f.sampled).toBe(f.itemDays > maxItemDays);
        if (!f.sampled) expect(f.itemsReplayed).toBe(replayable);
        for (const item of plan.items) expect(item.demandUnits.length - WARMUP_DAYS).toBeGreaterThanOrEqual(MIN_TEST_DAYS);
        const again = planHistoryReplay(history(rows), null, { maxItemDays, maxHistoryDays: 1000 });
        expect(again.ok && again.items.map((i) => i.id)).toEqual(plan.items.map((i) => i.id));
        return true;
      }),
      { numRuns: 60 },
    );
  });
});

describe('the shared reader on a history file', () => {
  const csv = 'date,item,units\n2026-01-05,香烟甲,3\n2026-01-06,香烟甲,x\n';

  it('reads GBK, Excel and gzip the same way, and names the bad cell', async () => {
    const book = new ExcelJS.Workbook();
    book.addWorksheet('说明').addRow(['每天一行']);
    book.addWorksheet('销售').addRows([['date', 'item', 'units'], ['2026-01-05', '香烟甲', 3], ['2026-01-06', '香烟甲', 'x']]);
    const files: Array<[string, Uint8Array]> = [
      ['h.csv', new Uint8Array(iconv.encode(csv, 'gbk'))],
      ['h.xlsx', new Uint8Array(await book.xlsx.writeBuffer())],
      ['h.csv.gz', new Uint8Array(gzipSync(Buffer.from(csv)))],
      ['h.csv', new Uint8Array(gzipSync(Buffer.from(csv)))], // told by its bytes, not its name
    ];
    for (const [name, bytes] of files) {
      const read = await readDailyHistory(name, bytes);
      if (!read.ok) throw new Error(`${name}: ${read.error.code}`);
      expect(rowsOf(read.rows), name).toEqual([['2026-01-05', '香烟甲', 3, false]]);
      expect(read.rows.problems, name).toEqual([{ rowNo: 3, column: 'units', code: 'not_a_number', value: 'x' }]);
    }
  });

  it('refuses a damaged gzip, one that unpacks past the limit, and a file without the columns', async () => {
    const gz = gzipSync(Buffer.from(csv.repeat(50)));
    expect(await readDailyHistory('h.csv.gz', new Uint8Array(gz.subarray(0, gz.length - 12)))).toEqual({ ok: false, error: { code: 'corrupt_gzip' } });
    expect(await readDailyHistory('h.csv.gz', new Uint8Array(gzipSync(Buffer.alloc(4096, 'a'))), { maxBytes: 1024 })).toEqual({ ok: false, error: { code: 'too_large', detail: { maxBytes: 1024, unpacked: 1 } } });
    expect(await readDailyHistory('h.csv', utf8('day of sale,sku,qty\n2026-01-05,a,1\n'))).toMatchObject({ ok: false, error: { code: 'missing_columns', detail: { columns: 'date' } } });
  });

  it('reads a trading-day list one day a line, and refuses one with a line that is not a day, by its number', () => {
    expect(tradingDaysFromText('\uFEFF# the shop\r\n2026-01-05\n\n2026/1/6\n')).toEqual({ ok: true, days: new Set(['2026-01-05', '2026-01-06']) });
    expect(tradingDaysFromText('2026-01-05\nMonday\n')).toEqual({ ok: false, error: { code: 'bad_trading_day', detail: { lineNo: 2, value: 'Monday' } } });
    expect(readTradingDays(new Uint8Array(gzipSync(Buffer.from('2026-01-05\n'))))).toEqual({ ok: true, days: new Set(['2026-01-05']) });
    expect(readTradingDays(utf8('# nothing\n'))).toEqual({ ok: false, error: { code: 'empty_file' } });
    expect(readTradingDays(utf8('2026-01-05\n'), 4)).toMatchObject({ ok: false, error: { code: 'too_large' } });
  });
});
