/**
 * Dates and times as shops' files write them, read as Asia/Shanghai wall-clock values.
 *
 * Accepted date forms (an optional time may follow after a space or 'T'):
 *   2026-11-23 · 2026/11/23 · 2026.11.23 · 2026年11月23日 · 20261123 (also 202611231405[30])
 *   23/11/2026 and 11/23/2026 (see day order below) · Excel serial day numbers (46349, 46349.5833)
 *   ISO instants with a zone (2026-11-23T06:05:00Z, …+08:00), converted to Shanghai time.
 * Times: HH:mm or HH:mm:ss (one-digit hours too, fractions of a second dropped), 14时05分[30秒], with an optional
 *   AM/PM or 上午/下午.
 * Midnight exactly (00:00:00) is read as "no time": exports print date-only values that way, and a stock count at
 *   midnight is not a thing shops do.
 *
 * Day order of dd/mm/yyyy vs mm/dd/yyyy: a value whose first number is > 12 is day-first, whose second number
 *   is > 12 is month-first, and one with both numbers equal reads the same either way. For the rest (01/11/2026)
 *   the whole column decides: if any value in it is unambiguously day-first and none month-first the column is
 *   day-first, and vice versa; with no evidence, or evidence both ways, those values are a 'bad_date' rather
 *   than a guess.
 */
import { fold } from './text';
import { shanghaiDayOf } from '../time';

export interface LocalDateTime {
  /** 'YYYY-MM-DD' */
  day: string;
  /** 'HH:mm:ss', or null when the value had no time (or exactly midnight). */
  time: string | null;
}

export type DayOrder = 'dmy' | 'mdy' | null;

const pad2 = (n: number) => String(n).padStart(2, '0');
const MS_PER_DAY = 86_400_000;
/** Excel's day 0 in the 1900 system (serials from 61 on; 1900-02-29, Excel's phantom day, is serial 60). */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const MAX_EXCEL_SERIAL = 2_958_465; // 9999-12-31

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** Plain arithmetic rather than time.ts's isDay: this runs for every row of a 100k-row file. */
function makeDay(y: number, m: number, d: number): string | null {
  if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return null;
  return `${String(y).padStart(4, '0')}-${pad2(m)}-${pad2(d)}`;
}

function makeTime(h: number, m: number, s: number): string | null {
  if (h > 23 || m > 59 || s > 59) return null;
  return `${pad2(h)}:${pad2(m)}:${pad2(s)}`;
}

const TIME_RE =
  /^(上午|下午|am|pm)?\s*(\d{1,2})\s*[:时]\s*(\d{1,2})\s*(?:[:分]\s*(\d{1,2})(?:\.\d+)?\s*秒?|分)?\s*(am|pm)?$/i;

/** A time of day; returns undefined when not a time, null for midnight. */
export function parseTimeOfDay(raw: string): string | null | undefined {
  const m = TIME_RE.exec(raw.trim());
  if (!m) return undefined;
  let h = Number(m[2]);
  const meridiem = (m[1] ?? m[5] ?? '').toLowerCase();
  if (meridiem) {
    if (h < 1 || h > 12) return undefined;
    const pm = meridiem === 'pm' || meridiem === '下午';
    h = (h % 12) + (pm ? 12 : 0);
  }
  const time = makeTime(h, Number(m[3]), Number(m[4] ?? 0));
  if (time === null) return undefined;
  return time === '00:00:00' ? null : time;
}

/** "date [time]" once the date part is known; undefined if the rest is not a time. */
function withTime(day: string | null, rest: string | undefined): LocalDateTime | null {
  if (day === null) return null;
  if (rest === undefined || rest.trim() === '') return { day, time: null };
  const time = parseTimeOfDay(rest);
  return time === undefined ? null : { day, time };
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/i;
const YMD = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[\sT]*(.+))?$/i;
const COMPACT = /^(\d{4})(\d{2})(\d{2})(?:\s*T?\s*(\d{2})(\d{2})(\d{2})?)?$/i;
const DMY_OR_MDY = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?:\s+(.*))?$/;
const SERIAL = /^\d{2,7}(?:\.\d+)?$/;

