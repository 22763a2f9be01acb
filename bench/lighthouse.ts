/**
 * Lighthouse mobile performance and accessibility of the shop's order page and home (issue 16: ≥ 90 each), with
 * Lighthouse from npm against Debian's Chromium. Not part of `npm run bench` (a run takes about half a minute a
 * page and its scores move with the machine's load): run it against a running production build — the browser
 * tests' server, or `npm run build && npm start` on a seeded county — signed in as a shop:
 *
 *   npx tsx bench/lighthouse.ts --base http://localhost:3730 [--licence 440300100059] [--runs 3] [--pages /retailer/order,/retailer]
 *
 * The shop signs in through the sign-in form (as bench/order-submit.ts does) and Lighthouse sends its session
 * cookie with every request of the page (`extraHeaders`). Lighthouse's default configuration is the mobile one:
 * a Moto G Power's screen, simulated throttling (150 ms round trip, 1.6 Mbit/s, the CPU four times slower) and
 * storage reset before each run, so every run is a cold first visit without the service worker's cache.
 * The median run of each page (by performance score) is printed with its metrics, and every accessibility audit
 * that did not pass, with the elements it names, so a score under 90 says what to fix. The last line is the figures
 * as `[{ name, value, unit, target }]` JSON.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import lighthouse from 'lighthouse';
import type { Figure } from './lib';

const { values } = parseArgs({
  options: {
    base: { type: 'string', default: 'http://localhost:3730' },
    licence: { type: 'string', default: '440300100059' },
    password: { type: 'string', default: 'Demo@2026' },
    runs: { type: 'string', default: '3' },
    pages: { type: 'string', default: '/retailer/order,/retailer' },
    // The page's language (the app follows Accept-Language until the shop picks one).
    lang: { type: 'string', default: 'zh-CN' },
    // Print every run's scores, not only the median's.
    verbose: { type: 'boolean', default: false },
    // Write each run's full Lighthouse result (JSON) into this directory.
    save: { type: 'string' },
  },
});
const origin = values.base.replace(/\/$/, '');
const runs = Math.max(1, Number(values.runs));
const pages = values.pages.split(',').filter(Boolean);

async function signIn(): Promise<string> {
  const res = await fetch(`${origin}/auth/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
    body: new URLSearchParams({ username: values.licence, password: values.password }),
  });
  const cookie = res.headers.get('set-cookie')?.split(';')[0];
  if (res.status !== 302 || !cookie) throw new Error(`sign-in failed for ${values.licence}: ${res.status}`);
  return cookie;
}

/** Debian's Chromium with a DevTools port for Lighthouse, in a profile of its own. */
async function startChromium(): Promise<{ port: number; child: ChildProcess; profile: string }> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'peihuo-lighthouse-'));
  const child = spawn(
    process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--remote-debugging-port=0',
      `--user-data-dir=${profile}`,
      'about:blank',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const port = await new Promise<number>((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`Chromium gave no DevTools port: ${seen.slice(-500)}`)), 30_000);
    child.stderr.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const m = /DevTools listening on ws:\/\/[^:]+:(\d+)\//.exec(seen);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.on('exit', (code) => reject(new Error(`Chromium exited (${code}): ${seen.slice(-500)}`)));
  });
  return { port, child, profile };
}

interface AuditRef {
  id: string;
  weight: number;
}
interface Audit {
  id: string;
  title: string;
  score: number | null;
  scoreDisplayMode: string;
  numericValue?: number;
  displayValue?: string;
  details?: { items?: Array<{ node?: { selector?: string; snippet?: string; explanation?: string } }> };
}
interface Lhr {
  categories: Record<string, { score: number | null; auditRefs: AuditRef[] }>;
  audits: Record<string, Audit>;
  runWarnings: string[];
  environment: { benchmarkIndex: number };
}

