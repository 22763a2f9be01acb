/**
 * The demo county as the app sees it: db/seed writes the rows (given the demo users' password hash), then the
 * monitoring roll-ups are built for the seeded history. Kept here, not in db/seed, because hashing and the
 * roll-ups are the app's (db/ never imports app/server); the seed CLI (scripts/seed.ts), the backtest's
 * replay and the tests call this.
 */
import { DEMO_PASSWORD, type SeedOptions } from '../../db/seed/generate';
import { seedDemoCounty, type SeedDependencies, type SeedSummary } from '../../db/seed/write';
import type { DB } from './db.server';
import { hashPassword } from './password.server';
import { rebuildRollups } from './rollups.server';

/** Seeds an empty database and builds its roll-ups; `elapsedMs` covers both. */
export async function seedDemo(db: DB, partial: Partial<SeedOptions> = {}, deps: Partial<SeedDependencies> = {}): Promise<SeedSummary> {
  const startedAt = performance.now();
  // One argon2id hash for every demo user (tests that never sign in pass any string and skip the ~50 ms).
  const passwordHash = deps.passwordHash ?? (await hashPassword(DEMO_PASSWORD));
  const summary = await seedDemoCounty(db, partial, { ...deps, passwordHash });
  // The monitoring page reads daily roll-ups: build them for the seeded history once, here.
  await rebuildRollups(db, summary.rollupsFrom, summary.options.today);
  return { ...summary, elapsedMs: Math.round(performance.now() - startedAt) };
}
