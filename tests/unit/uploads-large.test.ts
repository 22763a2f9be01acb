/**
 * The 100,000-row file: generated here into the OS temp dir (not committed), GBK per-transaction lines, read
 * through the whole pipeline. Asserts correctness; how long a 100,000-row file takes is `npm run bench`'s file
 * ingest figure (bench/uploads.ts).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dailyTotals, resolveBarcodes } from '~/domain/uploads/barcodes';
import { recogniseColumns } from '~/domain/uploads/columns';
import { readLines } from '~/domain/uploads/lines';
import { readTable } from '~/server/uploads/read-table.server';
import { buildLargeCsv } from '../../scripts/make-upload-fixtures';
import { FIXTURE_SPECS, FIXTURE_TODAY } from '../fixtures/uploads/catalogue';

const ROWS = 100_000;
const dir = mkdtempSync(path.join(os.tmpdir(), 'peihuo-uploads-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The packs the generator writes, computed from its rules independently of the readers. */
function expectedPacks(): number {
  let packs = 0;
  for (let i = 0; i < ROWS; i++) {
    const s = FIXTURE_SPECS[i % FIXTURE_SPECS.length]!;
    const qty = 1 + (i % 3);
    packs += i % 10 === 9 ? qty * s.packsPerCarton : qty;
  }
  return packs;
}

describe('a 100,000-row GBK file', () => {
  it('reads, maps, validates and totals every row', async () => {
    const file = path.join(dir, 'sales-100k-gbk.csv');
    writeFileSync(file, buildLargeCsv(ROWS));
    const bytes = new Uint8Array(readFileSync(file));

    const read = await readTable('sales-100k-gbk.csv', bytes);
    if (!read.ok) throw new Error(JSON.stringify(read.error));
    const { mapping, missing } = recogniseColumns(read.table.header, 'sales');
    const { lines, problems } = readLines(read.table, mapping, 'sales', { today: FIXTURE_TODAY });
    const { resolved, unknown } = resolveBarcodes(lines, FIXTURE_SPECS);
    const daily = dailyTotals(resolved);

    expect(read.table.encoding).toBe('gb18030');
    expect(read.table.rows).toHaveLength(ROWS);
    expect(read.table.rows.at(-1)!.rowNo).toBe(ROWS + 1);
    expect(missing).toEqual([]);
    expect(problems).toEqual([]);
    expect(lines).toHaveLength(ROWS);
    expect(unknown).toEqual([]);
    expect(daily).toHaveLength(7 * FIXTURE_SPECS.length);
    expect(daily.reduce((n, d) => n + d.qtyPacks, 0)).toBe(expectedPacks());
  });

  it('the row limit applies to it', async () => {
    const r = await readTable('big.csv', buildLargeCsv(ROWS), { maxRows: ROWS - 1 });
    expect(r).toEqual({ ok: false, error: { code: 'too_many_rows', detail: { rows: ROWS, maxRows: ROWS - 1 } } });
  });
});