/** The two leading numbers of a dd/mm/yyyy-or-mm/dd/yyyy value, or null if the value is not of that form. */
function dmyParts(value: string): [number, number] | null {
  const m = DMY_OR_MDY.exec(value);
  return m ? [Number(m[1]), Number(m[2])] : null;
}

/** The day order a column's values imply (see the module comment). */
export function inferDayOrder(values: Iterable<string>): DayOrder {
  let dayFirst = false;
  let monthFirst = false;
  for (const raw of values) {
    const parts = dmyParts(fold(raw));
    if (!parts) continue;
    if (parts[0] > 12 && parts[1] <= 12) dayFirst = true;
    if (parts[1] > 12 && parts[0] <= 12) monthFirst = true;
  }
  if (dayFirst === monthFirst) return null;
  return dayFirst ? 'dmy' : 'mdy';
}

function fromExcelSerial(value: number): LocalDateTime | null {
  if (value < 61 || value > MAX_EXCEL_SERIAL) return null;
  const ms = EXCEL_EPOCH_MS + Math.round(value * 86_400) * 1000;
  const iso = new Date(ms).toISOString();
  const time = iso.slice(11, 19);
  return { day: iso.slice(0, 10), time: time === '00:00:00' ? null : time };
}

function fromInstant(value: string): LocalDateTime | null {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return null;
  const local = new Date(ms + 8 * 3_600_000).toISOString();
  const time = local.slice(11, 19);
  return { day: shanghaiDayOf(new Date(ms)), time: time === '00:00:00' ? null : time };
}

/** A date cell (optionally with a time), or null when it is not a date we can read without guessing. */
export function parseDateCell(raw: string, order: DayOrder = null): LocalDateTime | null {
  const value = fold(raw).replace(/^'/, '').replace(/\s+/g, ' ');
  if (value === '') return null;
  if (ISO_INSTANT.test(value)) return fromInstant(value);

  let m = YMD.exec(value);
  if (m) return withTime(makeDay(Number(m[1]), Number(m[2]), Number(m[3])), m[4]);

  m = COMPACT.exec(value);
  if (m) {
    const day = makeDay(Number(m[1]), Number(m[2]), Number(m[3]));
    if (m[4] === undefined) return withTime(day, undefined);
    return withTime(day, `${m[4]}:${m[5]}:${m[6] ?? '00'}`);
  }

  m = DMY_OR_MDY.exec(value);
  if (m) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    const y = Number(m[3]);
    let dayFirst: boolean;
    if (a > 12) dayFirst = true;
    else if (b > 12) dayFirst = false;
    else if (a === b) dayFirst = true;
    else if (order) dayFirst = order === 'dmy';
    else return null;
    return withTime(dayFirst ? makeDay(y, b, a) : makeDay(y, a, b), m[4]);
  }

  if (SERIAL.test(value)) return fromExcelSerial(Number(value));
  return null;
}

/**
 * A separate time-of-day cell: 'HH:mm[:ss]', a full date-time (its time part is taken), or an Excel time
 * fraction (0.5833 = 14:00). Returns undefined when unreadable, null for midnight.
 */
export function parseTimeCell(raw: string): string | null | undefined {
  const value = fold(raw).replace(/^'/, '');
  const time = parseTimeOfDay(value);
  if (time !== undefined) return time;
  if (/^0?\.\d+$/.test(value)) {
    const seconds = Math.round(Number(value) * 86_400);
    if (seconds >= 86_400) return undefined;
    const t = makeTime(Math.floor(seconds / 3600), Math.floor((seconds % 3600) / 60), seconds % 60);
    return t === '00:00:00' ? null : t;
  }
  const dated = parseDateCell(value);
  return dated ? dated.time : undefined;
}

/** Whole days from `day` to `today` (negative when `day` is in the future). */
export function daysAgo(day: string, today: string): number {
  return Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${day}T00:00:00Z`)) / MS_PER_DAY);
}
