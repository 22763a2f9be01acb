/** The JavaScript a browser downloads for one page, gzipped as it goes over the wire. */
import zlib from 'node:zlib';
import { chromium } from '@playwright/test';
import type { Figure } from './lib';

export async function benchPageJs(origin: string, cookie: string, path: string, name: string, target: string): Promise<Figure> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const context = await browser.newContext();
    const [cookieName, cookieValue] = cookie.split('=') as [string, string];
    await context.addCookies([{ name: cookieName, value: cookieValue, url: origin }]);
    const page = await context.newPage();
    const scripts = new Map<string, Buffer>();
    // Each script's body is awaited before counting (and a body that cannot be read fails the figure rather than
    // going unhandled): the handler only starts the read.
    const reads: Promise<unknown>[] = [];
    page.on('response', (res) => {
      const type = res.headers()['content-type'] ?? '';
      if (type.includes('javascript')) reads.push(res.body().then((body) => scripts.set(res.url(), body)));
    });
    await page.goto(`${origin}${path}`, { waitUntil: 'networkidle' });
    await Promise.all(reads);
    const gzBytes = [...scripts.values()].reduce((n, b) => n + zlib.gzipSync(b, { level: 6 }).length, 0);
    return { name, value: gzBytes / 1024, unit: 'KB gzipped', target };
  } finally {
    await browser.close();
  }
}
