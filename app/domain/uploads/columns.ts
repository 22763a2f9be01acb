/**
 * Which column is which: header text (Chinese or English, as POS systems export it) → ColumnField.
 *
 * Rules, in order of strength:
 *  1. exact synonym (after headerKey: case, spaces, punctuation, full-width forms and bracketed notes such as
 *     '(盒)' ignored);
 *  2. a keyword contained in the header ('卷烟销售数量' contains '数量'), unless the header also names money, a
 *     rate, a code of the wrong kind, … (so '库存金额' and '销售单价' are not quantities).
 * Quantity words are tied to an upload kind: '销量' is a sales quantity, '到货数量' a receipt, '库存' / '实盘数量' a
 * stock count; generic words ('数量', 'qty') fit any kind. A quantity word of *another* kind is not mapped
 * automatically — a sales file whose only quantity column is '库存' is probably the wrong file, so the user maps
 * it by hand (or notices). Within one field the strongest match wins, then the leftmost column.
 * Time words ('时间', 'time') are a date when the file has no date column, otherwise the time-of-day column.
 * Internal item numbers ('货号', '编码', '商品编号') are deliberately not barcodes: the user maps them.
 */
import { headerKey } from './text';
import type { ColumnField, ColumnMapping, ColumnRecognition, UploadKind } from './types';

export const REQUIRED_FIELDS: readonly ColumnField[] = ['barcode', 'qty', 'date'];
const FIELD_ORDER: readonly ColumnField[] = ['barcode', 'qty', 'date', 'time', 'name', 'unit'];

/** 'datetime' = a time word: the date column if there is no better one, else the time-of-day column. */
type Role = ColumnField | 'datetime';
interface Rule {
  role: Role;
  /** Quantity words that belong to one kind of upload; undefined = any kind. */
  kind?: UploadKind;
  words: string[];
}

const EXACT: Rule[] = [
  {
    role: 'barcode',
    words: [
      '条码', '条形码', '商品条码', '商品条形码', '国际条码', '69码', '卷烟条码', '条码号', '条码编号', '盒码',
      '包装条码', '商品条码号', 'barcode', 'bar code', 'barcodes', 'barcode no', 'barcode number', 'ean',
      'ean13', 'ean code', 'upc', 'upc code', 'gtin', 'code', 'product barcode', 'item barcode', 'scan code',
    ],
  },
  {
    role: 'qty',
    words: [
      // Not '件数': in this trade 1 件 is a case of 50 cartons, so a 件 column is never mapped without the user.
      '数量', '数目', '盒数', '包数', '个数', 'qty', 'quantity', 'count', 'pcs', 'packs', 'units',
    ],
  },
  {
    role: 'qty',
    kind: 'sales',
    words: [
      '销量', '销售数量', '销售量', '销售盒数', '销售包数', '售出数量', '卖出数量', '销售数', 'sold', 'qty sold',
      'quantity sold', 'sales qty', 'sales quantity', 'units sold',
    ],
  },
  {
    role: 'qty',
    kind: 'receipts',
    words: [
      '到货数量', '到货量', '到货数', '到货盒数', '收货数量', '入库数量', '进货数量', '签收数量', 'received',
      'received qty', 'qty received', 'quantity received', 'receipt qty', 'receipt quantity',
    ],
  },
  {
    role: 'qty',
    kind: 'stock_count',
    words: [
      '库存', '库存数量', '库存量', '库存数', '盘点数量', '盘点数', '实盘数量', '实盘数', '实盘', '实存数量', '实存',
      '现存', '现有库存', '结存', '结存数量', 'stock', 'stock qty', 'stock quantity', 'on hand', 'qty on hand',
      'counted', 'counted qty', 'count qty', 'inventory',
    ],
  },
  {
    role: 'date',
    words: [
      '日期', '销售日期', '交易日期', '盘点日期', '到货日期', '收货日期', '入库日期', '单据日期', '业务日期',
      '营业日期', '记账日期', '日期时间', '销售日期时间', '交易日期时间', 'date', 'datetime', 'date time',
      'sale date', 'sales date', 'sold date', 'transaction date', 'receipt date', 'received date', 'count date',
      'stock date', 'counted at', 'timestamp', 'day', 'business date',
    ],
  },
  {
    role: 'datetime',
    words: [
      '时间', '交易时间', '销售时间', '盘点时间', '到货时间', '收货时间', 'time', 'transaction time', 'sale time',
      'sales time', 'count time',
    ],
  },
  { role: 'time', words: ['时刻', '交易时刻', '销售时刻', 'time of day'] },
  {
    role: 'name',
    words: [
      '品名', '品规', '名称', '商品名称', '商品名', '卷烟名称', '卷烟品规', '品规名称', '规格', '品名规格', '商品规格',
      '产品名称', '产品', '商品', '烟名', '卷烟', 'name', 'product name', 'item name', 'product', 'item',
      'description', 'goods', 'spec', 'spec name',
    ],
  },
  { role: 'unit', words: ['单位', '计量单位', '销售单位', '包装单位', 'unit', 'uom', 'unit of measure'] },
];

