/**
 * Serves the production build for the browser tests on a fresh small county in a temporary SQLite file.
 * Kept outside test-results/, which Playwright wipes, in a directory of its own per port (tests/e2e/arrange.ts
 * finds it the same way), so runs on different ports do not share or delete each other's database.
 */
import { execSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const dir = path.join(os.tmpdir(), `peihuo-e2e-${process.env.PORT ?? 3210}`);
fs.rmSync(dir, { recursive: true, force: true });
fs.mkdirSync(dir, { recursive: true });
const env = { ...process.env, DATABASE_URL: path.join(dir, 'e2e.db'), NODE_ENV: 'production', SESSION_SECRET: 'e2e-'.padEnd(40, 'x') };
execSync('npx tsx scripts/seed.ts --retailers 60 --specs 40 --weeks 3', { stdio: ['ignore', 'ignore', 'inherit'], env });
// Whatever the weekday, some shop's window must be open for the ordering tests.
execSync('npx tsx scripts/open-cycle-now.ts', { stdio: ['ignore', 'ignore', 'inherit'], env });
execSync('npx tsx scripts/refresh-quality.ts', { stdio: ['ignore', 'ignore', 'inherit'], env });
// A cycle past its cut-offs with submitted orders, for the allocation run in the cycle-admin test.
execSync('npx tsx scripts/e2e-past-cycle.ts', { stdio: ['ignore', 'ignore', 'inherit'], env });
const server = spawn(process.execPath, ['server.js'], { stdio: 'inherit', env });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 0));
