/**
 * `npm run soak [-- --minutes 10 --users 6 --think-ms 250 --retailers 300 --database-url postgres://… --skip-build]`:
 * a bounded soak test on loopback. The production server runs on a freshly seeded county (a temporary SQLite
 * file, or an empty PostgreSQL database/schema named by --database-url) and gets steady mixed traffic for the
 * given minutes: retailers signing in, POS terminals sending a day's sales through the API, shops uploading a
 * day's sales file (staged, then imported from its preview), orders submitted
 * (each changes a quantity, so it is a real write), the staff page and retailers' home pages.
 *
 * The load is closed-loop: each of --users virtual users sends one request, waits for the answer, pauses
 * --think-ms, and goes again — a soak looks for leaks and errors at a load the server sustains, not for its
 * breaking point (an open-loop rate above capacity only measures the queue). A request unanswered in 30 s
 * counts as an error. The server's resident memory is sampled every 10 s. It passes with zero errors and flat
 * memory (the last sample within 25 % of the one after the first minute's warm-up) and prints first/last/max
 * RSS and per-kind latencies; results also go to bench/results/soak-latest.json. Not part of `npm test`.
 */
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { connect } from '../db/connect';
import { sqlForUrl } from '../db/dialect';
import { migrateToLatest } from '../db/migrate';
import { seedDemo } from '../app/server/seed.server';
import { addDays, shanghaiDayOf } from '../app/domain/time';
import { createApiToken } from '../app/server/api-tokens.server';
import { percentile, startServer, stopServer } from './lib';
import { prepareShoppers } from './order-submit';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    users: { type: 'string', default: '6' },
    'think-ms': { type: 'string', default: '250' },
    retailers: { type: 'string', default: '300' },
    'database-url': { type: 'string' },
    port: { type: 'string', default: '3395' },
    'skip-build': { type: 'boolean', default: false },
  },
});
const minutes = Number(values.minutes);
const users = Number(values.users);
const thinkMs = Number(values['think-ms']);
const REQUEST_TIMEOUT_MS = 30_000;
const port = Number(values.port);
const origin = `http://127.0.0.1:${port}`;
const SAMPLE_EVERY_MS = 10_000;
const PASSWORD = 'Demo@2026';

if (!values['skip-build']) {
  console.log('» building…');
  execSync('npx remix vite:build', { stdio: ['ignore', 'ignore', 'inherit'] });
}

let tmpDir: string | null = null;
let databaseUrl = values['database-url'];
if (!databaseUrl) {
  tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'peihuo-soak-'));
  databaseUrl = path.join(tmpDir, 'soak.db');
}
console.log(`» seeding ${values.retailers} retailers into ${sqlForUrl(databaseUrl).name === 'postgres' ? 'PostgreSQL' : databaseUrl}…`);
{
  const db = connect({ url: databaseUrl });
  await migrateToLatest(db);
  await seedDemo(db, { retailers: Number(values.retailers) });
  await db.destroy();
}

const server = await startServer({ DATABASE_URL: databaseUrl, SESSION_SECRET: 'soak-'.padEnd(40, 'x') }, port);
const pid = server.pid!;

// ── the cast ─────────────────────────────────────────────────────────────────────────────────────────────
const shoppers = await prepareShoppers(databaseUrl, origin, 40);
const { tokens, licences, barcodes } = await (async () => {
  const db = connect({ url: databaseUrl });
  try {
    const shops = await db.selectFrom('retailers').select(['id', 'userId', 'licenceNo']).where('active', '=', 1).orderBy('id', 'desc').limit(60).execute();
    const tokenList: string[] = [];
    // Enough tokens that the steady API share stays far below each token's 120 calls a minute.
    for (const shop of shops) tokenList.push((await createApiToken(db, { userId: shop.userId!, role: 'retailer' }, shop.id, 'soak'))!.token);
    const specs = await db.selectFrom('specs').select('packBarcode').execute();
    return { tokens: tokenList, licences: shops.map((s) => s.licenceNo), barcodes: specs.map((s) => s.packBarcode) };
  } finally {
    await db.destroy();
  }
})();
const staff = await fetch(`${origin}/auth/login`, {
  method: 'POST',
  redirect: 'manual',
  headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
  body: new URLSearchParams({ username: 'staff01', password: PASSWORD }),
});
const staffCookie = staff.headers.get('set-cookie')!.split(';')[0]!;

