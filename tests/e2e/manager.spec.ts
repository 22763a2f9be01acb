import { expect, test } from '@playwright/test';
import { startOrderWithEmptyCart } from './arrange';
import { DEMO, expectNoHorizontalScroll, signIn } from './helpers';

// mgr01's shop that no other browser test touches (they use …001 and …003–…007).
const SHOP = '440300100002';
// A 1×1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

test('a manager finds a shop that has not ordered, orders on its behalf, notes it; the shop sees who ordered', async ({ page }) => {
  await startOrderWithEmptyCart(SHOP);
  await signIn(page, DEMO.manager);
  await expect(page.getByRole('heading', { name: '我的线路' })).toBeVisible();
  await expectNoHorizontalScroll(page);

  await page.getByRole('link', { name: '跟进清单' }).click();
  await expect(page.getByRole('heading', { name: /^本周未订货/ })).toBeVisible();
  const item = page.locator(`li[data-retailer="${SHOP}"]`).first();
  await expect(item).toBeVisible();
  await expectNoHorizontalScroll(page);
  await item.getByRole('link', { name: '代客下单' }).click();

  await expect(page.getByText(/正在为 .*440300100002.* 代客下单/)).toBeVisible();
  await expectNoHorizontalScroll(page);
  const line = page.locator('.spec-line', { hasNot: page.locator('.spec-cap.capped') }).first();
  const name = (await line.locator('.spec-name strong').textContent())!.trim();
  await line.getByRole('button', { name: `${name} 增加一条` }).click();
  await line.getByRole('button', { name: `${name} 增加一条` }).click();
  await page.getByRole('button', { name: '提交订单', exact: true }).click();
  // The review of what will be submitted (issue 16, item 3), then the submit itself.
  const review = page.getByRole('dialog', { name: '检查订单' });
  await expect(review).toBeVisible();
  await expect(review.locator('.review-lines li', { hasText: name })).toContainText('2 条');
  await review.getByRole('button', { name: '确认提交', exact: true }).click();
  await expect(page.getByText('订单已提交。')).toBeVisible();
  // Said to the manager, not in the shop's words ("由您的客户经理代为提交").
  await expect(page.getByText(/现在的订单由 .+ 代店主提交/)).toBeVisible();
  await expect(page.getByText('这份订单由您的客户经理代为提交。')).toHaveCount(0);

  // Note the outcome on the shop's profile.
  await page.getByRole('link', { name: /返回档案/ }).click();
  await expect(page.getByRole('heading', { name: /440300100002/ })).toBeVisible();
  await page.getByLabel('结果').selectOption({ label: '已代客下单' });
  await page.getByLabel('备注').fill('老板在外地，电话确认');
  await page.getByRole('button', { name: '记录' }).click();
  await expect(page.getByText('已记录。')).toBeVisible();
  await page.reload();
  await expect(page.getByText('老板在外地，电话确认')).toBeVisible();
  await expect(page.getByText(/客户经理代下单/).first()).toBeVisible();

  // The shop signs in and sees that its account manager ordered for it.
  await page.context().clearCookies();
  await signIn(page, SHOP);
  await expect(page.getByRole('heading', { name: '本周订货' })).toBeVisible();
  await expect(page.getByText('客户经理代下单').first()).toBeVisible();
  await page.goto('/retailer/orders');
  await expect(page.locator('.history-item').first()).toContainText('客户经理代下单');
});

test('a manager logs a visit to a benchmark store with a photo', async ({ page }) => {
  await signIn(page, DEMO.manager);
  await page.getByRole('link', { name: '标杆终端' }).click();
  await expect(page.getByRole('heading', { name: '标杆终端', level: 1 })).toBeVisible();
  await page.getByRole('link', { name: '走访与指标' }).first().click();
  await expect(page.getByRole('heading', { name: '每周指标' })).toBeVisible();
  await expectNoHorizontalScroll(page);

  const what = `检查陈列、讲解新品 ${Date.now()}`;
  await page.getByLabel('时长（分钟）').fill('35');
  await page.getByLabel('做了什么').fill(what);
  await page.getByLabel('照片（可选）').setInputFiles({ name: 'shelf.png', mimeType: 'image/png', buffer: PNG });
  await page.getByRole('button', { name: '保存走访记录' }).click();
  await expect(page.getByText('走访已记录。')).toBeVisible();
  const logged = page.locator('.history-item', { hasText: what });
  await expect(logged).toContainText('35 分钟');
  const href = await logged.getByRole('link', { name: '查看照片' }).getAttribute('href');
  const photo = await page.request.get(href!);
  expect(photo.status()).toBe(200);
  expect(photo.headers()['content-type']).toBe('image/png');

  // A file that is not an image is refused with a message, and nothing is logged.
  await page.getByLabel('时长（分钟）').fill('10');
  await page.getByLabel('做了什么').fill('不该保存');
  await page.getByLabel('照片（可选）').setInputFiles({ name: 'x.png', mimeType: 'image/png', buffer: Buffer.from('<html>not a picture</html>') });
  await page.getByRole('button', { name: '保存走访记录' }).click();
  await expect(page.getByText('照片只能是 JPEG、PNG 或 WebP 格式。')).toBeVisible();
  await expect(page.locator('.history-item', { hasText: '不该保存' })).toHaveCount(0);
});
