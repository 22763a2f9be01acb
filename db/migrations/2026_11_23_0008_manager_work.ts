/**
 * Schema for manager follow-up notes, benchmark stores, visits, satisfaction survey (issue 7).
 * Frozen once landed: change the schema with a new migration.
 */
import type { Kysely } from 'kysely';

export async function up(_db: Kysely<any>): Promise<void> {
  // Filled in by the feature's work.
}

export async function down(_db: Kysely<any>): Promise<void> {}
