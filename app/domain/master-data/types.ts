/**
 * Master data (基础资料) as staff import it: retailers, specs and account managers from a spreadsheet.
 *   RawTable ──recogniseMasterColumns──▶ column per field ──validateRows──▶ records + row problems
 *   records + what the database holds ──diffRecords──▶ created / changed (field: from → to) / unchanged / missing
 * Everything here is pure; reading files and writing rows live in app/server/master-data.server.ts.
 */

export type MasterKind = 'retailers' | 'specs' | 'managers';
export const MASTER_KINDS: readonly MasterKind[] = ['retailers', 'specs', 'managers'];
/** County master data is thousands of rows; a file far beyond that is the wrong file. */
export const MASTER_MAX_ROWS = 50_000;

/** A field's value once read: text, a number (fen, grade, flag 0/1, weekday) or null (cleared / none). */
export type FieldValue = string | number | null;

/** One row's values by field name; a field the file did not give (no column, or an empty optional cell) is absent. */
export type MasterRecord = Record<string, FieldValue>;

export type MasterProblemCode =
  | 'missing_value'
  | 'formula'
  | 'too_long'
  | 'bad_licence'
  | 'bad_code'
  | 'bad_phone'
  | 'bad_grade'
  | 'bad_weekday'
  | 'bad_business_type'
  | 'bad_market_type'
  | 'bad_money'
  | 'bad_flag'
  | 'bad_date'
  | 'bad_barcode'
  | 'bad_packs_per_carton'
  | 'bad_price_class'
  | 'duplicate_key'
  | 'unknown_station'
  | 'unknown_manager'
  | 'barcode_taken'
  | 'same_barcodes'
  | 'launch_date_required'
  | 'username_taken';

/** One bad cell, named the way the user sees it: the file's row number and the column's header text. */
export interface MasterRowProblem {
  rowNo: number;
  column: string;
  field: string;
  code: MasterProblemCode;
  value: string;
  /** For duplicate_key: another row with the same key. */
  otherRowNo?: number;
}

/** A good row, ready to compare: its key (licence / spec code / manager code) and values. */
export interface GoodRow {
  rowNo: number;
  key: string;
  record: MasterRecord;
}

/** An account manager a retailers file creates (its code was unknown, and a row named it). */
export interface NewManager {
  rowNo: number;
  code: string;
  name: string;
  phone: string;
  stationCode: string;
}

export interface FieldChange {
  field: string;
  from: FieldValue;
  to: FieldValue;
}

export interface MasterDiff {
  created: Array<{ rowNo: number; key: string; record: MasterRecord }>;
  changed: Array<{ rowNo: number; key: string; label: string; changes: FieldChange[] }>;
  unchanged: Array<{ rowNo: number; key: string }>;
  /** In the database, not in the file (any row, good or bad): listed, never deleted. */
  missing: Array<{ key: string; label: string }>;
}
