import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { accountState, NO_SIGN_IN_HASH, ONE_TIME_ALPHABET, oneTimePasswordFrom } from '~/domain/master-data/accounts';
import { parseBusinessType, parseDay, parseFlag, parseGrade, parseLicence, parseMarketType, parsePriceClass, parseWeekday, parseYuan } from '~/domain/master-data/cells';
import { fieldOfHeader, recogniseMasterColumns } from '~/domain/master-data/columns';
import { changedFields, diffRecords, type ExistingRecord } from '~/domain/master-data/diff';
import { FIELDS_OF } from '~/domain/master-data/fields';
import type { GoodRow, MasterKind, MasterRecord } from '~/domain/master-data/types';
import { validateRows, type MasterRefs } from '~/domain/master-data/validate';
import { headerKey } from '~/domain/uploads/text';

const REFS: MasterRefs = {
  stations: [{ code: 'S01', nameZh: '城关管理所', nameEn: 'Chengguan Station' }],
  managerCodes: new Set(['mgr01', 'mgr02']),
  usernamesTaken: new Set(['staff01']),
  barcodeOwners: new Map([
    ['6901028000011', 'OLD1'],
    ['6901028000028', 'OLD1'],
  ]),
};

function table(header: string[], rows: string[][]) {
  return { header, rows: rows.map((cells, i) => ({ rowNo: i + 2, cells })) };
}
function check(kind: MasterKind, header: string[], rows: string[][], refs = REFS) {
  const t = table(header, rows);
  return validateRows(kind, t, recogniseMasterColumns(kind, header), refs);
}

const RETAILER_HEADER = ['许可证号', '客户名称', '负责人', '联系电话', '经营地址', '管理所', '客户经理编码', '业态', '市场类型', '档位', '订货日', '预存款余额(元)'];
const goodRetailer = (licence = '440300109001') => [licence, '新华便利店', '张三', '13800138000', '新华路 18 号', 'S01', 'mgr01', '便利店', '城镇', '12', '周三', '5,000.50'];

describe('master data cells', () => {
  it('reads licence numbers, tolerating what Excel does to long numbers, and refuses the rest', () => {
    expect(parseLicence("'440300109001")).toEqual({ ok: true, value: '440300109001' });
    expect(parseLicence('440300109001.0')).toEqual({ ok: true, value: '440300109001' });
    expect(parseLicence('４４０３００１０９００１')).toEqual({ ok: true, value: '440300109001' });
    for (const bad of ['4.403E+11', '44030010900', '4403001090011', '44030010900A']) expect(parseLicence(bad).ok, bad).toBe(false);
  });

  it('reads grades 1–30, weekdays, business and market types in Chinese or English', () => {
    expect(parseGrade('12档')).toEqual({ ok: true, value: 12 });
    expect(parseGrade('30').ok).toBe(true);
    for (const bad of ['0', '31', '1.5', '']) expect(parseGrade(bad)).toEqual({ ok: false, code: 'bad_grade' });
    expect(['周三', '星期三', '3', 'Wed', 'wednesday'].map((w) => parseWeekday(w))).toEqual(Array(5).fill({ ok: true, value: 3 }));
    expect(parseWeekday('星期天')).toEqual({ ok: true, value: 7 });
    expect(parseWeekday('8')).toEqual({ ok: false, code: 'bad_weekday' });
    expect(parseBusinessType('烟酒店')).toEqual({ ok: true, value: 'tobacco_liquor' });
    expect(parseBusinessType('Convenience')).toEqual({ ok: true, value: 'convenience' });
    expect(parseBusinessType('加油站')).toEqual({ ok: false, code: 'bad_business_type' });
    expect(parseMarketType('农网')).toEqual({ ok: true, value: 'rural' });
    expect(parseMarketType('urban')).toEqual({ ok: true, value: 'urban' });
  });

  it('turns yuan into fen exactly and refuses negative or malformed money', () => {
    expect(parseYuan('228.5')).toEqual({ ok: true, value: 22_850 });
    expect(parseYuan('¥1,234.05')).toEqual({ ok: true, value: 123_405 });
    expect(parseYuan('98元')).toEqual({ ok: true, value: 9_800 });
    for (const bad of ['-1', '1.234', 'abc', '1,23']) expect(parseYuan(bad), bad).toEqual({ ok: false, code: 'bad_money' });
  });

  it('reads flags, price classes and launch days', () => {
    expect(['是', 'Y', 'yes', '1', '√', 'TRUE'].map((v) => parseFlag(v))).toEqual(Array(6).fill({ ok: true, value: 1 }));
    expect(['否', 'N', 'no', '0', '×'].map((v) => parseFlag(v))).toEqual(Array(5).fill({ ok: true, value: 0 }));
    expect(parseFlag('maybe')).toEqual({ ok: false, code: 'bad_flag' });
    expect(['一类', '1', 'Class 1', '1类'].map((v) => parsePriceClass(v))).toEqual(Array(4).fill({ ok: true, value: 1 }));
    expect(parsePriceClass('六类')).toEqual({ ok: false, code: 'bad_price_class' });
    expect(parseDay('2026年11月23日')).toEqual({ ok: true, value: '2026-11-23' });
    expect(parseDay('2026-11-23 08:00')).toEqual({ ok: false, code: 'bad_date' });
  });
});

