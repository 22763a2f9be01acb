/**
 * Large .xlsx → worksheets of grid rows with ExcelJS's *streaming* reader: rows are parsed as the sheet's XML
 * is inflated and only their strings are kept, so a 200,000-row × 10-column workbook costs ~200 MB and ~8 s
 * instead of the ~1 GB and 15–30 s of the in-memory reader (xlsx.server.ts), which builds every cell as an
 * object. Cells are rendered by the same renderCell, with the same rules, except:
 *  - merged cells: the streaming reader ignores <mergeCells>, so they are read here from the sheet's XML
 *    (yauzl, a scan for <mergeCell ref="…">) and applied with the in-memory reader's rule (merged down:
 *    the value repeats; merged across: empty);
 *  - a formula shared from another cell (<f t="shared"/>) reads as '=' without its text (still a formula);
 *  - inline rich text keeps its last run only (Excel writes rich text as shared strings, which are whole).
 * Used for workbooks whose sheets unpack to more than STREAM_FROM_BYTES; smaller ones keep the in-memory reader.
 */
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import yauzl from 'yauzl';
import type { SheetRows } from '~/domain/uploads/sheets';
import type { GridRow } from '~/domain/uploads/table';
import { renderCell } from './xlsx.server';

/** Sheets' XML past which a workbook is read by streaming (a sheet of ~40,000 rows × 10 columns). */
export const STREAM_FROM_BYTES = 16 * 1024 * 1024;

interface Merge {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

const MERGE = /<(?:\w+:)?mergeCell\s[^>]*?ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"/g;

/** The merged ranges of each worksheet part, by its path in the zip. */
async function mergesByPart(bytes: Uint8Array): Promise<Map<string, Merge[]>> {
  const zip = await yauzl.fromBufferPromise(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { lazyEntries: true, strictFileNames: false });
  const merges = new Map<string, Merge[]>();
  try {
    for await (const entry of zip.eachEntry()) {
      if (!/^xl\/worksheets\/[^/]+\.xml$/i.test(entry.fileName)) continue;
      const found: Merge[] = [];
      let carry = '';
      for await (const chunk of await zip.openReadStreamPromise(entry)) {
        const text = carry + (chunk as Buffer).toString('utf8');
        for (const m of text.matchAll(MERGE)) {
          const [top, bottom] = [Number(m[2]), Number(m[4] ?? m[2])];
          const [left, right] = [columnNumber(m[1]!), columnNumber(m[3] ?? m[1]!)];
          found.push({ top: Math.min(top, bottom), bottom: Math.max(top, bottom), left: Math.min(left, right), right: Math.max(left, right) });
        }
        // A tag cut by the chunk's end is matched with the next chunk (a match already made ends before it).
        const lastOpen = text.lastIndexOf('<');
        carry = lastOpen >= 0 && text.indexOf('>', lastOpen) < 0 ? text.slice(lastOpen) : '';
      }
      if (found.length) merges.set(entry.fileName, found);
    }
  } finally {
    zip.close();
  }
  return merges;
}

/** The in-memory reader's rule: a cell merged down from the master repeats its value; merged across, empty. */
function applyMerges(rows: GridRow[], merges: Merge[]): GridRow[] {
  if (!merges.length) return rows;
  const byNo = new Map(rows.map((r) => [r.rowNo, r]));
  for (const m of merges) {
    const master = byNo.get(m.top)?.cells[m.left - 1] ?? '';
    for (let r = m.top; r <= m.bottom; r++) {
      let row = byNo.get(r);
      if (!row) {
        if (master === '') continue;
        row = { rowNo: r, cells: [] };
        byNo.set(r, row);
      }
      for (let c = m.left; c <= m.right; c++) {
        if (r === m.top && c === m.left) continue;
        while (row.cells.length < c) row.cells.push('');
        row.cells[c - 1] = c === m.left ? master : '';
      }
    }
  }
  return [...byNo.values()].filter((r) => r.cells.some((c) => c !== '')).sort((a, b) => a.rowNo - b.rowNo);
}

export type XlsxStreamRead = { ok: true; sheets: SheetRows[] } | { ok: false; code: 'corrupt_xlsx' | 'empty_file' };

interface ReaderInternals {
  properties?: { model?: { date1904?: boolean } };
  model?: { sheets?: Array<{ name: string; rId: string; state?: string }> };
  workbookRels?: Array<{ Id: string; Target: string }>;
}

export async function readXlsxStreaming(bytes: Uint8Array): Promise<XlsxStreamRead> {
  const read: Array<{ name: string; state: string | undefined; rows: GridRow[] }> = [];
  let internals: ReaderInternals;
  try {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)), {
      sharedStrings: 'cache',
      styles: 'cache',
      hyperlinks: 'ignore',
      worksheets: 'emit',
      entries: 'ignore',
    });
    internals = reader as unknown as ReaderInternals;
    for await (const sheet of reader) {
      const date1904 = internals.properties?.model?.date1904 === true;
      const rows: GridRow[] = [];
      for await (const row of sheet as unknown as AsyncIterable<ExcelJS.Row>) {
        if (!row.hasValues) continue;
        const cells: string[] = [];
        for (let c = 1; c <= row.cellCount; c++) cells.push(renderCell(row.getCell(c), date1904));
        rows.push({ rowNo: row.number, cells });
      }
      const { name, state } = sheet as unknown as { name: string; state?: string };
      read.push({ name, state, rows });
    }
  } catch {
    return { ok: false, code: 'corrupt_xlsx' };
  }
  if (!read.length) return { ok: false, code: 'corrupt_xlsx' };
  // Workbook order (the reader emits sheets in the zip's order).
  const order = new Map((internals.model?.sheets ?? []).map((s, i) => [s.name, i]));
  read.sort((a, b) => (order.get(a.name) ?? 0) - (order.get(b.name) ?? 0));
  // Merged ranges, by sheet name: workbook.xml names each sheet's part through its relationship.
  const partOf = new Map<string, string>();
  for (const s of internals.model?.sheets ?? []) {
    const target = internals.workbookRels?.find((r) => r.Id === s.rId)?.Target;
    if (target) partOf.set(s.name, target.startsWith('/') ? target.slice(1) : `xl/${target}`);
  }
  const merges = await mergesByPart(bytes);
  const sheets = read
    .map((s) => ({ ...s, rows: applyMerges(s.rows, merges.get(partOf.get(s.name) ?? '') ?? []) }))
    .filter((s) => s.rows.length > 0);
  const visible = sheets.filter((s) => s.state === 'visible' || s.state === undefined);
  const candidates = visible.length ? visible : sheets;
  if (!candidates.length) return { ok: false, code: 'empty_file' };
  return { ok: true, sheets: candidates.map((s) => ({ name: s.name, rows: () => s.rows })) };
}
