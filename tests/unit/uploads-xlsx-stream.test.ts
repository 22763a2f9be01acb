/**
 * The streaming reader (large workbooks) reads what the in-memory reader reads: the same sheets, rows and
 * cells for the Excel fixtures and for a workbook with merged cells, a hidden sheet, dates, times, formulas and
 * rich text — so which reader a file gets (by its size) does not change what the shop sees.
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readTable } from '~/server/uploads/read-table.server';
import { readXlsx } from '~/server/uploads/read/xlsx.server';
import { readXlsxStreaming, STREAM_FROM_BYTES } from '~/server/uploads/read/xlsx-stream.server';
import { checkZipLimits } from '~/server/uploads/read/zip-limits.server';

async function both(bytes: Uint8Array) {
  const [memory, stream] = await Promise.all([readXlsx(bytes), readXlsxStreaming(bytes)]);
  const plain = (r: typeof memory) => (r.ok ? r.sheets.map((s) => ({ name: s.name, rows: s.rows() })) : r);
  return { memory: plain(memory), stream: plain(stream) };
}

describe('streaming and in-memory Excel readers agree', () => {
  for (const name of ['sales-chinese.xlsx', 'stock-count.xlsx', 'broken-formulas.xlsx']) {
    it(name, async () => {
      const { memory, stream } = await both(new Uint8Array(fs.readFileSync(path.join('tests/fixtures/uploads', name))));
      expect(stream).toEqual(memory);
    });
  }

  it('merged cells (down: repeated; across: empty), a hidden sheet, dates, times, formulas, rich text', async () => {
    const book = new ExcelJS.Workbook();
    book.addWorksheet('隐藏', { state: 'hidden' }).addRow(['条码', '品名']);
    const s = book.addWorksheet('销售');
    s.addRow(['2026年11月销售明细']);
    s.mergeCells('A1:D1');
    s.addRow(['日期', '条码', '数量', '备注']);
    s.addRow([new Date(Date.UTC(2026, 10, 23)), '6901028075817', 3, { richText: [{ text: '促' }, { text: '销' }] }]);
    s.addRow([null, '6901028075824', { formula: 'C3*2', result: 6 }, new Date(Date.UTC(1899, 11, 30, 9, 30))]);
    s.addRow([null, '6901028075831', 2.9999999999999996, true]);
    s.mergeCells('A3:A5');
    s.getCell('A3').numFmt = 'yyyy-mm-dd';
    s.getCell('D4').numFmt = 'hh:mm:ss';
    const { memory, stream } = await both(new Uint8Array(await book.xlsx.writeBuffer()));
    expect(memory).toEqual([
      {
        name: '销售',
        rows: [
          { rowNo: 1, cells: ['2026年11月销售明细', '', '', ''] },
          { rowNo: 2, cells: ['日期', '条码', '数量', '备注'] },
          { rowNo: 3, cells: ['2026-11-23', '6901028075817', '3', '促销'] },
          { rowNo: 4, cells: ['2026-11-23', '6901028075824', '=C3*2', '09:30:00'] },
          { rowNo: 5, cells: ['2026-11-23', '6901028075831', '3', 'TRUE'] },
        ],
      },
    ]);
    expect(stream).toEqual(memory);
  });

  it('a workbook past the streaming threshold is read through readTable, behind an instructions sheet', async () => {
    const book = new ExcelJS.Workbook();
    book.addWorksheet('说明').addRow(['数据在下一个工作表']);
    const sheet = book.addWorksheet('销售明细');
    sheet.addRow(['销售日期', '销售时间', '条码', '品名', '数量', '单位', '单价', '金额', '收银员', '备注']);
    const rows = 50_000;
    for (let i = 0; i < rows; i++) sheet.addRow([new Date(Date.UTC(2026, 10, 1 + (i % 28))), '09:30:00', `69010280${String(i % 1000).padStart(5, '0')}`, `卷烟 ${i % 300}`, 1 + (i % 3), '盒', 25, 25, '收银员1', i % 7 ? '' : '促销']);
    const bytes = new Uint8Array(await book.xlsx.writeBuffer());
    expect(await checkZipLimits(bytes)).toMatchObject({ ok: true, sheetBytes: expect.toSatisfy((n: number) => n > STREAM_FROM_BYTES) as unknown });
    const read = await readTable('big.xlsx', bytes, { need: { for: 'shop_upload', kind: 'sales' } });
    if (!read.ok) throw new Error(JSON.stringify(read.error));
    expect(read.table).toMatchObject({ sheetName: '销售明细', encoding: 'xlsx', headerRowNo: 1 });
    expect(read.table.rows).toHaveLength(rows);
    expect(read.table.rows[0]).toEqual({ rowNo: 2, cells: ['2026-11-01', '09:30:00', '6901028000000', '卷烟 0', '1', '盒', '25', '25', '收银员1', '促销'] });
    expect(read.table.rows.at(-1)).toEqual({ rowNo: rows + 1, cells: ['2026-11-20', '09:30:00', '6901028000999', '卷烟 199', '2', '盒', '25', '25', '收银员1', ''] });
  }, 60_000);
});
