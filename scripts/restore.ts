/**
 * `npm run restore -- <backup file> --yes`: puts a backup made by `npm run backup` back in place of the
 * database named by DATABASE_URL. Everything written since the backup is lost, so it asks first: --yes is
 * required when not run at a terminal. Stop the app first.
 *
 * - SQLite: refuses while any other process has the database open (the server, a script). The backup is
 *   checked with integrity_check, the current database is kept as backups/pre-restore-<time>.db beside it, the
 *   backup is copied in with SQLite's backup API, and the result is checked again.
 * - PostgreSQL: pg_restore --clean in a single transaction (all or nothing).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline/promises';
import { parseArgs } from 'node:util';
import SQLite from 'better-sqlite3';
import { sqlitePathOf } from '../db/connect';
import { sqlForUrl } from '../db/dialect';
import { BACKUP_DIR, backupFileName, hasCommand, postgresTarget, sqliteCopy, sqliteInUse, sqliteIntegrity } from './backup-lib';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { yes: { type: 'boolean', default: false } } });
const url = process.env.DATABASE_URL;
const file = positionals[0];

function fail(message: string, code = 1): never {
  console.error(`restore refused: ${message}`);
  process.exit(code);
}

if (!file) fail('name the backup file: npm run restore -- data/backups/peihuo-….db --yes');
if (!fs.existsSync(file)) fail(`no such file: ${file}`);
const target = sqlForUrl(url).name === 'postgres' ? `PostgreSQL ${new URL(url!).host}${new URL(url!).pathname}` : sqlitePathOf(url);

if (!values.yes) {
  if (!process.stdin.isTTY) fail(`this replaces ${target} with ${file}; run again with --yes to confirm`);
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
  const answer = await rl.question(`Replace ${target} with ${file}? Everything written since the backup is lost. Type "yes": `);
  rl.close();
  if (answer.trim().toLowerCase() !== 'yes') fail('not confirmed');
}

if (sqlForUrl(url).name === 'postgres') {
  const { uri, env, schema } = postgresTarget(url!);
  const args = ['--clean', '--if-exists', '--single-transaction', '--no-owner', '--exit-on-error', ...(schema ? [`--schema=${schema}`] : []), `--dbname=${uri}`, file];
  if (!hasCommand('pg_restore')) {
    console.log('pg_restore is not installed here. With the PostgreSQL client tools, run:');
    console.log(`  pg_restore ${args.map((a) => JSON.stringify(a)).join(' ')}`);
    process.exit(2);
  }
  const run = spawnSync('pg_restore', args, { stdio: ['ignore', 'inherit', 'inherit'], env });
  if (run.status !== 0) fail(`pg_restore exited with ${run.status}; nothing was changed (single transaction)`);
  console.log(`restored ${file} into ${target}`);
} else {
  const dest = target;
  const backupIntegrity = sqliteIntegrity(file);
  if (backupIntegrity !== 'ok') fail(`${file} does not pass integrity_check: ${backupIntegrity}`);
  if (fs.existsSync(dest)) {
    if (sqliteInUse(dest)) fail(`${dest} is open in another process — stop the server (and any script using it) first`);
    // The database being replaced is kept, in case the wrong backup was chosen.
    const keepDir = path.join(path.dirname(path.resolve(dest)), path.basename(BACKUP_DIR));
    const keep = path.join(keepDir, `pre-restore-${backupFileName(new Date(), 'db').slice('peihuo-'.length)}`);
    fs.mkdirSync(keepDir, { recursive: true });
    await sqliteCopy(dest, keep);
    console.log(`the current database is kept as ${keep}`);
  }
  const source = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    await source.backup(dest);
  } finally {
    source.close();
  }
  const integrity = sqliteIntegrity(dest);
  if (integrity !== 'ok') fail(`the restored database does not pass integrity_check: ${integrity}`);
  console.log(`restored ${file} into ${dest} (integrity_check ok)`);
}
