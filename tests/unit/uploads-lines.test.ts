import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isFormula, isTotalLabel, parseBarcodeCell, parseQtyCell, parseQuantityCell } from '~/domain/uploads/cells';
import { MAX_QTY_PER_LINE as MAX_QTY } from '~/domain/uploads/limits';
import { inferDayOrder, parseDateCell, parseTimeCell } from '~/domain/uploads/dates';
import { checkDayRange, readLines } from '~/domain/uploads/lines';
import type { ColumnMapping, RawTable } from '~/domain/uploads/types';
import { addDays } from '~/domain/time';

const TODAY = '2026-11-24';
const P = '6901028075817';

function tableOf(header: string[], ...rows: string[][]): RawTable {
  return {
    fileName: 't.csv',
    encoding: 'utf-8',
    header,
    headerRowNo: 1,
    rows: rows.map((cells, i) => ({ rowNo: i + 2, cells })),
  };
}

describe('date cells', () => {
  it.each([
    ['2026-11-23', '2026-11-23', null],
    ['2026/11/23', '2026-11-23', null],
    ['2026.11.23', '2026-11-23', null],
    ['2026-1-5', '2026-01-05', null],
    ['20261123', '2026-11-23', null],
    ['2026年11月23日', '2026-11-23', null],
    ['2026年11月23日 14时05分', '2026-11-23', '14:05:00'],
    ['2026年11月23日14:05', '2026-11-23', '14:05:00'],
    ['2026-11-23 14:05', '2026-11-23', '14:05:00'],
    ['2026-11-23T14:05:09', '2026-11-23', '14:05:09'],
    ['2026/11/23 9:05:07', '2026-11-23', '09:05:07'],
    ['2026-11-23 09:15:02.123', '2026-11-23', '09:15:02'],
    ['2026-11-23 2:05 PM', '2026-11-23', '14:05:00'],
    ['2026-11-23 下午2:05', '2026-11-23', '14:05:00'],
    ['2026-11-23 12:30 AM', '2026-11-23', '00:30:00'],
    ['2026-11-23 00:00:00', '2026-11-23', null],
    ['20261123140501', '2026-11-23', '14:05:01'],
    ['202611231405', '2026-11-23', '14:05:00'],
    ['46349', '2026-11-23', null],
    ['46349.5', '2026-11-23', '12:00:00'],
    ['2026-11-22T16:30:00Z', '2026-11-23', '00:30:00'],
    ['2026-11-23T09:00:00+08:00', '2026-11-23', '09:00:00'],
    ['２０２６－１１－２３', '2026-11-23', null],
    ["'2026-11-23", '2026-11-23', null],
    ['23/11/2026', '2026-11-23', null],
    ['11/23/2026', '2026-11-23', null],
    ['05/05/2026', '2026-05-05', null],
  ])('%s → %s %s', (raw, day, time) => {
    expect(parseDateCell(raw)).toEqual({ day, time });
  });

  it.each(['2026-02-30', '2026-13-01', '2026-11-23 25:00', '2026-11-23 12:60', '昨天', 'n/a', '23', '26/11/23', '2026-11', '0'])(
    '%s is not a date',
    (raw) => {
      expect(parseDateCell(raw)).toBeNull();
    },
  );

  it('ambiguous dd/mm vs mm/dd needs the column to decide; without evidence it is not guessed', () => {
    expect(parseDateCell('01/11/2026')).toBeNull();
    expect(parseDateCell('01/11/2026', 'dmy')).toEqual({ day: '2026-11-01', time: null });
    expect(parseDateCell('01/11/2026', 'mdy')).toEqual({ day: '2026-01-11', time: null });
    expect(inferDayOrder(['01/11/2026', '23/11/2026'])).toBe('dmy');
    expect(inferDayOrder(['01/11/2026', '11/23/2026'])).toBe('mdy');
    expect(inferDayOrder(['01/11/2026', '05/05/2026'])).toBeNull();
    expect(inferDayOrder(['23/11/2026', '11/23/2026'])).toBeNull();
  });

  it('separate time cells', () => {
    expect(parseTimeCell('14:05')).toBe('14:05:00');
    expect(parseTimeCell('9:05:07')).toBe('09:05:07');
    expect(parseTimeCell('0.5')).toBe('12:00:00');
    expect(parseTimeCell('2026-11-23 14:05:00')).toBe('14:05:00');
    expect(parseTimeCell('00:00')).toBeNull();
    expect(parseTimeCell('later')).toBeUndefined();
    expect(parseTimeCell('1.5')).toBeUndefined();
  });

  const dayArb = fc.integer({ min: 0, max: 3000 }).map((n) => addDays('2020-01-01', n));

  it('every supported way of writing a day reads back as that day (property)', () => {
    fc.assert(
      fc.property(dayArb, (day) => {
        const [y, m, d] = day.split('-');
        const serial = Math.round((Date.parse(`${day}T00:00:00Z`) - Date.UTC(1899, 11, 30)) / 86_400_000);
        const forms = [
          day,
          `${y}/${m}/${d}`,
          `${y}.${Number(m)}.${Number(d)}`,
          `${y}${m}${d}`,
          `${y}年${Number(m)}月${Number(d)}日`,
          `${day} 10:11:12`,
          String(serial),
        ];
        for (const f of forms) expect(parseDateCell(f)?.day, f).toBe(day);
        expect(parseDateCell(`${d}/${m}/${y}`, 'dmy')?.day).toBe(day);
        expect(parseDateCell(`${m}/${d}/${y}`, 'mdy')?.day).toBe(day);
      }),
    );
  });
});

