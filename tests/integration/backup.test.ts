/**
 * Backup and restore round trip through the real commands (scripts/backup.ts, scripts/restore.ts), on SQLite
 * and PostgreSQL: back up, change data, restore — the change is gone, the data from before is there, and the
 * database passes its checks. Restore refuses without --yes when not at a terminal, and (SQLite) while
 * another process has the database open.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type DB } from '../../db/connect';
import { migrationsCurrent } from '../../db/migrate';
import { postgresSkipped, useTestDb, type TestDb } from '../support/db';
import { smallCounty } from '../support/fixtures';
import { serverDatabaseUrl } from '../support/server-process';

function run(script: 'backup' | 'restore', databaseUrl: string, args: string[]) {
  const res = spawnSync(process.execPath, ['--import', 'tsx', `scripts/${script}.ts`, ...args], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return { status: res.status, stdout: res.stdout, stderr: res.stderr };
}

describe.skipIf(postgresSkipped())('backup and restore', () => {
  let t: TestDb;
  let databaseUrl: string;
  let dir: string;
  let db: DB;

  beforeAll(async () => {
    t = await useTestDb();
    await smallCounty(t.db);
    databaseUrl = serverDatabaseUrl(t, 'peihuo-backup');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'peihuo-backup-'));
    db = t.db;
  });
  afterAll(async () => {
    await t?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const stations = async () => (await db.selectFrom('stations').select('code').orderBy('code').execute()).map((s) => s.code);

  it('backs up, and a restore brings back exactly what was backed up', async () => {
    const file = path.join(dir, t.dialect === 'sqlite' ? 'peihuo.db' : 'peihuo.dump');
    const backup = run('backup', databaseUrl, ['--out', file]);
    expect(backup.stderr).not.toMatch(/failed/);
    expect(backup.status).toBe(0);
    expect(backup.stdout.trim().split('\n').at(-1)).toBe(file);
    expect(fs.statSync(file).size).toBeGreaterThan(10_000);
    if (t.dialect === 'sqlite') {
      // One self-contained file.
      expect(fs.existsSync(`${file}-wal`)).toBe(false);
    }

    // Changes after the backup: a new station, a user gone.
    await db.insertInto('stations').values({ code: 'S9', nameZh: '新站', nameEn: 'New' }).execute();
    await db.deleteFrom('users').where('username', '=', 'gone01').execute();
    expect(await stations()).toEqual(['S1', 'S9']);

    // Not at a terminal and no --yes: refused, nothing changed.
    const unconfirmed = run('restore', databaseUrl, [file]);
    expect(unconfirmed.status).toBe(1);
    expect(unconfirmed.stderr).toContain('--yes');
    expect(await stations()).toEqual(['S1', 'S9']);

    if (t.dialect === 'sqlite') {
      // This test's own connection still has the file open, as a running server would.
      const busy = run('restore', databaseUrl, [file, '--yes']);
      expect(busy.status).toBe(1);
      expect(busy.stderr).toContain('open in another process');
      await t.db.destroy();
    }

    const restored = run('restore', databaseUrl, [file, '--yes']);
    expect(restored.stderr).not.toMatch(/refused|error/i);
    expect(restored.status).toBe(0);

    if (t.dialect === 'sqlite') {
      db = connect({ url: t.url });
      const raw = new SQLite(t.url, { readonly: true });
      try {
        expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
        expect(raw.pragma('foreign_key_check')).toEqual([]);
      } finally {
        raw.close();
      }
      // The database it replaced is kept beside it.
      expect(fs.readdirSync(path.join(path.dirname(t.url), 'backups')).some((f) => f.startsWith('pre-restore-'))).toBe(true);
    }
    expect(await stations()).toEqual(['S1']);
    expect(await db.selectFrom('users').select('username').where('username', '=', 'gone01').execute()).toHaveLength(1);
    expect(await migrationsCurrent(db)).toBe(true);
    if (t.dialect === 'sqlite') await db.destroy();
  });

  it('refuses a file that is not a backup', () => {
    const junk = path.join(dir, 'junk.db');
    fs.writeFileSync(junk, 'not a database');
    const res = run('restore', databaseUrl, [junk, '--yes']);
    expect(res.status).not.toBe(0);
  });
});
