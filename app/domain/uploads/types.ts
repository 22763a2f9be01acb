/**
 * The shapes shop data passes through on its way in, shared by file uploads, the POS API and typed entry.
 *   bytes ──readTable──▶ RawTable ──recogniseColumns──▶ ColumnMapping ──readLines──▶ ScanLine[] + RowProblem[]
 *   ScanLine[] ──resolveBarcodes──▶ ResolvedLine[] + UnknownBarcode[] ──splitOverLimit──▶ ──dailyTotals──▶ DailyQty[]
 * The POS API's lines join at ScanLine, so every channel resolves barcodes, converts units and applies the
 * limits (limits.ts) the same way.
 * Everything here is pure; reading bytes (encodings, CSV, Excel) lives in app/server/uploads/.
 */

export type UploadKind = 'sales' | 'receipts' | 'stock_count';

/** A sheet as read from a file: every cell a trimmed string; `rowNo` is the 1-based line/row in the file. */
export interface RawTable {
  fileName: string;
  /** 'utf-8', 'utf-8-bom', 'gb18030', or 'xlsx'. */
  encoding: string;
  /** The worksheet the table was read from (Excel files only: a workbook can hold several). */
  sheetName?: string;
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

/** The unit a quantity was written in: 条 (a carton) or 盒 / 包 (a pack). */
export type QtyUnit = 'pack' | 'carton';

/** One good row: a scan of `qty` units of `barcode` on `day` (stock counts also carry the instant). */
export interface ScanLine {
  rowNo: number;
  /** 'YYYY-MM-DD' in Asia/Shanghai. */
  day: string;
  /** For stock counts: when counted (ISO UTC); for sales/receipts: null. */
  countedAt: string | null;
  barcode: string;
  qty: number;
  /** The unit written with the quantity ('3条'); null: the unit of the scanned barcode (a carton code counts cartons). */
  unit: QtyUnit | null;
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

/**
 * A spec's day (or count instant) named by a refused line — its barcode and date were readable, its quantity
 * was not (or added up past the limit). The upload does not know that spec's figure, so the earlier data for it
 * stays as it was instead of being replaced by nothing.
 */
export interface SpecDay {
  specId: number;
  day: string;
  /** Stock counts: the instant counted; sales and receipts: null. */
  countedAt: string | null;
}

/** A refused line whose barcode and day could be read (see SpecDay). */
export interface RefusedScan {
  rowNo: number;
  barcode: string;
  day: string;
  countedAt: string | null;
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
