/**
 * Barcodes → specs, and quantities → packs. A pack code (盒码) counts packs; a carton code (条码) counts cartons,
 * converted with the spec's own packs-per-carton (units.ts does the arithmetic); a unit written with the
 * quantity ('3条', '3盒') says what was counted, whichever code was scanned. Barcodes are compared as
 * GTIN-14 (left-padded with zeros), so a scanner's 14-digit '06901028…' matches the catalogue's 13-digit code.
 * Lines whose barcode matches no spec — unknown tobacco or other goods (water, snacks) — come back grouped by
 * barcode with every row number: never dropped silently.
 */
import { MAX_PACKS_PER_SPEC_AND_DAY } from './limits';
import type { BarcodeSpec, DailyQty, RefusedScan, ResolvedLine, ScanLine, SpecDay, UnknownBarcode } from './types';
import { cartonsToPacks } from '../units';

/** The comparison key of a barcode: GTIN-14. */
export function gtinKey(barcode: string): string {
  return barcode.trim().padStart(14, '0');
}

interface Target {
  specId: number;
  /** Packs one scan of this code stands for: 1 for a pack code, the carton's packs for a carton code. */
  packsPerUnit: number;
  /** The spec's own packs per carton, for a quantity written in cartons ('3条'). */
  packsPerCarton: number;
}

/**
 * The lookup table. If the catalogue has the same code twice (a data error upstream), the first spec listed
 * wins and a pack code wins over a carton code, so the result does not depend on Map iteration order. A spec's
 * packs per carton is its first listing's (the catalogue lists specs before a shop's own mapped codes).
 */
function index(specs: BarcodeSpec[]): Map<string, Target> {
  const cartonOf = new Map<number, number>();
  for (const s of specs) if (!cartonOf.has(s.id)) cartonOf.set(s.id, s.packsPerCarton);
  const byCode = new Map<string, Target>();
  for (const s of specs) {
    if (s.packBarcode.trim() && !byCode.has(gtinKey(s.packBarcode))) {
      byCode.set(gtinKey(s.packBarcode), { specId: s.id, packsPerUnit: 1, packsPerCarton: cartonOf.get(s.id)! });
    }
  }
  for (const s of specs) {
    if (s.cartonBarcode.trim() && !byCode.has(gtinKey(s.cartonBarcode))) {
      byCode.set(gtinKey(s.cartonBarcode), { specId: s.id, packsPerUnit: s.packsPerCarton, packsPerCarton: cartonOf.get(s.id)! });
    }
  }
  return byCode;
}

function packsOf(line: ScanLine, target: Target): number {
  if (line.unit === 'pack') return line.qty;
  return cartonsToPacks(line.qty, line.unit === 'carton' ? target.packsPerCarton : target.packsPerUnit);
}

/** The spec each barcode stands for (carton, pack or mapped code, compared as GTIN-14). */
export function specOfBarcode(specs: BarcodeSpec[]): (barcode: string) => number | undefined {
  const byCode = index(specs);
  return (barcode) => byCode.get(gtinKey(barcode))?.specId;
}

/**
 * The spec-days of refused lines (see SpecDay), once each: those whose barcode is known, and the lines refused
 * over the limit (splitOverLimit's `over`). Their earlier data stays.
 */
export function refusedSpecDays(refused: RefusedScan[], specs: BarcodeSpec[], over: ResolvedLine[] = []): SpecDay[] {
  const specOf = specOfBarcode(specs);
  const out = new Map<string, SpecDay>();
  const add = (specId: number, day: string, countedAt: string | null) => out.set(`${specId}|${countedAt ?? day}`, { specId, day, countedAt });
  for (const r of refused) {
    const specId = specOf(r.barcode);
    if (specId !== undefined) add(specId, r.day, r.countedAt);
  }
  for (const l of over) add(l.specId, l.day, l.countedAt);
  return [...out.values()];
}

/**
 * Lines whose spec adds up past MAX_PACKS_PER_SPEC_AND_DAY on their day (or in their count) go to `over`, all
 * of them; the rest to `within`.
 */
export function splitOverLimit(resolved: ResolvedLine[]): { within: ResolvedLine[]; over: ResolvedLine[] } {
  const keyOf = (l: ResolvedLine) => `${l.specId}|${l.countedAt ?? l.day}`;
  const totalOf = new Map<string, number>();
  for (const l of resolved) totalOf.set(keyOf(l), (totalOf.get(keyOf(l)) ?? 0) + l.qtyPacks);
  const within: ResolvedLine[] = [];
  const over: ResolvedLine[] = [];
  for (const l of resolved) (totalOf.get(keyOf(l))! > MAX_PACKS_PER_SPEC_AND_DAY ? over : within).push(l);
  return { within, over };
}

export function resolveBarcodes(
  lines: ScanLine[],
  specs: BarcodeSpec[],
): { resolved: ResolvedLine[]; unknown: UnknownBarcode[] } {
  const byCode = index(specs);
  const resolved: ResolvedLine[] = [];
  const unknown = new Map<string, UnknownBarcode>();
  for (const line of lines) {
    const target = byCode.get(gtinKey(line.barcode));
    if (target) {
      resolved.push({
        rowNo: line.rowNo,
        day: line.day,
        countedAt: line.countedAt,
        specId: target.specId,
        qtyPacks: packsOf(line, target),
      });
      continue;
    }
    const group = unknown.get(line.barcode);
    if (group) {
      group.rowNos.push(line.rowNo);
      group.qty += line.qty;
      group.name ??= line.name;
    } else {
      unknown.set(line.barcode, { barcode: line.barcode, name: line.name, rowNos: [line.rowNo], qty: line.qty });
    }
  }
  return { resolved, unknown: [...unknown.values()] };
}

function byKeys<T>(a: T, b: T, ...keys: Array<(x: T) => string | number>): number {
  for (const k of keys) {
    const x = k(a);
    const y = k(b);
    if (x < y) return -1;
    if (x > y) return 1;
  }
  return 0;
}

/** Packs per (spec, day), ordered by day then spec: per-transaction lines become daily totals. */
export function dailyTotals(resolved: ResolvedLine[]): DailyQty[] {
  const sums = new Map<string, DailyQty>();
  for (const line of resolved) {
    const key = `${line.specId}|${line.day}`;
    const sum = sums.get(key);
    if (sum) sum.qtyPacks += line.qtyPacks;
    else sums.set(key, { specId: line.specId, day: line.day, qtyPacks: line.qtyPacks });
  }
  return [...sums.values()].sort((a, b) => byKeys(a, b, (x) => x.day, (x) => x.specId));
}

export interface CountTotal {
  specId: number;
  /** ISO UTC instant of the count. */
  countedAt: string;
  /** Asia/Shanghai day of the count. */
  day: string;
  qtyPacks: number;
}

/**
 * Packs per (spec, count instant) for a stock count: the same spec on two rows of one count (two shelves,
 * a carton code and a pack code) adds up; two counts at different times stay apart.
 */
export function countTotals(resolved: ResolvedLine[]): CountTotal[] {
  const sums = new Map<string, CountTotal>();
  for (const line of resolved) {
    if (line.countedAt === null) throw new RangeError(`row ${line.rowNo}: a stock-count line needs countedAt`);
    const key = `${line.specId}|${line.countedAt}`;
    const sum = sums.get(key);
    if (sum) sum.qtyPacks += line.qtyPacks;
    else sums.set(key, { specId: line.specId, countedAt: line.countedAt, day: line.day, qtyPacks: line.qtyPacks });
  }
  return [...sums.values()].sort((a, b) => byKeys(a, b, (x) => x.countedAt, (x) => x.specId));
}
