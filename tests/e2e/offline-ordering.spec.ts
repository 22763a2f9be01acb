/**
 * Ordering on a phone that loses its signal (issue 16, item 1): edits made offline are kept on the phone and sent
 * when the link is back, so the server then holds exactly the edited cart; a submit made offline is queued with a
 * clear message and confirmed once the server accepts it, or refused with the reason when the cut-off passed
 * meanwhile; never the error page. And on a slow link the order page opens from the phone's cache.
 * The browser is set offline and back with context.setOffline (the service worker's requests included: Playwright's
 * PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS, set in playwright.config.ts; without it the worker still fetched from
 * the server while the test said offline).
 */
import { expect, test, type BrowserContext, type Locator, type Page, type Route } from '@playwright/test';
import { startOrderWithEmptyCart } from './arrange';
import { DEMO_PASSWORD, signIn } from './helpers';
import { cycleWithEveryCutoffPassed, noOrderYet, orderHeldBy } from './offline-arrange';

// The worker's own fetches (the copies it keeps) are taken offline too (playwright.config.ts). They carry the
// browser's language as a phone's do: Playwright's locale reaches the page's requests only, so it is sent as a header.
test.use({ serviceWorkers: 'allow', extraHTTPHeaders: { 'Accept-Language': 'zh-CN' } });

const ERROR_PAGE = /出错了|Something went wrong/;

/** Signs the shop in, opens its order page (with an empty cart) and waits until the service worker controls it. */
async function openOrderPage(page: Page, licenceNo: string, orderLink = '订货') {
  await startOrderWithEmptyCart(licenceNo);
  await signIn(page, licenceNo);
  await page.getByRole('link', { name: orderLink, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
  });
  // The order page's document is kept on the phone once the worker runs (sw.ts, keepOfflinePages).
  await expect.poll(() => page.evaluate(async () => Boolean(await (await caches.open('peihuo-pages')).match('/retailer/order')))).toBe(true);
}

/** The first n uncapped lines: their spec ids and names. */
async function plainLines(page: Page, n: number) {
  const lines = page.locator('.spec-line', { hasNot: page.locator('.spec-cap.capped') });
  const out: Array<{ id: number; name: string; line: Locator }> = [];
  for (let i = 0; i < n; i++) {
    const line = lines.nth(i);
    out.push({ id: Number(await line.getAttribute('data-spec-id')), name: (await line.locator('.spec-name strong').textContent())!.trim(), line });
  }
  return out;
}

async function setQty(page: Page, name: string, qty: number, label = (n: string) => `${n} 订购数量（条）`) {
  await page.getByLabel(label(name)).fill(String(qty));
}

/**
 * No signal, or signal back. context.setOffline alone does not reach what the service worker sends on its own
 * (its Background Sync), so every request of the context is also refused as a dead link would refuse it.
 */
async function goOffline(context: BrowserContext, offline: boolean) {
  if (offline) await context.route('**/*', deadLink);
  else await context.unroute('**/*', deadLink);
  await context.setOffline(offline);
}
const deadLink = (route: Route) => route.abort('internetdisconnected');

