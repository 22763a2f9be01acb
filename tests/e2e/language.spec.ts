import { expect, test } from '@playwright/test';
import { DEMO, signIn } from './helpers';

test('the language switch turns the app to English and the choice is kept', async ({ page }) => {
  await page.goto('/auth/login');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await page.getByRole('button', { name: /切换语言/ }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();

  await signIn(page, DEMO.staff);
  await expect(page.getByRole('heading', { name: 'County monitoring' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { name: 'County monitoring' })).toBeVisible();

  await page.getByRole('button', { name: 'Switch language' }).click();
  await expect(page.getByRole('heading', { name: '全县监控' })).toBeVisible();
});

test.describe('a browser that asks for English', () => {
  test.use({ locale: 'en-US' });
  test('gets English on its first visit', async ({ page }) => {
    await page.goto('/auth/login');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByText('Retailers sign in with their licence number', { exact: false })).toBeVisible();
  });
});
