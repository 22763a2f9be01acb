/**
 * The county's retailers as an Excel file in the very columns the master-data import reads (RETAILER_FIELDS, in the
 * user's language, values written as the import parses them: 业态 and 市场类型 as words, 订货日 as 周三 / Wed,
 * the deposit balance in 元), so staff can download, edit and upload it again: rows left as they are change
 * nothing. Active retailers only: being in the county's list is being active (an upload reactivates a shop).
 */
import type { TFunction } from 'i18next';
import { RETAILER_FIELDS } from '~/domain/master-data/fields';
import { shanghaiDayOf } from '~/domain/time';
import { weekdayLabel } from '~/ui/format';
import type { DB } from './db.server';
import type { Cell, Column, ColumnKind, SheetSpec } from './export.server';
import { retailerRecords } from './master-data.server';
import { reportTitle } from './report-title.server';
import { retailerInScope, type ScopeUser } from './scope.server';

type T = TFunction<'common'>;

const KIND_OF: Partial<Record<string, ColumnKind>> = { grade: 'integer', depositBalanceFen: 'yuan' };

export async function retailersExport(db: DB, user: ScopeUser, t: T, language: string, now = new Date()): Promise<{ fileName: string; sheets: SheetSpec[] } | null> {
  if (user.role !== 'staff') return null;
  const rows = await retailerRecords(db)
    .select([
      'accountManagers.name as managerName',
      'accountManagers.phone as managerPhone',
    ])
    .where('retailers.active', '=', 1)
    .where(retailerInScope(user, 'retailers.id'))
    .orderBy('retailers.licenceNo')
    .execute();
  const en = language === 'en';
  const columns: Column[] = RETAILER_FIELDS.map((f) => ({ header: en ? f.en : f.zh, kind: KIND_OF[f.field] ?? 'text', width: f.field === 'name' || f.field === 'address' ? 24 : undefined }));
  const value = (r: (typeof rows)[number], field: string): Cell => {
    switch (field) {
      case 'businessType':
        return en ? r.businessType : t(`businessType.${r.businessType}` as 'businessType.grocery');
      case 'marketType':
        return en ? r.marketType : t(`marketType.${r.marketType}` as 'marketType.urban');
      case 'orderWeekday':
        return weekdayLabel(r.orderWeekday, t);
      default:
        return (r as unknown as Record<string, string | number | null>)[field] ?? null;
    }
  };
  const sheet: SheetSpec = {
    name: t('reports.master.sheet'),
    title: reportTitle(t, { title: t('reports.master.title'), units: [t('reports.master.units'), t('reports.master.note')], now }),
    columns,
    rows: rows.map((r) => RETAILER_FIELDS.map((f) => value(r, f.field))),
  };
  return { fileName: `${t('reports.master.file', { day: shanghaiDayOf(now) })}.xlsx`, sheets: [sheet] };
}
