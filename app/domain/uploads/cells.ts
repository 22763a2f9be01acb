/**
 * One cell at a time: barcode and quantity cells as shops' files write them, and formula detection.
 * Each parser returns the value or the RowProblemCode that explains why not.
 */
import { MAX_QTY_PER_LINE } from './limits';
import { fold, headerKey } from './text';
import type { QtyUnit, RowProblemCode } from './types';

export type CellResult<T> = { ok: true; value: T } | { ok: false; code: RowProblemCode };

const fail = (code: RowProblemCode): { ok: false; code: RowProblemCode } => ({ ok: false, code });

/**
 * A formula, as the reader renders it ('=…'). Cells are checked before any other parsing, so a formula that
 * happens to compute a plausible number is still reported: its cached value may be stale or from another sheet.
 */
export function isFormula(raw: string): boolean {
  return fold(raw).startsWith('=');
}

/** Excel writes long numbers this way in CSV when the column is narrow: the digits are gone for good. */
const SCIENTIFIC = /^\d+(?:\.\d+)?e[+-]?\d+$/i;

/**
 * Barcodes: digits only, 8–14 of them (EAN-8, UPC-A, EAN-13, GTIN-14). Tolerated and stripped: spaces
 * anywhere, a leading apostrophe (Excel's "text" marker, also what our exports add), and a trailing '.0'
 * (a barcode stored as a number and printed as a float).
 */
export function parseBarcodeCell(raw: string): CellResult<string> {
  let value = fold(raw).replace(/^'/, '').replace(/\s+/g, '');
  if (value === '') return fail('missing_value');
  if (SCIENTIFIC.test(value)) return fail('bad_barcode');
  value = value.replace(/\.0+$/, '');
  return /^\d{8,14}$/.test(value) ? { ok: true, value } : fail('bad_barcode');
}

const THOUSANDS = /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;
const PLAIN_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

/**
 * Quantities: a whole number from 0 to MAX_QTY_PER_LINE (anything above is a typo or a wrong column). '1,234', full-width digits, a leading apostrophe and a
 * typographic minus are accepted; '3.00' is 3. Checked in this order: missing, not a number, negative
 * (for sales: a return — still the retailer's to fix), fractional, too large.
 */
export function parseQtyCell(raw: string): CellResult<number> {
  let value = fold(raw).replace(/^'/, '').replace(/\s+/g, '').replace(/^[−–]/, '-');
  if (value === '') return fail('missing_value');
  if (THOUSANDS.test(value)) value = value.replace(/,/g, '');
  if (!PLAIN_NUMBER.test(value)) return fail('not_a_number');
  const n = Number(value) + 0; // + 0 turns -0 into 0
  if (n < 0) return fail('negative');
  if (!Number.isInteger(n)) return fail('fractional');
  if (n > MAX_QTY_PER_LINE) return fail('too_large');
  return { ok: true, value: n };
}

/** Units a shop writes after a number, folded to lower case: 条 is a carton, 盒 and 包 a pack. */
const UNIT_WORDS: Record<string, QtyUnit> = {
  条: 'carton',
  carton: 'carton',
  cartons: 'carton',
  ctn: 'carton',
  ctns: 'carton',
  盒: 'pack',
  包: 'pack',
  pack: 'pack',
  packs: 'pack',
  pk: 'pack',
  pks: 'pack',
};
const WITH_UNIT = new RegExp(`^(.*?)\\s*(${Object.keys(UNIT_WORDS).join('|')})$`, 'i');

/**
 * A sales, receipt or count quantity as shops type it: a number (see parseQtyCell), optionally followed by its
 * unit — '3条' is 3 cartons, '3盒' / '3包' / '3 packs' are 3 packs, whatever code was scanned. Without a unit the
 * number is in the unit of the scanned barcode (unit null). '条' alone is not a number.
 */
export function parseQuantityCell(raw: string): CellResult<{ qty: number; unit: QtyUnit | null }> {
  const match = WITH_UNIT.exec(fold(raw));
  if (match && match[1]!.trim() === '') return fail('not_a_number');
  const parsed = parseQtyCell(match ? match[1]! : raw);
  if (!parsed.ok) return parsed;
  return { ok: true, value: { qty: parsed.value, unit: match ? UNIT_WORDS[match[2]!.toLowerCase()]! : null } };
}

const TOTAL_WORDS = new Set(['合计', '总计', '小计', '汇总', '合计行', '总合计', 'total', 'totals', 'grandtotal', 'subtotal', 'sum']);

/** A "合计 / Total" cell, as POS report exports put on their last row. */
export function isTotalLabel(raw: string): boolean {
  return raw !== '' && TOTAL_WORDS.has(headerKey(raw));
}
