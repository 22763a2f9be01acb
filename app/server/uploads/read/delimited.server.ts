/**
 * Delimited text → grid rows. The delimiter is chosen among comma, tab and semicolon (what POS systems and
 * Excel's regional "CSV" write) by parsing the first lines with each and keeping the one under which the most
 * rows share the same number (≥ 2) of fields; ties go to comma, then tab. Anything else ('|', fixed width)
 * reads as one column per row and ends as 'not_a_table': we refuse rather than guess.
 *
 * Row numbers are CSV record numbers (blank lines included), which is the line number a user sees in a text
 * editor and the row number Excel shows when it opens the file — they differ only after a quoted cell that
 * spans lines.
 */
import Papa from 'papaparse';
import type { GridRow } from '~/domain/uploads/table';

const CANDIDATES = [',', '\t', ';'] as const;
export type Delimiter = (typeof CANDIDATES)[number];

const SAMPLE_LINES = 50;
const SAMPLE_CHARS = 64 * 1024;

function sampleOf(text: string): string {
  const head = text.slice(0, SAMPLE_CHARS);
  const lastBreak = head.lastIndexOf('\n');
  return text.length > SAMPLE_CHARS && lastBreak > 0 ? head.slice(0, lastBreak) : head;
}

/** How many sample rows have the most common field count, if that count is at least 2. */
function consistency(sample: string, delimiter: Delimiter): number {
  const parsed = Papa.parse<string[]>(sample, { delimiter, preview: SAMPLE_LINES, skipEmptyLines: 'greedy' });
  const counts = new Map<number, number>();
  for (const row of parsed.data) {
    const fields = row.length;
    if (fields >= 2) counts.set(fields, (counts.get(fields) ?? 0) + 1);
  }
  return Math.max(0, ...counts.values());
}

export function detectDelimiter(text: string): Delimiter {
  const sample = sampleOf(text);
  let best: Delimiter = ',';
  let bestScore = 0;
  for (const d of CANDIDATES) {
    const score = consistency(sample, d);
    if (score > bestScore) [best, bestScore] = [d, score];
  }
  return best;
}

/**
 * Cells are trimmed. A cell written as ="…" (the trick POS exports use to stop Excel from turning a barcode
 * into 6.90103E+12) is a text literal, not a formula: it is unwrapped to its contents.
 */
function cleanCell(cell: string): string {
  const value = cell.trim();
  const literal = /^="((?:[^"]|"")*)"$/.exec(value);
  return literal ? literal[1]!.replace(/""/g, '"').trim() : value;
}

export function parseDelimited(text: string): { delimiter: Delimiter; rows: GridRow[] } {
  const delimiter = detectDelimiter(text);
  const parsed = Papa.parse<string[]>(text, { delimiter, skipEmptyLines: false });
  // Cleaned in place: a 200,000-row file would otherwise hold a second copy of every row's array.
  const rows: GridRow[] = parsed.data.map((cells, i) => {
    for (let k = 0; k < cells.length; k++) cells[k] = cleanCell(cells[k]!);
    return { rowNo: i + 1, cells };
  });
  return { delimiter, rows };
}
