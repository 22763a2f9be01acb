/**
 * Which header a caller of the file reader needs, so that an Excel workbook's data sheet can be found behind an
 * instructions sheet (说明) or a cover page: the reader tries each visible non-empty sheet and keeps the one
 * whose header names the most of the required columns. A plain description (not a function), because the
 * reading runs in a worker thread and only data crosses to it.
 */
import { findPlanColumns, type PlanFileKind } from '../allocation/plan-file';
import { recogniseHistoryColumns, REQUIRED_HISTORY_COLUMNS } from '../backtest/history-table';
import { recogniseMasterColumns } from '../master-data/columns';
import { FIELDS_OF } from '../master-data/fields';
import type { MasterKind } from '../master-data/types';
import { recogniseColumns, REQUIRED_FIELDS } from './columns';
import type { UploadKind } from './types';

export type HeaderNeed =
  | { for: 'shop_upload'; kind: UploadKind }
  | { for: 'master_data'; kind: MasterKind }
  | { for: 'cycle_plan'; kind: PlanFileKind }
  /** A daily sales history to replay (`date,item,units`, the staff backtest page and `npm run backtest`). */
  | { for: 'daily_history' };

/** How many of the required columns a header names, and how many are required. */
export function headerFit(need: HeaderNeed, header: string[]): { found: number; required: number } {
  switch (need.for) {
    case 'shop_upload': {
      const { mapping } = recogniseColumns(header, need.kind);
      return { found: REQUIRED_FIELDS.filter((f) => mapping[f] !== undefined).length, required: REQUIRED_FIELDS.length };
    }
    case 'master_data': {
      const required = FIELDS_OF[need.kind].filter((d) => d.required).length;
      return { found: required - recogniseMasterColumns(need.kind, header).missing.length, required };
    }
    case 'cycle_plan': {
      const { columns, missing } = findPlanColumns(header, need.kind);
      return { found: Object.keys(columns).length, required: Object.keys(columns).length + missing.length };
    }
    case 'daily_history': {
      const { missing } = recogniseHistoryColumns(header);
      return { found: REQUIRED_HISTORY_COLUMNS.length - missing.length, required: REQUIRED_HISTORY_COLUMNS.length };
    }
  }
}