/** Keywords matched inside a header; checked in this order, the first that fits wins. */
const CONTAINS: Rule[] = [
  { role: 'barcode', words: ['条码', '条形码', 'barcode', 'gtin'] },
  { role: 'qty', kind: 'sales', words: ['销量', '销售数', '销售盒数', 'sold'] },
  { role: 'qty', kind: 'receipts', words: ['到货', '入库', '收货', '进货', 'received'] },
  { role: 'qty', kind: 'stock_count', words: ['库存', '盘点', '实盘', '结存', 'stock', 'onhand', 'inventory'] },
  { role: 'qty', words: ['数量', 'qty', 'quantity'] },
  { role: 'date', words: ['日期', 'date'] },
  { role: 'datetime', words: ['时间', 'time'] },
  { role: 'name', words: ['名称', '品名', '品规', 'name', 'product'] },
  { role: 'unit', words: ['单位', 'unit'] },
];

/** A header containing one of these is never matched by keyword (money, rates, other codes, other parties). */
const EXCLUDE_FROM_CONTAINS: Record<Role, string[]> = {
  barcode: ['类型', 'type'],
  qty: [
    '金额', '价', '元', '额', '成本', '利润', '毛利', '率', '日期', '时间', '编码', '编号', '名称', '单位', 'amount',
    'price', 'value', 'cost', 'profit', 'rate', 'date', 'time', 'code', 'name', 'unit',
  ],
  date: ['生产', '有效', '保质', 'expiry', 'production'],
  datetime: ['生产', '有效', '保质', 'expiry', 'production'],
  time: [],
  name: [
    '店', '客户', '供应', '操作', '收银', '员', '类', '码', '号', 'store', 'shop', 'customer', 'supplier', 'cashier',
    'operator', 'user', 'category', 'type', 'code', 'id',
  ],
  unit: ['价', 'price', 'cost'],
};

const exactIndex = new Map<string, Rule>();
for (const rule of EXACT) for (const w of rule.words) exactIndex.set(headerKey(w), rule);
const containsRules = CONTAINS.map((r) => ({ ...r, words: r.words.map(headerKey) }));
const exclusions = Object.fromEntries(
  Object.entries(EXCLUDE_FROM_CONTAINS).map(([role, words]) => [role, words.map(headerKey)]),
) as Record<Role, string[]>;

interface Match {
  role: Role;
  kind?: UploadKind;
  exact: boolean;
}

/** What one header cell means, regardless of the file's other columns (null: nothing). */
export function matchHeader(header: string): Match | null {
  const key = headerKey(header);
  if (!key) return null;
  const exact = exactIndex.get(key);
  if (exact) return { role: exact.role, kind: exact.kind, exact: true };
  for (const rule of containsRules) {
    if (!rule.words.some((w) => key.includes(w))) continue;
    if (exclusions[rule.role].some((w) => key.includes(w))) continue;
    return { role: rule.role, kind: rule.kind, exact: false };
  }
  return null;
}

/** True when a header cell names a known field for some upload kind (used to find the header row). */
export function isKnownHeader(header: string): boolean {
  return matchHeader(header) !== null;
}

/** Higher is better: exact beats keyword; a kind's own quantity word beats a generic one. */
function strength(m: Match): number {
  return (m.exact ? 2 : 0) + (m.kind ? 1 : 0);
}

