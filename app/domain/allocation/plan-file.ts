/**
 * A staff member's supply or caps file (read by the shop-upload reader into a RawTable) → rows to import,
 * or problems named by row, column and reason. Nothing here writes; the import is all or nothing (a plan
 * half imported would be worse than none), so any problem blocks it and the preview lists every one.
 *
 * Caps file:   品规编码 | 品名 (optional) | 档位起 | 档位止 | 限量(条)     one row per band
 * Supply file: 品规编码 | 品名 (optional) | 投放量(条)                    blank or 不限 = unlimited
 * English headers (spec code, name, grade from, grade to, cap, supply) work too.
 */
import { isFormula, isTotalLabel, parseQtyCell } from '../uploads/cells';
import { fold, headerKey } from '../uploads/text';
import type { RawTable } from '../uploads/types';
import { checkBands, MAX_SUPPLY_CARTONS } from './bands';

export type PlanFileKind = 'caps' | 'supply';
export type PlanField = 'specCode' | 'gradeFrom' | 'gradeTo' | 'capCartons' | 'supplyCartons';

const FIELDS: Record<PlanFileKind, PlanField[]> = {
  caps: ['specCode', 'gradeFrom', 'gradeTo', 'capCartons'],
  supply: ['specCode', 'supplyCartons'],
};

const SYNONYMS: Record<PlanField, string[]> = {
  specCode: ['品规编码', '卷烟编码', '规格编码', '品规代码', '卷烟代码', '编码', '代码', 'speccode', 'spec', 'code', 'itemcode'],
  gradeFrom: ['档位起', '起始档位', '开始档位', '档位从', '最低档位', 'gradefrom', 'fromgrade', 'from'],
  gradeTo: ['档位止', '截止档位', '结束档位', '档位至', '档位到', '最高档位', 'gradeto', 'tograde', 'to'],
  capCartons: ['限量', '限量条', '限量条数', '合理订购量', '每户限量', 'cap', 'capcartons', 'limit'],
  supplyCartons: ['投放量', '投放量条', '投放', '货源', '货源量', '供应量', 'supply', 'supplycartons'],
};

/** Supply cells that mean "no limit". */
const UNLIMITED = new Set(['', '不限', '不限量', '无限', '无限制', '-', '—', 'unlimited', 'none', 'nolimit', 'n/a']);

export type PlanProblemCode =
  | 'missing_column'
  | 'missing_value'
  | 'not_a_number'
  | 'negative'
  | 'fractional'
  | 'too_large'
  | 'formula'
  | 'unknown_spec'
  | 'duplicate_spec'
  | 'grade_out_of_range'
  | 'from_after_to'
  | 'overlap'
  | 'gap';

export interface PlanProblem {
  /** Row in the file (the header's row for a missing column). */
  rowNo: number;
  /** The column's header as the file has it, or the field's name when it is missing. */
  column: string;
  code: PlanProblemCode;
  value: string;
  /** For overlap: the other row; for gap: the grades left uncovered. */
  detail?: { otherRowNo?: number; from?: number; to?: number };
}

export interface CapRow {
  rowNo: number;
  specId: number;
  gradeFrom: number;
  gradeTo: number;
  capCartons: number;
}

export interface SupplyRow {
  rowNo: number;
  specId: number;
  supplyCartons: number | null;
}

export type PlanFileResult =
  | { kind: 'caps'; rows: CapRow[]; problems: PlanProblem[]; rowsRead: number }
  | { kind: 'supply'; rows: SupplyRow[]; problems: PlanProblem[]; rowsRead: number };

export function findPlanColumns(header: readonly string[], kind: PlanFileKind): { columns: Partial<Record<PlanField, number>>; missing: PlanField[] } {
  const keys = header.map(headerKey);
  const columns: Partial<Record<PlanField, number>> = {};
  for (const field of FIELDS[kind]) {
    const words = SYNONYMS[field].map(headerKey);
    const index = keys.findIndex((k, i) => words.includes(k) && !Object.values(columns).includes(i));
    if (index >= 0) columns[field] = index;
  }
  return { columns, missing: FIELDS[kind].filter((f) => columns[f] === undefined) };
}

/** spec code (folded, as typed in files) → spec id. */
export type SpecCodes = ReadonlyMap<string, number>;

