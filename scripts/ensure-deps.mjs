/**
 * Installs npm packages when they are missing or older than package-lock.json. Plain Node, no packages,
 * because it runs before any exist. `npm install` rather than `npm ci`: on this registry mirror `npm ci`
 * can fail over other platforms' optional packages missing from the lock.
 */
import { execSync } from 'node:child_process';
import fs from 'node:fs';

export function depsUpToDate() {
  try {
    const installed = fs.statSync('node_modules/.package-lock.json').mtimeMs;
    const lock = fs.statSync('package-lock.json').mtimeMs;
    const pkg = fs.statSync('package.json').mtimeMs;
    // The native SQLite driver compiles from source here; a half-finished install leaves no binary.
    const native = fs.existsSync('node_modules/better-sqlite3/build/Release/better_sqlite3.node');
    return native && installed >= lock && installed >= pkg;
  } catch {
    return false;
  }
}

export function ensureDeps() {
  if (depsUpToDate()) return;
  console.log('» Installing npm packages (the SQLite driver compiles from source: about a minute)…');
  execSync('npm install --no-audit --no-fund', {
    stdio: 'inherit',
    env: { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' },
  });
}

if (import.meta.url === `file://${process.argv[1]}`) ensureDeps();