interface Run {
  performance: number;
  accessibility: number;
  metrics: Record<string, string>;
  failing: Array<{ id: string; title: string; weight: number; nodes: string[] }>;
  warnings: string[];
  benchmarkIndex: number;
}

const METRICS = ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time', 'cumulative-layout-shift', 'speed-index', 'interactive'];

async function audit(port: number, cookie: string, pagePath: string): Promise<Run> {
  const result = await lighthouse(`${origin}${pagePath}`, {
    port,
    output: 'json',
    logLevel: 'error',
    onlyCategories: ['performance', 'accessibility'],
    extraHeaders: { Cookie: cookie, 'Accept-Language': values.lang },
  });
  if (!result) throw new Error(`Lighthouse gave no result for ${pagePath}`);
  const lhr = result.lhr as unknown as Lhr;
  if (values.save) {
    fs.mkdirSync(values.save, { recursive: true });
    fs.writeFileSync(path.join(values.save, `${pagePath.replace(/\W+/g, '_')}-${Date.now()}.json`), JSON.stringify(result.lhr));
  }
  const a11y = lhr.categories.accessibility!;
  const failing = a11y.auditRefs
    .map((ref) => ({ ref, audit: lhr.audits[ref.id]! }))
    .filter(({ audit }) => audit.scoreDisplayMode === 'binary' && audit.score !== null && audit.score < 1)
    .map(({ ref, audit }) => ({
      id: audit.id,
      title: audit.title,
      weight: ref.weight,
      nodes: (audit.details?.items ?? []).slice(0, 8).map((i) => `${i.node?.selector ?? ''} ${i.node?.snippet ?? ''}`.trim()),
    }));
  return {
    performance: Math.round((lhr.categories.performance!.score ?? 0) * 100),
    accessibility: Math.round((a11y.score ?? 0) * 100),
    metrics: Object.fromEntries(METRICS.map((id) => [id, lhr.audits[id]?.displayValue ?? '—'])),
    failing,
    warnings: lhr.runWarnings,
    benchmarkIndex: lhr.environment.benchmarkIndex,
  };
}

const cookie = await signIn();
const chromium = await startChromium();
const figures: Figure[] = [];
try {
  for (const pagePath of pages) {
    const all: Run[] = [];
    for (let i = 0; i < runs; i++) {
      const run = await audit(chromium.port, cookie, pagePath);
      if (values.verbose) console.log(`${pagePath} run ${i + 1}: performance ${run.performance}, accessibility ${run.accessibility} (benchmarkIndex ${run.benchmarkIndex})`);
      all.push(run);
    }
    const sorted = [...all].sort((a, b) => a.performance - b.performance);
    const median = sorted[Math.floor(sorted.length / 2)]!;
    console.log(`\n${pagePath}: performance ${median.performance} (runs ${all.map((r) => r.performance).join(', ')}), accessibility ${median.accessibility}`);
    console.log(`  ${Object.entries(median.metrics).map(([k, v]) => `${k} ${v}`).join(' · ')} · benchmarkIndex ${median.benchmarkIndex}`);
    for (const w of median.warnings) console.log(`  warning: ${w}`);
    for (const f of median.failing) {
      console.log(`  accessibility: ${f.id} (weight ${f.weight}): ${f.title}`);
      for (const n of f.nodes) console.log(`    ${n}`);
    }
    figures.push(
      { name: `Lighthouse mobile performance ${pagePath} (median of ${runs})`, value: median.performance, unit: 'score', target: '≥ 90' },
      { name: `Lighthouse accessibility ${pagePath}`, value: median.accessibility, unit: 'score', target: '≥ 90' },
    );
  }
} finally {
  chromium.child.kill('SIGTERM');
  await new Promise((resolve) => chromium.child.once('exit', resolve));
  fs.rmSync(chromium.profile, { recursive: true, force: true });
}
for (const f of figures) console.log(`${f.name}: ${f.value} ${f.unit} (target ${f.target})`);
console.log(JSON.stringify(figures));
