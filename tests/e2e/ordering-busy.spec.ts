/**
 * The order page when the server is full: a submit answered 503 with Retry-After (admission control) is sent
 * again by the page itself after that wait, the cart kept and a calm message shown meanwhile; and a submit that
 * gets no usable answer at all (a 503 without Retry-After, a proxy's) is kept on the phone and sent again by
 * itself a little later, saying so calmly, and submitted once. The shop's page sends its changes from the
 * phone's outbox (app/ui/offline/outbox.ts, POST /resources/order-outbox). The 503 is made by page.route on the
 * first submit only: what is tested is the page's own behaviour; the server's side of it is
 * tests/integration/admission-control.test.ts.
 */
import { expect, test, type Page, type Route } from '@playwright/test';
import { startOrderWithEmptyCart } from './arrange';
import { signIn } from './helpers';

/** Opens the order page of a shop that has started this cycle's order with an empty cart; returns the cycle's code. */
async function openOrderPageWithEmptyCart(page: Page, licenceNo: string) {
  const cycle = await startOrderWithEmptyCart(licenceNo);
  await signIn(page, licenceNo);
  await page.getByRole('link', { name: '订货', exact: true }).click();
  await expect(page.getByRole('heading', { name: `订货 · ${cycle}` })).toBeVisible();
  return cycle;
}

/** Puts two uncapped specs in the cart (2 and 1 cartons) and returns their names. */
async function fillCart(page: Page) {
  const lines = page.locator('.spec-line', { hasNot: page.locator('.spec-cap.capped') });
  const names = [(await lines.nth(0).locator('.spec-name strong').textContent())!.trim(), (await lines.nth(1).locator('.spec-name strong').textContent())!.trim()];
  await page.getByRole('button', { name: `${names[0]} 增加一条` }).click();
  await page.getByRole('button', { name: `${names[0]} 增加一条` }).click();
  await page.getByRole('button', { name: `${names[1]} 增加一条` }).click();
  await expect(page.getByLabel(`${names[0]} 订购数量（条）`)).toHaveValue('2');
  await expect(page.getByLabel(`${names[1]} 订购数量（条）`)).toHaveValue('1');
  return names;
}

/** Answers the first submit with `answer`, lets everything else through, and counts the submits that got through. */
async function interceptFirstSubmit(page: Page, answer: (route: Route) => Promise<void>) {
  const seen = { refused: 0, passed: 0 };
  await page.route('**/resources/order-outbox', async (route) => {
    const request = route.request();
    if (request.method() === 'POST' && (JSON.parse(request.postData() ?? '{}') as { intent?: string }).intent === 'submit') {
      if (seen.refused === 0) {
        seen.refused++;
        await answer(route);
        return;
      }
      seen.passed++;
    }
    await route.continue();
  });
  return seen;
}

test('a submit refused with 503 + Retry-After is sent again by the page, the cart kept and a calm message shown', async ({ page }) => {
  const cycle = await openOrderPageWithEmptyCart(page, '440300100008');
  const [first, second] = await fillCart(page);
  const seen = await interceptFirstSubmit(page, (route) =>
    route.fulfill({ status: 503, headers: { 'Retry-After': '1', 'Content-Type': 'text/plain; charset=utf-8' }, body: 'busy' }),
  );

  await page.getByRole('button', { name: '提交订单' }).click();
  await page.getByRole('button', { name: '确认提交', exact: true }).click();
  await expect(page.getByText('现在下单的人很多，系统稍后会自动重新发送，购物车已保留，请稍候。')).toBeVisible();
  await expect(page.getByText('订单已提交。')).toBeVisible();
  await expect(page.getByText('现在下单的人很多')).toBeHidden();
  expect(seen).toEqual({ refused: 1, passed: 1 });

  // The cart is as it was, and the shop has one order for this cycle, with those 3 cartons.
  await expect(page.getByLabel(`${first} 订购数量（条）`)).toHaveValue('2');
  await expect(page.getByLabel(`${second} 订购数量（条）`)).toHaveValue('1');
  await page.getByRole('link', { name: '历史订单' }).click();
  const thisCycle = page.locator('.history-item', { hasText: cycle });
  await expect(thisCycle).toHaveCount(1);
  await expect(thisCycle).toContainText('3 条');
});

test.describe('in English', () => {
  test.use({ locale: 'en-US' });
  test('a submit that gets no usable answer keeps the page and its cart, and is sent again by itself, once', async ({ page }) => {
    const cycle = await startOrderWithEmptyCart('440300100010');
    await signIn(page, '440300100010');
    await page.getByRole('link', { name: 'Order', exact: true }).click();
    await expect(page.getByRole('heading', { name: `Order · ${cycle}` })).toBeVisible();
    const line = page.locator('.spec-line', { hasNot: page.locator('.spec-cap.capped') }).first();
    const name = (await line.locator('.spec-name strong').textContent())!.trim();
    await line.getByRole('button', { name: `One carton more of ${name}` }).click();
    await line.getByRole('button', { name: `One carton more of ${name}` }).click();

    // A 503 without Retry-After (a proxy's, say) is not retried: no answer the page can read.
    const seen = await interceptFirstSubmit(page, (route) => route.fulfill({ status: 503, headers: { 'Content-Type': 'text/plain' }, body: 'Service Unavailable' }));
    await page.getByRole('button', { name: 'Submit order' }).click();
    await page.getByRole('button', { name: 'Confirm and submit' }).click();
    await expect(page.getByText('Many shops are ordering right now. It will be sent again automatically in a moment; your cart is kept.')).toBeVisible();
    await expect(line.getByLabel(`Cartons of ${name}`)).toHaveValue('2');

    // Sent again a few seconds later, nobody pressing anything.
    await expect(page.getByText('Order submitted.')).toBeVisible({ timeout: 15_000 });
    expect(seen).toEqual({ refused: 1, passed: 1 });
    await page.getByRole('link', { name: 'History' }).click();
    await expect(page.locator('.history-item', { hasText: cycle })).toHaveCount(1);
  });
});
