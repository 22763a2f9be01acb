/** Liveness and readiness: the database answers and every migration has run. */
import { sql } from 'kysely';
import { migrationsCurrent } from '../../db/migrate';
import { db } from '~/server/db.server';

export async function loader() {
  try {
    await sql`select 1`.execute(db());
    const migrations = await migrationsCurrent(db());
    return Response.json({ ok: migrations, database: 'up', migrations: migrations ? 'current' : 'pending' }, { status: migrations ? 200 : 503 });
  } catch {
    return Response.json({ ok: false, database: 'down', migrations: 'unknown' }, { status: 503 });
  }
}
