/**
 * What a staged file would import, as its preview page shows it (app/server/uploads/staging.server.ts computes
 * it; app/ui/uploads/preview.tsx shows it). Nothing is written until the user imports.
 */
import type { RowMerges } from './merges';
import type { ColumnMapping, ColumnRecognition, RawTable, RowProblem, UnknownBarcode, UploadKind } from './types';

/** What any staged file's preview says: the file, how it was read, and its first rows. */
export interface StagedPreviewBase {
  stagedId: string;
  retailerId: number;
  kind: UploadKind;
  fileName: string;
  encoding: string;
  /** The worksheet the rows come from (Excel files: the one whose header has the needed columns). */
  sheetName: string | null;
  header: string[];
  mapping: ColumnMapping;
  unrecognised: ColumnRecognition['unrecognised'];
  sample: RawTable['rows'];
}

/** A quantity not in packs as written (a unit in the cell, '3条', or a carton code), as it will be stored. */
export interface PreviewConversion {
  rowNo: number;
  written: string;
  qtyPacks: number;
  /** True when the cell named its unit; false when the barcode was a carton code. */
  byUnit: boolean;
}

/** The preview of a file whose columns are all known: what the import would write and what it would refuse. */
export interface ReadyPreview extends StagedPreviewBase {
  needsMapping: false;
  rowsRead: number;
  rowsGood: number;
  rowsBad: number;
  rowsSkipped: number;
  /** What the good rows will be stored as: one figure per spec and day (or count); rows of the same add up. */
  stored: number;
  /** Which good rows were added up into one figure, said in the preview and again after the import (merges.ts). */
  merges: RowMerges;
  conversions: PreviewConversion[];
  conversionCount: number;
  /** The first 200 problems; problemCount says how many there are. */
  problems: RowProblem[];
  problemCount: number;
  unknown: UnknownBarcode[];
  dayFrom: string | null;
  dayTo: string | null;
  specCount: number;
  totalPacks: number;
  /** Days this kind of data was uploaded for before, which the import replaces (after the user confirms). */
  replacesDays: string[];
  /** When this very file (same content) was imported before, if it was. */
  sameFileImportedAt: string | null;
}

/** The preview of a file with required columns nobody recognised: the user says which column is which first. */
export interface MappingPreview extends StagedPreviewBase {
  needsMapping: true;
  missing: ColumnRecognition['missing'];
}

export type StagedPreview = ReadyPreview | MappingPreview;
