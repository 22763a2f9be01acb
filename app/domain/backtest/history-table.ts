/**
 * A daily sales history as a table (read by the shared file reader, app/server/uploads/read-table.server.ts)
 * → the replay's rows, with every bad cell named by row and column (pure: no I/O).
 *
 * Columns: `date`, `item`, `units`, optionally `is_closed` (1 = the shop was closed that day); header names in
 * any case, order and width, Chinese or English (日期, 商品 / 品规 / 条码, 数量 / 销量, 是否休息), other columns
 * ignored. Cells are read with the shop uploads' cell rules (app/domain/uploads/cells.ts, dates.ts): a date in
 * any form those accept (the day order of 01/02/2026 decided by the whole column), units a whole number from 0
 * to MAX_QTY_PER_LINE, formulas refused, a "合计 / Total" row skipped.
 *
 * A refused row whose item and date could be read leaves that item's day *unknown* (censored, as a closed day),
 * not a zero sale: its sales are not known, and the rows of that item-day that were read may be only part of it.
 */
import { isFormula, isTotalLabel, parseQtyCell } from '../uploads/cells';
import { inferDayOrder, parseDateCell } from '../uploads/dates';
import { fold, headerKey } from '../uploads/text';
import type { RawTable, RowProblemCode } from '../uploads/types';
import type { DailyRow } from './items';

export type HistoryColumn = 'date' | 'item' | 'units' | 'closed';
export const REQUIRED_HISTORY_COLUMNS: readonly HistoryColumn[] = ['date', 'item', 'units'];

/** Header words per column, compared after headerKey (case, spaces, punctuation and bracketed notes ignored). */
const WORDS: Record<HistoryColumn, readonly string[]> = {
  date: ['date', 'day', 'salesdate', 'saledate', '日期', '销售日期', '营业日期'],
  item: ['item', 'itemid', 'itemcode', 'sku', 'product', 'productid', 'stockcode', 'spec', '商品', '商品编码', '品规', '品规编码', '卷烟', '条码', 'barcode', '品名'],
  units: ['units', 'unitssold', 'qty', 'quantity', 'sold', '数量', '销量', '销售数量', '盒数'],
  closed: ['isclosed', 'closed', '休息', '是否休息', '歇业', '是否歇业'],
};
const KEYS: Record<HistoryColumn, ReadonlySet<string>> = {
  date: new Set(WORDS.date.map(headerKey)),
  item: new Set(WORDS.item.map(headerKey)),
  units: new Set(WORDS.units.map(headerKey)),
  closed: new Set(WORDS.closed.map(headerKey)),
};

export interface HistoryColumns {
  /** 0-based column index per recognised column (the leftmost match). */
  columns: Partial<Record<HistoryColumn, number>>;
  /** Required columns no header names. */
  missing: HistoryColumn[];
}

export function recogniseHistoryColumns(header: readonly string[]): HistoryColumns {
  const columns: Partial<Record<HistoryColumn, number>> = {};
  header.forEach((cell, index) => {
    const key = headerKey(cell);
    for (const column of ['date', 'item', 'units', 'closed'] as const) {
      if (columns[column] === undefined && KEYS[column].has(key)) {
        columns[column] = index;
        break;
      }
    }
  });
  return { columns, missing: REQUIRED_HISTORY_COLUMNS.filter((c) => columns[c] === undefined) };
}

/** The codes a history's cell can be refused with (a subset of the shop uploads' codes, same meaning). */
export type HistoryProblemCode = Extract<RowProblemCode, 'missing_value' | 'bad_date' | 'not_a_number' | 'negative' | 'fractional' | 'too_large' | 'formula'>;

/** One bad cell: the row number as the file shows it, and the column by its header text. */
export interface HistoryRowProblem {
  rowNo: number;
  column: string;
  code: HistoryProblemCode;
  /** The cell as written (at most 60 characters). */
  value: string;
}