test('offline mid-edit: the edits stay on the phone, no error page, and the server gets exactly that cart when the link is back', async ({ page, context }) => {
  const licence = '440300100030';
  await openOrderPage(page, licence);
  const [a, b, c] = await plainLines(page, 3);
  await setQty(page, a!.name, 2);
  await setQty(page, b!.name, 1);
  await expect(page.locator('.save-state')).toHaveText('已自动保存');
  expect((await orderHeldBy(licence)).cart).toEqual({ [a!.id]: 2, [b!.id]: 1 });

  await goOffline(context, true);
  await setQty(page, a!.name, 3);
  await page.getByRole('button', { name: `${b!.name} 减少一条` }).click();
  await setQty(page, c!.name, 4);
  await expect(page.getByText('没有网络：修改已保存在手机上，联网后自动发送。')).toBeVisible();
  await expect(page.locator('.save-state')).toHaveText('已保存在手机上');
  await expect(page.getByText(ERROR_PAGE)).toHaveCount(0);

  // Opened again without signal (the app started anew): from the phone, with the edits.
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('订货');
  await expect(page.getByLabel(`${a!.name} 订购数量（条）`)).toHaveValue('3');
  await expect(page.getByLabel(`${b!.name} 订购数量（条）`)).toHaveValue('');
  await expect(page.getByLabel(`${c!.name} 订购数量（条）`)).toHaveValue('4');
  await expect(page.getByText(ERROR_PAGE)).toHaveCount(0);
  // Nothing reached the server meanwhile.
  expect((await orderHeldBy(licence)).cart).toEqual({ [a!.id]: 2, [b!.id]: 1 });

  // A page the phone has no copy of says there is no signal, with a way back to the order page.
  await page.getByRole('link', { name: '历史订单' }).click();
  await expect(page.getByRole('heading', { name: '没有网络' })).toBeVisible();
  await expect(page.getByText(ERROR_PAGE)).toHaveCount(0);
  await page.getByRole('link', { name: '打开订货页' }).click();
  await expect(page.getByLabel(`${a!.name} 订购数量（条）`)).toHaveValue('3');

  await goOffline(context, false);
  await expect(page.locator('.save-state')).toHaveText('已自动保存');
  await expect(page.getByText('没有网络：修改已保存在手机上')).toHaveCount(0);
  expect((await orderHeldBy(licence)).cart).toEqual({ [a!.id]: 3, [c!.id]: 4 });
});

test('a submit made offline is queued on the phone and confirmed once the server accepts it', async ({ page, context }) => {
  const licence = '440300100031';
  await openOrderPage(page, licence);
  const [a, b] = await plainLines(page, 2);
  await setQty(page, a!.name, 2);
  await expect(page.locator('.save-state')).toHaveText('已自动保存');

  await goOffline(context, true);
  await setQty(page, b!.name, 5);
  await page.getByRole('button', { name: '提交订单', exact: true }).click();
  await page.getByRole('button', { name: '确认提交', exact: true }).click();
  await expect(page.getByText('已保存在手机上，联网后自动提交（截单前）。')).toBeVisible();
  await expect(page.getByText(ERROR_PAGE)).toHaveCount(0);
  expect((await orderHeldBy(licence)).status).toBe('draft');

  await goOffline(context, false);
  await expect(page.getByText('联网后已自动提交：订单已提交。')).toBeVisible();
  await expect(page.getByText('已保存在手机上，联网后自动提交')).toHaveCount(0);
  await expect(page.getByText(/订单已于 .* 提交/)).toBeVisible();
  const held = await orderHeldBy(licence);
  expect(held).toMatchObject({ status: 'submitted', lines: { [a!.id]: 2, [b!.id]: 5 }, events: ['submitted'] });
});

test('sign-in to a submitted suggested draft in 3 taps when the signal goes after signing in and comes back after the last tap', async ({ page, context }) => {
  // The measure ("taps from sign-in to a submitted accepted draft, ≤ 3, also offline-then-online"): the
  // shop signs in with signal (sign-in needs the server), loses it on home, accepts the prepared draft from home's
  // to-do, and the order is submitted when the signal is back, with no tap more.
  const licence = '440300100039';
  const draft = await noOrderYet(licence);
  let taps = 0;
  const tap = async (target: Locator) => {
    await target.click();
    taps++;
  };
  await page.goto('/auth/login');
  await page.getByLabel('许可证号或用户名').fill(licence);
  await page.getByLabel('密码').fill(DEMO_PASSWORD);
  await tap(page.getByRole('button', { name: '登录' }));
  await expect(page).toHaveURL(/\/retailer$/);
  // The app is on the phone (the worker runs and has kept the order page) before the signal goes.
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
  });
  await expect.poll(() => page.evaluate(async () => Boolean(await (await caches.open('peihuo-pages')).match('/retailer/order.data'))), { timeout: 30_000 }).toBe(true);

  await goOffline(context, true);
  const todo = page.locator('.todo-list > li').first();
  await expect(todo).toHaveAttribute('data-kind', 'order_not_submitted');
  await tap(todo.getByRole('link'));
  const review = page.getByRole('dialog');
  await expect(review).toBeVisible();
  await expect(page.getByText(ERROR_PAGE)).toHaveCount(0);
  await tap(review.getByRole('button', { name: '确认提交', exact: true }));
  await expect(page.getByText('已保存在手机上，联网后自动提交（截单前）。')).toBeVisible();
  expect((await orderHeldBy(licence)).status).toBeNull();

  await goOffline(context, false);
  await expect(page.getByText('联网后已自动提交：订单已提交。')).toBeVisible();
  expect(taps).toBe(3);
  expect(await orderHeldBy(licence)).toMatchObject({ status: 'submitted', lines: draft });
});

