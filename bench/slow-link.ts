/**
 * The shop's order page over a slow link (issue 16: "a throttled 400 kbit/s, 400 ms link, cold and from cache"),
 * in Debian's Chromium at 360 × 740 against a running production build (the browser tests' server, or a seeded
 * county's `npm start`), signed in as a shop. Not part of `npm run bench`:
 *
 *   npx tsx bench/slow-link.ts --base http://localhost:3730 [--licence 440300100059] [--runs 3]
 *
 * The link: Playwright's CDP session on the page, Network.emulateNetworkConditions (400 ms latency, 400 kbit/s each
 * way). It slows the page's own requests, not the fetches the service worker makes on its behalf (the document of
 * an installed app, network-first): that visit's figure is the app's best case, with the document over an unslowed
 * link; the browser-cache visit has the document over the slow link.
 *
 * Three visits, each `--runs` times (median printed):
 * - cold: a new browser profile (no cached file, no service worker), the session cookie only;
 * - browser cache: the second visit of a profile whose service worker is blocked (what any site gets: the hashed
 *   scripts and styles from the HTTP cache, the document over the link);
 * - installed app: the second visit with the service worker running (it precached the app on the first):
 *   scripts and styles from the phone, the document network-first from the link (its copy after 4 s).
 * Each visit reports when the first product line was in the page (server-rendered, before any script) and when the
 * page was ready for a tap (React attached to the submit button), from navigation start.
 */
import { parseArgs } from 'node:util';
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { machineLoad, type Figure } from './lib';

const { values } = parseArgs({
  options: {
    base: { type: 'string', default: 'http://localhost:3730' },
    licence: { type: 'string', default: '440300100059' },
    password: { type: 'string', default: 'Demo@2026' },
    runs: { type: 'string', default: '3' },
    'kbit-per-s': { type: 'string', default: '400' },
    'rtt-ms': { type: 'string', default: '400' },
  },
});
const server = new URL(values.base);
const runs = Math.max(1, Number(values.runs));
const BYTES_PER_S = (Number(values['kbit-per-s']) * 1000) / 8;
const RTT_MS = Number(values['rtt-ms']);

async function signIn(): Promise<string> {
  const res = await fetch(`${server.origin}/auth/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.origin },
    body: new URLSearchParams({ username: values.licence, password: values.password }),
  });
  const cookie = res.headers.get('set-cookie')?.split(';')[0];
  if (res.status !== 302 || !cookie) throw new Error(`sign-in failed for ${values.licence}: ${res.status}`);
  return cookie;
}

interface Visit {
  shownMs: number;
  readyMs: number;
  transferredKB: number;
}

/**
 * Opens the order page and reads, from the page's own clock (0 = navigation start): the first product line in the
 * document, and React attached to the submit button. Also the bytes that came over the network (not from a cache).
 */
async function visit(page: Page): Promise<Visit> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: RTT_MS, downloadThroughput: BYTES_PER_S, uploadThroughput: BYTES_PER_S });
  // What the page's own requests took from the network (a file from a cache or the service worker counts nothing).
  let cdpBytes = 0;
  const ignored = new Set<string>();
  cdp.on('Network.responseReceived', (e) => {
    if (e.response.fromDiskCache || e.response.fromServiceWorker || e.response.fromPrefetchCache) ignored.add(e.requestId);
  });
  cdp.on('Network.loadingFinished', (e) => {
    if (!ignored.has(e.requestId)) cdpBytes += e.encodedDataLength;
  });
  await page.goto('/retailer/order', { waitUntil: 'commit', timeout: 120_000 });
  const shownMs = await page.waitForFunction(() => (document.querySelector('.spec-line') ? performance.now() : 0), null, { polling: 20, timeout: 120_000 }).then((h) => h.jsonValue());
  const readyMs = await page
    .waitForFunction(
      () => {
        const button = document.querySelector('.order-summary > button');
        return button && Object.keys(button).some((k) => k.startsWith('__reactProps')) ? performance.now() : 0;
      },
      null,
      { polling: 20, timeout: 120_000 },
    )
    .then((h) => h.jsonValue());
  await page.waitForLoadState('networkidle', { timeout: 120_000 }).catch(() => {});
  await cdp.detach();
  return { shownMs: Math.round(shownMs), readyMs: Math.round(readyMs), transferredKB: Math.round(cdpBytes / 102.4) / 10 };
}

async function newPhone(origin: string, cookie: string, serviceWorkers: 'allow' | 'block'): Promise<BrowserContext> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, hasTouch: true, locale: 'zh-CN', baseURL: origin, serviceWorkers });
  const [name, value] = cookie.split('=') as [string, string];
  await context.addCookies([{ name, value, url: origin }]);
  context.on('close', () => void browser.close());
  return context;
}

/** Waits until the service worker controls the page and keeps the order page (app/sw/sw.ts). */
async function appInstalled(page: Page) {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
  });
  const deadline = Date.now() + 120_000;
  while (!(await page.evaluate(async () => Boolean(await (await caches.open('peihuo-pages')).match('/retailer/order'))))) {
    if (Date.now() > deadline) throw new Error('the service worker kept no copy of the order page');
    await page.waitForTimeout(200);
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const origin = server.origin;
const results: Record<'cold' | 'browser cache' | 'installed app', Visit[]> = { cold: [], 'browser cache': [], 'installed app': [] };
{
  for (let i = 0; i < runs; i++) {
    // A fresh sign-in each run: the visits are not measured on a session that other runs changed.
    const cookie = await signIn();
    let context = await newPhone(origin, cookie, 'block');
    let page = await context.newPage();
    results.cold.push(await visit(page));
    results['browser cache'].push(await visit(page));
    await context.close();

    context = await newPhone(origin, cookie, 'allow');
    page = await context.newPage();
    await visit(page);
    await appInstalled(page);
    results['installed app'].push(await visit(page));
    await context.close();
  }
}

const how = 'CDP';
const figures: Figure[] = [machineLoad('at the end')];
for (const [kind, all] of Object.entries(results)) {
  console.log(`${kind}: ${all.map((v) => `shown ${v.shownMs} ms, ready ${v.readyMs} ms, ${v.transferredKB} KB`).join(' | ')}`);
  figures.push(
    { name: `order page on ${values['kbit-per-s']} kbit/s, ${RTT_MS} ms (${how}), ${kind}: first product shown`, value: median(all.map((v) => v.shownMs)), unit: 'ms' },
    { name: `order page on ${values['kbit-per-s']} kbit/s, ${RTT_MS} ms (${how}), ${kind}: ready to tap`, value: median(all.map((v) => v.readyMs)), unit: 'ms' },
    { name: `order page on ${values['kbit-per-s']} kbit/s, ${RTT_MS} ms (${how}), ${kind}: bytes over the network`, value: median(all.map((v) => v.transferredKB)), unit: 'KB' },
  );
}
for (const f of figures) console.log(`${f.name}: ${f.value} ${f.unit}`);
console.log(JSON.stringify(figures));
