/**
 * Rows of one spec and day (or one count) are added up into one stored figure (dailyTotals / countTotals in
 * barcodes.ts). Said in words, never done silently: "5 行正确，其中 2 行同一天同一规格已合并为 1 行". The preview and
 * the import's result both say it from this one function, so the two cannot disagree.
 */
import type { ResolvedLine, UploadKind } from './types';

export interface RowMerges {
  /** Good rows: the lines that will be stored. */
  goodRows: number;
  /** The figures they are stored as: one per spec and day (per spec and count instant for a stock count). */
  stored: number;
  /** Rows that share their spec and day with another row… */
  mergedRows: number;
  /** …and the figures those rows became. goodRows − mergedRows + mergedInto = stored. */
  mergedInto: number;
}

/** The key a line is stored under: what dailyTotals and countTotals add up by. */
export function storedKeyOf(kind: UploadKind, line: Pick<ResolvedLine, 'specId' | 'day' | 'countedAt'>): string {
  return kind === 'stock_count' ? `${line.specId}|${line.countedAt ?? line.day}` : `${line.specId}|${line.day}`;
}

export function rowMerges(kind: UploadKind, lines: ReadonlyArray<Pick<ResolvedLine, 'specId' | 'day' | 'countedAt'>>): RowMerges {
  const rowsPerKey = new Map<string, number>();
  for (const line of lines) {
    const key = storedKeyOf(kind, line);
    rowsPerKey.set(key, (rowsPerKey.get(key) ?? 0) + 1);
  }
  let mergedRows = 0;
  let mergedInto = 0;
  for (const n of rowsPerKey.values()) {
    if (n < 2) continue;
    mergedRows += n;
    mergedInto += 1;
  }
  return { goodRows: lines.length, stored: rowsPerKey.size, mergedRows, mergedInto };
}
