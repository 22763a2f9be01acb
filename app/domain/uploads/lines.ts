/**
 * RawTable + ColumnMapping → ScanLine[] (good rows) and RowProblem[] (every bad cell, named by row, column and
 * reason). A row with any problem yields no line; the user chooses to import the good rows or fix the file.
 *
 * - Every mapped cell that is a formula ('=…') is a 'formula' problem, whatever the field.
 * - Quantities stay in the unit of the scanned barcode (a carton code counts cartons) unless the cell itself
 *   names its unit ('3条' is 3 cartons, '3盒' 3 packs); resolveBarcodes turns them into packs. A separate `unit`
 *   column (盒/条/pack/carton) is informational only and never rescales a quantity: the barcode says what was
 *   scanned, and a unit column that disagrees with it is the shop's typo to see in the preview, not ours to "fix".
 * - A bad row whose barcode and date were readable is also listed in `refused`, so the import can leave that
 *   spec's earlier data for the day alone instead of replacing it with nothing.
 * - Dates: see dates.ts for the forms read. After `today` ⇒ 'date_in_future'; more than maxDaysBack days
 *   before it ⇒ 'date_too_old'. A separate time column is used when the date cell has no time of its own; a
 *   bad time is a 'bad_date' problem on the time column.
 * - Stock counts carry countedAt: the row's Shanghai date and time as a UTC instant, 08:00 when the file gives
 *   only a day (counts are taken in the morning before trade). A stock count without a date column takes
 *   opts.countedAt (the time the user says they counted), as does a row whose date cell is empty.
 * - A row whose barcode is not a barcode but which carries a '合计 / Total' label is a report's total line: it is
 *   listed in `skipped`, not as a problem and not as a line.
 */
import { isFormula, isTotalLabel, parseBarcodeCell, parseQuantityCell, type CellResult } from './cells';
import { daysAgo, inferDayOrder, parseDateCell, parseTimeCell, type DayOrder } from './dates';
import { MAX_DAYS_BACK } from './limits';
import type { ColumnField, ColumnMapping, RawTable, RefusedScan, RowProblem, RowProblemCode, ScanLine, UploadKind } from './types';
import { isDay, shanghaiDayOf, shanghaiToInstant } from '../time';

export const DEFAULT_MAX_DAYS_BACK = MAX_DAYS_BACK;
/** Local time assumed for a stock count dated without a time. */
export const DEFAULT_COUNT_TIME = '08:00:00';

export interface ReadLinesOptions {
  /** The business day today, 'YYYY-MM-DD' (Asia/Shanghai). */
  today: string;
  maxDaysBack?: number;
  /** Stock counts only: when the shop counted (ISO-8601 with offset or Z), for files without a date column. */
  countedAt?: string;
}

export interface SkippedRow {
  rowNo: number;
  reason: 'total_row';
}

export interface ReadLinesResult {
  lines: ScanLine[];
  problems: RowProblem[];
  skipped: SkippedRow[];
  refused: RefusedScan[];
}

const FIELDS: readonly ColumnField[] = ['barcode', 'qty', 'date', 'time', 'name', 'unit'];

/** 'date_in_future' / 'date_too_old' for a day outside the accepted window, else null. */
export function checkDayRange(day: string, today: string, maxDaysBack = DEFAULT_MAX_DAYS_BACK): RowProblemCode | null {
  const ago = daysAgo(day, today);
  if (ago < 0) return 'date_in_future';
  if (ago > maxDaysBack) return 'date_too_old';
  return null;
}

function assertUsable(mapping: ColumnMapping, kind: UploadKind, countedAt: string | undefined) {
  if (mapping.barcode === undefined || mapping.qty === undefined) {
    throw new RangeError('readLines needs the barcode and qty columns mapped');
  }
  if (mapping.date === undefined && !(kind === 'stock_count' && countedAt !== undefined)) {
    throw new RangeError('readLines needs a date column (or, for a stock count, opts.countedAt)');
  }
}

/** opts.countedAt as a Shanghai day and an ISO UTC instant. */
function givenCount(countedAt: string | undefined): { day: string; instant: string } | null {
  if (countedAt === undefined) return null;
  const ms = Date.parse(countedAt);
  if (Number.isNaN(ms)) throw new RangeError(`countedAt is not an instant: ${countedAt}`);
  const instant = new Date(ms).toISOString();
  return { day: shanghaiDayOf(instant), instant };
}

/** Everything about the table that is the same for each row. */
interface Context {
  kind: UploadKind;
  mapping: ColumnMapping;
  columns: Record<ColumnField, string>;
  today: string;
  maxDaysBack: number;
  dayOrder: DayOrder;
  given: { day: string; instant: string } | null;
  /** checkDayRange per distinct day: a file has few days and many rows. */
  rangeByDay: Map<string, RowProblemCode | null>;
}

/** One row's cells by field, and the problems found in it so far. */
class RowReader {
  readonly problems: RowProblem[] = [];
  private readonly formulas = new Set<ColumnField>();