test('the browser saying the link is back starts the send at once, and a first try that finds no link yet is retried within a second, not after the offline backoff', async ({ page, context }) => {
  // The flaky run of the test above: the page's online event came while its requests (which go through the service
  // worker) still found no link, and the next try waited out the 5 s offline backoff. Here the first send after
  // the online event is refused as a dead link would refuse it; the confirmation must still come within the
  // expectation's usual 5 s, which only a retry started from the short reconnect wait gives.
  test.slow();
  const licence = '440300100036';
  await openOrderPage(page, licence);
  const [a] = await plainLines(page, 1);
  await setQty(page, a!.name, 3);
  await expect(page.locator('.save-state')).toHaveText('已自动保存');

  await goOffline(context, true);
  await page.getByRole('button', { name: '提交订单', exact: true }).click();
  await page.getByRole('button', { name: '确认提交', exact: true }).click();
  await expect(page.getByText('已保存在手机上，联网后自动提交（截单前）。')).toBeVisible();

  const sends: string[] = [];
  await page.route('**/resources/order-outbox', async (route) => {
    sends.push(sends.length ? 'sent' : 'no link yet');
    if (sends.length === 1) await route.abort('internetdisconnected');
    else await route.continue();
  });
  await goOffline(context, false);
  await expect(page.getByText('联网后已自动提交：订单已提交。')).toBeVisible();
  expect(sends[0]).toBe('no link yet');
  expect(sends).toContain('sent');
  expect((await orderHeldBy(licence)).status).toBe('submitted');
});

test('a submit queued offline is refused with the reason when the cut-off passed before the link came back', async ({ page, context }) => {
  const licence = '440300100032';
  await openOrderPage(page, licence);
  const [a] = await plainLines(page, 1);
  await setQty(page, a!.name, 1);
  await expect(page.locator('.save-state')).toHaveText('已自动保存');

  await goOffline(context, true);
  await page.getByRole('button', { name: '提交订单', exact: true }).click();
  await page.getByRole('button', { name: '确认提交', exact: true }).click();
  await expect(page.getByText('已保存在手机上，联网后自动提交（截单前）。')).toBeVisible();

  // The server's clock cannot be moved from a browser test, and a cycle's cut-off is every shop's: the queued
  // submit reaches the server as made in the cycle whose every cut-off has passed (what the phone holds when its
  // cycle closed while it was off the network). What is checked is the server's refusal and what the page says.
  const passed = await cycleWithEveryCutoffPassed();
  await page.route('**/resources/order-outbox', async (route) => {
    const body = JSON.parse(route.request().postData() ?? '{}') as { cycleId: number };
    await route.continue({ postData: JSON.stringify({ ...body, cycleId: passed }) });
  });
  await goOffline(context, false);
  await expect(page.getByText('手机上保存的订单没有提交：已截单，订单不能再修改。', { exact: false })).toBeVisible();
  await expect(page.getByText('已保存在手机上，联网后自动提交')).toHaveCount(0);
  await expect(page.getByText(ERROR_PAGE)).toHaveCount(0);
  expect((await orderHeldBy(licence)).status).toBe('draft');
});

