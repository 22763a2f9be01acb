/** What /healthz reports of the database: it answers, and every migration has run. */
import { sql } from 'kysely';
import { migrationsCurrent } from '../../db/migrate';
import type { DB } from './db.server';

export async function databaseHealth(db: DB): Promise<{ database: 'up' | 'down'; migrationsCurrent: boolean | null }> {
  try {
    await sql`select 1`.execute(db);
    return { database: 'up', migrationsCurrent: await migrationsCurrent(db) };
  } catch {
    return { database: 'down', migrationsCurrent: null };
  }
}
