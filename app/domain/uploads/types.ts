/**
 * The shapes shop data passes through on its way in, shared by file uploads, the POS API and typed entry.
 *   bytes ──readTable──▶ RawTable ──recogniseColumns──▶ ColumnMapping ──readLines──▶ ScanLine[] + RowProblem[]
 *   ScanLine[] ──resolveBarcodes──▶ ResolvedLine[] + UnknownBarcode[] ──dailyTotals──▶ DailyQty[]
 * Everything here is pure; reading bytes (encodings, CSV, Excel) lives in app/server/uploads/.
 */

export type UploadKind = 'sales' | 'receipts' | 'stock_count';

/** A sheet as read from a file: every cell a trimmed string; `rowNo` is the 1-based line/row in the file. */
export interface RawTable {
  fileName: string;
  /** 'utf-8', 'utf-8-bom', 'gb18030', or 'xlsx'. */
  encoding: string;
  header: string[];
  /** 1-based row number of the header in the file (data rows follow it). */
  headerRowNo: number;
  rows: Array<{ rowNo: number; cells: string[] }>;
}

/** What a column means. `qty` is in the unit of the scanned barcode (a carton code counts cartons). */
export type ColumnField = 'barcode' | 'qty' | 'date' | 'time' | 'name' | 'unit';

/** Column index (0-based) for each recognised field. */
export type ColumnMapping = Partial<Record<ColumnField, number>>;

export interface ColumnRecognition {
  mapping: ColumnMapping;
  /** Required fields no column was found for (the user maps them by hand). */
  missing: ColumnField[];
  /** Header cells that matched no field (offered in the mapping step). */
  unrecognised: Array<{ index: number; header: string }>;
}

/** One good row: a scan of `qty` units of `barcode` on `day` (stock counts also carry the instant). */
export interface ScanLine {
  rowNo: number;
  /** 'YYYY-MM-DD' in Asia/Shanghai. */
  day: string;
  /** For stock counts: when counted (ISO UTC); for sales/receipts: null. */
  countedAt: string | null;
  barcode: string;
  qty: number;
  /** The product name as the file gave it, if any (helps the user recognise an unknown barcode). */
  name: string | null;
}

export type RowProblemCode =
  | 'missing_value'
  | 'not_a_number'
  | 'negative'
  | 'fractional'
  | 'too_large'
  | 'bad_date'
  | 'date_in_future'
  | 'date_too_old'
  | 'formula'
  | 'bad_barcode';

/** One bad cell: the row and column named the way the user sees them in the file. */
export interface RowProblem {
  rowNo: number;
  /** The header text of the column (or the field name when there is no header). */
  column: string;
  field: ColumnField;
  code: RowProblemCode;
  value: string;
}

/** What the barcode resolution needs of a spec. */
export interface BarcodeSpec {
  id: number;
  cartonBarcode: string;
  packBarcode: string;
  packsPerCarton: number;
}

export interface ResolvedLine {
  rowNo: number;
  day: string;
  countedAt: string | null;
  specId: number;
  qtyPacks: number;
}

export interface UnknownBarcode {
  barcode: string;
  name: string | null;
  rowNos: number[];
  qty: number;
}

export interface DailyQty {
  specId: number;
  day: string;
  qtyPacks: number;
}
