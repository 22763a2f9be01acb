/**
 * Reading a daily sales history for the replay, for both ways in — `npm run backtest -- --data …` and the staff
 * backtest page's upload — with the file reader every upload uses (uploads/read-table.server.ts and its parts:
 * encodings (UTF-8, GBK, UTF-16), delimiters, title lines; for the page also Excel and the size and row limits),
 * gzip accepted (told by its first bytes, not its name). Its table becomes replay rows in
 * app/domain/backtest/history-table.ts, every bad cell named by row and column; a trading-day list is one day a
 * line.
 *
 * `replayHistoryUpload` is the page's whole job on a file — read, preview, and replay when allowed — and runs in
 * the upload reader's worker thread (uploads/read-pool.server.ts), never on the event loop.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import {
  dailyRowsFromTable,
  MIN_TEST_DAYS,
  planHistoryReplay,
  recogniseHistoryColumns,
  replayItems,
  replayRows,
  replayTargets,
  WARMUP_DAYS,
  type ClassFigures,
  type DailyRow,
  type HistoryPreview,
  type HistoryRows,
  type UploadReplay,
} from '~/domain/backtest';
import type { ReplenishmentParams } from '~/domain/replenishment';
import type { DemandClass } from '~/domain/replenishment/types';
import { inferDayOrder, parseDateCell } from '~/domain/uploads/dates';
import { MAX_TRADING_DAYS_BYTES } from '~/domain/uploads/limits';
import type { ReadErrorCode } from '~/domain/uploads/read-errors';
import { buildRawTable } from '~/domain/uploads/table';
import { decodeText } from './uploads/read/decode-text.server';
import { parseDelimited } from './uploads/read/delimited.server';
import { gunzipAtMost, isGzip } from './uploads/read/gzip.server';
import { readTable } from './uploads/read-table.server';

/** Why a history (or its trading-day list) is refused: a read error, or the history's own reasons. */
export type HistoryErrorCode =
  | ReadErrorCode
  /** detail: { columns: the missing ones ('date, units'), header: the header found, sheet? } */
  | 'missing_columns'
  /** The trading-day list: detail { lineNo, value }. */
  | 'bad_trading_day'
  /** No good row: detail { rowNo, column, code, value } of the first bad cell (or nothing, for a file of total rows only). */
  | 'nothing_good'
  /** Every item is shorter than the warm-up and four test weeks: detail { days, needDays }. */
  | 'too_short'
  /** detail { firstDay, lastDay, days, maxDays } */
  | 'history_too_long';

export interface HistoryError {
  code: HistoryErrorCode;
  /** `file: 'trading_days'` when the problem is in the trading-day list rather than the history. */
  detail?: Record<string, string | number>;
}

export type HistoryRead =
  | { ok: true; encoding: string; sheetName: string | null; rows: HistoryRows }
  | { ok: false; error: HistoryError };

export interface HistoryReadLimits {
  /** Bytes of the file, and again once unpacked; default the uploads' 20 MiB. */
  maxBytes?: number;
  /** Data rows; default the uploads' 200,000. */
  maxRows?: number;
  /** Bad cells listed (all are counted). */
  maxListed?: number;
}

/** A `date,item,units[,is_closed]` history (CSV, TSV or Excel; plain or gzip) → replay rows and its bad cells. */
export async function readDailyHistory(fileName: string, bytes: Uint8Array, limits: HistoryReadLimits = {}): Promise<HistoryRead> {
  const read = await readTable(fileName, bytes, { gzip: true, need: { for: 'daily_history' }, maxBytes: limits.maxBytes, maxRows: limits.maxRows });
  if (!read.ok) return read;
  const { table } = read;
  const { columns, missing } = recogniseHistoryColumns(table.header);
  if (missing.length > 0) {
    const detail: Record<string, string> = { columns: missing.join(', '), header: table.header.join(', ').slice(0, 200) };
    if (table.sheetName !== undefined) detail.sheet = table.sheetName;
    return { ok: false, error: { code: 'missing_columns', detail } };
  }
  return { ok: true, encoding: table.encoding, sheetName: table.sheetName ?? null, rows: dailyRowsFromTable(table, columns, limits.maxListed) };
}

export type TradingDaysRead = { ok: true; days: Set<string> } | { ok: false; error: HistoryError };

/**
 * One day a line, in any form the uploads read as a date (2026-01-05, 2026/1/5, 20260105, …); blank lines and
 * lines starting with # are skipped. A line that is not a day refuses the list: a wrong calendar would read
 * trading days as closed or the other way round.
 */
