/**
 * `npm test`: installs what is missing, then runs every check — typecheck, lint, unit tests, integration
 * tests on SQLite and PostgreSQL, and browser tests in Debian's Chromium — and ends with one line
 * "N passed, N failed". Under CI (CI=true) a PostgreSQL that does not answer fails the run instead of
 * being skipped, and a missing browser is installed or fails the run.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureChromium } from './ensure-chromium.mjs';
import { ensureDeps } from './ensure-deps.mjs';

const reports = fs.mkdtempSync(path.join(os.tmpdir(), 'peihuo-test-reports-'));
const failures = [];

function step(name, cmd, args, env = {}) {
  console.log(`\n» ${name}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.status !== 0) failures.push(name);
  return r.status === 0;
}

ensureDeps();
const haveChromium = ensureChromium();

step('Typecheck', 'npx', ['tsc', '--noEmit']);
// `npm run lint`: ESLint with typescript-eslint's type-checked rules, and the heap they need (decision 0035).
step('Lint', 'npm', ['run', 'lint']);
// Built first: the server-process tests (crash safety, two instances, shutdown) run the production build,
// and a stale build/ left from an earlier checkout would test yesterday's code.
const built = step('Build', 'npx', ['remix', 'vite:build']);
const vitestJson = path.join(reports, 'vitest.json');
step('Unit and integration tests (SQLite and PostgreSQL)', 'npx', [
  'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`,
]);
const playwrightJson = path.join(reports, 'playwright.json');
if (haveChromium) {
  if (built) {
    step('Browser tests (Playwright, Debian Chromium)', 'npx', ['playwright', 'test'], {
      PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightJson,
    });
  }
} else {
  failures.push('Browser tests (no Chromium)');
}

const counts = { passed: 0, failed: 0, skipped: 0 };
try {
  const v = JSON.parse(fs.readFileSync(vitestJson, 'utf8'));
  counts.passed += v.numPassedTests;
  counts.failed += v.numFailedTests;
  counts.skipped += v.numPendingTests + (v.numTodoTests ?? 0);
} catch {
  failures.push('vitest report missing');
}
if (haveChromium) {
  try {
    const p = JSON.parse(fs.readFileSync(playwrightJson, 'utf8'));
    counts.passed += p.stats.expected + (p.stats.flaky ?? 0);
    counts.failed += p.stats.unexpected;
    counts.skipped += p.stats.skipped;
  } catch {
    failures.push('playwright report missing');
  }
}
if (failures.length) console.error(`\nFailed steps: ${failures.join(', ')}`);
console.log(`\n${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
process.exit(failures.length || counts.failed ? 1 : 0);
