import { expect, test } from '@playwright/test';
import { DEMO, expectNoHorizontalScroll, signIn } from './helpers';

test('a retailer signs in with its licence number and sees its cycle, order day and cut-off', async ({ page }) => {
  await signIn(page, DEMO.retailer);
  await expect(page).toHaveURL(/\/retailer$/);
  await expect(page.getByRole('heading', { name: '本周订货' })).toBeVisible();
  await expect(page.getByText('订货日', { exact: true })).toBeVisible();
  await expect(page.getByText('截单时间')).toBeVisible();
  await expect(page.getByText(/\d{4}-W\d{2}/).first()).toBeVisible();
  await expect(page.getByText('440300100001')).toBeVisible();
  await expectNoHorizontalScroll(page);
});

test('a manager signs in and sees its route of retailers', async ({ page }) => {
  await signIn(page, DEMO.manager);
  await expect(page).toHaveURL(/\/manager$/);
  await expect(page.getByRole('heading', { name: '我的线路' })).toBeVisible();
  const rows = page.locator('tbody tr');
  await expect(rows.first()).toBeVisible();
  expect(await rows.count()).toBeGreaterThan(1);
  await expect(page.getByRole('cell', { name: '440300100001' })).toBeVisible();
});

test('staff sign in and see county totals by station', async ({ page }) => {
  await signIn(page, DEMO.staff);
  await expect(page).toHaveURL(/\/staff$/);
  await expect(page.getByRole('heading', { name: '全县监控' })).toBeVisible();
  // The indicators table, one row per station (the rankings below it have tables of their own).
  await expect(page.locator('.monitoring-table tbody tr')).toHaveCount(3);
  const active = page.locator('.stat', { hasText: '在册零售客户' }).locator('.stat-value');
  await expect(active).toHaveText(/^\d+$/);
  expect(Number(await active.textContent())).toBeGreaterThan(50);
});

test('a wrong password gets one clear message that does not say which part was wrong', async ({ page }) => {
  await signIn(page, DEMO.manager, 'not-the-password');
  await expect(page).toHaveURL(/\/auth\/login/);
  await expect(page.getByRole('alert')).toHaveText('账号或密码不正确，请重新输入。');
  await signIn(page, 'no-such-user', 'whatever');
  await expect(page.getByRole('alert')).toHaveText('账号或密码不正确，请重新输入。');
});

test('empty fields are named before anything is sent', async ({ page }) => {
  await page.goto('/auth/login');
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByText('请填写许可证号或用户名。')).toBeVisible();
  await expect(page.getByText('请填写密码。')).toBeVisible();
});

test('a retailer opening a manager page is refused, and a signed-out visitor is sent to sign in', async ({ page }) => {
  await signIn(page, DEMO.retailer);
  await expect(page).toHaveURL(/\/retailer$/);
  const response = await page.goto('/manager');
  expect(response?.status()).toBe(403);
  await expect(page.getByRole('heading', { name: '无权访问' })).toBeVisible();

  await page.goto('/retailer');
  await page.getByRole('button', { name: '退出登录' }).click();
  await expect(page).toHaveURL(/\/auth\/login\?signedOut=1/);
  await page.goto('/retailer');
  await expect(page).toHaveURL(/\/auth\/login\?redirectTo=%2Fretailer/);
});

test('a forged session cookie is simply not signed in', async ({ page, context, baseURL }) => {
  await context.addCookies([{ name: '__peihuo_session', value: 'forged.value', url: baseURL! }]);
  await page.goto('/staff');
  await expect(page).toHaveURL(/\/auth\/login/);
  await expect(page.getByRole('heading', { name: /登录/ })).toBeVisible();
});
