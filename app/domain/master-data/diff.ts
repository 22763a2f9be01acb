/**
 * What confirming a file would do, compared with what the database holds:
 *  - created: keys the database does not have;
 *  - changed: keys it has, with every field whose value differs (from → to); fields the file did not give are
 *    not compared (an import never blanks what it was not told);
 *  - unchanged: keys whose given fields all match;
 *  - missing: keys the database has (active ones, for retailers) that no row of the file names — listed for
 *    the user to decide, never deleted.
 * Pure and order-preserving: rows keep the file's order, missing keys the database's order.
 */
import type { FieldChange, FieldValue, GoodRow, MasterDiff, MasterRecord } from './types';

export interface ExistingRecord {
  label: string;
  record: MasterRecord;
  /** Only active records are reported as missing (a deactivated shop missing from the file is no news). */
  active: boolean;
}

export function diffRecords(keyField: string, labelField: string, good: GoodRow[], existing: ReadonlyMap<string, ExistingRecord>, keysInFile: ReadonlySet<string>): MasterDiff {
  const diff: MasterDiff = { created: [], changed: [], unchanged: [], missing: [] };
  for (const row of good) {
    const before = existing.get(row.key);
    if (!before) {
      diff.created.push({ rowNo: row.rowNo, key: row.key, record: row.record });
      continue;
    }
    const changes = changedFields(keyField, before.record, row.record);
    if (changes.length) diff.changed.push({ rowNo: row.rowNo, key: row.key, label: labelOf(row.record[labelField]) ?? before.label, changes });
    else diff.unchanged.push({ rowNo: row.rowNo, key: row.key });
  }
  for (const [key, before] of existing) {
    if (before.active && !keysInFile.has(key)) diff.missing.push({ key, label: before.label });
  }
  return diff;
}

export function changedFields(keyField: string, before: MasterRecord, after: MasterRecord): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const [field, to] of Object.entries(after)) {
    if (field === keyField || to === undefined) continue;
    const from: FieldValue = before[field] ?? null;
    if (from !== to) changes.push({ field, from, to });
  }
  return changes;
}

function labelOf(v: FieldValue | undefined): string | null {
  return typeof v === 'string' ? v : null;
}