export function tradingDaysFromText(text: string): TradingDaysRead {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const order = inferDayOrder(lines);
  const days = new Set<string>();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '' || line.startsWith('#')) continue;
    const day = parseDateCell(line, order)?.day;
    if (!day) return { ok: false, error: { code: 'bad_trading_day', detail: { lineNo: i + 1, value: line.slice(0, 60) } } };
    days.add(day);
  }
  return { ok: true, days };
}

/** A trading-day list's bytes (plain or gzip, any text encoding the uploads read), within MAX_TRADING_DAYS_BYTES. */
export function readTradingDays(bytes: Uint8Array, maxBytes = MAX_TRADING_DAYS_BYTES): TradingDaysRead {
  if (bytes.length === 0) return { ok: false, error: { code: 'empty_file' } };
  if (bytes.length > maxBytes) return { ok: false, error: { code: 'too_large', detail: { bytes: bytes.length, maxBytes } } };
  let plain = bytes;
  if (isGzip(bytes)) {
    const inner = gunzipAtMost(bytes, maxBytes);
    if (!inner.ok) return { ok: false, error: inner.code === 'too_large' ? { code: 'too_large', detail: { maxBytes, unpacked: 1 } } : { code: 'corrupt_gzip' } };
    plain = inner.bytes;
  }
  const decoded = decodeText(plain);
  if (!decoded.ok) return { ok: false, error: { code: 'mixed_encoding', detail: decoded.detail } };
  const read = tradingDaysFromText(decoded.text);
  return read.ok && read.days.size === 0 ? { ok: false, error: { code: 'empty_file' } } : read;
}

export class HistoryFileError extends Error {}

/**
 * The command line's file from disk (`npm run backtest -- --data …`, scripts/replay-sources.ts), as text:
 * gunzipped when it starts with the gzip bytes, decoded as the uploads decode (UTF-8, GBK, UTF-16).
 */
export function readMaybeGzipText(file: string): string {
  let bytes: Uint8Array = new Uint8Array(fs.readFileSync(file));
  if (isGzip(bytes)) {
    const inner = gunzipAtMost(bytes, Infinity);
    if (!inner.ok) throw new HistoryFileError(`${file}: not a readable gzip file`);
    bytes = inner.bytes;
  }
  const decoded = decodeText(bytes);
  if (!decoded.ok) throw new HistoryFileError(`${file}: mixes UTF-8 and GBK lines (UTF-8 line ${decoded.detail.firstUtf8LineNo}, GBK line ${decoded.detail.firstOtherLineNo})`);
  return decoded.text;
}

/** The command line's report of a history's bad rows (stderr), as the replay leaves them out. */
export function warnBadRows(read: HistoryRows): void {
  if (read.rowsBad > 0) {
    const examples = read.problems.slice(0, 5).map((p) => `row ${p.rowNo}, column "${p.column}": ${p.code} (${JSON.stringify(p.value)})`);
    console.warn(`${read.rowsBad} rows refused, their item-days read as unknown; e.g. ${examples.join('; ')}`);
  }
  if (read.rowsSkipped > 0) console.warn(`${read.rowsSkipped} total rows skipped`);
}

/**
 * A history's text (the command line's) through the uploads' reader — delimiter, header row, title lines, cells
 * — and the page's row rules, with no size limit: the good rows, and a closed (unknown) row for each item-day of
 * a refused one (history-plan.ts replayRows), ready for itemsFromRows. `onRead` gets the counts and the bad
 * cells (by default they are printed). Throws a HistoryFileError when the text is not a table or lacks a column.
 */
export function parseDailyRowsCsv(text: string, onRead: (read: HistoryRows) => void = warnBadRows): DailyRow[] {
  const table = buildRawTable('history', 'text', parseDelimited(text.replace(/^\uFEFF/, '')).rows, Infinity);
  if (!table.ok) throw new HistoryFileError(`the history is not a table (${table.error.code})`);
  const { header } = table.table;
  const { columns, missing } = recogniseHistoryColumns(header);
  if (missing.length > 0) throw new HistoryFileError(`the history needs ${missing.map((c) => `a "${c}"`).join(' and ')} column; it has ${header.join(', ') || 'none'}`);
  const read = dailyRowsFromTable(table.table, columns);
  onRead(read);
  return replayRows(read).rows;
}

/** The command line's trading-day list (tradingDaysFromText); throws a HistoryFileError naming the bad line. */
export function parseTradingDays(text: string): Set<string> {
  const read = tradingDaysFromText(text);
  if (!read.ok) throw new HistoryFileError(`trading days, line ${read.error.detail?.lineNo}: not a day: ${read.error.detail?.value}`);
  return read.days;
}

