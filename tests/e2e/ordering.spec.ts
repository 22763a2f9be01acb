import { expect, test, type Page } from '@playwright/test';
import { startOrderWithEmptyCart } from './arrange';
import { expectNoHorizontalScroll, signIn } from './helpers';

/** Finds the first capped line on the order page and returns its spec name and cap. */
async function firstCappedSpec(page: Page, capPattern: RegExp) {
  const line = page.locator('.spec-line', { has: page.locator('.spec-cap.capped') }).first();
  const name = (await line.locator('.spec-name strong').textContent())!.trim();
  const cap = Number(capPattern.exec((await line.locator('.spec-cap').textContent())!)![1]);
  return { name, cap };
}

async function firstUncappedSpec(page: Page) {
  const line = page.locator('.spec-line', { hasNot: page.locator('.spec-cap.capped') }).first();
  return (await line.locator('.spec-name strong').textContent())!.trim();
}

test('a shop owner orders on a phone: search, +/−, a cap refused, submit, change, history', async ({ page }) => {
  test.slow();
  await startOrderWithEmptyCart('440300100003');
  await signIn(page, '440300100003');
  await page.getByRole('link', { name: '订货', exact: true }).click();
  await expect(page.getByRole('heading', { name: /订货 · \d{4}-W\d{2}/ })).toBeVisible();
  await expectNoHorizontalScroll(page);

  const plain = await firstUncappedSpec(page);
  await page.getByLabel('搜索').fill(plain);
  const plainLine = page.locator('.spec-line', { hasText: plain }).first();
  await plainLine.getByRole('button', { name: `${plain} 增加一条` }).click();
  await plainLine.getByRole('button', { name: `${plain} 增加一条` }).click();
  await plainLine.getByRole('button', { name: `${plain} 增加一条` }).click();
  await plainLine.getByRole('button', { name: `${plain} 减少一条` }).click();
  await expect(plainLine.getByLabel(`${plain} 订购数量（条）`)).toHaveValue('2');

  await page.getByLabel('搜索').fill('');
  const capped = await firstCappedSpec(page, /限量 (\d+) 条/);
  await page.getByLabel('搜索').fill(capped.name);
  const cappedLine = page.locator('.spec-line', { hasText: capped.name }).first();
  await cappedLine.getByLabel(`${capped.name} 订购数量（条）`).fill(String(capped.cap + 1));
  await expect(cappedLine.getByText(`超过限量，本周最多订 ${capped.cap} 条。`)).toBeVisible();
  await expect(page.getByRole('button', { name: /提交/ })).toBeDisabled();
  await cappedLine.getByLabel(`${capped.name} 订购数量（条）`).fill(String(capped.cap));
  await expect(cappedLine.getByRole('button', { name: `${capped.name} 增加一条` })).toBeDisabled();

  await expect(page.getByText(`2 个品规 · ${2 + capped.cap} 条`)).toBeVisible();
  // The review before the submit: what will be submitted, and the button that sends it.
  await page.getByRole('button', { name: '提交订单', exact: true }).click();
  const review = page.getByRole('dialog', { name: '检查订单' });
  await expect(review).toBeVisible();
  await expect(review.locator('.review-lines li', { hasText: plain })).toContainText('2 条');
  await expect(review.locator('.review-lines li', { hasText: capped.name })).toContainText(`${capped.cap} 条`);
  await review.getByRole('button', { name: '确认提交', exact: true }).click();
  await expect(page.getByText('订单已提交。')).toBeVisible();
  await expect(page.getByText(/订单已于 .* 提交/)).toBeVisible();
  // Nothing changed since: the button says so and sends nothing (issue 16, item 5).
  await expect(page.getByRole('button', { name: '已提交，无修改' })).toBeDisabled();

  // Change it before the cut-off: the review marks the changed line against the submitted order.
  await page.getByLabel('搜索').fill(plain);
  await plainLine.getByRole('button', { name: `${plain} 增加一条` }).click();
  await page.getByRole('button', { name: '提交修改' }).click();
  const changes = page.getByRole('dialog', { name: '检查修改' });
  await expect(changes.getByText('与已提交的订单相比，有 1 处不同（已标出）。')).toBeVisible();
  await expect(changes.locator('.review-lines li.changed')).toHaveCount(1);
  await expect(changes.locator('.review-lines li.changed')).toContainText(`${plain}3 条多 1 条（原 2 条）`);
  await changes.getByRole('button', { name: '确认提交修改' }).click();
  await expect(page.getByText('订单已提交。')).toBeVisible();
  await expect(page.getByRole('button', { name: '已提交，无修改' })).toBeDisabled();

  await page.getByRole('link', { name: '历史订单' }).click();
  const newest = page.locator('.history-item').first();
  await expect(newest).toContainText('已提交');
  await expect(newest).toContainText(`${3 + capped.cap} 条`);
  await expect(newest).toContainText('本人');
  await newest.getByRole('link', { name: /查看/ }).click();
  await expect(page.getByRole('cell', { name: plain })).toBeVisible();
  await expect(page.getByRole('button', { name: '打印' })).toBeVisible();
  await expectNoHorizontalScroll(page);
});

