/**
 * The app's database handle: one per process (kept on globalThis so Vite's dev reloads do not open a
 * new pool per edit). Migrations run once at start (see entry.server's `startup`). Only the load context
 * (load-context.server.ts), start-up and shutdown read it: routes get it as `context.db`, tests hand in their own.
 */
import { connect, type DB } from '../../db/connect';
import { migrateToLatest } from '../../db/migrate';

const globalForDb = globalThis as unknown as { __peihuoDb?: DB; __peihuoMigrated?: Promise<string[]> };

export function db(): DB {
  globalForDb.__peihuoDb ??= connect();
  return globalForDb.__peihuoDb;
}

export function migrateOnStart(): Promise<string[]> {
  globalForDb.__peihuoMigrated ??= migrateToLatest(db());
  return globalForDb.__peihuoMigrated;
}

export type { DB };
