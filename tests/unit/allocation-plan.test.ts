import { describe, expect, it } from 'vitest';
import { checkBands, readPlanFile } from '~/domain/allocation';
import type { RawTable } from '~/domain/uploads/types';

const table = (header: string[], rows: string[][]): RawTable => ({ fileName: 'caps.xlsx', encoding: 'xlsx', header, headerRowNo: 1, rows: rows.map((cells, i) => ({ rowNo: i + 2, cells })) });
const specs = new Map([
  ['6901', 1],
  ['6902', 2],
]);

describe('cap bands', () => {
  it('accept bands that cover grades 1–30 exactly once, in any order', () => {
    expect(checkBands([{ gradeFrom: 11, gradeTo: 30, capCartons: 3 }, { gradeFrom: 1, gradeTo: 5, capCartons: 1 }, { gradeFrom: 6, gradeTo: 10, capCartons: 2 }])).toEqual([]);
    expect(checkBands([{ gradeFrom: 1, gradeTo: 30, capCartons: 0 }])).toEqual([]);
  });

  it('name overlaps, gaps (inside and at either end), grades out of range, from after to and bad caps', () => {
    expect(checkBands([{ gradeFrom: 1, gradeTo: 6, capCartons: 1 }, { gradeFrom: 6, gradeTo: 30, capCartons: 2 }])).toEqual([{ code: 'overlap', index: 1, other: 0 }]);
    expect(checkBands([{ gradeFrom: 1, gradeTo: 5, capCartons: 1 }, { gradeFrom: 8, gradeTo: 30, capCartons: 2 }])).toEqual([{ code: 'gap', index: 1, from: 6, to: 7 }]);
    expect(checkBands([{ gradeFrom: 2, gradeTo: 30, capCartons: 1 }])).toEqual([{ code: 'gap', index: 0, from: 1, to: 1 }]);
    expect(checkBands([{ gradeFrom: 1, gradeTo: 25, capCartons: 1 }])).toEqual([{ code: 'gap', index: 0, from: 26, to: 30 }]);
    expect(checkBands([{ gradeFrom: 0, gradeTo: 30, capCartons: 1 }])).toEqual([{ code: 'grade_out_of_range', index: 0 }]);
    expect(checkBands([{ gradeFrom: 1, gradeTo: 30, capCartons: -1 }])).toEqual([{ code: 'bad_cap', index: 0 }]);
    expect(checkBands([{ gradeFrom: 9, gradeTo: 3, capCartons: 1 }, { gradeFrom: 1, gradeTo: 30, capCartons: 1 }])).toEqual([{ code: 'from_after_to', index: 0 }]);
  });
});

describe('caps and supply files', () => {
  it('reads a good caps file with Chinese headers', () => {
    const r = readPlanFile(
      table(['品规编码', '品名', '档位起', '档位止', '限量(条)'], [
        ['6901', '中华(硬)', '1', '15', '1'],
        ['6901', '中华(硬)', '16', '30', '2'],
        ['6902', '玉溪', '1', '30', '5'],
      ]),
      'caps',
      specs,
    );
    expect(r.problems).toEqual([]);
    expect(r.rows).toEqual([
      { rowNo: 2, specId: 1, gradeFrom: 1, gradeTo: 15, capCartons: 1 },
      { rowNo: 3, specId: 1, gradeFrom: 16, gradeTo: 30, capCartons: 2 },
      { rowNo: 4, specId: 2, gradeFrom: 1, gradeTo: 30, capCartons: 5 },
    ]);
  });

  it('names every bad row and column: unknown spec, negative cap, overlap, gap, not a number', () => {
    const r = readPlanFile(
      table(['spec code', 'grade from', 'grade to', 'cap'], [
        ['9999', '1', '30', '1'],
        ['6901', '1', '10', '-1'],
        ['6901', '1', '12', '1'],
        ['6901', '13', '30', '2'],
        ['6902', '1', '10', '1'],
        ['6902', '12', '30', 'x'],
        ['6902', '12', '30', '2'],
      ]),
      'caps',
      specs,
    );
    expect(r.problems.map((p) => [p.rowNo, p.column, p.code])).toEqual([
      [2, 'spec code', 'unknown_spec'],
      [3, 'cap', 'negative'],
      [7, 'cap', 'not_a_number'],
      [8, 'grade from', 'gap'],
    ]);
    expect(r.problems.at(-1)!.detail).toEqual({ from: 11, to: 11 });
  });

  it('reports an overlap on the later row, pointing at the other', () => {
    const r = readPlanFile(table(['品规编码', '档位起', '档位止', '限量'], [['6901', '1', '10', '1'], ['6901', '8', '30', '2']]), 'caps', specs);
    expect(r.problems).toEqual([{ rowNo: 3, column: '档位起', code: 'overlap', value: '8', detail: { otherRowNo: 2 } }]);
  });

  it('says which column is missing', () => {
    const r = readPlanFile(table(['品规编码', '限量'], [['6901', '1']]), 'caps', specs);
    expect(r.problems.map((p) => [p.rowNo, p.column, p.code])).toEqual([
      [1, 'gradeFrom', 'missing_column'],
      [1, 'gradeTo', 'missing_column'],
    ]);
  });

  it('reads supply: blank or 不限 is unlimited; duplicates and negatives are errors', () => {
    const r = readPlanFile(table(['品规编码', '投放量(条)'], [['6901', '120'], ['6902', '不限'], ['6901', '3'], ['6902', '-4']]), 'supply', specs);
    expect(r.rows).toEqual([
      { rowNo: 2, specId: 1, supplyCartons: 120 },
      { rowNo: 3, specId: 2, supplyCartons: null },
    ]);
    expect(r.problems.map((p) => [p.rowNo, p.code])).toEqual([
      [4, 'duplicate_spec'],
      [5, 'negative'],
    ]);
  });
});