export function normaliseSpecCode(raw: string): string {
  return fold(raw).replace(/^'/, '').replace(/\s+/g, '').toUpperCase();
}

export function readPlanFile(table: RawTable, kind: PlanFileKind, specs: SpecCodes): PlanFileResult {
  const { columns, missing } = findPlanColumns(table.header, kind);
  const problems: PlanProblem[] = missing.map((field) => ({ rowNo: table.headerRowNo, column: field, code: 'missing_column', value: '' }));
  const rows = table.rows.filter((r) => !r.cells.some(isTotalLabel));
  if (missing.length) return kind === 'caps' ? { kind, rows: [], problems, rowsRead: rows.length } : { kind, rows: [], problems, rowsRead: rows.length };

  const cell = (r: { cells: string[] }, f: PlanField) => r.cells[columns[f]!] ?? '';
  const columnName = (f: PlanField) => table.header[columns[f]!] || f;
  const problem = (rowNo: number, f: PlanField, code: PlanProblemCode, value: string, detail?: PlanProblem['detail']) =>
    problems.push({ rowNo, column: columnName(f), code, value, ...(detail ? { detail } : {}) });

  const specOf = (r: { rowNo: number; cells: string[] }): number | null => {
    const raw = cell(r, 'specCode');
    if (isFormula(raw)) return problem(r.rowNo, 'specCode', 'formula', raw), null;
    const code = normaliseSpecCode(raw);
    if (!code) return problem(r.rowNo, 'specCode', 'missing_value', raw), null;
    const id = specs.get(code);
    if (id === undefined) return problem(r.rowNo, 'specCode', 'unknown_spec', raw), null;
    return id;
  };
  const numberOf = (r: { rowNo: number; cells: string[] }, f: PlanField, max: number): number | null => {
    const raw = cell(r, f);
    if (isFormula(raw)) return problem(r.rowNo, f, 'formula', raw), null;
    const parsed = parseQtyCell(raw);
    if (!parsed.ok) {
      const code: PlanProblemCode = parsed.code === 'bad_barcode' || parsed.code === 'bad_date' || parsed.code === 'date_in_future' || parsed.code === 'date_too_old' ? 'not_a_number' : parsed.code;
      return problem(r.rowNo, f, code, raw), null;
    }
    if (parsed.value > max) return problem(r.rowNo, f, 'too_large', raw), null;
    return parsed.value;
  };

  if (kind === 'supply') {
    const out: SupplyRow[] = [];
    const seen = new Map<number, number>();
    for (const r of rows) {
      const specId = specOf(r);
      const raw = cell(r, 'supplyCartons');
      const unlimited = UNLIMITED.has(fold(raw).toLowerCase());
      const supply = unlimited ? null : numberOf(r, 'supplyCartons', MAX_SUPPLY_CARTONS);
      if (specId === null || (!unlimited && supply === null)) continue;
      if (seen.has(specId)) {
        problem(r.rowNo, 'specCode', 'duplicate_spec', cell(r, 'specCode'), { otherRowNo: seen.get(specId)! });
        continue;
      }
      seen.set(specId, r.rowNo);
      out.push({ rowNo: r.rowNo, specId, supplyCartons: supply });
    }
    return { kind, rows: out, problems: sortProblems(problems), rowsRead: rows.length };
  }

  const out: CapRow[] = [];
  for (const r of rows) {
    const specId = specOf(r);
    const gradeFrom = numberOf(r, 'gradeFrom', 1000);
    const gradeTo = numberOf(r, 'gradeTo', 1000);
    const capCartons = numberOf(r, 'capCartons', 1_000_000);
    if (specId === null || gradeFrom === null || gradeTo === null || capCartons === null) continue;
    out.push({ rowNo: r.rowNo, specId, gradeFrom, gradeTo, capCartons });
  }
  // Bands are checked per spec, on the rows that read well (a bad row is already reported).
  const bySpec = new Map<number, CapRow[]>();
  for (const row of out) bySpec.set(row.specId, [...(bySpec.get(row.specId) ?? []), row]);
  for (const specRows of bySpec.values()) {
    for (const p of checkBands(specRows)) {
      const row = specRows[p.index]!;
      switch (p.code) {
        case 'grade_out_of_range':
          problem(row.rowNo, row.gradeFrom < 1 || row.gradeFrom > 30 ? 'gradeFrom' : 'gradeTo', 'grade_out_of_range', String(row.gradeFrom < 1 || row.gradeFrom > 30 ? row.gradeFrom : row.gradeTo));
          break;
        case 'from_after_to':
          problem(row.rowNo, 'gradeTo', 'from_after_to', String(row.gradeTo));
          break;
        case 'bad_cap':
          problem(row.rowNo, 'capCartons', 'too_large', String(row.capCartons));
          break;
        case 'overlap':
          problem(row.rowNo, 'gradeFrom', 'overlap', String(row.gradeFrom), { otherRowNo: specRows[p.other]?.rowNo });
          break;
        case 'gap':
          problem(row.rowNo, 'gradeFrom', 'gap', String(row.gradeFrom), { from: p.from, to: p.to });
          break;
      }
    }
  }
  return { kind, rows: out, problems: sortProblems(problems), rowsRead: rows.length };
}

function sortProblems(problems: PlanProblem[]): PlanProblem[] {
  return problems.sort((a, b) => a.rowNo - b.rowNo);
}
