/**
 * Rows of a master-data file → good rows (key + values) and problems naming row, column and reason.
 * A row with any problem is bad as a whole: it is never half-applied. Checks, in order:
 *  1. each cell: empty (required fields), a formula, then the field's own parser;
 *  2. within the row: a new spec needs its launch date; a spec's carton and pack barcodes differ;
 *  3. references: the station (by code or name) and, for retailers, the account manager must exist — or be
 *     created by this file: a row that gives an unknown manager code with 客户经理姓名 creates that manager (at
 *     the row's station), and other rows may then name it; a new manager's code must not already be another
 *     user's sign-in name;
 *  4. across rows: a key (licence, spec code, manager code) given twice makes every row with it bad — the file
 *     does not say which one is right; for specs, no barcode may end up on two specs (this file's rows and the
 *     specs the database keeps).
 */
import { isFormula } from '../uploads/cells';
import { headerKey } from '../uploads/text';
import type { RawTable } from '../uploads/types';
import type { ColumnPlan } from './columns';
import { FIELDS_OF, KEY_FIELD } from './fields';
import type { GoodRow, MasterKind, MasterProblemCode, MasterRecord, MasterRowProblem, NewManager } from './types';

export interface StationRef {
  code: string;
  nameZh: string;
  nameEn: string;
}

/** What the database already holds that rows refer to. */
export interface MasterRefs {
  stations: StationRef[];
  /** Account manager codes (retailers must name one of these). */
  managerCodes: ReadonlySet<string>;
  /** Sign-in names in use by anyone other than the account manager with that code (managers and retailers files). */
  usernamesTaken: ReadonlySet<string>;
  /** Barcode → the code of the spec holding it (specs files). */
  barcodeOwners: ReadonlyMap<string, string>;
}

export interface ValidatedFile {
  good: GoodRow[];
  problems: MasterRowProblem[];
  badRowNos: number[];
  /** Every key the file names, on good rows and bad ones alike (a bad row is not "missing from the file"). */
  keysInFile: Set<string>;
  /** Retailers files: managers the good rows need that the file creates. */
  newManagers: NewManager[];
}

export function stationLookup(stations: StationRef[]): Map<string, string> {
  const byWord = new Map<string, string>();
  for (const s of stations) for (const w of [s.nameEn, s.nameZh, s.code]) if (w) byWord.set(headerKey(w), s.code);
  return byWord;
}

export function validateRows(kind: MasterKind, table: Pick<RawTable, 'header' | 'rows'>, plan: ColumnPlan, refs: MasterRefs): ValidatedFile {
  const defs = FIELDS_OF[kind].filter((d) => plan.columns[d.field] !== undefined);
  const keyField = KEY_FIELD[kind];
  const columnName = (field: string) => {
    const index = plan.columns[field];
    return index === undefined ? FIELDS_OF[kind].find((d) => d.field === field)?.zh ?? field : table.header[index] ?? field;
  };
  const stations = stationLookup(refs.stations);
  const problems: MasterRowProblem[] = [];
  const candidates: GoodRow[] = [];
  const keyRows = new Map<string, number[]>();
  const created = kind === 'retailers' ? managersCreatedBy(table, plan, refs, stations) : new Map<string, NewManager>();

  for (const row of table.rows) {
    const record: MasterRecord = {};
    const rowProblems: MasterRowProblem[] = [];
    const raw = (field: string) => row.cells[plan.columns[field] ?? -1] ?? '';
    const problem = (field: string, code: MasterProblemCode) => rowProblems.push({ rowNo: row.rowNo, column: columnName(field), field, code, value: raw(field) });

    for (const def of defs) {
      const value = raw(def.field);
      if (value === '') {
        if (def.required) problem(def.field, 'missing_value');
        continue;
      }
      if (isFormula(value)) {
        problem(def.field, 'formula');
        continue;
      }
      const parsed = def.parse(value);
      if (parsed.ok) record[def.field] = parsed.value;
      else problem(def.field, parsed.code);
    }

    if (kind === 'specs') {
      if (record.isNew === 1 && record.launchDate === undefined && !rowProblems.some((p) => p.field === 'launchDate')) problem('launchDate', 'launch_date_required');
      if (record.cartonBarcode !== undefined && record.cartonBarcode === record.packBarcode) problem('packBarcode', 'same_barcodes');
    }
    if ((kind === 'retailers' || kind === 'managers') && typeof record.stationCode === 'string') {
      const code = stations.get(headerKey(record.stationCode));
      if (code) record.stationCode = code;
      else problem('stationCode', 'unknown_station');
    }
    if (kind === 'retailers') {
      if (typeof record.managerCode === 'string' && !refs.managerCodes.has(record.managerCode)) {
        const made = created.get(record.managerCode);
        if (!made) problem('managerCode', 'unknown_manager');
        else if (refs.usernamesTaken.has(made.code)) problem('managerCode', 'username_taken');
      }
      // The manager's name and phone describe the manager, not the shop.
      delete record.managerName;
      delete record.managerPhone;
      // Being in the county's list is being active: a shop that was deactivated and is back is reactivated.
      record.active = 1;
    }
    if (kind === 'managers' && typeof record.code === 'string' && refs.usernamesTaken.has(record.code)) problem('code', 'username_taken');

    const key = record[keyField];
    if (typeof key === 'string') keyRows.set(key, [...(keyRows.get(key) ?? []), row.rowNo]);
    if (rowProblems.length) problems.push(...rowProblems);
    else if (typeof key === 'string') candidates.push({ rowNo: row.rowNo, key, record });
  }

  // A key twice: every row with it is bad, each pointing at another row with the same key.
  const bad = new Set(problems.map((p) => p.rowNo));
  for (const [key, rowNos] of keyRows) {
    if (rowNos.length < 2) continue;
    rowNos.forEach((rowNo, i) => {
      const other = i === 0 ? rowNos[1]! : rowNos[0]!;
      const cells = table.rows.find((r) => r.rowNo === rowNo)?.cells ?? [];
      problems.push({ rowNo, column: columnName(keyField), field: keyField, code: 'duplicate_key', value: cells[plan.columns[keyField] ?? -1] ?? key, otherRowNo: other });
      bad.add(rowNo);
    });
  }
  let good = candidates.filter((g) => !bad.has(g.rowNo));

  if (kind === 'specs') {
    // Barcodes are unique across specs. A row made bad keeps its spec's old barcodes, which may clash anew,
    // so repeat until nothing changes (each pass removes at least one row, so this ends).
    for (;;) {
      const clashes = barcodeClashes(good, refs.barcodeOwners);
      if (clashes.length === 0) break;
      for (const c of clashes) {
        problems.push({ rowNo: c.rowNo, column: columnName(c.field), field: c.field, code: 'barcode_taken', value: c.barcode });
        bad.add(c.rowNo);
      }
      good = good.filter((g) => !bad.has(g.rowNo));
    }
  }

  problems.sort((a, b) => a.rowNo - b.rowNo || FIELD_RANK(kind, a.field) - FIELD_RANK(kind, b.field));
  const needed = new Set(good.map((g) => g.record.managerCode));
  const newManagers = [...created.values()].filter((m) => needed.has(m.code));
  return { good, problems, badRowNos: [...bad].sort((a, b) => a - b), keysInFile: new Set(keyRows.keys()), newManagers };
}