export interface HistoryRows {
  /** The good rows. */
  rows: DailyRow[];
  /** Item-days named by refused rows whose item and date could be read: unknown, not zero. */
  unknownDays: Array<{ item: string; day: string }>;
  /** Data rows below the header. */
  rowsRead: number;
  rowsGood: number;
  rowsBad: number;
  /** "合计 / Total" rows, left out. */
  rowsSkipped: number;
  /** Bad cells, the first `maxListed` of them in file order. */
  problems: HistoryRowProblem[];
  problemCount: number;
}

/** How many bad cells a preview lists by default. */
export const LISTED_PROBLEMS = 20;
const VALUE_CHARS = 60;
const TRUE_FLAGS = new Set(['1', 'true', 'yes', 'y', '是', 'x']);

/**
 * The table's rows as replay rows. `columns` must name date, item and units (recogniseHistoryColumns with
 * nothing missing); throws a RangeError otherwise.
 */
export function dailyRowsFromTable(table: RawTable, columns: Partial<Record<HistoryColumn, number>>, maxListed = LISTED_PROBLEMS): HistoryRows {
  const { date: dateAt, item: itemAt, units: unitsAt, closed: closedAt } = columns;
  if (dateAt === undefined || itemAt === undefined || unitsAt === undefined) throw new RangeError('the history needs date, item and units columns');
  const name = (index: number, fallback: string) => table.header[index] || fallback;
  const dateName = name(dateAt, 'date');
  const itemName = name(itemAt, 'item');
  const unitsName = name(unitsAt, 'units');
  // Day order is a property of the column, not of one value (see uploads/dates.ts).
  const order = inferDayOrder(table.rows.map((r) => r.cells[dateAt] ?? ''));
  // Dates repeat on every item's row: each distinct cell is parsed once.
  const dayOf = new Map<string, string | null>();
  const out: HistoryRows = { rows: [], unknownDays: [], rowsRead: table.rows.length, rowsGood: 0, rowsBad: 0, rowsSkipped: 0, problems: [], problemCount: 0 };
  const report = (rowNo: number, column: string, code: HistoryProblemCode, value: string) => {
    out.problemCount++;
    if (out.problems.length < maxListed) out.problems.push({ rowNo, column, code, value: value.slice(0, VALUE_CHARS) });
  };

  for (const row of table.rows) {
    const rawDate = row.cells[dateAt] ?? '';
    const rawItem = row.cells[itemAt] ?? '';
    const rawUnits = row.cells[unitsAt] ?? '';
    const dateFormula = isFormula(rawDate);
    let day: string | null = null;
    if (!dateFormula) {
      let cached = dayOf.get(rawDate);
      if (cached === undefined) dayOf.set(rawDate, (cached = parseDateCell(rawDate, order)?.day ?? null));
      day = cached;
    }
    if (!day && row.cells.some(isTotalLabel)) {
      out.rowsSkipped++;
      continue;
    }
    const before = out.problemCount;
    if (dateFormula) report(row.rowNo, dateName, 'formula', rawDate);
    else if (!day) report(row.rowNo, dateName, fold(rawDate) === '' ? 'missing_value' : 'bad_date', rawDate);
    const item = fold(rawItem);
    if (isFormula(rawItem)) report(row.rowNo, itemName, 'formula', rawItem);
    else if (item === '') report(row.rowNo, itemName, 'missing_value', rawItem);
    let units: number | null = null;
    if (isFormula(rawUnits)) report(row.rowNo, unitsName, 'formula', rawUnits);
    else {
      const parsed = parseQtyCell(rawUnits);
      if (parsed.ok) units = parsed.value;
      else report(row.rowNo, unitsName, parsed.code as HistoryProblemCode, rawUnits);
    }
    if (out.problemCount > before || !day || units === null) {
      out.rowsBad++;
      if (day && item !== '' && !isFormula(rawItem)) out.unknownDays.push({ item, day });
      continue;
    }
    const good: DailyRow = { day, item, units };
    if (closedAt !== undefined && TRUE_FLAGS.has(fold(row.cells[closedAt] ?? '').toLowerCase())) good.closed = true;
    out.rows.push(good);
    out.rowsGood++;
  }
  return out;
}