/** What staff asked the page to replay. */
export interface HistoryReplayTask {
  history: { fileName: string; bytes: Uint8Array };
  tradingDays: { fileName: string; bytes: Uint8Array } | null;
  leadDays: number;
  packsPerCarton: number;
  /** Replay the good rows of a file with bad ones (the user's choice after seeing the preview). */
  keepGoodRows: boolean;
  /** The fingerprint of the preview that choice was made on. */
  fingerprint: string | null;
  ruleParams: Readonly<ReplenishmentParams>;
}

export type HistoryReplayOutcome =
  | { ok: false; error: HistoryError; preview?: HistoryPreview }
  | {
      ok: true;
      preview: HistoryPreview;
      /** Why nothing was replayed yet: bad rows wait for the user's choice; a choice made on other files is not taken. */
      waiting: 'has_bad_rows' | 'changed_since_preview' | null;
      replay: UploadReplay | null;
    };

function fingerprintOf(task: HistoryReplayTask): string {
  const hash = crypto.createHash('sha256').update(task.history.bytes);
  hash.update('\u0000trading-days\u0000');
  if (task.tradingDays) hash.update(task.tradingDays.bytes);
  return hash.digest('hex');
}

const inTradingDays = (error: HistoryError): HistoryError => ({ code: error.code, detail: { ...error.detail, file: 'trading_days' } });

/**
 * The page's job on an uploaded history (runs in a worker thread): read both files; refuse a file that cannot
 * be read or has nothing to replay; otherwise preview it, and replay when it has no bad rows or the user chose
 * to replay the good ones of these very files. Writes nothing anywhere.
 */
export async function replayHistoryUpload(task: HistoryReplayTask): Promise<HistoryReplayOutcome> {
  const read = await readDailyHistory(task.history.fileName, task.history.bytes);
  if (!read.ok) return read;
  let tradingDays: Set<string> | null = null;
  if (task.tradingDays) {
    const days = readTradingDays(task.tradingDays.bytes);
    if (!days.ok) return { ok: false, error: inTradingDays(days.error) };
    tradingDays = days.days;
  }
  const plan = planHistoryReplay(read.rows, tradingDays);
  const preview: HistoryPreview = {
    fileName: task.history.fileName,
    encoding: read.encoding,
    sheetName: read.sheetName,
    tradingDaysFileName: task.tradingDays?.fileName ?? null,
    fingerprint: fingerprintOf(task),
    facts: plan.facts,
    problems: read.rows.problems,
  };
  const { facts } = plan;
  if (facts.rowsRead === facts.rowsSkipped) return { ok: false, error: { code: 'empty_file', detail: read.sheetName ? { sheet: read.sheetName } : {} }, preview };
  if (facts.rowsGood === 0) {
    const first = read.rows.problems[0];
    return { ok: false, error: { code: 'nothing_good', detail: first ? { rowNo: first.rowNo, column: first.column, code: first.code, value: first.value } : {} }, preview };
  }
  if (!plan.ok) return { ok: false, error: { code: plan.code, detail: plan.detail }, preview };
  if (facts.itemsReplayable === 0) return { ok: false, error: { code: 'too_short', detail: { days: facts.days, needDays: WARMUP_DAYS + MIN_TEST_DAYS } }, preview };
  if (facts.rowsBad > 0) {
    if (!task.keepGoodRows) return { ok: true, preview, waiting: 'has_bad_rows', replay: null };
    if (task.fingerprint !== preview.fingerprint) return { ok: true, preview, waiting: 'changed_since_preview', replay: null };
  }

  const started = performance.now();
  const result = replayItems(plan.items, { leadDays: task.leadDays, packsPerCarton: task.packsPerCarton, ruleParams: task.ruleParams });
  const byClass: Partial<Record<DemandClass, ClassFigures>> = {};
  for (const [demandClass, f] of Object.entries(result.byClass) as Array<[DemandClass, NonNullable<(typeof result.byClass)[DemandClass]>]>) {
    byClass[demandClass] = { items: f.items, headline: f.headline, target: f.target, forecast: f.forecast };
  }
  const replay: UploadReplay = {
    leadDays: result.leadDays,
    packsPerCarton: task.packsPerCarton,
    warmupDays: result.warmupDays,
    items: result.items,
    headline: result.headline,
    target: result.target,
    forecast: result.forecast,
    rule: result.rule,
    b1: result.b1,
    b0: result.b0,
    b2: result.b2,
    byClass,
    targets: replayTargets(result),
    seconds: Math.round((performance.now() - started) / 100) / 10,
  };
  return { ok: true, preview, waiting: null, replay };
}
