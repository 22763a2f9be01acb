/**
 * Scheduled Excel reports (issue 17): staff schedule the 周分析 (weekly) and 月对标 (monthly) workbooks per
 * language; the jobs runner produces each after its period has closed and keeps the file here for download (in the
 * database, so every instance serves it: a county's report is a few tens of KB). One file per kind, language and
 * period; producing it again replaces it. Frozen once landed.
 */
import type { Kysely } from 'kysely';
import { bytesType, dayType, idType, instantType } from './columns';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('report_schedules')
    .addColumn('id', idType(db), (c) => c.primaryKey())
    /** 'week' (周分析) or 'month' (月对标). */
    .addColumn('kind', 'text', (c) => c.notNull())
    /** 'zh-CN' or 'en': the workbook's language. */
    .addColumn('language', 'text', (c) => c.notNull())
    /** The staff member the report is produced as. */
    .addColumn('created_by_user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', instantType(db), (c) => c.notNull())
    /** The first day of the last period queued for production (so a period is queued once, even when it fails). */
    .addColumn('last_queued_from', dayType(db))
    .addUniqueConstraint('report_schedules_kind_language', ['kind', 'language'])
    .execute();
  await db.schema
    .createTable('report_files')
    .addColumn('id', idType(db), (c) => c.primaryKey())
    /** 'day' (日通报), 'week' (周分析) or 'month' (月对标). */
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('period_from', dayType(db), (c) => c.notNull())
    .addColumn('period_to', dayType(db), (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('content', bytesType(db), (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('requested_by_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', instantType(db), (c) => c.notNull())
    .addUniqueConstraint('report_files_kind_language_period', ['kind', 'language', 'period_from'])
    .execute();
  await db.schema.createIndex('report_files_created_idx').on('report_files').column('created_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('report_files').execute();
  await db.schema.dropTable('report_schedules').execute();
}
