/**
 * Liveness and readiness: the database answers and every migration has run. Never waits behind other requests
 * (admission control lets it through), and says how many requests this instance is serving and holding waiting.
 */
import { sql } from 'kysely';
import { migrationsCurrent } from '../../db/migrate';
import { admissionLoad } from '~/server/admission.server';
import { db } from '~/server/db.server';

export async function loader() {
  try {
    await sql`select 1`.execute(db());
    const migrations = await migrationsCurrent(db());
    return Response.json({ ok: migrations, database: 'up', migrations: migrations ? 'current' : 'pending', load: admissionLoad() }, { status: migrations ? 200 : 503 });
  } catch {
    return Response.json({ ok: false, database: 'down', migrations: 'unknown' }, { status: 503 });
  }
}
