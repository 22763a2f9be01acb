/**
 * Announcements (通知公告, issue 19): a notice written by staff (the county) or an account manager (its route),
 * its optional attachment (PDF or image, bytes kept in the database like report files, so every instance serves
 * it and a backup holds it), and one row per shop the notice reached when it was published (the audience is
 * resolved once, so "who has read it" and "who has not acknowledged it" are rows, not a re-run of the filter).
 * Frozen once landed.
 */
import type { Kysely } from 'kysely';
import { bytesType, idType, instantType } from './columns';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('notices')
    .addColumn('id', idType(db), (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('important', 'integer', (c) => c.notNull())
    .addColumn('author_user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('manager_id', 'integer', (c) => c.references('account_managers.id'))
    .addColumn('audience_json', 'text', (c) => c.notNull())
    .addColumn('recipient_count', 'integer', (c) => c.notNull())
    .addColumn('attachment_name', 'text')
    .addColumn('attachment_type', 'text')
    .addColumn('attachment_bytes', 'integer')
    .addColumn('created_at', instantType(db), (c) => c.notNull())
    .execute();
  await db.schema.createIndex('notices_created').on('notices').columns(['created_at']).execute();
  await db.schema
    .createTable('notice_files')
    .addColumn('notice_id', 'integer', (c) => c.primaryKey().references('notices.id'))
    .addColumn('content', bytesType(db), (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('notice_recipients')
    .addColumn('notice_id', 'integer', (c) => c.notNull().references('notices.id'))
    .addColumn('retailer_id', 'integer', (c) => c.notNull().references('retailers.id'))
    .addColumn('read_at', instantType(db))
    .addColumn('acknowledged_at', instantType(db))
    .addPrimaryKeyConstraint('notice_recipients_pk', ['notice_id', 'retailer_id'])
    .execute();
  await db.schema.createIndex('notice_recipients_retailer').on('notice_recipients').columns(['retailer_id', 'notice_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('notice_recipients').execute();
  await db.schema.dropTable('notice_files').execute();
  await db.schema.dropTable('notices').execute();
}