// ── the traffic ──────────────────────────────────────────────────────────────────────────────────────────
type Kind = 'sign-in' | 'api upload' | 'file upload' | 'order submit' | 'staff page' | 'retailer page';
const MIX: Array<[Kind, number]> = [
  ['sign-in', 1],
  ['api upload', 3],
  ['file upload', 1],
  ['order submit', 3],
  ['staff page', 1],
  ['retailer page', 2],
];
const stats = new Map<Kind, { ok: number; errors: number; latencies: number[]; lastError?: string }>(MIX.map(([k]) => [k, { ok: 0, errors: 0, latencies: [] }]));
let n = 0;
const today = shanghaiDayOf(new Date());

function pickKind(i: number): Kind {
  const total = MIX.reduce((s, [, w]) => s + w, 0);
  let r = (i * 7919) % total;
  for (const [kind, weight] of MIX) {
    if (r < weight) return kind;
    r -= weight;
  }
  return 'staff page';
}

async function one(i: number): Promise<void> {
  const kind = pickKind(i);
  const signal = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
  const t0 = performance.now();
  let res: Response;
  let expected: number;
  if (kind === 'sign-in') {
    res = await fetch(`${origin}/auth/login`, {
      signal,
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
      body: new URLSearchParams({ username: licences[i % licences.length]!, password: PASSWORD }),
    });
    expected = 302;
  } else if (kind === 'api upload') {
    const lines = Array.from({ length: 30 }, (_, k) => ({ barcode: barcodes[(i + k) % barcodes.length]!, qtyPacks: 1 + ((i + k) % 5) }));
    res = await fetch(`${origin}/api/v1/sales`, {
      signal,
      method: 'POST',
      headers: { authorization: `Bearer ${tokens[i % tokens.length]}`, 'content-type': 'application/json' },
      body: JSON.stringify({ date: addDays(today, -1 - (i % 20)), lines }),
    });
    expected = 200;
  } else if (kind === 'file upload') {
    // A shop's day of sales as a CSV, the way the uploads page sends it: staged (nothing written), then imported
    // from its preview, replacing the day when it was sent before.
    const shopper = shoppers[i % shoppers.length]!;
    const day = addDays(today, -1 - (i % 20));
    const csv = ['日期,条码,数量', ...Array.from({ length: 30 }, (_, k) => `${day},${barcodes[(i + k) % barcodes.length]!},${1 + ((i + k) % 5)}`)].join('\n');
    const form = new FormData();
    form.set('kind', 'sales');
    form.set('file', new Blob([csv], { type: 'text/csv' }), `sales-${day}.csv`);
    const staged = await fetch(`${origin}/resources/uploads/stage`, { signal, method: 'POST', headers: { cookie: shopper.cookie, origin, accept: 'application/json' }, body: form });
    const { previewUrl } = (await staged.json()) as { previewUrl?: string };
    if (!staged.ok || !previewUrl) throw new Error(`staging answered HTTP ${staged.status}`);
    res = await fetch(`${origin}${previewUrl}`, {
      signal,
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: shopper.cookie, origin, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ intent: 'import', confirmReplace: 'on' }),
    });
    // Success is the redirect to the uploads page with the counts (a redirect to sign-in would also be a 302).
    if (res.status === 302 && !(res.headers.get('location') ?? '').includes('imported=')) throw new Error(`import redirected to ${res.headers.get('location')}`);
    expected = 302;
  } else if (kind === 'order submit') {
    const shopper = shoppers[i % shoppers.length]!;
    const lines = shopper.lines.map((l, k) => (k === 0 ? { ...l, qtyCartons: 1 + (i % 4) } : l));
    res = await fetch(`${origin}/retailer/order.data`, {
      signal,
      method: 'POST',
      headers: { cookie: shopper.cookie, origin, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ intent: 'submit', lines: JSON.stringify(lines) }),
    });
    expected = 200;
  } else if (kind === 'staff page') {
    res = await fetch(`${origin}/staff`, { signal, headers: { cookie: staffCookie } });
    expected = 200;
  } else {
    res = await fetch(`${origin}/retailer`, { signal, headers: { cookie: shoppers[i % shoppers.length]!.cookie } });
    expected = 200;
  }
  await res.arrayBuffer();
  const s = stats.get(kind)!;
  if (res.status === expected) {
    s.ok++;
    s.latencies.push(performance.now() - t0);
  } else {
    s.errors++;
    s.lastError = `HTTP ${res.status}`;
  }
}