describe('master data columns', () => {
  it('recognises Chinese template headers, English snake_case and synonyms, ignoring what it does not know', () => {
    const plan = recogniseMasterColumns('retailers', ['licence_no', '店名', 'Owner', '电话', '地址', 'station', 'manager_code', '业态', 'market type', '档位', '订货日', '备注']);
    expect(plan.missing).toEqual([]);
    expect(plan.columns).toMatchObject({ licenceNo: 0, name: 1, ownerName: 2, phone: 3, stationCode: 5, managerCode: 6, grade: 9, orderWeekday: 10 });
    expect(plan.ignored).toEqual([{ index: 11, header: '备注' }]);
    expect(fieldOfHeader('specs', '批发价（元/条）')?.field).toBe('wholesalePriceFenPerCarton');
  });

  it('names the required columns a file lacks', () => {
    expect(recogniseMasterColumns('managers', ['姓名', '电话']).missing.map((d) => d.field)).toEqual(['code', 'stationCode']);
  });

  it('no header means two fields within a kind', () => {
    for (const kind of ['retailers', 'specs', 'managers'] as const) {
      const seen = new Map<string, string>();
      for (const d of FIELDS_OF[kind]) {
        for (const w of [d.zh, d.en, ...d.synonyms]) {
          const k = headerKey(w);
          expect(seen.get(k) ?? d.field, `${kind}: ${w}`).toBe(d.field);
          seen.set(k, d.field);
        }
      }
    }
  });
});

