/**
 * The notification outbox (issue 16, "Reminders and trust"; docs/developer-guide.md, "A notification"): one row per
 * message and channel — in the app, Web Push to the installed app, SMS — with its recipient, kind, text key and
 * parameters (the text is rendered in the recipient's language when it is sent), when it is due, until when it is
 * worth sending, and what came of it. Each user's channels and quiet hours, and the phones that may receive Web
 * Push. Frozen once landed.
 */
import type { Kysely } from 'kysely';
import { idType, instantType } from './columns';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('notifications')
    .addColumn('id', idType(db), (c) => c.primaryKey())
    /** The recipient. */
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    /** The shop it is about (scope: its manager may see it), when it is about one. */
    .addColumn('retailer_id', 'integer', (c) => c.references('retailers.id'))
    /** The order cycle it is about, when it is about one. */
    .addColumn('cycle_id', 'integer', (c) => c.references('order_cycles.id'))
    /** What it is, e.g. 'order_eve' (app/domain/notifications.ts). */
    .addColumn('kind', 'text', (c) => c.notNull())
    /** The i18next key of its text, and the key's parameters as JSON. */
    .addColumn('text_key', 'text', (c) => c.notNull())
    .addColumn('params_json', 'text', (c) => c.notNull())
    /** 'in_app', 'push' or 'sms'. */
    .addColumn('channel', 'text', (c) => c.notNull())
    /** Not sent before this instant (quiet hours already applied). */
    .addColumn('due_at', instantType(db), (c) => c.notNull())
    /** Not sent after this instant (a reminder is worthless after the cut-off); null = no limit. */
    .addColumn('expires_at', instantType(db))
    /** 'queued', 'sent', 'failed', 'held' (channel not configured: kept for staff to read), 'expired', 'cancelled'. */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    /** Why it failed, was held or cancelled: a reason code. */
    .addColumn('error', 'text')
    .addColumn('sent_at', instantType(db))
    /** The same message is queued once: e.g. 'order_eve:<cycle>:<retailer>:<channel>'; null = no such rule. */
    .addColumn('dedupe_key', 'text', (c) => c.unique())
    .addColumn('created_at', instantType(db), (c) => c.notNull())
    .execute();
  await db.schema.createIndex('notifications_status_due_idx').on('notifications').columns(['status', 'due_at']).execute();
  await db.schema.createIndex('notifications_user_idx').on('notifications').columns(['user_id', 'channel']).execute();
  await db.schema.createIndex('notifications_cycle_idx').on('notifications').columns(['cycle_id', 'kind']).execute();

  await db.schema
    .createTable('notification_settings')
    .addColumn('user_id', 'integer', (c) => c.primaryKey().references('users.id'))
    /** Channels besides the app (always on), 0/1. */
    .addColumn('push', 'integer', (c) => c.notNull())
    .addColumn('sms', 'integer', (c) => c.notNull())
    /** Quiet hours, local (Asia/Shanghai) 'HH:MM' (from may be after to: over midnight); both null = none. */
    .addColumn('quiet_from', 'text')
    .addColumn('quiet_to', 'text')
    .addColumn('updated_at', instantType(db), (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('push_subscriptions')
    .addColumn('id', idType(db), (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    /** The push service's URL for this phone's browser, and its keys (Web Push encryption). */
    .addColumn('endpoint', 'text', (c) => c.notNull().unique())
    .addColumn('p256dh', 'text', (c) => c.notNull())
    .addColumn('auth', 'text', (c) => c.notNull())
    .addColumn('created_at', instantType(db), (c) => c.notNull())
    .execute();
  await db.schema.createIndex('push_subscriptions_user_idx').on('push_subscriptions').column('user_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('push_subscriptions').execute();
  await db.schema.dropTable('notification_settings').execute();
  await db.schema.dropTable('notifications').execute();
}