function rssMiB(): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

const samples: Array<{ atSeconds: number; rssMiB: number }> = [];
const started = Date.now();
const endsAt = started + minutes * 60_000;
samples.push({ atSeconds: 0, rssMiB: rssMiB() });
const sampler = setInterval(() => {
  const s = { atSeconds: Math.round((Date.now() - started) / 1000), rssMiB: rssMiB() };
  samples.push(s);
  const done = [...stats.values()].reduce((a, x) => a + x.ok, 0);
  const errors = [...stats.values()].reduce((a, x) => a + x.errors, 0);
  console.log(`  ${String(s.atSeconds).padStart(4)} s  RSS ${s.rssMiB.toFixed(1)} MiB  ${done} ok  ${errors} errors`);
}, SAMPLE_EVERY_MS);

console.log(`» soaking for ${minutes} min with ${users} users pausing ${thinkMs} ms (RSS every ${SAMPLE_EVERY_MS / 1000} s)…`);
async function user(): Promise<void> {
  while (Date.now() < endsAt) {
    const i = n++;
    await one(i).catch((error: unknown) => {
      const s = stats.get(pickKind(i))!;
      s.errors++;
      s.lastError = (error as Error).name === 'TimeoutError' ? `no answer in ${REQUEST_TIMEOUT_MS / 1000} s` : (error as Error).message;
    });
    await new Promise((r) => setTimeout(r, thinkMs));
  }
}
await Promise.all(Array.from({ length: users }, () => user()));
clearInterval(sampler);
samples.push({ atSeconds: Math.round((Date.now() - started) / 1000), rssMiB: rssMiB() });
await stopServer(server);
if (tmpDir) fs.rmSync(tmpDir, { recursive: true, force: true });

// ── the verdict ──────────────────────────────────────────────────────────────────────────────────────────
console.log(`\n${'kind'.padEnd(14)} ${'ok'.padStart(7)} ${'errors'.padStart(7)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)}`);
let errors = 0;
for (const [kind, s] of stats) {
  s.latencies.sort((a, b) => a - b);
  errors += s.errors;
  console.log(`${kind.padEnd(14)} ${String(s.ok).padStart(7)} ${String(s.errors).padStart(7)} ${percentile(s.latencies, 50).toFixed(1).padStart(8)} ${percentile(s.latencies, 99).toFixed(1).padStart(8)}${s.lastError ? `  last error: ${s.lastError}` : ''}`);
}
// The first minute warms caches (statement cache, JIT); memory is judged from there on.
const warm = samples.find((s) => s.atSeconds >= 60) ?? samples[0]!;
const first = samples[0]!.rssMiB;
const last = samples.at(-1)!.rssMiB;
const max = Math.max(...samples.map((s) => s.rssMiB));
const flat = last <= warm.rssMiB * 1.25;
console.log(`\nRSS first ${first.toFixed(1)} MiB, after warm-up ${warm.rssMiB.toFixed(1)} MiB, last ${last.toFixed(1)} MiB, max ${max.toFixed(1)} MiB (${samples.length} samples)`);
console.log(`${n} requests in ${minutes} min (${(n / (minutes * 60)).toFixed(1)}/s); ${errors} errors; memory ${flat ? 'flat' : 'GROWING'}`);
const out = path.resolve('bench/results/soak-latest.json');
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(
  out,
  `${JSON.stringify(
    {
      minutes,
      users,
      thinkMs,
      requestsPerSecond: n / (minutes * 60),
      requests: n,
      errors,
      rss: { firstMiB: first, warmMiB: warm.rssMiB, lastMiB: last, maxMiB: max, flat },
      kinds: Object.fromEntries([...stats].map(([k, s]) => [k, { ok: s.ok, errors: s.errors, p50: percentile(s.latencies, 50), p99: percentile(s.latencies, 99) }])),
      samples,
    },
    null,
    2,
  )}\n`,
);
console.log(`written to ${path.relative(process.cwd(), out)}`);
process.exit(errors === 0 && flat ? 0 : 1);
