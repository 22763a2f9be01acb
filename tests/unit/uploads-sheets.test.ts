/** Which sheet of a workbook is read (app/domain/uploads/sheets.ts), on grids as the Excel reader gives them. */
import { describe, expect, it } from 'vitest';
import { tableFromSheets, type SheetRows } from '~/domain/uploads/sheets';

const sheet = (name: string, rows: string[][]): SheetRows => ({ name, rows: () => rows.map((cells, i) => ({ rowNo: i + 1, cells })) });
const instructions = sheet('说明', [['请在“数据”表填写'], ['日期写成 2026-11-23']]);
const sales = sheet('数据', [['日期', '条码', '数量'], ['2026-11-23', '6901028075817', '3']]);
const need = { for: 'shop_upload', kind: 'sales' } as const;

describe('the sheet that holds the data', () => {
  it('skips an instructions sheet in front of the data and names the sheet read', () => {
    expect(tableFromSheets('a.xlsx', [instructions, sales], 10, need)).toMatchObject({ ok: true, table: { sheetName: '数据', header: ['日期', '条码', '数量'], headerRowNo: 1 } });
  });

  it('prefers the sheet naming more of the needed columns, then the first', () => {
    const partial = sheet('汇总', [['日期', '数量'], ['2026-11-23', '3']]);
    expect(tableFromSheets('a.xlsx', [partial, sales], 10, need)).toMatchObject({ ok: true, table: { sheetName: '数据' } });
    const other = sheet('数据2', [['日期', '条码', '数量'], ['2026-11-24', '6901028075817', '1']]);
    expect(tableFromSheets('a.xlsx', [sales, other], 10, need)).toMatchObject({ ok: true, table: { sheetName: '数据' } });
  });

  it('without a need, counts the known column names; a header-like table still beats no table', () => {
    const unknown = sheet('杂项', [['甲', '乙'], ['x', 'y']]);
    expect(tableFromSheets('a.xlsx', [unknown, sales], 10)).toMatchObject({ ok: true, table: { sheetName: '数据' } });
    expect(tableFromSheets('a.xlsx', [instructions, unknown], 10)).toMatchObject({ ok: true, table: { sheetName: '杂项' } });
  });

  it('names the sheet in what it refuses: no table anywhere, or too many rows', () => {
    expect(tableFromSheets('a.xlsx', [instructions], 10, need)).toEqual({ ok: false, error: { code: 'not_a_table', detail: { reason: 'single_column', format: 'xlsx', sheet: '说明' } } });
    expect(tableFromSheets('a.xlsx', [instructions, sales], 0, need)).toEqual({ ok: false, error: { code: 'too_many_rows', detail: { rows: 1, maxRows: 0, sheet: '数据' } } });
  });
});