test.describe('in English', () => {
  test.use({ locale: 'en-US', extraHTTPHeaders: { 'Accept-Language': 'en-US' } });
  test('the queued submit reads in English and goes through when the link is back', async ({ page, context }) => {
    const licence = '440300100033';
    await openOrderPage(page, licence, 'Order');
    const [a] = await plainLines(page, 1);
    await goOffline(context, true);
    await setQty(page, a!.name, 2, (n) => `Cartons of ${n}`);
    await page.getByRole('button', { name: 'Submit order', exact: true }).click();
    await page.getByRole('button', { name: 'Confirm and submit', exact: true }).click();
    await expect(page.getByText('Saved on this phone. It will be submitted automatically when you are back online (before the cut-off).')).toBeVisible();
    await goOffline(context, false);
    await expect(page.getByText('Back online: the order kept on this phone has been submitted.')).toBeVisible();
    expect(await orderHeldBy(licence)).toMatchObject({ status: 'submitted', lines: { [a!.id]: 2 } });
  });
});

test('on a slow link (400 kbit/s, 400 ms) the order page opens from the phone on the second visit', async ({ browser, context, page, baseURL }) => {
  test.setTimeout(120_000);
  const licence = '440300100034';
  await startOrderWithEmptyCart(licence);
  // Signed in elsewhere, so that the first visit of this browser is cold: no cached file, no service worker.
  const signInContext = await browser.newContext({ baseURL, serviceWorkers: 'block' });
  const signInPage = await signInContext.newPage();
  await signIn(signInPage, licence);
  await signInPage.waitForURL(/\/retailer/);
  await context.addCookies((await signInContext.storageState()).cookies);
  await signInContext.close();

  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 400, downloadThroughput: (400 * 1000) / 8, uploadThroughput: (400 * 1000) / 8 });
  const submitButton = page.getByRole('button', { name: '提交订单', exact: true });

  let started = Date.now();
  await page.goto('/retailer/order');
  await expect(submitButton).toBeVisible({ timeout: 60_000 });
  const cold = Date.now() - started;
  // The service worker installs (its precache over the same slow link) and keeps the order page.
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
  });
  await expect.poll(() => page.evaluate(async () => Boolean(await (await caches.open('peihuo-pages')).match('/retailer/order'))), { timeout: 60_000 }).toBe(true);

  const assets: Array<{ url: string; fromServiceWorker: boolean }> = [];
  page.on('response', (r) => {
    if (new URL(r.url()).pathname.startsWith('/assets/')) assets.push({ url: r.url(), fromServiceWorker: r.fromServiceWorker() });
  });
  started = Date.now();
  await page.goto('/retailer/order');
  await expect(submitButton).toBeVisible();
  const warm = Date.now() - started;
  test.info().annotations.push({ type: 'order page on 400 kbit/s, 400 ms', description: `cold ${cold} ms; second visit, the app from the phone ${warm} ms` });

  // Every script and style of the page came from the service worker's cache, none over the slow link.
  expect(assets.length).toBeGreaterThan(0);
  expect(assets.filter((a) => !a.fromServiceWorker)).toEqual([]);
});

test('signing out drops the pages kept on the phone and the changes waiting there', async ({ page }) => {
  const licence = '440300100035';
  await openOrderPage(page, licence);
  await page.getByRole('button', { name: '退出登录' }).click();
  await expect(page).toHaveURL(/\/auth\/login/);
  await expect
    .poll(() =>
      page.evaluate(async () => ({
        pages: (await caches.has('peihuo-pages')) ? (await (await caches.open('peihuo-pages')).keys()).length : 0,
        outbox: (await indexedDB.databases()).some((d) => d.name === 'peihuo-offline'),
      })),
    )
    .toEqual({ pages: 0, outbox: false });
});
