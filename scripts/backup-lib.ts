/** What `npm run backup` and `npm run restore` share: where backups go, and the checks both make. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import SQLite from 'better-sqlite3';

export const BACKUP_DIR = 'data/backups';

/** peihuo-2026-11-23T201500Z.db — sortable, and safe in every file system. */
export function backupFileName(now: Date, extension: 'db' | 'dump'): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z').replace(/^(\d{4})(\d{2})(\d{2})/, '$1-$2-$3');
  return `peihuo-${stamp}.${extension}`;
}

export function defaultBackupPath(now: Date, extension: 'db' | 'dump'): string {
  return path.join(BACKUP_DIR, backupFileName(now, extension));
}

/**
 * A consistent copy of a SQLite database through SQLite's online backup (writers go on meanwhile), left as
 * one self-contained rollback-journal file (no -wal or -shm beside it).
 */
export async function sqliteCopy(from: string, to: string): Promise<void> {
  const db = new SQLite(from, { fileMustExist: true });
  try {
    await db.backup(to);
  } finally {
    db.close();
  }
  const copy = new SQLite(to);
  try {
    copy.pragma('journal_mode = DELETE');
  } finally {
    copy.close();
  }
}

/** SQLite's own check of a database file: 'ok' or the problems it found. */
export function sqliteIntegrity(file: string): string {
  const db = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    const rows = db.pragma('integrity_check', { simple: false }) as Array<{ integrity_check: string }>;
    return rows.map((r) => r.integrity_check).join('; ');
  } finally {
    db.close();
  }
}

/**
 * True when some other connection has the SQLite file open (the server, a script): in WAL mode an open
 * connection, even an idle one, keeps others from taking the file in exclusive locking mode.
 */
export function sqliteInUse(file: string): boolean {
  const probe = new SQLite(file, { timeout: 0, fileMustExist: true });
  try {
    probe.pragma('locking_mode = EXCLUSIVE');
    probe.exec('BEGIN EXCLUSIVE');
    probe.exec('COMMIT');
    return false;
  } catch (error) {
    if ((error as { code?: string }).code === 'SQLITE_BUSY') return true;
    throw error;
  } finally {
    probe.close();
  }
}

/**
 * A PostgreSQL URL as pg_dump/pg_restore take it — the password moved to PGPASSWORD, so it shows neither in
 * the process list nor in printed commands — and the schema the URL names when its options set a
 * search_path (one schema of a shared database: dump and restore just that one).
 */
export function postgresTarget(url: string): { uri: string; env: NodeJS.ProcessEnv; schema: string | null } {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = '';
  // Written back with %20 for spaces: libpq, unlike node-postgres, reads a '+' in a URL literally.
  parsed.search = [...parsed.searchParams].map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
  const options = parsed.searchParams.get('options') ?? '';
  const match = /search_path=([A-Za-z_][A-Za-z0-9_]*)/.exec(options);
  return { uri: parsed.toString(), env: password ? { ...process.env, PGPASSWORD: password } : process.env, schema: match ? match[1]! : null };
}

export function hasCommand(name: string): boolean {
  return spawnSync(name, ['--version'], { stdio: 'ignore' }).status === 0;
}
