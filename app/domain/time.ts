/**
 * Business time. Instants are stored as UTC ISO strings; the business day and every time shown to a user
 * is Asia/Shanghai. China has kept UTC+8 without daylight saving since 1991, so a fixed offset is exact
 * and keeps this module free of time-zone databases (and fast inside loops over millions of rows).
 */
export const BUSINESS_TIME_ZONE = 'Asia/Shanghai';
const OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;
const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$/;

export function isDay(value: string): boolean {
  if (!DAY_RE.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

function assertDay(day: string) {
  if (!isDay(day)) throw new RangeError(`not a calendar day: ${day}`);
}

/** The Asia/Shanghai calendar day an instant falls on. */
export function shanghaiDayOf(instant: Date | string): string {
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  return new Date(ms + OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant of a local Asia/Shanghai wall-clock time on a day, as a UTC ISO string. */
export function shanghaiToInstant(day: string, localTime = '00:00:00'): string {
  assertDay(day);
  const m = TIME_RE.exec(localTime);
  if (!m) throw new RangeError(`not a time of day: ${localTime}`);
  const ms = Date.parse(`${day}T${m[1]}:${m[2]}:${m[3] ?? '00'}Z`) - OFFSET_MS;
  return new Date(ms).toISOString();
}

export function addDays(day: string, days: number): string {
  assertDay(day);
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  assertDay(from);
  assertDay(to);
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(day: string): number {
  assertDay(day);
  const w = new Date(`${day}T00:00:00Z`).getUTCDay();
  return w === 0 ? 7 : w;
}

export function mondayOf(day: string): string {
  return addDays(day, 1 - isoWeekday(day));
}

/** ISO-8601 week code, e.g. 2026-W48 (the week's Thursday decides the year). */
export function isoWeekCode(day: string): string {
  const thursday = addDays(mondayOf(day), 3);
  const year = Number(thursday.slice(0, 4));
  const jan4 = `${year}-01-04`;
  const week = Math.floor(daysBetween(mondayOf(jan4), thursday) / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** Every day from `from` to `to`, both included. */
export function daysInRange(from: string, to: string): string[] {
  const n = daysBetween(from, to);
  return Array.from({ length: Math.max(0, n + 1) }, (_, i) => addDays(from, i));
}
