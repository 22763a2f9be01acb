/**
 * `npm run backup [-- --out <file> --keep <n>]`: a consistent copy of the database named by DATABASE_URL,
 * taken while the app keeps running.
 *
 * - SQLite: SQLite's online backup (better-sqlite3's db.backup()) to data/backups/peihuo-<UTC time>.db; the
 *   copy is then checked with integrity_check. Writers are not blocked while it runs.
 * - PostgreSQL: pg_dump in its custom format to data/backups/peihuo-<UTC time>.dump (one transaction, so a
 *   consistent snapshot); without pg_dump on the PATH it prints the command to run where it is installed.
 * --keep <n> then deletes all but the newest n backups in the folder.
 * Prints the file written on the last line.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sqlitePathOf } from '../db/connect';
import { sqlForUrl } from '../db/dialect';
import { BACKUP_DIR, defaultBackupPath, hasCommand, postgresTarget, sqliteCopy, sqliteIntegrity } from './backup-lib';

const { values } = parseArgs({ options: { out: { type: 'string' }, keep: { type: 'string' } } });
const url = process.env.DATABASE_URL;
const now = new Date();

function fail(message: string): never {
  console.error(`backup failed: ${message}`);
  process.exit(1);
}

function prune(dir: string, keep: number, extension: string) {
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.startsWith('peihuo-') && f.endsWith(extension))
    .sort()
    .reverse();
  for (const old of files.slice(keep)) {
    fs.rmSync(path.join(dir, old));
    console.log(`removed old backup ${path.join(dir, old)}`);
  }
}

if (sqlForUrl(url).name === 'postgres') {
  const out = values.out ?? defaultBackupPath(now, 'dump');
  const { uri, env, schema } = postgresTarget(url!);
  const args = ['--format=custom', '--no-owner', `--file=${out}`, ...(schema ? [`--schema=${schema}`] : []), `--dbname=${uri}`];
  if (!hasCommand('pg_dump')) {
    console.log('pg_dump is not installed here. On a machine with the PostgreSQL client tools (same major version as the server), run:');
    console.log(`  pg_dump ${args.map((a) => JSON.stringify(a)).join(' ')}`);
    process.exit(2);
  }
  fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
  const run = spawnSync('pg_dump', args, { stdio: ['ignore', 'inherit', 'inherit'], env });
  if (run.status !== 0) fail(`pg_dump exited with ${run.status}`);
  if (values.keep && !values.out) prune(BACKUP_DIR, Number(values.keep), '.dump');
  console.log(`PostgreSQL backup (pg_dump custom format, ${fs.statSync(out).size} bytes): restore with npm run restore -- ${out} --yes`);
  console.log(out);
} else {
  const source = sqlitePathOf(url);
  if (!fs.existsSync(source)) fail(`no database at ${source}`);
  const out = values.out ?? defaultBackupPath(now, 'db');
  fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
  if (fs.existsSync(out)) fail(`${out} exists already`);
  await sqliteCopy(source, out);
  const integrity = sqliteIntegrity(out);
  if (integrity !== 'ok') fail(`the copy did not pass integrity_check: ${integrity}`);
  if (values.keep && !values.out) prune(BACKUP_DIR, Number(values.keep), '.db');
  console.log(`SQLite backup of ${source} (${fs.statSync(out).size} bytes, integrity_check ok): restore with npm run restore -- ${out} --yes`);
  console.log(out);
}