export function recogniseColumns(header: string[], kind: UploadKind): ColumnRecognition {
  const candidates = new Map<Role, Array<{ index: number; strength: number }>>();
  header.forEach((h, index) => {
    const m = matchHeader(h);
    if (!m || (m.kind && m.kind !== kind)) return;
    const list = candidates.get(m.role) ?? [];
    list.push({ index, strength: strength(m) });
    candidates.set(m.role, list);
  });
  // Strongest first, then leftmost (sort is stable, indexes were pushed in order).
  for (const list of candidates.values()) list.sort((a, b) => b.strength - a.strength);

  const mapping: ColumnMapping = {};
  // Each column matched one role only, so taking the best of a role can never reuse a column.
  const take = (field: ColumnField, role: Role) => {
    const best = candidates.get(role)?.shift();
    if (best) mapping[field] = best.index;
  };
  take('barcode', 'barcode');
  take('qty', 'qty');
  take('date', 'date');
  if (mapping.date === undefined) take('date', 'datetime');
  take('time', 'time');
  if (mapping.time === undefined) take('time', 'datetime');
  take('name', 'name');
  take('unit', 'unit');
  return describeMapping(header, mapping);
}

/** missing and unrecognised for a mapping (columns matched to a field but not chosen count as unrecognised). */
export function describeMapping(header: string[], mapping: ColumnMapping): ColumnRecognition {
  const used = new Set(Object.values(mapping));
  return {
    mapping,
    missing: REQUIRED_FIELDS.filter((f) => mapping[f] === undefined),
    unrecognised: header.flatMap((h, index) => (used.has(index) ? [] : [{ index, header: h }])),
  };
}

export type MappingOverrides = Partial<Record<ColumnField, number | null>>;
export type MappingErrorCode = 'index_out_of_range' | 'column_used_twice';
export interface MappingError {
  field: ColumnField;
  code: MappingErrorCode;
  index: number;
}
export type ManualMappingResult =
  | { ok: true; mapping: ColumnMapping; recognition: ColumnRecognition }
  | { ok: false; code: MappingErrorCode; errors: MappingError[] };

/** Index errors and columns used twice, in field order (the first one holding a column keeps it). */
function validate(header: string[], chosen: MappingOverrides): MappingError[] {
  const errors: MappingError[] = [];
  const claimed = new Set<number>();
  for (const field of FIELD_ORDER) {
    const index = chosen[field];
    if (index === undefined || index === null) continue;
    if (!Number.isInteger(index) || index < 0 || index >= header.length) {
      errors.push({ field, code: 'index_out_of_range', index });
    } else if (claimed.has(index)) {
      errors.push({ field, code: 'column_used_twice', index });
    } else {
      claimed.add(index);
    }
  }
  return errors;
}

/**
 * A mapping chosen by hand, checked: every index inside the header, no column used for two fields.
 *  - applyManualMapping(header, mapping): validates a complete mapping as given.
 *  - applyManualMapping(header, auto, overrides): the user's corrections on top of the automatic mapping — a
 *    number assigns that column to the field, null unassigns the field. A column the user assigns is taken
 *    away from whatever field it had been matched to automatically (the user's choice wins); assigning one
 *    column to two fields among the overrides is an error.
 * `code` is the first error's code, for callers that show one message.
 */
export function applyManualMapping(
  header: string[],
  mapping: ColumnMapping,
  overrides?: MappingOverrides,
): ManualMappingResult {
  const errors = validate(header, overrides ?? mapping);
  if (errors.length) return { ok: false, code: errors[0]!.code, errors };
  const merged: ColumnMapping = {};
  const claimedByUser = new Set(Object.values(overrides ?? {}).filter((i): i is number => typeof i === 'number'));
  for (const field of FIELD_ORDER) {
    const override = overrides?.[field];
    const index = override === undefined ? mapping[field] : override;
    if (index === null || index === undefined) continue;
    if (override === undefined && claimedByUser.has(index)) continue; // taken by the user for another field
    if (index < 0 || index >= header.length) continue; // a stale automatic index (cannot happen for fresh ones)
    merged[field] = index;
  }
  return { ok: true, mapping: merged, recognition: describeMapping(header, merged) };
}