/**
 * Managers a retailers file creates: the first row that gives an unknown manager code together with a manager
 * name and a known station defines it (whatever else is wrong on that row: the manager stands on its own).
 */
function managersCreatedBy(table: Pick<RawTable, 'rows'>, plan: ColumnPlan, refs: MasterRefs, stations: Map<string, string>): Map<string, NewManager> {
  const made = new Map<string, NewManager>();
  if (plan.columns.managerName === undefined) return made;
  const defs = Object.fromEntries(FIELDS_OF.retailers.map((d) => [d.field, d]));
  const read = (cells: string[], field: string) => {
    const raw = cells[plan.columns[field] ?? -1] ?? '';
    if (raw === '' || isFormula(raw)) return null;
    const r = defs[field]!.parse(raw);
    return r.ok ? r.value : null;
  };
  for (const row of table.rows) {
    const code = read(row.cells, 'managerCode');
    const name = read(row.cells, 'managerName');
    const station = read(row.cells, 'stationCode');
    if (typeof code !== 'string' || typeof name !== 'string' || typeof station !== 'string') continue;
    if (refs.managerCodes.has(code) || made.has(code)) continue;
    const stationCode = stations.get(headerKey(station));
    if (!stationCode) continue;
    const phone = read(row.cells, 'managerPhone');
    made.set(code, { rowNo: row.rowNo, code, name, phone: typeof phone === 'string' ? phone : '', stationCode });
  }
  return made;
}

function FIELD_RANK(kind: MasterKind, field: string): number {
  return FIELDS_OF[kind].findIndex((d) => d.field === field);
}

/** Rows whose barcode would belong to two specs once the good rows are applied. */
function barcodeClashes(good: GoodRow[], dbOwners: ReadonlyMap<string, string>) {
  const rewritten = new Set(good.map((g) => g.key));
  const owners = new Map<string, Set<string>>();
  const own = (barcode: string, code: string) => owners.set(barcode, (owners.get(barcode) ?? new Set()).add(code));
  for (const [barcode, code] of dbOwners) if (!rewritten.has(code)) own(barcode, code);
  for (const g of good) for (const field of ['cartonBarcode', 'packBarcode']) if (typeof g.record[field] === 'string') own(g.record[field], g.key);
  const clashes: Array<{ rowNo: number; field: string; barcode: string }> = [];
  for (const g of good) {
    for (const field of ['cartonBarcode', 'packBarcode']) {
      const barcode = g.record[field];
      if (typeof barcode === 'string' && owners.get(barcode)!.size > 1) clashes.push({ rowNo: g.rowNo, field, barcode });
    }
  }
  return clashes;
}
