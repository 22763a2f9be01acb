/**
 * Reading a daily sales history for the replay (`npm run backtest -- --data …`): a `date,item,units` CSV, plain
 * or gzip-compressed (told by its first two bytes, not its name), optionally with `is_closed` (1 = the shop was
 * closed that day); and a trading-day list, one day a line. The rows become replay items in
 * app/domain/backtest/items.ts.
 */
import fs from 'node:fs';
import { gunzipSync } from 'node:zlib';
import Papa from 'papaparse';
import type { DailyRow } from '~/domain/backtest';

/** The file's text; gunzipped when it starts with the gzip magic bytes. */
export function readMaybeGzipText(path: string): string {
  const bytes = fs.readFileSync(path);
  const gzipped = bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
  return (gzipped ? gunzipSync(bytes) : bytes).toString('utf8');
}

export class HistoryFileError extends Error {}

const TRUE_FLAGS = new Set(['1', 'true', 'yes', 'y']);

/** `date,item,units[,is_closed]` rows (header names in any case and order; other columns are ignored). */
export function parseDailyRowsCsv(text: string): DailyRow[] {
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: 'greedy',
    transformHeader: (h) => h.trim().toLowerCase(),
  });
  const fields = parsed.meta.fields ?? [];
  for (const needed of ['date', 'item', 'units']) {
    if (!fields.includes(needed)) throw new HistoryFileError(`the history needs a "${needed}" column; it has ${fields.join(', ') || 'none'}`);
  }
  const hasClosed = fields.includes('is_closed');
  return parsed.data.map((r) => {
    const row: DailyRow = { day: (r.date ?? '').trim(), item: (r.item ?? '').trim(), units: Number((r.units ?? '').trim() || Number.NaN) };
    if (hasClosed && TRUE_FLAGS.has((r.is_closed ?? '').trim().toLowerCase())) row.closed = true;
    return row;
  });
}

/** One day ('YYYY-MM-DD') a line; blank lines and lines starting with # are skipped. */
export function parseTradingDays(text: string): Set<string> {
  const days = new Set<string>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(line)) throw new HistoryFileError(`trading days: not a day: ${line}`);
    days.add(line);
  }
  return days;
}
