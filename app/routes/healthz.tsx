/**
 * Liveness and readiness: the database answers and every migration has run. Never waits behind other requests
 * (admission control lets it through), and says how many requests this instance is serving and holding waiting.
 */
import type { LoaderFunctionArgs } from '@remix-run/node';
import { admissionLoad } from '~/server/admission.server';
import { databaseHealth } from '~/server/health.server';

export async function loader({ context }: LoaderFunctionArgs) {
  const health = await databaseHealth(context.db);
  if (health.database === 'down') return Response.json({ ok: false, database: 'down', migrations: 'unknown' }, { status: 503 });
  const migrations = health.migrationsCurrent === true;
  return Response.json({ ok: migrations, database: 'up', migrations: migrations ? 'current' : 'pending', load: admissionLoad() }, { status: migrations ? 200 : 503 });
}