describe('master data rows', () => {
  it('a good retailer row becomes a record keyed by licence, money in fen, station by name or code', () => {
    const row = goodRetailer();
    row[5] = '城关管理所';
    const r = check('retailers', RETAILER_HEADER, [row]);
    expect(r.problems).toEqual([]);
    expect(r.good).toEqual([
      {
        rowNo: 2,
        key: '440300109001',
        record: {
          licenceNo: '440300109001',
          name: '新华便利店',
          ownerName: '张三',
          phone: '13800138000',
          address: '新华路 18 号',
          stationCode: 'S01',
          managerCode: 'mgr01',
          businessType: 'convenience',
          marketType: 'urban',
          grade: 12,
          orderWeekday: 3,
          depositBalanceFen: 500_050,
          active: 1,
        },
      },
    ]);
  });

  it('names every bad cell by row and column header, and leaves optional empty cells out', () => {
    const bad = ['44030010900', '', '', '', '', 'S09', 'mgr99', '加油站', '城镇', '31', '周八', '=A1'];
    const r = check('retailers', RETAILER_HEADER, [goodRetailer(), bad]);
    expect(r.good.map((g) => g.rowNo)).toEqual([2]);
    expect(r.badRowNos).toEqual([3]);
    expect(r.problems.map((p) => [p.rowNo, p.column, p.code])).toEqual([
      [3, '许可证号', 'bad_licence'],
      [3, '客户名称', 'missing_value'],
      [3, '管理所', 'unknown_station'],
      [3, '客户经理编码', 'unknown_manager'],
      [3, '业态', 'bad_business_type'],
      [3, '档位', 'bad_grade'],
      [3, '订货日', 'bad_weekday'],
      [3, '预存款余额(元)', 'formula'],
    ]);
    expect(r.keysInFile).toEqual(new Set(['440300109001']));
  });

  it('a licence given twice makes both rows bad, each pointing at the other', () => {
    const r = check('retailers', RETAILER_HEADER, [goodRetailer(), goodRetailer('440300109002'), goodRetailer()]);
    expect(r.good.map((g) => g.key)).toEqual(['440300109002']);
    expect(r.problems.map((p) => [p.rowNo, p.code, p.otherRowNo])).toEqual([
      [2, 'duplicate_key', 4],
      [4, 'duplicate_key', 2],
    ]);
  });

  it('specs: launch date for new specs, two different barcodes, and no barcode on two specs', () => {
    const header = ['品规编码', '品规名称', '品牌', '条码', '盒码', '价类', '批发价(元/条)', '建议零售价(元/条)', '新品', '上市日期'];
    const r = check('specs', header, [
      ['NEW1', '甲', '甲牌', '6901028000035', '6901028000042', '三类', '100', '120', '是', ''],
      ['NEW2', '乙', '乙牌', '6901028000059', '6901028000059', '三类', '100', '120', '否', ''],
      ['NEW3', '丙', '丙牌', '6901028000011', '6901028000066', '三类', '100', '120', '', ''],
      ['OLD1', '旧', '旧牌', '6901028000073', '6901028000080', '二类', '80', '90', '', ''],
      ['NEW4', '丁', '丁牌', '6901028000097', '6901028000103', '一类', '300', '350', '是', '2026-12-01'],
    ]);
    expect(r.problems.map((p) => [p.rowNo, p.field, p.code])).toEqual([
      [2, 'launchDate', 'launch_date_required'],
      [3, 'packBarcode', 'same_barcodes'],
    ]);
    // NEW3 takes OLD1's old carton barcode, which OLD1 gives up in the same file: allowed.
    expect(r.good.map((g) => g.key)).toEqual(['NEW3', 'OLD1', 'NEW4']);
    const clash = check('specs', header, [['NEW3', '丙', '丙牌', '6901028000011', '6901028000066', '三类', '100', '120', '', '']]);
    expect(clash.problems.map((p) => [p.rowNo, p.field, p.code, p.value])).toEqual([[2, 'cartonBarcode', 'barcode_taken', '6901028000011']]);
  });

  it('managers: a code that is already someone else\'s sign-in name is refused', () => {
    const r = check('managers', ['客户经理编码', '姓名', '管理所'], [
      ['staff01', '甲', 'S01'],
      ['mgr21', '乙', 'Chengguan Station'],
    ]);
    expect(r.problems.map((p) => [p.rowNo, p.code])).toEqual([[2, 'username_taken']]);
    expect(r.good).toEqual([{ rowNo: 3, key: 'mgr21', record: { code: 'mgr21', name: '乙', stationCode: 'S01' } }]);
  });
});

