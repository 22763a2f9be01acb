import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RawTable } from '~/domain/uploads/types';
import { packTable, unpackTable } from '~/server/uploads/staged-table.server';

const tables = fc.record({
  fileName: fc.string(),
  encoding: fc.constantFrom('utf-8', 'gb18030', 'xlsx'),
  sheetName: fc.option(fc.string(), { nil: undefined }),
  header: fc.array(fc.string(), { maxLength: 12 }),
  headerRowNo: fc.nat(),
  rows: fc.array(fc.record({ rowNo: fc.nat(), cells: fc.array(fc.string({ unit: 'grapheme' }), { maxLength: 12 }) }), { maxLength: 4_500 }),
}) as fc.Arbitrary<RawTable>;

describe('a staged table packed and unpacked (decision 0019)', () => {
  it('comes back exactly as it was read, whatever its cells and however many chunks its rows take', async () => {
    await fc.assert(
      fc.asyncProperty(tables, async (table) => {
        const back = unpackTable(await packTable(table));
        expect(back).toEqual(JSON.parse(JSON.stringify(table)));
      }),
      { numRuns: 40 },
    );
  });

  it('is gzip, and a POS export of repeated days and barcodes packs to a fraction of its JSON', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => ({ rowNo: i + 2, cells: [`2026-11-${String(1 + (i % 28)).padStart(2, '0')}`, `69010281${String(i % 120).padStart(5, '0')}`, '云烟(紫)', String(1 + (i % 3)), '盒'] }));
    const table: RawTable = { fileName: '销售.csv', encoding: 'utf-8', header: ['日期', '条码', '品名', '数量', '单位'], headerRowNo: 1, rows };
    const packed = await packTable(table);
    expect([...packed.subarray(0, 2)]).toEqual([0x1f, 0x8b]);
    expect(packed.length).toBeLessThan(Buffer.byteLength(JSON.stringify(table)) / 5);
    expect(unpackTable(packed).rows).toHaveLength(20_000);
  });
});