describe('quantity cells', () => {
  it.each([
    ['3', 3],
    ['0', 0],
    ['+4', 4],
    ['3.00', 3],
    ['1,234', 1234],
    ['12,345,678', undefined],
    ['１２', 12],
    ["'5", 5],
    [' 7 ', 7],
    ['-0', 0],
    ['100000', 100000],
  ])('%s → %s', (raw, value) => {
    const r = parseQtyCell(raw);
    if (value === undefined) expect(r.ok).toBe(false);
    else expect(r).toEqual({ ok: true, value });
  });

  it.each([
    ['', 'missing_value'],
    ['abc', 'not_a_number'],
    ['3盒', 'not_a_number'],
    ['1,5', 'not_a_number'],
    ['1e3', 'not_a_number'],
    ['-2', 'negative'],
    ['−2', 'negative'],
    ['1.5', 'fractional'],
    ['100001', 'too_large'],
    ['12,345,678', 'too_large'],
  ])('%s → %s', (raw, code) => {
    expect(parseQtyCell(raw)).toEqual({ ok: false, code });
  });

  it('any whole number in range reads back however it is written (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_QTY }), (n) => {
        const fullWidth = String(n).replace(/\d/g, (c) => String.fromCharCode(0xff10 + Number(c)));
        for (const f of [String(n), n.toLocaleString('en-US'), `${n}.0`, fullWidth, `'${n}`]) {
          expect(parseQtyCell(f), f).toEqual({ ok: true, value: n });
        }
      }),
    );
  });
});

describe('quantity cells with their unit', () => {
  it.each([
    ['3', 3, null],
    ['3条', 3, 'carton'],
    ['3 条', 3, 'carton'],
    ['３条', 3, 'carton'],
    ['3盒', 3, 'pack'],
    ['12包', 12, 'pack'],
    ['2 cartons', 2, 'carton'],
    ['2 CTN', 2, 'carton'],
    ['5 packs', 5, 'pack'],
    ['1,200盒', 1200, 'pack'],
  ] as const)('%s → %s %s', (raw, qty, unit) => {
    expect(parseQuantityCell(raw)).toEqual({ ok: true, value: { qty, unit } });
  });

  it.each([
    ['条', 'not_a_number'],
    ['3支', 'not_a_number'],
    ['1条2盒', 'not_a_number'],
    ['-2条', 'negative'],
    ['1.5条', 'fractional'],
    ['100001盒', 'too_large'],
  ])('%s → %s', (raw, code) => {
    expect(parseQuantityCell(raw)).toEqual({ ok: false, code });
  });

  it('a unit never changes how the number itself reads (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_QTY }), fc.constantFrom('条', '盒', '包', ' packs', ' cartons'), (n, unit) => {
        const r = parseQuantityCell(`${n}${unit}`);
        expect(r.ok && r.value.qty).toBe(n);
        expect(r.ok && r.value.unit).toBe(/条|carton/.test(unit) ? 'carton' : 'pack');
      }),
    );
  });
});

