/**
 * `npm test`: installs what is missing, then runs every check — typecheck, lint, unit tests, integration
 * tests on SQLite and PostgreSQL, and browser tests in Debian's Chromium — and ends with one line
 * "N passed, N failed". Under CI (CI=true) a PostgreSQL that does not answer fails the run instead of
 * being skipped, and a missing browser is installed or fails the run.
 *
 * Arranged for a 2-core machine in two lanes (below). Steps that run beside another print their output in one
 * block when they end; each step prints one line with its time, and a table of them ends the run.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureChromium } from './ensure-chromium.mjs';
import { ensureDeps } from './ensure-deps.mjs';
import { failedSteps, record, secondsSince, step, summary } from './test-steps.mjs';

const start = performance.now();
const reports = fs.mkdtempSync(path.join(os.tmpdir(), 'peihuo-test-reports-'));
const failures = [];

let since = performance.now();
ensureDeps();
record('Install npm packages (when missing)', true, secondsSince(since));
since = performance.now();
const haveChromium = ensureChromium();
record('Chromium (installed when missing)', haveChromium, secondsSince(since));

// Two lanes for two cores (developer guide, "Tests"). ESLint is the longest single-threaded step; the typecheck and
// then the build run beside it, and PostgreSQL's integration files (three at a time: vitest.config.ts says why) follow
// the build on that lane. Unit and SQLite integration files follow the lint. The browser tests run last, alone:
// beside the others their timing-sensitive specs were starved.
// `npm run lint`: ESLint with typescript-eslint's type-checked rules, and the heap they need (decision 0035).
// The build comes before any test: the server-process tests (crash safety, two instances, shutdown) and the browser
// tests run the production build, and a stale build/ left from an earlier checkout would test yesterday's code.
const vitestJson = { sqlite: path.join(reports, 'vitest-unit-sqlite.json'), postgres: path.join(reports, 'vitest-postgres.json') };
const vitest = (project, json) => [
  'vitest', 'run', ...project.flatMap((p) => ['--project', p]), '--reporter=default', '--reporter=json', `--outputFile.json=${json}`,
];
const build = step('Typecheck', 'npx', ['tsc', '--noEmit'], { held: true }).then(() => step('Build', 'npx', ['remix', 'vite:build'], { held: true }));
const [built] = await Promise.all([
  build,
  build.then(() => step('Integration tests (PostgreSQL)', 'npx', vitest(['integration-postgres'], vitestJson.postgres), { held: true })),
  Promise.all([step('Lint', 'npm', ['run', 'lint'], { held: true }), build]).then(() =>
    step('Unit and integration tests (SQLite)', 'npx', vitest(['unit', 'integration-sqlite'], vitestJson.sqlite), { held: true }),
  ),
]);
const playwrightJson = path.join(reports, 'playwright.json');
if (haveChromium) {
  if (built) {
    await step('Browser tests (Playwright, Debian Chromium)', 'npx', ['playwright', 'test'], {
      env: { PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightJson },
    });
  } else {
    record('Browser tests (not run: the build failed)', false, 0);
  }
}

const counts = { passed: 0, failed: 0, skipped: 0 };
for (const [which, file] of Object.entries(vitestJson)) {
  try {
    const v = JSON.parse(fs.readFileSync(file, 'utf8'));
    counts.passed += v.numPassedTests;
    counts.failed += v.numFailedTests;
    counts.skipped += v.numPendingTests + (v.numTodoTests ?? 0);
  } catch {
    failures.push(`vitest report missing (${which})`);
  }
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
} else {
  failures.push('Browser tests (no Chromium)');
}
summary(secondsSince(start));
failures.unshift(...failedSteps());
if (failures.length) console.error(`\nFailed steps: ${failures.join(', ')}`);
console.log(`\n${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
process.exit(failures.length || counts.failed ? 1 : 0);
