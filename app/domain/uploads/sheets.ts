/**
 * Which worksheet of a workbook holds the data. Workbooks often open on an instructions sheet (说明, 填写须知)
 * or a cover page, with the table on the second sheet; reading only the first sheet answered such a file with
 * "no table found". Rule:
 *  - the candidates are the visible sheets with any cell, in workbook order (hidden sheets are usually lookup
 *    lists; they are read only when no visible sheet has anything);
 *  - each candidate's header row is found as for any file (table.ts), and scored by how many of the columns
 *    the caller needs it names (header-need.ts) — or, when the caller names no need, how many cells are known
 *    column names;
 *  - the first candidate with the best score wins; a sheet without a header row never beats one with.
 * A file whose candidates all fail is answered with the first candidate's problem, naming that sheet.
 */
import { isKnownHeader } from './columns';
import { headerFit, type HeaderNeed } from './header-need';
import type { ReadTableResult } from './read-errors';
import { buildRawTable, findHeaderRow, type GridRow } from './table';

export interface SheetRows {
  name: string;
  /** The sheet's rows as trimmed strings (rendered on demand: only the sheets looked at cost memory). */
  rows: () => GridRow[];
}

function score(header: string[], need: HeaderNeed | undefined): number {
  return need ? headerFit(need, header).found : header.filter(isKnownHeader).length;
}

export function tableFromSheets(fileName: string, sheets: SheetRows[], maxRows: number, need?: HeaderNeed): ReadTableResult {
  let best: { result: ReadTableResult; score: number } | null = null;
  let firstFailure: ReadTableResult | null = null;
  for (const sheet of sheets) {
    const grid = sheet.rows().filter((r) => r.cells.some((c) => c !== ''));
    const found = findHeaderRow(grid);
    const result = withSheet(buildRawTable(fileName, 'xlsx', grid, maxRows), sheet.name);
    if ('reason' in found) {
      firstFailure ??= result;
      continue;
    }
    const s = score(grid[found.index]!.cells, need);
    if (!best || s > best.score) best = { result, score: s };
    // Every needed column found: no later sheet can do better.
    if (need && s === headerFit(need, []).required) break;
  }
  return best?.result ?? firstFailure ?? { ok: false, error: { code: 'empty_file' } };
}

/** The sheet's name on the table, and on a problem found in it (so the message can say where). */
function withSheet(result: ReadTableResult, sheet: string): ReadTableResult {
  if (result.ok) return { ok: true, table: { ...result.table, sheetName: sheet } };
  const { code, detail } = result.error;
  if (code === 'empty_file') return result;
  return { ok: false, error: { code, detail: { ...detail, ...(code === 'not_a_table' ? { format: 'xlsx' } : {}), sheet } } };
}
