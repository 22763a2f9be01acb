/**
 * `npm run demo`: install, build, migrate, seed the demo county (only into an empty database, so a restart
 * keeps the data) and serve the production build on http://localhost:3000 (PORT overrides).
 */
import { execSync, spawn } from 'node:child_process';
import { ensureDeps } from './ensure-deps.mjs';

const run = (cmd) => execSync(cmd, { stdio: 'inherit', env: { ...process.env } });

ensureDeps();
console.log('» Building…');
run('npx remix vite:build');
console.log('» Migrating and seeding the demo county (skipped when it already has data)…');
run('npx tsx db/cli.ts migrate');
const seedOutput = execSync('npx tsx scripts/seed.ts --if-empty', { encoding: 'utf8', env: { ...process.env } });
process.stdout.write(seedOutput);
// A freshly seeded county gets its data-quality checks once, so the demo shows today's scan errors.
// and this cycle's suggestions, so the demo shop finds its draft order prepared.
if (!seedOutput.includes('nothing seeded')) {
  run('npx tsx scripts/refresh-quality.ts');
  run('npx tsx scripts/suggest-county.ts');
}
console.log('» Starting the server…');
const server = spawn(process.execPath, ['server.js'], {
  stdio: 'inherit',
  env: { ...process.env, NODE_ENV: 'production' },
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 0));