  constructor(
    private readonly ctx: Context,
    private readonly row: RawTable['rows'][number],
  ) {}

  cell(field: ColumnField): string | undefined {
    const index = this.ctx.mapping[field];
    return index === undefined ? undefined : (this.row.cells[index] ?? '');
  }

  report(field: ColumnField, code: RowProblemCode, value: string) {
    this.problems.push({ rowNo: this.row.rowNo, column: this.ctx.columns[field], field, code, value });
  }

  flagFormulas() {
    for (const field of FIELDS) {
      const value = this.cell(field);
      if (value !== undefined && isFormula(value)) {
        this.formulas.add(field);
        this.report(field, 'formula', value);
      }
    }
  }

  /** The parsed value, or undefined after reporting why not (a formula cell was reported already). */
  value<T>(field: ColumnField, result: CellResult<T>): T | undefined {
    if (this.formulas.has(field)) return undefined;
    if (result.ok) return result.value;
    this.report(field, result.code, this.cell(field) ?? '');
    return undefined;
  }

  /** The row's day and, for stock counts, the instant counted. */
  when(): { day: string; countedAt: string | null } | undefined {
    if (this.formulas.has('date') || this.formulas.has('time')) return undefined;
    const raw = this.cell('date');
    if (!raw) {
      if (this.ctx.given) return this.inRange(this.ctx.given.day, this.ctx.given.instant, this.ctx.given.instant);
      this.report('date', 'missing_value', '');
      return undefined;
    }
    const parsed = parseDateCell(raw, this.ctx.dayOrder);
    if (!parsed) {
      this.report('date', 'bad_date', raw);
      return undefined;
    }
    let time = parsed.time;
    const rawTime = this.cell('time');
    if (time === null && rawTime) {
      const t = parseTimeCell(rawTime);
      if (t === undefined) {
        this.report('time', 'bad_date', rawTime);
        return undefined;
      }
      time = t;
    }
    const instant =
      this.ctx.kind === 'stock_count' ? shanghaiToInstant(parsed.day, time ?? DEFAULT_COUNT_TIME) : null;
    return this.inRange(parsed.day, instant, raw);
  }

  private inRange(day: string, countedAt: string | null, raw: string) {
    let out = this.ctx.rangeByDay.get(day);
    if (out === undefined) {
      out = checkDayRange(day, this.ctx.today, this.ctx.maxDaysBack);
      this.ctx.rangeByDay.set(day, out);
    }
    if (!out) return { day, countedAt };
    this.report('date', out, raw);
    return undefined;
  }
}

export function readLines(
  table: RawTable,
  mapping: ColumnMapping,
  kind: UploadKind,
  opts: ReadLinesOptions,
): ReadLinesResult {
  if (!isDay(opts.today)) throw new RangeError(`today is not a day: ${opts.today}`);
  assertUsable(mapping, kind, opts.countedAt);
  const dateIndex = mapping.date;
  const columnName = (field: ColumnField): string => {
    const index = mapping[field];
    return (index === undefined ? '' : (table.header[index] ?? '')) || field;
  };
  const ctx: Context = {
    kind,
    mapping,
    columns: Object.fromEntries(FIELDS.map((f) => [f, columnName(f)])) as Record<ColumnField, string>,
    today: opts.today,
    maxDaysBack: opts.maxDaysBack ?? DEFAULT_MAX_DAYS_BACK,
    // Day order is a property of the column, not of one value (see dates.ts).
    dayOrder: dateIndex === undefined ? null : inferDayOrder(table.rows.map((r) => r.cells[dateIndex] ?? '')),
    given: kind === 'stock_count' ? givenCount(opts.countedAt) : null,
    rangeByDay: new Map(),
  };

  const result: ReadLinesResult = { lines: [], problems: [], skipped: [], refused: [] };
  for (const row of table.rows) {
    const r = new RowReader(ctx, row);
    const barcodeResult = parseBarcodeCell(r.cell('barcode') ?? '');
    if (!barcodeResult.ok && row.cells.some(isTotalLabel)) {
      result.skipped.push({ rowNo: row.rowNo, reason: 'total_row' });
      continue;
    }
    r.flagFormulas();
    const barcode = r.value('barcode', barcodeResult);
    const quantity = r.value('qty', parseQuantityCell(r.cell('qty') ?? ''));
    const when = r.when();
    if (r.problems.length > 0 || barcode === undefined || quantity === undefined || when === undefined) {
      result.problems.push(...r.problems);
      if (barcode !== undefined && when !== undefined) result.refused.push({ rowNo: row.rowNo, barcode, day: when.day, countedAt: when.countedAt });
      continue;
    }
    const name = r.cell('name') || null;
    result.lines.push({ rowNo: row.rowNo, day: when.day, countedAt: when.countedAt, barcode, qty: quantity.qty, unit: quantity.unit, name });
  }
  return result;
}