describe('barcode cells', () => {
  it.each([
    [P, P],
    [`${P}.0`, P],
    [`'${P}`, P],
    ['690 1028 075817', P],
    ['６９０１０２８０７５８１７', P],
    ['12345678', '12345678'],
    ['06901028075817', '06901028075817'],
  ])('%s → %s', (raw, code) => {
    expect(parseBarcodeCell(raw)).toEqual({ ok: true, value: code });
  });

  it.each([
    ['', 'missing_value'],
    ['6.90103E+12', 'bad_barcode'],
    ['6.901028075817e12', 'bad_barcode'],
    ['1234567', 'bad_barcode'],
    ['123456789012345', 'bad_barcode'],
    ['69010280758-17', 'bad_barcode'],
    ['ABC', 'bad_barcode'],
  ])('%s → %s', (raw, code) => {
    expect(parseBarcodeCell(raw)).toEqual({ ok: false, code });
  });

  it('formulas and total labels', () => {
    expect(isFormula('=1+1')).toBe(true);
    expect(isFormula(' =A2')).toBe(true);
    expect(isFormula('＝A2')).toBe(true);
    expect(isFormula('1=1')).toBe(false);
    expect(['合计', '总 计：', 'Total', 'TOTAL:', '小计'].every(isTotalLabel)).toBe(true);
    expect(['合计金额', '', '中华'].some(isTotalLabel)).toBe(false);
  });
});

