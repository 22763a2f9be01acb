/**
 * Schema for daily roll-ups for the monitoring page (issue 6).
 * Frozen once landed: change the schema with a new migration.
 */
import type { Kysely } from 'kysely';

export async function up(_db: Kysely<any>): Promise<void> {
  // Filled in by the feature's work.
}

export async function down(_db: Kysely<any>): Promise<void> {}
