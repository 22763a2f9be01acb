import { describe, expect, it } from 'vitest';
import { applyManualMapping, matchHeader, recogniseColumns } from '~/domain/uploads/columns';
import { headerKey } from '~/domain/uploads/text';
import type { ColumnField, UploadKind } from '~/domain/uploads/types';

/** The field a lone header is recognised as, for an upload kind (with filler columns so nothing is missing). */
function fieldOf(header: string, kind: UploadKind = 'sales'): ColumnField | null {
  const { mapping } = recogniseColumns([header], kind);
  const hit = Object.entries(mapping).find(([, index]) => index === 0);
  return hit ? (hit[0] as ColumnField) : null;
}

describe('header keys', () => {
  it('ignore case, spaces, punctuation, full-width forms and bracketed notes', () => {
    expect(headerKey(' 数 量 (盒) ')).toBe('数量');
    expect(headerKey('数量（包）')).toBe('数量');
    expect(headerKey('【条码】')).toBe('条码');
    expect(headerKey('Bar-Code')).toBe('barcode');
    expect(headerKey('ＱＴＹ')).toBe('qty');
    expect(headerKey('Qty (packs)')).toBe('qty');
    expect(headerKey('69码')).toBe('69码');
  });
});

describe('synonyms', () => {
  it.each([
    ['条码', 'barcode'],
    ['条形码', 'barcode'],
    ['商品条码', 'barcode'],
    ['国际条码', 'barcode'],
    ['69码', 'barcode'],
    ['Barcode', 'barcode'],
    ['BAR CODE', 'barcode'],
    ['EAN', 'barcode'],
    ['upc', 'barcode'],
    ['Code', 'barcode'],
    ['卷烟条码(盒)', 'barcode'],
    ['数量', 'qty'],
    ['销量', 'qty'],
    ['销售数量', 'qty'],
    ['盒数', 'qty'],
    ['qty', 'qty'],
    ['Quantity', 'qty'],
    ['count', 'qty'],
    ['Sold', 'qty'],
    ['Qty Sold', 'qty'],
    ['卷烟销售数量', 'qty'],
    ['日期', 'date'],
    ['销售日期', 'date'],
    ['交易日期', 'date'],
    ['Date', 'date'],
    ['Sale Date', 'date'],
    ['datetime', 'date'],
    ['时间', 'date'],
    ['交易时间', 'date'],
    ['销售时间', 'date'],
    ['Time', 'date'],
    ['品名', 'name'],
    ['品规', 'name'],
    ['名称', 'name'],
    ['商品名称', 'name'],
    ['卷烟名称', 'name'],
    ['规格', 'name'],
    ['Product', 'name'],
    ['Item', 'name'],
    ['Description', 'name'],
    ['单位', 'unit'],
    ['Unit', 'unit'],
    ['UOM', 'unit'],
  ])('%s → %s', (header, field) => {
    expect(fieldOf(header)).toBe(field);
  });

  it.each([
    ['到货数量', 'receipts'],
    ['到货量', 'receipts'],
    ['入库数量', 'receipts'],
    ['Received', 'receipts'],
    ['库存', 'stock_count'],
    ['库存数量', 'stock_count'],
    ['盘点数量', 'stock_count'],
    ['实盘数量', 'stock_count'],
    ['Stock', 'stock_count'],
    ['On hand', 'stock_count'],
  ] as const)('%s is a quantity for %s only', (header, kind) => {
    expect(fieldOf(header, kind)).toBe('qty');
    const others = (['sales', 'receipts', 'stock_count'] as const).filter((k) => k !== kind);
    for (const other of others) expect(fieldOf(header, other)).toBeNull();
  });

  it.each(['件数', '条数', 'Product Code', 'Product ID', '商品编号', '库存金额', '销售单价', '金额', '零售价', '毛利率', '商品编码', '货号', '门店名称', '客户名称', '单位价格', '生产日期'])(
    '%s is not a field we read',
    (header) => {
      const rec = recogniseColumns([header], 'stock_count');
      // 件 (case of 50 cartons) and 条 (carton) counts are not in the barcode's unit; 生产日期 (production date)
      // must not become the count's date, nor money a quantity.
      expect(rec.mapping).toEqual({});
    },
  );

  it('a sales file with both 销量 and 库存 takes 销量 as the quantity, wherever it is', () => {
    const rec = recogniseColumns(['条码', '库存', '销量', '日期'], 'sales');
    expect(rec.mapping.qty).toBe(2);
    expect(rec.unrecognised).toEqual([{ index: 1, header: '库存' }]);
    expect(recogniseColumns(['条码', '库存', '销量', '日期'], 'stock_count').mapping.qty).toBe(1);
  });

  it('a kind-specific quantity word beats a generic one; exact beats contained', () => {
    expect(recogniseColumns(['条码', '数量', '销售数量', '日期'], 'sales').mapping.qty).toBe(2);
    expect(recogniseColumns(['条码', '卷烟数量', '数量', '日期'], 'sales').mapping.qty).toBe(2);
  });

  it('with a date column, a time column is the time of day', () => {
    expect(recogniseColumns(['日期', '时间', '条码', '数量'], 'sales')).toEqual({
      mapping: { date: 0, time: 1, barcode: 2, qty: 3 },
      missing: [],
      unrecognised: [],
    });
    expect(recogniseColumns(['交易时间', '条码', '数量'], 'sales').mapping).toEqual({ date: 0, barcode: 1, qty: 2 });
    expect(recogniseColumns(['销售日期', '时刻', '条码', '数量'], 'sales').mapping.time).toBe(1);
  });

  it('the leftmost of two equal columns wins; the other is offered as unrecognised', () => {
    const rec = recogniseColumns(['条码', '条形码', '数量', '日期'], 'sales');
    expect(rec.mapping.barcode).toBe(0);
    expect(rec.unrecognised).toEqual([{ index: 1, header: '条形码' }]);
  });

  it('reports missing required fields and every other column', () => {
    expect(recogniseColumns(['货号', '品名', '金额', ''], 'sales')).toEqual({
      mapping: { name: 1 },
      missing: ['barcode', 'qty', 'date'],
      unrecognised: [
        { index: 0, header: '货号' },
        { index: 2, header: '金额' },
        { index: 3, header: '' },
      ],
    });
  });

  it('matchHeader says whether a keyword or an exact synonym matched', () => {
    expect(matchHeader('条码')).toEqual({ role: 'barcode', kind: undefined, exact: true });
    expect(matchHeader('卷烟条码号码')).toEqual({ role: 'barcode', kind: undefined, exact: false });
    expect(matchHeader('')).toBeNull();
  });
});