test.describe('in English', () => {
  test.use({ locale: 'en-US' });
  test('the same flow reads in English, and cancelling works', async ({ page }) => {
    test.slow();
    await startOrderWithEmptyCart('440300100004');
    await signIn(page, '440300100004');
    await page.getByRole('link', { name: 'Order', exact: true }).click();
    await expect(page.getByRole('heading', { name: /Order · \d{4}-W\d{2}/ })).toBeVisible();

    const capped = await firstCappedSpec(page, /Cap (\d+) cartons/);
    await page.getByLabel('Search').fill(capped.name);
    const line = page.locator('.spec-line', { hasText: capped.name }).first();
    await line.getByLabel(`Cartons of ${capped.name}`).fill(String(capped.cap + 2));
    await expect(line.getByText(`Over the cap: at most ${capped.cap} cartons this week.`)).toBeVisible();
    await line.getByLabel(`Cartons of ${capped.name}`).fill('1');
    await page.getByRole('button', { name: 'Submit order', exact: true }).click();
    await expect(page.getByRole('dialog', { name: 'Check your order' })).toContainText(`${capped.name}1 carton`);
    await page.getByRole('button', { name: 'Confirm and submit', exact: true }).click();
    await expect(page.getByText('Order submitted.')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Submitted, no changes' })).toBeDisabled();

    await page.getByRole('button', { name: 'Cancel order' }).click();
    await page.getByRole('button', { name: 'Yes, cancel it' }).click();
    await expect(page.getByText('Order cancelled.')).toBeVisible();
    // Opened again, the cancelled order's lines are not back in the cart (issue 16, item 5).
    await page.reload();
    await expect(page.getByText('This week’s order is cancelled.', { exact: false })).toBeVisible();
    await page.getByLabel('Search').fill(capped.name);
    await expect(line.getByLabel(`Cartons of ${capped.name}`)).toHaveValue('');
    await expect(page.locator('.order-totals')).toContainText('0 specs · 0 cartons');
    await page.getByRole('link', { name: 'History' }).click();
    await expect(page.locator('.history-item').first()).toContainText('Cancelled');
  });
});

test('the large-text mode is kept for the user', async ({ page }) => {
  await signIn(page, '440300100005');
  await page.getByRole('button', { name: '切换大字模式' }).click();
  await expect(page.locator('html')).toHaveClass(/large-text/);
  await page.reload();
  await expect(page.locator('html')).toHaveClass(/large-text/);
  await expectNoHorizontalScroll(page);
  await page.getByRole('button', { name: '切换大字模式' }).click();
  await expect(page.locator('html')).not.toHaveClass(/large-text/);
});

test('the list is drawn the first screens at once and the rest just after; search and chips run over every spec', async ({ page }) => {
  await startOrderWithEmptyCart('440300100043');
  await signIn(page, '440300100043');
  await expect(page).toHaveURL(/\/retailer$/);
  // The server sends the first screens' rows only (hydrating the whole list was the page's long task, issue 16).
  const html = await (await page.request.get('/retailer/order')).text();
  const served = html.match(/<li class="spec-line[ "]/g)?.length ?? 0;
  expect(served).toBeGreaterThan(0);
  expect(served).toBeLessThanOrEqual(12);

  await page.goto('/retailer/order');
  const list = page.locator('#order-list');
  const total = Number(/（(\d+) 个）/.exec((await list.getAttribute('aria-label'))!)![1]);
  expect(total).toBeGreaterThan(served);
  // Then the rest, a chunk at a time, until the list is whole and no longer busy.
  await expect(list.locator('.spec-line')).toHaveCount(total);
  await expect(list).not.toHaveAttribute('aria-busy', /.*/);

  // A spec far down the list is found by search, typed into and kept in the cart; the 已选 chip shows it.
  const last = (await list.locator('.spec-line .spec-name strong').last().textContent())!.trim();
  await page.reload();
  await page.getByLabel('搜索').fill(last);
  const line = page.locator('.spec-line', { hasText: last }).first();
  await line.getByRole('button', { name: `${last} 增加一条` }).click();
  await expect(line.getByLabel(`${last} 订购数量（条）`)).toHaveValue('1');
  await page.getByLabel('搜索').fill('');
  await page.getByRole('button', { name: '已选' }).click();
  await expect(list.locator('.spec-line')).toHaveCount(1);
  await expect(list.locator('.spec-line')).toContainText(last);
  await expect(page.locator('.save-state')).toHaveText('已自动保存');
});
