/**
 * Which column is which in a master-data file. A header matches a field when, reduced by headerKey (case,
 * spaces, punctuation, full-width forms and bracketed notes such as '(元)' ignored), it equals the field's
 * Chinese or English template header or one of its synonyms. The leftmost column wins when two name the
 * same field; the other is ignored and listed, as are columns that match nothing.
 */
import { headerKey } from '../uploads/text';
import { FIELDS_OF, type FieldDef } from './fields';
import type { MasterKind } from './types';

export interface ColumnPlan {
  /** Field → column index. */
  columns: Record<string, number>;
  /** Required fields no column was found for: the file cannot be read without them. */
  missing: FieldDef[];
  /** Columns that are not read (unknown header, or a second column for a field). */
  ignored: Array<{ index: number; header: string }>;
}

const indexes = new Map<MasterKind, Map<string, FieldDef>>();
function indexOf(kind: MasterKind): Map<string, FieldDef> {
  let index = indexes.get(kind);
  if (!index) {
    index = new Map();
    for (const def of FIELDS_OF[kind]) {
      for (const word of [def.zh, def.en, ...def.synonyms]) index.set(headerKey(word), def);
    }
    indexes.set(kind, index);
  }
  return index;
}

/** The field a header names in a file of this kind, if any. */
export function fieldOfHeader(kind: MasterKind, header: string): FieldDef | undefined {
  const key = headerKey(header);
  return key ? indexOf(kind).get(key) : undefined;
}

export function recogniseMasterColumns(kind: MasterKind, header: string[]): ColumnPlan {
  const columns: Record<string, number> = {};
  const ignored: ColumnPlan['ignored'] = [];
  header.forEach((h, index) => {
    const def = fieldOfHeader(kind, h);
    if (def && columns[def.field] === undefined) columns[def.field] = index;
    else if (h !== '') ignored.push({ index, header: h });
  });
  const missing = FIELDS_OF[kind].filter((d) => d.required && columns[d.field] === undefined);
  return { columns, missing, ignored };
}