describe('manual mapping', () => {
  const header = ['货号', '品名', '数量', '日期', '备注'];

  it('assigns a column to a field and recomputes missing and unrecognised', () => {
    const auto = recogniseColumns(header, 'sales').mapping;
    const r = applyManualMapping(header, auto, { barcode: 0 });
    expect(r).toEqual({
      ok: true,
      mapping: { barcode: 0, qty: 2, date: 3, name: 1 },
      recognition: {
        mapping: { barcode: 0, qty: 2, date: 3, name: 1 },
        missing: [],
        unrecognised: [{ index: 4, header: '备注' }],
      },
    });
  });

  it("the user's column wins over the automatic match; null unassigns", () => {
    const auto = { barcode: 0, name: 1, qty: 2, date: 3 };
    const r = applyManualMapping(header, auto, { barcode: 1, date: null });
    expect(r.ok && r.mapping).toEqual({ barcode: 1, qty: 2 });
    expect(r.ok && r.recognition.missing).toEqual(['date']);
  });

  it('refuses an index outside the header and a column used twice', () => {
    expect(applyManualMapping(header, {}, { barcode: 5 })).toEqual({
      ok: false,
      code: 'index_out_of_range',
      errors: [{ field: 'barcode', code: 'index_out_of_range', index: 5 }],
    });
    expect(applyManualMapping(header, {}, { barcode: 1.5 })).toMatchObject({ ok: false, code: 'index_out_of_range' });
    expect(applyManualMapping(header, {}, { barcode: 0, qty: 0 })).toEqual({
      ok: false,
      code: 'column_used_twice',
      errors: [{ field: 'qty', code: 'column_used_twice', index: 0 }],
    });
  });

  it('validates a complete mapping given without overrides', () => {
    expect(applyManualMapping(header, { barcode: 0, qty: 2, date: 3 })).toMatchObject({ ok: true });
    expect(applyManualMapping(header, { barcode: 0, qty: 0, date: 3 })).toMatchObject({
      ok: false,
      code: 'column_used_twice',
    });
    expect(applyManualMapping(header, { barcode: -1 })).toMatchObject({ ok: false, code: 'index_out_of_range' });
  });
});