describe('master data diff', () => {
  const existing = new Map<string, ExistingRecord>([
    ['A', { label: '甲', record: { code: 'A', name: '甲', grade: 5, phone: '1' }, active: true }],
    ['B', { label: '乙', record: { code: 'B', name: '乙', grade: 7, phone: '2' }, active: true }],
    ['C', { label: '丙', record: { code: 'C', name: '丙', grade: 9, phone: '3' }, active: true }],
    ['D', { label: '丁', record: { code: 'D', name: '丁', grade: 9, phone: '4' }, active: false }],
  ]);

  it('sorts rows into new, changed (field from → to), unchanged, and lists active keys missing from the file', () => {
    const good: GoodRow[] = [
      { rowNo: 2, key: 'A', record: { code: 'A', name: '甲', grade: 6 } },
      { rowNo: 3, key: 'B', record: { code: 'B', name: '乙', grade: 7, phone: '2' } },
      { rowNo: 4, key: 'E', record: { code: 'E', name: '戊', grade: 1 } },
    ];
    const diff = diffRecords('code', 'name', good, existing, new Set(['A', 'B', 'E']));
    expect(diff.created.map((c) => c.key)).toEqual(['E']);
    expect(diff.changed).toEqual([{ rowNo: 2, key: 'A', label: '甲', changes: [{ field: 'grade', from: 5, to: 6 }] }]);
    expect(diff.unchanged).toEqual([{ rowNo: 3, key: 'B' }]);
    expect(diff.missing).toEqual([{ key: 'C', label: '丙' }]);
  });

  it('a key on a bad row is not missing', () => {
    const diff = diffRecords('code', 'name', [], existing, new Set(['A', 'B', 'C']));
    expect(diff.missing).toEqual([]);
  });

  const value = fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 5 }), fc.constantFrom('x', 'y', 'z'));
  const record = fc.dictionary(fc.constantFrom('name', 'grade', 'phone', 'address'), value);
  const keyed = fc.uniqueArray(fc.tuple(fc.constantFrom('K1', 'K2', 'K3', 'K4', 'K5', 'K6'), record), { selector: (t) => t[0], maxLength: 6 });

  it('every good row lands in exactly one bucket; missing = existing active keys not in the file', () => {
    fc.assert(
      fc.property(keyed, keyed, (before, after) => {
        const ex = new Map<string, ExistingRecord>(before.map(([k, r]) => [k, { label: k, record: r, active: true }]));
        const good: GoodRow[] = after.map(([k, r], i) => ({ rowNo: i + 2, key: k, record: r }));
        const keys = new Set(good.map((g) => g.key));
        const d = diffRecords('code', 'name', good, ex, keys);
        expect(d.created.length + d.changed.length + d.unchanged.length).toBe(good.length);
        expect(d.created.map((c) => c.key).every((k) => !ex.has(k))).toBe(true);
        expect(d.missing.map((m) => m.key).sort()).toEqual([...ex.keys()].filter((k) => !keys.has(k)).sort());
      }),
    );
  });

  it('applying the changes to the old record gives the file\'s values; a record compared with itself has none', () => {
    fc.assert(
      fc.property(record, record, (before, after) => {
        const applied: MasterRecord = { ...before };
        for (const c of changedFields('code', before, after)) applied[c.field] = c.to;
        for (const [f, v] of Object.entries(after)) expect(applied[f] ?? null).toBe(v);
        expect(changedFields('code', after, after)).toEqual([]);
      }),
    );
  });
});

describe('accounts', () => {
  it('tells the sign-in states apart', () => {
    expect(accountState(null)).toBe('none');
    expect(accountState({ passwordHash: NO_SIGN_IN_HASH, disabled: 0, handedOver: false })).toBe('none');
    expect(accountState({ passwordHash: '$argon2id$x', disabled: 1, handedOver: true })).toBe('disabled');
    expect(accountState({ passwordHash: '$argon2id$x', disabled: 0, handedOver: true })).toBe('pending');
    expect(accountState({ passwordHash: '$argon2id$x', disabled: 0, handedOver: false })).toBe('active');
  });

  it('one-time passwords use only unambiguous characters', () => {
    const pw = oneTimePasswordFrom(Array.from({ length: 60 }, (_, i) => i));
    expect(pw).toHaveLength(60);
    expect(pw).not.toMatch(/[0O1lI]/);
    expect(new Set(pw).size).toBe(ONE_TIME_ALPHABET.length);
  });
});