describe('readLines', () => {
  const header = ['条码', '品名', '数量', '日期'];
  const mapping: ColumnMapping = { barcode: 0, name: 1, qty: 2, date: 3 };

  it('a row with several bad cells reports each of them and yields no line', () => {
    const t = tableOf(header, ['abc', '中华', '-1', '2026-11-30']);
    expect(readLines(t, mapping, 'sales', { today: TODAY })).toEqual({
      lines: [],
      skipped: [],
      refused: [],
      problems: [
        { rowNo: 2, column: '条码', field: 'barcode', code: 'bad_barcode', value: 'abc' },
        { rowNo: 2, column: '数量', field: 'qty', code: 'negative', value: '-1' },
        { rowNo: 2, column: '日期', field: 'date', code: 'date_in_future', value: '2026-11-30' },
      ],
    });
  });

  it('a row with only its quantity bad is refused with its barcode and day, so its spec keeps its earlier figure', () => {
    const t = tableOf(header, [P, '中华', '-1', '2026-11-23'], [P, '中华', '2条', '2026-11-22'], ['abc', '', '-1', '2026-11-23']);
    const r = readLines(t, mapping, 'sales', { today: TODAY });
    expect(r.refused).toEqual([{ rowNo: 2, barcode: P, day: '2026-11-23', countedAt: null }]);
    expect(r.lines).toEqual([{ rowNo: 3, barcode: P, day: '2026-11-22', countedAt: null, qty: 2, unit: 'carton', name: '中华' }]);
  });

  it('names the column by field when the header cell is empty; a missing cell is an empty cell', () => {
    const t = tableOf(['条码', '', '日期'], [P, '', '2026-11-23'], [P]);
    const r = readLines(t, { barcode: 0, qty: 1, date: 2 }, 'sales', { today: TODAY });
    expect(r.problems).toEqual([
      { rowNo: 2, column: 'qty', field: 'qty', code: 'missing_value', value: '' },
      { rowNo: 3, column: 'qty', field: 'qty', code: 'missing_value', value: '' },
      { rowNo: 3, column: '日期', field: 'date', code: 'missing_value', value: '' },
    ]);
  });

  it('a separate time column completes a date without time; a bad time is a bad_date on that column', () => {
    const t = tableOf(['日期', '时间', '条码', '数量'], ['2026-11-23', '14:05', P, '1'], ['2026-11-23', '25:99', P, '1']);
    const r = readLines(t, { date: 0, time: 1, barcode: 2, qty: 3 }, 'stock_count', { today: TODAY });
    expect(r.lines.map((l) => l.countedAt)).toEqual(['2026-11-23T06:05:00.000Z']);
    expect(r.problems).toEqual([{ rowNo: 3, column: '时间', field: 'time', code: 'bad_date', value: '25:99' }]);
  });

  it('sales and receipts carry no countedAt; stock counts do, at 08:00 when only a day is given', () => {
    const t = tableOf(header, [P, '', '1', '2026-11-23'], [P, '', '1', '2026-11-23 19:30']);
    expect(readLines(t, mapping, 'receipts', { today: TODAY }).lines.map((l) => l.countedAt)).toEqual([null, null]);
    expect(readLines(t, mapping, 'stock_count', { today: TODAY }).lines.map((l) => l.countedAt)).toEqual([
      '2026-11-23T00:00:00.000Z',
      '2026-11-23T11:30:00.000Z',
    ]);
  });

  it('for a stock count, an empty date cell falls back to the given countedAt', () => {
    const t = tableOf(header, [P, '', '1', ''], [P, '', '2', '2026-11-20']);
    const r = readLines(t, mapping, 'stock_count', { today: TODAY, countedAt: '2026-11-23T01:00:00Z' });
    expect(r.lines.map((l) => [l.day, l.countedAt])).toEqual([
      ['2026-11-23', '2026-11-23T01:00:00.000Z'],
      ['2026-11-20', '2026-11-20T00:00:00.000Z'],
    ]);
    // countedAt is for stock counts only: a sales file still needs its dates.
    expect(readLines(t, mapping, 'sales', { today: TODAY, countedAt: '2026-11-23T01:00:00Z' }).problems).toHaveLength(1);
  });

  it('maxDaysBack bounds how old a date may be', () => {
    const t = tableOf(header, [P, '', '1', '2026-11-14'], [P, '', '1', '2026-11-13']);
    const r = readLines(t, mapping, 'sales', { today: TODAY, maxDaysBack: 10 });
    expect(r.lines.map((l) => l.day)).toEqual(['2026-11-14']);
    expect(r.problems.map((p) => p.code)).toEqual(['date_too_old']);
    expect(checkDayRange('2026-11-24', TODAY)).toBeNull();
    expect(checkDayRange('2026-11-25', TODAY)).toBe('date_in_future');
  });

  it('a formula in any mapped cell is reported once, and not parsed as well', () => {
    const t = tableOf([...header, '单位'], ['=A1', '=B1', '=C1', '=D1', '=E1']);
    const r = readLines(t, { ...mapping, unit: 4 }, 'sales', { today: TODAY });
    expect(r.problems.map((p) => [p.field, p.code])).toEqual([
      ['barcode', 'formula'],
      ['qty', 'formula'],
      ['date', 'formula'],
      ['name', 'formula'],
      ['unit', 'formula'],
    ]);
  });

  it('an empty name is null; names are kept as written', () => {
    const t = tableOf(header, [P, '', '1', '2026-11-23'], [P, '中华(硬)', '1', '2026-11-23']);
    expect(readLines(t, mapping, 'sales', { today: TODAY }).lines.map((l) => l.name)).toEqual([null, '中华(硬)']);
  });

  it('a total row is skipped only when its barcode cell is not a barcode', () => {
    const t = tableOf(header, ['合计', '', '10', ''], [P, '合计', '1', '2026-11-23']);
    const r = readLines(t, mapping, 'sales', { today: TODAY });
    expect(r.skipped).toEqual([{ rowNo: 2, reason: 'total_row' }]);
    expect(r.lines.map((l) => l.rowNo)).toEqual([3]);
  });

  it('refuses to run without the columns it needs (the mapping step must come first)', () => {
    const t = tableOf(header);
    expect(() => readLines(t, { barcode: 0, date: 3 }, 'sales', { today: TODAY })).toThrow(RangeError);
    expect(() => readLines(t, { barcode: 0, qty: 2 }, 'sales', { today: TODAY })).toThrow(RangeError);
    expect(() => readLines(t, mapping, 'sales', { today: '24/11/2026' })).toThrow(RangeError);
    expect(() => readLines(t, { barcode: 0, qty: 2 }, 'stock_count', { today: TODAY, countedAt: 'soon' })).toThrow(
      RangeError,
    );
  });

  it('every row ends as exactly one of: a line, problems, skipped (property)', () => {
    const cellArb = fc.oneof(
      fc.constantFrom(P, '', '3', '-1', '1.5', '2026-11-23', '2027-01-01', '=1', '合计', 'x', '46349'),
      fc.string({ maxLength: 6 }),
    );
    fc.assert(
      fc.property(fc.array(fc.array(cellArb, { minLength: 4, maxLength: 4 }), { maxLength: 30 }), (rows) => {
        const t = tableOf(header, ...rows);
        const r = readLines(t, mapping, 'sales', { today: TODAY });
        const lineRows = new Set(r.lines.map((l) => l.rowNo));
        const problemRows = new Set(r.problems.map((p) => p.rowNo));
        const skippedRows = new Set(r.skipped.map((s) => s.rowNo));
        for (const row of t.rows) {
          const n = [lineRows, problemRows, skippedRows].filter((s) => s.has(row.rowNo)).length;
          expect(n).toBe(1);
        }
      }),
    );
  });
});
