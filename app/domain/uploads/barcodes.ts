/**
 * Barcodes → specs, and quantities → packs. A pack code (盒码) counts packs; a carton code (条码) counts cartons,
 * converted with the spec's own packs-per-carton (units.ts does the arithmetic). Barcodes are compared as
 * GTIN-14 (left-padded with zeros), so a scanner's 14-digit '06901028…' matches the catalogue's 13-digit code.
 * Lines whose barcode matches no spec — unknown tobacco or other goods (water, snacks) — come back grouped by
 * barcode with every row number: never dropped silently.
 */
import type { BarcodeSpec, DailyQty, ResolvedLine, ScanLine, UnknownBarcode } from './types';
import { cartonsToPacks } from '../units';

/** The comparison key of a barcode: GTIN-14. */
export function gtinKey(barcode: string): string {
  return barcode.trim().padStart(14, '0');
}

interface Target {
  specId: number;
  /** null for a pack code; the spec's packs per carton for a carton code. */
  packsPerCarton: number | null;
}

/**
 * The lookup table. If the catalogue has the same code twice (a data error upstream), the first spec listed
 * wins and a pack code wins over a carton code, so the result does not depend on Map iteration order.
 */
function index(specs: BarcodeSpec[]): Map<string, Target> {
  const byCode = new Map<string, Target>();
  for (const s of specs) {
    if (s.packBarcode.trim() && !byCode.has(gtinKey(s.packBarcode))) {
      byCode.set(gtinKey(s.packBarcode), { specId: s.id, packsPerCarton: null });
    }
  }
  for (const s of specs) {
    if (s.cartonBarcode.trim() && !byCode.has(gtinKey(s.cartonBarcode))) {
      byCode.set(gtinKey(s.cartonBarcode), { specId: s.id, packsPerCarton: s.packsPerCarton });
    }
  }
  return byCode;
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
        qtyPacks: target.packsPerCarton === null ? line.qty : cartonsToPacks(line.qty, target.packsPerCarton),
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
