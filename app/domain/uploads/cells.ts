/**
 * One cell at a time: barcode and quantity cells as shops' files write them, and formula detection.
 * Each parser returns the value or the RowProblemCode that explains why not.
 */
import { fold, headerKey } from './text';
import type { RowProblemCode } from './types';

export type CellResult<T> = { ok: true; value: T } | { ok: false; code: RowProblemCode };

/** Largest quantity one line may carry (packs or cartons): anything above is a typo or a wrong column. */
export const MAX_QTY = 100_000;

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
 * Quantities: a whole number from 0 to MAX_QTY. '1,234', full-width digits, a leading apostrophe and a
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
  if (n > MAX_QTY) return fail('too_large');
  return { ok: true, value: n };
}

const TOTAL_WORDS = new Set(['合计', '总计', '小计', '汇总', '合计行', '总合计', 'total', 'totals', 'grandtotal', 'subtotal', 'sum']);

/** A "合计 / Total" cell, as POS report exports put on their last row. */
export function isTotalLabel(raw: string): boolean {
  return raw !== '' && TOTAL_WORDS.has(headerKey(raw));
}
